#include "threadpoolexecutor.h"

#include "runcontext.h"

#include <QThread>
#include <QThreadPool>

#include <algorithm>
#include <atomic>

namespace tl {

struct ThreadPoolExecutor::Work {
    Task task;
    std::uint32_t id;
    StringId name;
    std::shared_ptr<FutureState> future;
};

namespace {

int checkedMaxWorkers(std::optional<int> maxWorkers)
{
    if (!maxWorkers)
        return std::min(32, QThread::idealThreadCount() + 4);
    if (*maxWorkers <= 0)
        throw ValueError(QStringLiteral("max_workers must be greater than 0"));
    return *maxWorkers;
}

// A task for the QThreadPool that publishes itself to the pooled thread with release/acquire.
// QThreadPool hands a runnable over under its futex-based QMutex: correct, but invisible to
// ThreadSanitizer, since Debian's Qt is not instrumented. The atomic states the same ordering where
// TSan sees it, so the `tsan` build checks what the task really touches instead of reporting the
// hand-off itself.
class PublishedRunnable final : public QRunnable {
public:
    explicit PublishedRunnable(std::function<void()> body)
        : m_body(std::move(body))
    {
        m_published.store(true, std::memory_order_release);
    }
    void run() override
    {
        if (m_published.load(std::memory_order_acquire))
            m_body();
    }

private:
    std::function<void()> m_body;
    std::atomic<bool> m_published{false};
};

}  // namespace

ThreadPoolExecutor::ThreadPoolExecutor(std::optional<int> maxWorkers, QString threadNamePrefix)
    : m_run(requireCurrentThread("ThreadPoolExecutor()").run)
    , m_maxWorkers(checkedMaxWorkers(maxWorkers))
    , m_number(m_run.nextExecutorNumber())
    , m_prefix(threadNamePrefix.isEmpty() ? QStringLiteral("ThreadPoolExecutor-%1").arg(m_number)
                                          : std::move(threadNamePrefix))
    , m_pool(std::make_unique<QThreadPool>())
{
    m_pool->setMaxThreadCount(m_maxWorkers);
    m_pool->setExpiryTimeout(-1);
    m_pool->setStackSize(m_run.options().stackSizeBytes);
    m_run.registerInterruptible(this);
    m_run.registerAtExit(reinterpret_cast<std::uintptr_t>(this), [this] { shutdown(true); });
}

ThreadPoolExecutor::~ThreadPoolExecutor()
{
    m_run.unregisterAtExit(reinterpret_cast<std::uintptr_t>(this));
    try {
        shutdown(true);
    } catch (...) {
        // Unwinding (stop or daemon cut) or an error while closing: the pool is still joined below.
    }
    m_pool->waitForDone();
    endOpenWorkerLanes();
    m_run.unregisterInterruptible(this);
}

void ThreadPoolExecutor::endOpenWorkerLanes()
{
    // Reached when a stop interrupted shutdown(): a worker that was running a task unwound on its own
    // thread, but an idle one (Python's worker blocked in work_queue.get()) is still open. It unwinds at
    // the stop moment too, emitted by the caller on its behalf (the worker's producer is its own thread's).
    ThreadState* caller = currentThreadState();
    std::lock_guard lock(m_mutex);
    if (m_lanesEnded || caller == nullptr)
        return;
    const bool stopped = m_run.stopRequested();
    const std::int64_t ts = stopped ? m_run.stopTs() : m_run.clock().nowNs();
    for (const auto& worker : m_workers) {
        if (worker->ended.load())
            continue;
        if (stopped)
            m_run.emitAt(*caller, ts, EventKind::Stopped, 0, 0, 0, 0, worker->lane);
        m_run.emitAt(*caller, ts, EventKind::RunEnd, 0, 0, 0, 0, worker->lane);
        worker->markEnded();
    }
    m_lanesEnded = true;
}

void ThreadPoolExecutor::interrupt()
{
    std::lock_guard lock(m_mutex);
    m_idle.notify_all();
}

int ThreadPoolExecutor::workerCount() const
{
    std::lock_guard lock(const_cast<std::mutex&>(m_mutex));
    return static_cast<int>(m_workers.size());
}

Future ThreadPoolExecutor::submit(Task task, const QString& taskName)
{
    ThreadState& caller = requireCurrentThread("ThreadPoolExecutor.submit()");
    auto work = std::make_shared<Work>(
        Work{std::move(task), m_run.nextTaskId(), m_run.strings().intern(taskName), std::make_shared<FutureState>(m_run)});
    {
        std::lock_guard lock(m_mutex);
        if (m_shutdown)
            throw RuntimeError(QStringLiteral("cannot schedule new futures after shutdown"));
        m_run.emitChecked(caller, EventKind::PoolSubmit, static_cast<std::uint32_t>(m_number), work->id, work->name);
        ++m_outstanding;
        m_pending.push_back(work->future);
    }
    m_pool->start(new PublishedRunnable([this, work] { runWork(work); }));
    return Future(work->future);
}

ThreadState& ThreadPoolExecutor::workerLaneForThisThread()
{
    void* osThread = QThread::currentThreadId();
    int index = 0;
    {
        std::lock_guard lock(m_mutex);
        if (ThreadState* known = m_workerByOsThread.value(osThread))
            return *known;
        index = m_workersNamed++;
    }
    // The lane is created without m_mutex: createLane() takes the run's interrupt mutex, which a stop
    // holds while it calls our interrupt() (and so our mutex); holding both here would invert that order.
    // Only this OS thread adds its own entry, so nothing else can create it meanwhile.
    const QString name = QStringLiteral("%1_%2").arg(m_prefix).arg(index);
    // Called with no current thread state, so the lane gets its own producer on this OS thread.
    auto lane = m_run.createLane(name, false, QStringLiteral("_worker"));
    lane->started.store(true);
    lane->running.store(true);
    lane->ident.store(reinterpret_cast<std::uintptr_t>(osThread));
    {
        std::lock_guard lock(m_mutex);
        m_workers.push_back(lane);
        m_workerByOsThread.insert(osThread, lane.get());
    }
    m_run.emitAt(*lane, m_run.clock().nowNs(), EventKind::RunBegin);
    return *lane;
}

void ThreadPoolExecutor::runWork(const std::shared_ptr<Work>& work)
{
    ThreadState& lane = workerLaneForThisThread();
    setCurrentThreadState(&lane);
    bool run = false;
    {
        std::lock_guard lock(work->future->mutex);
        if (work->future->status == FutureState::Status::Pending) {
            work->future->status = FutureState::Status::Running;
            run = true;
        }
    }
    if (run && !m_run.unwindReason(lane)) {
        QVariant result;
        std::optional<PyException> error;
        try {
            m_run.emitChecked(lane, EventKind::PoolTaskBegin, static_cast<std::uint32_t>(m_number), work->id, work->name);
            result = work->task();
            m_run.emitChecked(lane, EventKind::PoolTaskEnd, static_cast<std::uint32_t>(m_number), work->id);
        } catch (const PyException& e) {
            error = e;
        } catch (const std::exception& e) {
            error = PyException(QStringLiteral("Exception"), QString::fromUtf8(e.what()));
        } catch (const ThreadUnwind& u) {
            error = CancelledError(QStringLiteral("the run was stopped"));
            endUnwoundLane(lane, u.reason);
        }
        if (error && !m_run.unwindReason(lane)) {
            try {
                m_run.emitChecked(lane, EventKind::PoolTaskEnd, static_cast<std::uint32_t>(m_number), work->id, 0,
                                  EventFlag::Raised);
            } catch (const ThreadUnwind&) {
            }
        }
        std::lock_guard lock(work->future->mutex);
        work->future->result = std::move(result);
        work->future->error = std::move(error);
        work->future->status = FutureState::Status::Finished;
    } else if (run) {
        std::lock_guard lock(work->future->mutex);
        work->future->status = FutureState::Status::Cancelled;
    }
    work->future->cv.notify_all();
    setCurrentThreadState(nullptr);
    {
        std::lock_guard lock(m_mutex);
        --m_outstanding;
    }
    m_idle.notify_all();
}

void ThreadPoolExecutor::endUnwoundLane(ThreadState& lane, ThreadUnwind::Reason reason)
{
    if (lane.ended.load())
        return;
    const bool cut = reason == ThreadUnwind::Reason::DaemonCut;
    const std::int64_t ts = cut ? m_run.cutTs() : m_run.stopTs();
    m_run.emitAt(lane, ts, cut ? EventKind::DaemonStopped : EventKind::Stopped);
    m_run.emitAt(lane, ts, EventKind::RunEnd);
    lane.markEnded();
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
    if (wait)
        finishWorkerLanes(caller);
}

void ThreadPoolExecutor::finishWorkerLanes(ThreadState& caller)
{
    // Python joins each worker thread in turn; a worker ends once the work queue is drained.
    std::unique_lock lock(m_mutex);
    if (m_lanesEnded)
        return;
    std::size_t joined = 0;
    while (joined < m_workers.size() || m_outstanding > 0) {
        if (joined == m_workers.size()) {
            m_run.wait(caller, lock, m_idle, std::nullopt, [this] { return m_outstanding == 0; });
            continue;
        }
        ThreadState& worker = *m_workers[joined];
        if (worker.ended.load()) {
            ++joined;
            continue;
        }
        m_run.emitChecked(caller, EventKind::JoinBegin, worker.lane, 0, kNoValue);
        m_run.wait(caller, lock, m_idle, std::nullopt, [this] { return m_outstanding == 0; });
        const std::int64_t ts = m_run.emitChecked(caller, EventKind::RunEnd, 0, 0, 0, 0, worker.lane);
        worker.markEnded();
        m_run.emitAt(caller, ts, EventKind::JoinEnd, worker.lane);
        ++joined;
    }
    m_lanesEnded = true;
}

}  // namespace tl
