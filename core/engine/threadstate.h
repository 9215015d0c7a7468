#pragma once

#include "engine/enginecondition.h"
#include "engine/interruptible.h"
#include "engine/waitslot.h"
#include "trace/event.h"

#include <QString>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

namespace tl {

class EventProducer;
class RunContext;

// An event kept until its thread releases a primitive's mutex, and whether it was emitted while the event gate let
// every thread run on for a stepped lane (see EventGate::pass).
struct DeferredEvent {
    Event event;
    bool whileOthersRan = false;
};

// What the engine knows of one lane: a Python thread (MainThread, a Thread, or a pool worker).
// `changed` (under `mutex`) is where start() waits for the body to begin and join() for it to end; `slot`
// is where this thread parks in any wait.
//
// Thread affinity: `lane`, `run` and `name` never change after construction. `producer`, `line` and the
// deferred events are used by the thread that runs the lane only. `daemon` changes only before start. The
// flags are atomics; `running` and `ended` are also written under `mutex` so that waiters cannot miss them.
class ThreadState final : public Interruptible {
public:
    ThreadState(RunContext& run, LaneId lane, QString name, bool daemon);

    // A stop or a cut: wakes this thread from whatever wait it is in, or, if it is in none, makes its next
    // park return at once so that it tests the flags again.
    void interrupt() override;
    // The body has begun (start() may return) / ended (join() returns): set under `mutex`, waiters woken.
    void markRunning();
    // Once per lane, from its own thread: also where the clock stops counting that thread as running (the
    // end of the span that ThreadRegistry::spawnOsThread, the pool or the run's main began).
    void markEnded();
    // Records the calling OS thread as this lane's: Python's ident (its pthread_t) and native_id (the
    // kernel's thread id, as ps and top show it). Called first thing by the thread that runs the lane.
    void bindToCallingThread();

    RunContext& run;
    const LaneId lane;
    const QString name;
    std::atomic<bool> daemon;
    std::atomic<bool> started{false}; // start() was called
    std::atomic<bool> running{false}; // the body has begun
    std::atomic<bool> ended{false};   // the body has ended; join() returns
    std::atomic<std::uint64_t> ident{0};
    std::atomic<std::int64_t> nativeId{0};
    EventProducer* producer = nullptr;
    std::uint16_t line = 0;

    // Events emitted while a primitive's mutex is held wait here until it is released (see DeferredEvents).
    int deferDepth = 0;
    std::vector<DeferredEvent> deferred;

    WaitSlot slot;
    std::mutex mutex;
    EngineCondition changed;
};

// The engine thread state of the calling OS thread, or nullptr outside a run. Each engine thread sets
// its own at the start of its body (thread_local: nothing is shared).
ThreadState* currentThreadState();
void setCurrentThreadState(ThreadState* state);

} // namespace tl
