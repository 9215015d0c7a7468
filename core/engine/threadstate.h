#pragma once

#include "engine/interruptible.h"
#include "trace/event.h"

#include <QString>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace tl {

class EventProducer;
class RunContext;

// What the engine knows of one lane: a Python thread (MainThread, a Thread, or a pool worker).
// Its mutex and condition variable serve sleep() on this thread and join() on it by others.
//
// Thread affinity: `lane`, `run` and `name` never change after construction. `producer` and `line` are
// used by the thread that runs the lane only. `daemon` changes only before start. The flags are atomics;
// `ended` is also written under `mutex` so join() waiters cannot miss it.
class ThreadState final : public Interruptible {
public:
    ThreadState(RunContext& run, LaneId lane, QString name, bool daemon)
        : run(run)
        , lane(lane)
        , name(std::move(name))
        , daemon(daemon)
    {
    }

    void interrupt() override
    {
        std::lock_guard lock(mutex);
        cv.notify_all();
    }

    void markEnded()
    {
        {
            std::lock_guard lock(mutex);
            ended.store(true, std::memory_order_release);
        }
        cv.notify_all();
    }

    RunContext& run;
    const LaneId lane;
    const QString name;
    std::atomic<bool> daemon;
    std::atomic<bool> started{false}; // start() was called
    std::atomic<bool> running{false}; // the body has begun
    std::atomic<bool> ended{false};   // the body has ended; join() returns
    std::atomic<std::uint64_t> ident{0};
    EventProducer* producer = nullptr;
    std::uint16_t line = 0;

    std::mutex mutex;
    std::condition_variable cv;
};

// The engine thread state of the calling OS thread, or nullptr outside a run. Each engine thread sets
// its own at the start of its body (thread_local: nothing is shared).
ThreadState* currentThreadState();
void setCurrentThreadState(ThreadState* state);

} // namespace tl
