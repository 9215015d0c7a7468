#pragma once

#include "errors.h"
#include "future.h"
#include "interruptible.h"
#include "threadstate.h"

#include <QHash>
#include <QString>
#include <QVariant>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QThreadPool;

namespace tl {

class RunContext;

// Python's concurrent.futures.ThreadPoolExecutor, built on QThreadPool.
//
// QThreadPool gives what a per-worker lane needs: its threads are created lazily up to maxThreadCount
// and reused, and with expiryTimeout -1 a thread lives until the pool is destroyed, so each pool OS
// thread is one worker lane ("ThreadPoolExecutor-N_i", in creation order) for the executor's life.
// Idle workers wait inside Qt, so unlike Python's work_queue.get() their idleness is not a state.
//
// shutdown(wait=true) joins each worker in turn like Python's, ending its lane. At the end of the run the
// main thread shuts down every executor still open before its exit-wait (Python's atexit hook).
//
// Thread affinity: submit/shutdown from any engine thread of the run.
class ThreadPoolExecutor final : public Interruptible {
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
    void shutdown(bool wait = true, bool cancelFutures = false);

    int maxWorkers() const { return m_maxWorkers; }
    int workerCount() const;
    void interrupt() override;

private:
    struct Work;
    void runWork(const std::shared_ptr<Work>& work);
    ThreadState& workerLaneForThisThread();
    void finishWorkerLanes(ThreadState& caller);
    void endUnwoundLane(ThreadState& lane, ThreadUnwind::Reason reason);
    void endOpenWorkerLanes();

    RunContext& m_run;
    const int m_maxWorkers;
    const int m_number;
    const QString m_prefix;
    std::unique_ptr<QThreadPool> m_pool;

    std::mutex m_mutex;  // guards everything below
    std::condition_variable m_idle;
    bool m_shutdown = false;
    bool m_lanesEnded = false;
    std::uint64_t m_outstanding = 0;
    std::vector<std::shared_ptr<ThreadState>> m_workers;
    int m_workersNamed = 0;  // "_i" suffixes handed out; a worker is added to m_workers once its lane exists
    QHash<void*, ThreadState*> m_workerByOsThread;
    std::vector<std::weak_ptr<FutureState>> m_pending;
};

}  // namespace tl
