#pragma once

#include "engine/eventchannel.h"
#include "engine/eventgate.h"
#include "trace/event.h"

#include <cstdint>
#include <optional>

namespace tl {

class InterruptHub;
class ThreadState;
class VirtualClock;

// Where every event of a run goes: stamped by the virtual clock, let through by the event gate (pause and
// step), written to the emitting thread's producer of the run's channel. It owns the channel and the gate.
//
// emitChecked() reads the time before it asks the interrupt hub whether the lane must unwind: if the
// check passes, the stop (or cut) flag was set after the read, and the hub stamps its moment after setting
// the flag, so every event an unwound lane did emit lies before that moment.
//
// While the thread has DeferredEvents open (a primitive's mutex is held), events are kept on its
// ThreadState and written by flushDeferred(), gate included, once the mutex is released.
//
// Thread affinity: emits from the engine thread that owns `self` (its producer is single-writer);
// channel() is drained by the run's one consumer; gate() controls from any thread.
class EventSink {
public:
    EventSink(VirtualClock& clock, const InterruptHub& interrupts, std::uint64_t channelCapacity);
    EventSink(const EventSink&) = delete;
    EventSink& operator=(const EventSink&) = delete;

    EventChannel& channel() { return m_channel; }
    const EventChannel& channel() const { return m_channel; }
    EventGate& gate() { return m_gate; }

    // Emits now from `self`'s producer, on `lane` (default: self's), with self's listing line. Throws
    // ThreadUnwind instead of emitting when `self` must unwind. Returns the event's timestamp.
    std::int64_t emitChecked(ThreadState& self, EventKind kind, std::uint32_t a = 0, std::uint32_t b = 0,
                             std::uint32_t c = 0, std::uint8_t flags = 0, std::optional<LaneId> lane = {});
    // The same with a moment already passed: a wait's end at the deadline the clock woke it for. The thread
    // resumes a little later (the machine's latency, longer under load while other threads run); the wait
    // itself ended at its deadline. `ts` must not be before the lane's previous event.
    std::int64_t emitCheckedAt(ThreadState& self, std::int64_t ts, EventKind kind, std::uint32_t a = 0,
                               std::uint32_t b = 0, std::uint32_t c = 0, std::uint8_t flags = 0,
                               std::optional<LaneId> lane = {});
    // Emits unconditionally with a given timestamp (the events of an unwinding lane, the exit sequence,
    // the second event of a pair that one check covered).
    void emitAt(ThreadState& self, std::int64_t ts, EventKind kind, std::uint32_t a = 0, std::uint32_t b = 0,
                std::uint32_t c = 0, std::uint8_t flags = 0, std::optional<LaneId> lane = {});
    // Writes a complete event from `self`'s producer as it is (a lane's ThreadCreated).
    void push(ThreadState& self, const Event& event);
    // Writes the events `self` kept while a primitive's mutex was held. Call without that mutex.
    void flushDeferred(ThreadState& self);

private:
    // Whether `event` takes a step of the gate (EventGate::pass) rather than going out with the next one.
    static bool passesAlone(const Event& event);
    void write(ThreadState& self, const Event& event);

    const VirtualClock& m_clock;
    const InterruptHub& m_interrupts;
    EventChannel m_channel;
    EventGate m_gate;
};

} // namespace tl
