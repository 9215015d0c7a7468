// ThreadPoolExecutor's workers: each one's thread and lane, its loop over the work queue (Python's
// concurrent.futures.thread._worker), and how its lane ends, by the exit hook, a shutdown or a stop.
#include "py/threadpoolexecutor.h"

#include "engine/deferredevents.h"
#include "engine/enginethread.h"
#include "engine/runcontext.h"
#include "py/currentthread.h"
#include "py/excepthook.h"
#include "py/resourceerrors.h"

namespace tl {

void ThreadPoolExecutor::startWorkerLocked(bool daemon)
{
    // Runnable from now, before its thread runs: the clock must not jump during its start-up.
    m_run.clock().threadStarting();
    auto thread =
        std::make_unique<EngineThread>([this, daemon] { workerLoop(daemon); }, m_run.options().stackSizeBytes);
    if (!thread->start()) {
        // As CPython's _adjust_thread_count(): t.start() raises out of submit(), the item stays queued.
        m_run.clock().threadEnded();
        throw noThreadError(requireCurrentThread("ThreadPoolExecutor.submit()"));
    }
    ++m_started;
    m_threads.push_back(std::move(thread)); // the worker's lane's end uncounts it on the clock
}

void ThreadPoolExecutor::workerLoop(bool daemon)
{
    ThreadState& lane = createWorkerLane(daemon);
    setCurrentThreadState(&lane);
    for (;;) {
        std::shared_ptr<Work> work;
        try {
            work = takeWork(lane);
        } catch (const ThreadUnwind& u) {
            endUnwoundLane(lane, u.reason);
            break;
        }
        if (!work)
            break; // shut down, or stopped, with nothing left to take
        if (!runWork(lane, *work))
            break; // the lane unwound inside the task
    }
    endWorkerLane(lane);
    setCurrentThreadState(nullptr);
}

std::shared_ptr<ThreadPoolExecutor::Work> ThreadPoolExecutor::takeWork(ThreadState& lane)
{
    // Python's work_queue.get(block=True), traced as QueueBase::beginGet/endGet: GetBlocked only when
    // the worker has to wait. A wait ended by shutdown or a stop takes nothing and emits no GetDone.
    lane.line = m_line;
    DeferredEvents deferred(lane);
    std::unique_lock lock(m_mutex);
    if (m_queue.empty() && !closingLocked()) {
        m_run.events().emitChecked(lane, EventKind::GetBlocked, m_queueId, kNoValue, 0);
        m_run.interrupts().park(lane, &lock, &m_workAvailable, std::nullopt,
                                [&] { return !m_queue.empty() || closingLocked(); });
    }
    if (m_queue.empty())
        return nullptr;
    auto work = std::move(m_queue.front());
    m_queue.pop_front();
    try {
        m_run.events().emitChecked(lane, EventKind::GetDone, m_queueId, work->id,
                                   static_cast<std::uint32_t>(m_queue.size()));
    } catch (const ThreadUnwind&) {
        // Stopped: the item is still taken, so that runWork() cancels its future; like an unwound get,
        // it has no GetDone, and the lane's end closes any wait.
    }
    return work;
}

ThreadState& ThreadPoolExecutor::createWorkerLane(bool daemon)
{
    // m_laneMutex makes the "_i" suffixes follow lane ids and RunBegin order when several workers start
    // at once. Called with no current thread state, so the lane gets its own producer on this OS thread.
    // Its ThreadCreated and RunBegin are stamped under the mutex and written after it (as DeferredEvents
    // does), so that a worker held at the event gate never holds m_laneMutex.
    std::shared_ptr<ThreadState> lane;
    {
        std::lock_guard laneLock(m_laneMutex);
        lane = m_run.threads().createLane(QStringLiteral("%1_%2").arg(m_prefix).arg(m_named++), daemon,
                                          QStringLiteral("_worker"));
        lane->started.store(true);
        lane->running.store(true);
        lane->bindToCallingThread();
        ++lane->deferDepth;
        try {
            m_run.events().emitChecked(*lane, EventKind::RunBegin);
        } catch (const ThreadUnwind&) {
            // Started as the run stopped: a lane of zero length, ended by the loop at the stop moment.
            m_run.events().emitAt(*lane, m_run.interrupts().stopTs(), EventKind::RunBegin);
        }
        --lane->deferDepth;
    }
    m_run.events().flushDeferred(*lane);
    {
        std::lock_guard lock(m_mutex);
        m_workers.push_back(lane);
        m_workersChanged.notifyAll();
    }
    return *lane;
}

bool ThreadPoolExecutor::runWork(ThreadState& lane, Work& work)
{
    bool run = false;
    {
        std::lock_guard lock(work.future->mutex);
        if (work.future->status == FutureState::Status::Pending) {
            work.future->status = FutureState::Status::Running;
            run = true;
        }
    }
    const bool execute = run && !m_run.interrupts().unwindReason(lane);
    bool unwound = false;
    QVariant result;
    std::optional<PyException> error;
    if (execute) {
        Escape escape = catchEscaping([&] {
            m_run.events().emitChecked(lane, EventKind::PoolTaskBegin, static_cast<std::uint32_t>(m_number), work.id,
                                       work.name);
            result = work.task();
            m_run.events().emitChecked(lane, EventKind::PoolTaskEnd, static_cast<std::uint32_t>(m_number), work.id,
                                       work.name);
        });
        // As Python stores the task's exception in its future; an unwound task's future is cancelled.
        error = std::move(escape.error);
        if (escape.unwound) {
            error = CancelledError(QStringLiteral("the run was stopped"));
            endUnwoundLane(lane, *escape.unwound);
            unwound = true;
        } else if (error) {
            try {
                m_run.events().emitChecked(lane, EventKind::PoolTaskEnd, static_cast<std::uint32_t>(m_number), work.id,
                                           work.name, EventFlag::Raised);
            } catch (const ThreadUnwind& u) {
                endUnwoundLane(lane, u.reason);
                unwound = true;
            }
        }
    }
    {
        // Python's worker releases the idle semaphore after each item. Doing it before the future is
        // done means a caller that waited for this result and submits again reuses this worker.
        std::lock_guard lock(m_mutex);
        ++m_idle;
    }
    // The future's done callbacks run here, on this worker, as CPython's set_result() runs them; one that
    // blocks is stopped like any other code of the lane.
    try {
        if (execute)
            work.future->settle(FutureState::Status::Finished, std::move(result), std::move(error));
        else if (run)
            work.future->settle(FutureState::Status::Cancelled);
    } catch (const ThreadUnwind& u) {
        endUnwoundLane(lane, u.reason);
        unwound = true;
    }
    return !unwound;
}

void ThreadPoolExecutor::endWorkerLane(ThreadState& lane)
{
    if (lane.ended.load())
        return;
    try {
        m_run.events().emitChecked(lane, EventKind::RunEnd);
        lane.markEnded();
    } catch (const ThreadUnwind& u) {
        endUnwoundLane(lane, u.reason);
    }
}

void ThreadPoolExecutor::endUnwoundLane(ThreadState& lane, ThreadUnwind::Reason reason)
{
    if (lane.ended.load())
        return;
    const bool cut = reason == ThreadUnwind::Reason::DaemonCut;
    const std::int64_t ts = cut ? m_run.interrupts().cutTs() : m_run.interrupts().stopTs();
    m_run.events().emitAt(lane, ts, cut ? EventKind::DaemonStopped : EventKind::Stopped);
    m_run.events().emitAt(lane, ts, EventKind::RunEnd);
    lane.markEnded();
}

} // namespace tl
