#pragma once

#include "engine/enginecondition.h"
#include "engine/threadstate.h"
#include "engine/threadunwind.h"
#include "py/errors.h"
#include "py/future.h"

#include <QString>
#include <QVariant>

#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace tl {

class EngineThread;
class RunContext;

// What Executor.map returns: the results in the order of the items, each waited for in turn until the
// map's end time. As CPython's result iterator, an error ends it (the rest are cancelled, then the error
// is raised), and so does its destruction (the generator's close()).
// Thread affinity: the engine thread that called map().
class MapResults {
public:
    MapResults(std::vector<Future> futures, std::optional<std::int64_t> deadline);
    ~MapResults();
    MapResults(MapResults&&) = default;
    MapResults& operator=(MapResults&&) = delete;
    MapResults(const MapResults&) = delete;
    MapResults& operator=(const MapResults&) = delete;

    // The next result, nullopt after the last. Raises the task's error, CancelledError, or TimeoutError
    // once the map's timeout has passed.
    std::optional<QVariant> next();

private:
    void cancelRest();

    std::vector<Future> m_futures; // still to give, the next one last
    std::optional<std::int64_t> m_deadline;
};

// Python's concurrent.futures.ThreadPoolExecutor, on engine threads of its own.
//
// As in CPython, each worker is a long-lived loop taking work items from the executor's own queue, and
// submit() starts a new worker (lazily, up to max_workers) only when no idle one is available (Python's
// _idle_semaphore). Each worker loop has one thread for the executor's life, so each worker is one lane
// ("ThreadPoolExecutor-N_i", in start order). Not QThreadPool: its threads hold an event dispatcher (a
// descriptor) each, and it does not report a thread it could not create (the item would wait for ever,
// where CPython's submit() raises); and the queue must be ours anyway, so that a stop can wake idle
// workers and every hand-off is under a std::mutex that ThreadSanitizer checks. It is a queue of the run ("ThreadPoolExecutor-N._work_queue", unbounded), traced as Python's
// SimpleQueue: submit() is a put of the task id; an idle worker is blocked in get() on it, as Python's
// _worker in work_queue.get(block=True). A worker woken by shutdown or a stop with nothing to take emits
// no GetDone: its lane's end closes the wait, as for an unwound Queue.get(). The work queue is not in the
// listing, so a worker outside a task names the line that made the executor, not its last task's line.
//
// shutdown(wait=true) joins each worker in turn like Python's; a worker ends its own lane once the queue
// is drained. At the end of the run the main thread ends and joins every executor's workers before its
// exit-wait (Python's _python_exit hook); after that hook submit() raises, as CPython's, "cannot schedule
// new futures after interpreter shutdown".
//
// Thread affinity: submit/shutdown from any engine thread of the run.
class ThreadPoolExecutor final {
public:
    using Task = std::function<QVariant()>;

    // ValueError "max_workers must be greater than 0"; empty: Python's min(32, cpu_count + 4).
    explicit ThreadPoolExecutor(std::optional<int> maxWorkers = std::nullopt, QString threadNamePrefix = {});
    // As leaving a `with` block: shutdown(wait=true).
    ~ThreadPoolExecutor();
    ThreadPoolExecutor(const ThreadPoolExecutor&) = delete;
    ThreadPoolExecutor& operator=(const ThreadPoolExecutor&) = delete;

    // RuntimeError "cannot schedule new futures after shutdown".
    Future submit(Task task, const QString& taskName = {});
    // Executor.map(fn, items, timeout=...): every item submitted now, as CPython's; the timeout (scenario
    // seconds) starts now too.
    MapResults map(const std::function<QVariant(const QVariant&)>& fn, const QVariantList& items,
                   std::optional<double> timeout = std::nullopt, const QString& taskName = {});
    void shutdown(bool wait = true, bool cancelFutures = false);

    int maxWorkers() const { return m_maxWorkers; }
    int workerCount() const;

private:
    struct Work;
    void startWorkerLocked(bool daemon);
    void workerLoop(bool daemon);
    std::shared_ptr<Work> takeWork(ThreadState& lane);
    ThreadState& createWorkerLane(bool daemon);
    bool runWork(ThreadState& lane, Work& work);
    void endWorkerLane(ThreadState& lane);
    void endUnwoundLane(ThreadState& lane, ThreadUnwind::Reason reason);
    void joinWorkers(ThreadState& caller);
    void exitHook();
    bool closingLocked() const { return m_shutdown || m_exitHookRan; } // workers end once the queue is empty

    RunContext& m_run;
    const int m_maxWorkers;
    const int m_number;
    const std::uint32_t m_queueId; // the work queue's id among the run's queues
    const std::uint16_t m_line;    // the listing line that made the executor: where its workers' own code is
    const QString m_prefix;

    std::mutex m_laneMutex; // held while a worker makes its lane; taken before m_mutex, never after
    int m_named = 0;        // "_i" suffixes given, under m_laneMutex

    mutable std::mutex m_mutex;       // guards everything below
    EngineCondition m_workAvailable;  // workers wait here for the queue, shutdown or a stop
    EngineCondition m_workersChanged; // a worker made its lane
    bool m_shutdown = false;
    bool m_exitHookRan = false; // the run's exit hook told the workers to end (not a shutdown)
    std::deque<std::shared_ptr<Work>> m_queue;
    int m_idle = 0;    // Python's _idle_semaphore: released after each work item, taken by submit()
    int m_started = 0; // worker loops started, each on its own thread
    std::vector<std::unique_ptr<EngineThread>> m_threads; // theirs, joined by the destructor
    std::vector<std::shared_ptr<ThreadState>> m_workers; // their lanes, once made
    std::size_t m_joined = 0;                            // m_workers already joined by a shutdown()
    std::vector<std::weak_ptr<FutureState>> m_pending;
};

// One submitted call, queued until a worker takes it.
struct ThreadPoolExecutor::Work {
    Task task;
    std::uint32_t id;
    StringId name;
    std::shared_ptr<FutureState> future;
};

} // namespace tl
