#include "py/threadpoolexecutor.h"

#include "engine/deferredevents.h"
#include "engine/runcontext.h"
#include "py/currentthread.h"

#include "engine/enginethread.h"

#include <unistd.h>

#include <algorithm>

namespace tl {

namespace {

int checkedMaxWorkers(std::optional<int> maxWorkers)
{
    // Python's min(32, (os.cpu_count() or 1) + 4): os.cpu_count() is the processors online, whatever
    // this process's affinity (QThread::idealThreadCount() may count only the affine ones).
    if (!maxWorkers)
        return static_cast<int>(std::min(32L, std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN)) + 4));
    if (*maxWorkers <= 0)
        throw ValueError(QStringLiteral("max_workers must be greater than 0"));
    return *maxWorkers;
}

} // namespace

ThreadPoolExecutor::ThreadPoolExecutor(std::optional<int> maxWorkers, QString threadNamePrefix)
    : m_run(requireCurrentThread("ThreadPoolExecutor()").run)
    , m_maxWorkers(checkedMaxWorkers(maxWorkers))
    , m_number(m_run.threads().nextExecutorId())
    , m_queueId(m_run.threads().nextQueueId())
    , m_line(requireCurrentThread("ThreadPoolExecutor()").line)
    , m_prefix(threadNamePrefix.isEmpty()
                   ? QStringLiteral("ThreadPoolExecutor-%1").arg(m_run.threads().nextExecutorNumber())
                   : std::move(threadNamePrefix))
{
    // First, so that a stop unwinding us here leaves nothing registered.
    m_run.events().emitChecked(
        requireCurrentThread("ThreadPoolExecutor()"), EventKind::QueueCreated, m_queueId,
        m_run.strings().intern(QStringLiteral("ThreadPoolExecutor-%1._work_queue").arg(m_number)), 0);
    m_run.threads().registerAtExit(reinterpret_cast<std::uintptr_t>(this), [this] { exitHook(); });
}

ThreadPoolExecutor::~ThreadPoolExecutor()
{
    m_run.threads().unregisterAtExit(reinterpret_cast<std::uintptr_t>(this));
    try {
        shutdown(true);
    } catch (...) {
        // Unwinding (stop or daemon cut) or an error while closing: the workers are still ended below.
    }
    {
        std::lock_guard lock(m_mutex);
        m_shutdown = true; // shutdown() may have thrown before it got here
        m_workAvailable.notifyAll();
    }
    std::vector<std::unique_ptr<EngineThread>> threads;
    {
        std::lock_guard lock(m_mutex);
        threads.swap(m_threads); // none is added after shutdown
    }
    for (auto& thread : threads)
        thread->join();
}

int ThreadPoolExecutor::workerCount() const
{
    std::lock_guard lock(m_mutex);
    return m_started;
}

Future ThreadPoolExecutor::submit(Task task, const QString& taskName)
{
    ThreadState& caller = requireCurrentThread("ThreadPoolExecutor.submit()");
    const std::uint32_t id = m_run.threads().nextTaskId();
    auto work =
        std::make_shared<Work>(Work{std::move(task), id, m_run.strings().intern(taskName),
                                    std::make_shared<FutureState>(m_run, static_cast<std::uint32_t>(m_number), id)});
    DeferredEvents deferred(caller);
    {
        std::lock_guard lock(m_mutex);
        if (m_shutdown)
            throw RuntimeError(QStringLiteral("cannot schedule new futures after shutdown"));
        if (m_run.threads().atExitBegun())
            throw RuntimeError(QStringLiteral("cannot schedule new futures after interpreter shutdown"));
        const std::int64_t ts = m_run.events().emitChecked(caller, EventKind::PoolSubmit,
                                                           static_cast<std::uint32_t>(m_number), work->id, work->name);
        m_pending.push_back(work->future);
        m_queue.push_back(work);
        // Python's self._work_queue.put(w); at the submit's moment, which the unwind check above covered.
        m_run.events().emitAt(caller, ts, EventKind::PutDone, m_queueId, work->id,
                              static_cast<std::uint32_t>(m_queue.size()));
        // Python's _adjust_thread_count(): an idle worker takes the item, else a new one while under max.
        if (m_idle > 0) {
            --m_idle;
        } else if (m_started < m_maxWorkers) {
            // As CPython's Thread(...) in _adjust_thread_count: daemon if the submitting thread is.
            startWorkerLocked(caller.daemon.load());
        }
        m_workAvailable.notifyOne();
    }
    return Future(work->future);
}

