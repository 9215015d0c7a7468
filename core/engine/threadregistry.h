#pragma once

#include "engine/threadstate.h"

#include <QString>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace tl {

class EngineThread;
class RunContext;

// The threads of one run: its lanes (one ThreadState each, ids dense in creation order), the numbers
// Python hands out (Thread-N, ThreadPoolExecutor-N, and the ids of queues, pool tasks, connections and
// synchronization primitives),
// the OS threads under the engine threads, and the atexit callbacks the main thread runs before its
// exit-wait (Python's threading._register_atexit).
//
// Invariants: lanes are never removed before the run ends, so a ThreadState reference stays valid for the
// run; every OS thread spawned is joined by joinAllThreads(), which the run's owner calls last.
//
// Thread affinity: every function may be called from any thread.
class ThreadRegistry {
public:
    ThreadRegistry(RunContext& run, std::uint32_t stackSizeBytes);
    ~ThreadRegistry();
    ThreadRegistry(const ThreadRegistry&) = delete;
    ThreadRegistry& operator=(const ThreadRegistry&) = delete;

    // A new lane, registered with the run's interrupt hub. Its ThreadCreated is emitted from the calling
    // engine thread when there is one. Otherwise (MainThread, a pool worker making its own lane) it waits on
    // the new lane's deferred events, for the calling OS thread to write with EventSink::flushDeferred()
    // before any other event of the lane (and, if it must, after releasing a mutex it holds).
    std::shared_ptr<ThreadState> createLane(const QString& name, bool daemon, const QString& targetName);
    std::vector<std::shared_ptr<ThreadState>> lanes() const;

    int nextThreadNumber() { return ++m_threadCounter; }     // Python's "Thread-N", from 1
    // Python's "ThreadPoolExecutor-N" (from 0), which only executors without a thread_name_prefix use up.
    int nextExecutorNumber() { return m_executorCounter++; }
    // Every executor's id in the trace (from 0), which names its work queue as the tracer does.
    int nextExecutorId() { return m_executorIds++; }
    std::uint32_t nextQueueId() { return ++m_queueCounter; } // from 1
    std::uint32_t nextTaskId() { return ++m_taskCounter; }
    std::uint32_t nextConnectionId() { return ++m_connectionCounter; }
    std::uint32_t nextSyncId() { return ++m_syncCounter; } // locks, conditions, semaphores, events, barriers

    // Starts an OS thread running `body`, which must not let an exception escape and must end by marking
    // its lane ended. The clock counts it as running from this call until then (ThreadState::markEnded).
    // False if the system would not give a thread (RLIMIT_NPROC, memory for its stack): `body` never runs,
    // and the clock does not count it.
    [[nodiscard]] bool spawnOsThread(std::function<void()> body);
    // Joins every OS thread spawned, including those spawned while it joins.
    void joinAllThreads();

    // Callables run by runAtExitCallbacks() in reverse order of registration, each once, unless
    // unregistered before (by `key`).
    void registerAtExit(std::uintptr_t key, std::function<void()> fn);
    void unregisterAtExit(std::uintptr_t key);
    void runAtExitCallbacks();
    // True once runAtExitCallbacks() has begun: the interpreter is shutting down (concurrent.futures'
    // global _shutdown, which its exit hook sets).
    bool atExitBegun() const { return m_atExitBegun.load(); }

private:
    RunContext& m_run;
    const std::uint32_t m_stackSizeBytes;

    mutable std::mutex m_lanesMutex;
    std::vector<std::shared_ptr<ThreadState>> m_lanes;

    std::atomic<int> m_threadCounter{0};
    std::atomic<int> m_executorCounter{0};
    std::atomic<int> m_executorIds{0};
    std::atomic<std::uint32_t> m_queueCounter{0};
    std::atomic<std::uint32_t> m_taskCounter{0};
    std::atomic<std::uint32_t> m_connectionCounter{0};
    std::atomic<std::uint32_t> m_syncCounter{0};

    std::mutex m_threadsMutex;
    std::vector<std::unique_ptr<EngineThread>> m_osThreads;

    std::atomic<bool> m_atExitBegun{false};
    std::mutex m_atExitMutex;
    std::vector<std::pair<std::uintptr_t, std::function<void()>>> m_atExit;
};

} // namespace tl
