#include "engine/eventsink.h"

#include "engine/interrupthub.h"
#include "engine/threadstate.h"
#include "engine/virtualclock.h"
#include "trace/eventschema.h"

namespace tl {

EventSink::EventSink(VirtualClock& clock, const InterruptHub& interrupts, std::uint64_t channelCapacity)
    : m_clock(clock)
    , m_interrupts(interrupts)
    , m_channel(channelCapacity)
    , m_gate(clock, interrupts)
{
}

std::int64_t EventSink::emitChecked(ThreadState& self, EventKind kind, std::uint32_t a, std::uint32_t b,
                                    std::uint32_t c, std::uint8_t flags, std::optional<LaneId> lane)
{
    return emitCheckedAt(self, m_clock.nowNs(), kind, a, b, c, flags, lane);
}

std::int64_t EventSink::emitCheckedAt(ThreadState& self, std::int64_t ts, EventKind kind, std::uint32_t a,
                                      std::uint32_t b, std::uint32_t c, std::uint8_t flags, std::optional<LaneId> lane)
{
    const Event event{ts, lane.value_or(self.lane), 0, kind, flags, self.line, a, b, c};
    if (self.deferDepth > 0) {
        m_interrupts.throwIfUnwinding(self);
        self.deferred.push_back({event, m_gate.othersRun()});
        return ts;
    }
    // Held here, the event keeps its moment; a stop while it is held unwinds the lane instead.
    m_gate.pass(self);
    m_interrupts.throwIfUnwinding(self);
    write(self, event);
    return ts;
}

void EventSink::emitAt(ThreadState& self, std::int64_t ts, EventKind kind, std::uint32_t a, std::uint32_t b,
                       std::uint32_t c, std::uint8_t flags, std::optional<LaneId> lane)
{
    push(self, Event{ts, lane.value_or(self.lane), 0, kind, flags, self.line, a, b, c});
}

void EventSink::push(ThreadState& self, const Event& event)
{
    if (self.deferDepth > 0) {
        self.deferred.push_back({event, m_gate.othersRun()});
        return;
    }
    if (passesAlone(event))
        m_gate.pass(self);
    write(self, event);
}

bool EventSink::passesAlone(const Event& event)
{
    // An item's words are no step of their own: the store keeps them as the item's, and shows nothing new. They go
    // with the put that follows them, which the gate holds.
    return keptAsEvent(event.kind);
}

void EventSink::flushDeferred(ThreadState& self)
{
    // Each through the gate on its own: a step lets one of them through, not the batch. Nothing this
    // thread does while held adds to the list.
    for (const auto& [event, whileOthersRan] : self.deferred) {
        if (passesAlone(event))
            m_gate.pass(self, whileOthersRan);
        write(self, event);
    }
    self.deferred.clear();
}

void EventSink::write(ThreadState& self, const Event& event)
{
    if (self.producer == nullptr)
        self.producer = m_channel.createProducer();
    self.producer->push(event);
}

} // namespace tl