MapResults ThreadPoolExecutor::map(const std::function<QVariant(const QVariant&)>& fn, const QVariantList& items,
                                   std::optional<double> timeout, const QString& taskName)
{
    requireCurrentThread("ThreadPoolExecutor.map()");
    const std::optional<std::int64_t> deadline = m_run.interrupts().deadlineAfter(timeout);
    std::vector<Future> futures;
    futures.reserve(static_cast<std::size_t>(items.size()));
    for (const QVariant& item : items)
        futures.push_back(submit([fn, item] { return fn(item); }, taskName));
    return MapResults(std::move(futures), deadline);
}

MapResults::MapResults(std::vector<Future> futures, std::optional<std::int64_t> deadline)
    : m_futures(std::move(futures))
    , m_deadline(deadline)
{
    std::reverse(m_futures.begin(), m_futures.end());
}

MapResults::~MapResults()
{
    cancelRest();
}

void MapResults::cancelRest()
{
    for (Future& f : m_futures)
        f.cancel();
    m_futures.clear();
}

std::optional<QVariant> MapResults::next()
{
    if (m_futures.empty())
        return std::nullopt;
    Future f = m_futures.back();
    m_futures.pop_back();
    try {
        QVariant value = f.resultBy(m_deadline);
        f.cancel(); // CPython's _result_or_cancel: a no-op on a finished future
        return value;
    } catch (const PyException&) {
        f.cancel();
        cancelRest();
        throw;
    }
}

void ThreadPoolExecutor::shutdown(bool wait, bool cancelFutures)
{
    ThreadState& caller = requireCurrentThread("ThreadPoolExecutor.shutdown()");
    std::vector<std::weak_ptr<FutureState>> pending;
    {
        std::lock_guard lock(m_mutex);
        m_shutdown = true;
        if (cancelFutures)
            pending.swap(m_pending);
    }
    for (const auto& weak : pending) {
        if (auto state = weak.lock())
            Future(state).cancel();
    }
    {
        std::lock_guard lock(m_mutex);
        m_workAvailable.notifyAll();
    }
    if (wait)
        joinWorkers(caller);
}

void ThreadPoolExecutor::exitHook()
{
    // CPython's _python_exit: the workers are told to end once the queue is drained and are joined, but
    // the executor is not shut down, so a late submit() is refused for the interpreter's shutdown.
    ThreadState& caller = requireCurrentThread("ThreadPoolExecutor exit hook");
    {
        std::lock_guard lock(m_mutex);
        m_exitHookRan = true;
        m_workAvailable.notifyAll();
    }
    joinWorkers(caller);
}

void ThreadPoolExecutor::joinWorkers(ThreadState& caller)
{
    // As Python's shutdown(wait=True): join each worker thread in turn. A worker whose thread has been
    // started but has not made its lane yet is waited for first, so that none is missed.
    // Each worker is joined once, by the first shutdown(wait=True) that reaches it.
    std::vector<std::shared_ptr<ThreadState>> workers;
    {
        std::unique_lock lock(m_mutex);
        m_run.interrupts().wait(caller, lock, m_workersChanged, std::nullopt,
                                [this] { return static_cast<int>(m_workers.size()) == m_started; });
        workers.assign(m_workers.begin() + static_cast<std::ptrdiff_t>(m_joined), m_workers.end());
        m_joined = m_workers.size();
    }
    for (const auto& worker : workers) {
        // A task that shuts down its own executor with wait=True: CPython's t.join() on the current thread.
        if (worker.get() == &caller)
            throw RuntimeError(QStringLiteral("cannot join current thread"));
        m_run.events().emitChecked(caller, EventKind::JoinBegin, worker->lane, 0, kNoValue);
        {
            std::unique_lock lock(worker->mutex);
            m_run.interrupts().wait(caller, lock, worker->changed, std::nullopt,
                                    [&worker] { return worker->ended.load(); });
        }
        m_run.events().emitChecked(caller, EventKind::JoinEnd, worker->lane);
    }
}

} // namespace tl
