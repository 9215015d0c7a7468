#pragma once

#include "engine/eventchannel.h"
#include "engine/scenarioclock.h"
#include "engine/threadstate.h"
#include "engine/threadunwind.h"
#include "trace/event.h"
#include "trace/stringtable.h"

#include <QString>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_set>
#include <vector>

namespace tl {

class EngineThread;

struct RunOptions {
    double speed = 1.0;                        // sleeps and timeouts are divided by it; the trace keeps scenario time
    std::uint64_t channelCapacity = 0;         // per producer; 0 = unbounded and lossless
    bool echoPrints = false;                   // print() also writes to stdout (headless runs)
    std::uint32_t stackSizeBytes = 512 * 1024; // per engine thread, so 5000 threads stay cheap
};

// Everything the primitives of one run share: the scenario clock, the event channel, the string table,
// the lanes, the stop and daemon-cut flags, and the objects to wake when either flag is set.
//
// Thread affinity: every function may be called from any thread unless it says otherwise. Primitives
// reach it through the calling engine thread's ThreadState.
class RunContext {
public:
    explicit RunContext(RunOptions options);
    ~RunContext();
    RunContext(const RunContext&) = delete;
    RunContext& operator=(const RunContext&) = delete;

    const RunOptions& options() const { return m_options; }
    const ScenarioClock& clock() const { return m_clock; }
    // Scenario time 0 from now on: ScenarioRun calls it as the main thread begins (see ScenarioClock).
    void zeroClock() { m_clock.zeroNow(); }
    EventChannel& channel() { return m_channel; }
    StringTable& strings() { return *m_strings; }
    std::shared_ptr<StringTable> sharedStrings() const { return m_strings; }

    // Lanes. createLane() emits ThreadCreated from the calling thread's producer when there is one.
    std::shared_ptr<ThreadState> createLane(const QString& name, bool daemon, const QString& targetName);
    std::vector<std::shared_ptr<ThreadState>> lanes() const;
    int nextThreadNumber() { return ++m_threadCounter; }     // Python's "Thread-N"
    int nextExecutorNumber() { return m_executorCounter++; } // "ThreadPoolExecutor-N"
    std::uint32_t nextQueueId() { return ++m_queueCounter; }
    std::uint32_t nextTaskId() { return ++m_taskCounter; }
    std::uint32_t nextConnectionId() { return ++m_connectionCounter; }

    // Stop and cut. Each sets its flag, then stamps the moment, then interrupts every waiter; see
    // emitChecked() for why this order keeps every event of an unwound lane before that moment.
    void requestStop();
    void cutDaemons();
    bool stopRequested() const { return m_stop.load(); }
    bool daemonsCut() const { return m_cut.load(); }
    std::int64_t stopTs() const { return m_stopTs.load(); }
    std::int64_t cutTs() const { return m_cutTs.load(); }
    // Why `self` must unwind now, if it must.
    std::optional<ThreadUnwind::Reason> unwindReason(const ThreadState& self) const;
    void throwIfUnwinding(const ThreadState& self) const;
    // An eventfd that becomes readable when the run stops or cuts daemons, for poll()-based waits.
    int interruptFd() const { return m_interruptFd; }

    void registerInterruptible(Interruptible* object);
    void unregisterInterruptible(Interruptible* object);

    // Emits from `self`'s producer. The timestamp is read before the unwind check: if the check passes,
    // the stop/cut flag was set after it and so the stop/cut moment is later than the event.
    // Throws ThreadUnwind instead of emitting when `self` must unwind.
    std::int64_t emitChecked(ThreadState& self, EventKind kind, std::uint32_t a = 0, std::uint32_t b = 0,
                             std::uint32_t c = 0, std::uint8_t flags = 0, std::optional<LaneId> lane = {});
    // Emits unconditionally with a given timestamp (unwind events, the exit sequence).
    void emitAt(ThreadState& self, std::int64_t ts, EventKind kind, std::uint32_t a = 0, std::uint32_t b = 0,
                std::uint32_t c = 0, std::uint8_t flags = 0, std::optional<LaneId> lane = {});

    // Waits on `cv` (with `lock` held on its mutex) until `done()` or the deadline; throws ThreadUnwind
    // when `self` must unwind. Returns done().
    template <class Done>
    bool wait(ThreadState& self, std::unique_lock<std::mutex>& lock, std::condition_variable& cv,
              std::optional<ScenarioClock::Wall::time_point> deadline, Done done)
    {
        auto ready = [&] { return done() || unwindReason(self).has_value(); };
        if (deadline)
            cv.wait_until(lock, *deadline, ready);
        else
            cv.wait(lock, ready);
        throwIfUnwinding(self);
        return done();
    }
    std::optional<ScenarioClock::Wall::time_point> deadlineAfter(std::optional<double> scenarioSeconds) const;

    // Engine OS threads, joined by joinAllThreads() at the end of the run. The callable runs on the new
    // thread; it must not let an exception escape.
    void spawnOsThread(std::function<void()> body);
    void joinAllThreads();

    // Exit bookkeeping: callables run by the main thread when its code ends, before the exit-wait
    // (Python's threading._register_atexit, used by ThreadPoolExecutor).
    void registerAtExit(std::uintptr_t key, std::function<void()> fn);
    void unregisterAtExit(std::uintptr_t key);
    void runAtExitCallbacks();

    // print(): an event on the caller's lane, and stdout when headless.
    void print(ThreadState& self, const QString& text);
    // An exception that escaped a thread body, reported as threading.excepthook would.
    void reportUncaught(ThreadState& self, const QString& type, const QString& message);

private:
    void interruptAll();

    const RunOptions m_options;
    ScenarioClock m_clock;
    EventChannel m_channel;
    std::shared_ptr<StringTable> m_strings = std::make_shared<StringTable>();

    mutable std::mutex m_lanesMutex;
    std::vector<std::shared_ptr<ThreadState>> m_lanes;

    std::atomic<int> m_threadCounter{0};
    std::atomic<int> m_executorCounter{0};
    std::atomic<std::uint32_t> m_queueCounter{0};
    std::atomic<std::uint32_t> m_taskCounter{0};
    std::atomic<std::uint32_t> m_connectionCounter{0};

    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_cut{false};
    std::atomic<std::int64_t> m_stopTs{0};
    std::atomic<std::int64_t> m_cutTs{0};
    int m_interruptFd = -1;

    std::mutex m_interruptMutex;
    std::unordered_set<Interruptible*> m_interruptibles;

    std::mutex m_threadsMutex;
    std::vector<std::unique_ptr<EngineThread>> m_osThreads;

    std::mutex m_atExitMutex;
    std::vector<std::pair<std::uintptr_t, std::function<void()>>> m_atExit;

    std::mutex m_stdoutMutex;
};

// RAII registration of an Interruptible with its run.
class InterruptibleRegistration {
public:
    InterruptibleRegistration(RunContext& run, Interruptible* object)
        : m_run(run)
        , m_object(object)
    {
        m_run.registerInterruptible(m_object);
    }
    ~InterruptibleRegistration() { m_run.unregisterInterruptible(m_object); }
    InterruptibleRegistration(const InterruptibleRegistration&) = delete;
    InterruptibleRegistration& operator=(const InterruptibleRegistration&) = delete;

private:
    RunContext& m_run;
    Interruptible* m_object;
};

} // namespace tl
