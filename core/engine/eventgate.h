#pragma once

#include "engine/enginecondition.h"
#include "trace/event.h"

#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

namespace tl {

class InterruptHub;
class ThreadState;
class VirtualClock;
class WaitSlot;

// Pause, resume and step for a run: every event passes this gate before it is written. Open, passing costs
// one atomic load. Closed (paused), a thread that reaches an event is held before writing it, in arrival
// order, and the clock stands still. step() lets exactly one event through: the longest-held thread's, or,
// if none is held, the next one to arrive (the clock runs meanwhile, by its rules: if every thread is
// blocked it jumps, and the owner of the deadline brings the event). stepLane() does the same for one lane
// when that lane is held; when it is not (it waits or runs), every thread runs on, its events passing, until
// the lane's event comes: held, the others would see the clock pass their own wake-ups, and could not act
// for the stepped lane (a put its get waits for).
// A stop or a daemon cut lets the threads it unwinds through at once.
//
// The event's timestamp is read before the gate, so a held event keeps the moment it happened: a lane
// stepped alone does not stretch the others' waits. Held threads count as blocked for the clock; the gate
// is never passed with a primitive's mutex held (see DeferredEvents), so no thread queues behind a held one.
//
// Thread affinity: pass() from the emitting engine thread; the controls from any thread.
class EventGate {
public:
    EventGate(VirtualClock& clock, const InterruptHub& interrupts);
    EventGate(const EventGate&) = delete;
    EventGate& operator=(const EventGate&) = delete;

    void pause();
    void resume();
    // Pauses if running, then lets the next event through.
    void step();
    // Lets `lane`'s next event through (pausing if running). False if the lane has ended.
    bool stepLane(ThreadState& lane);
    bool paused() const { return m_closed.load(std::memory_order_acquire); }
    // Events let through by steps so far: a step is done when it has grown by one.
    std::uint64_t steps() const { return m_steps.load(std::memory_order_acquire); }
    // Threads held now.
    int held() const;

    // True while every thread runs on until a stepped lane's event comes (see stepLane()).
    bool othersRun() const { return m_othersRun.load(std::memory_order_acquire); }

    // Returns when `self`'s event may be written. `emittedWhileOthersRan`: the event was kept under a primitive's
    // mutex while othersRun() held; it passes even if the stepped lane's event has come since. It happened before
    // that event (a put before the get it fed: the get was stamped later, under the same mutex), so holding it
    // would show the effect before its cause, and that thread's part of the step unfinished.
    void pass(ThreadState& self, bool emittedWhileOthersRan = false)
    {
        if (m_closed.load(std::memory_order_acquire))
            passClosed(self, emittedWhileOthersRan);
    }

private:
    void passClosed(ThreadState& self, bool emittedWhileOthersRan);
    bool takePermitLocked(const ThreadState& self);
    void updateClockLocked();

    VirtualClock& m_clock;
    const InterruptHub& m_interrupts;

    mutable std::mutex m_mutex; // guards everything below; m_closed and m_othersRun are written under it
    std::atomic<bool> m_closed{false};
    EngineCondition m_held;                // the held threads, longest-held first
    std::vector<const WaitSlot*> m_grants; // released by a step, not yet through
    int m_anyPermits = 0;                  // steps waiting for whichever event comes next
    std::vector<LaneId> m_lanePermits;     // steps waiting for a lane's next event
    std::atomic<bool> m_othersRun{false};  // while one does, every other thread passes the gate
    int m_heldCount = 0;
    std::atomic<std::uint64_t> m_steps{0};
};

} // namespace tl
