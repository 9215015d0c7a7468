#include "engine/eventsink.h"

#include "engine/interrupthub.h"
#include "engine/threadstate.h"

namespace tl {

EventSink::EventSink(const ScenarioClock& clock, const InterruptHub& interrupts, std::uint64_t channelCapacity)
    : m_clock(clock)
    , m_interrupts(interrupts)
    , m_channel(channelCapacity)
{
}

std::int64_t EventSink::emitChecked(ThreadState& self, EventKind kind, std::uint32_t a, std::uint32_t b,
                                    std::uint32_t c, std::uint8_t flags, std::optional<LaneId> lane)
{
    const std::int64_t ts = m_clock.nowNs();
    m_interrupts.throwIfUnwinding(self);
    emitAt(self, ts, kind, a, b, c, flags, lane);
    return ts;
}

void EventSink::emitAt(ThreadState& self, std::int64_t ts, EventKind kind, std::uint32_t a, std::uint32_t b,
                       std::uint32_t c, std::uint8_t flags, std::optional<LaneId> lane)
{
    push(self, Event{ts, lane.value_or(self.lane), 0, kind, flags, self.line, a, b, c});
}

void EventSink::push(ThreadState& self, const Event& event)
{
    if (self.producer == nullptr)
        self.producer = m_channel.createProducer();
    self.producer->push(event);
}

} // namespace tl
