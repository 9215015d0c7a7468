#include "engine/threadstate.h"

#include "engine/runcontext.h"

#include <pthread.h>
#include <unistd.h>

namespace tl {

namespace {
thread_local ThreadState* t_current = nullptr;
}

ThreadState::ThreadState(RunContext& run, LaneId lane, QString name, bool daemon)
    : run(run)
    , lane(lane)
    , name(std::move(name))
    , daemon(daemon)
    , slot(run.clock())
{
}

void ThreadState::interrupt()
{
    if (!slot.clock().wake(slot))
        slot.unpark();
}

void ThreadState::markRunning()
{
    std::lock_guard lock(mutex);
    running.store(true, std::memory_order_release);
    changed.notifyAll();
}

void ThreadState::bindToCallingThread()
{
    ident.store(static_cast<std::uint64_t>(::pthread_self()));
    nativeId.store(static_cast<std::int64_t>(::gettid()));
}

void ThreadState::markEnded()
{
    std::lock_guard lock(mutex);
    ended.store(true, std::memory_order_release);
    changed.notifyAll();
    // After the joiners count as woken, so the clock cannot jump past their wake-up; at once, so the rest of
    // this OS thread's teardown (and any preemption in it) is no scenario time they wait through.
    run.clock().threadEnded();
}

ThreadState* currentThreadState()
{
    return t_current;
}

void setCurrentThreadState(ThreadState* state)
{
    t_current = state;
}

} // namespace tl
