#pragma once

#include "engine/enginecondition.h"
#include "py/syncprimitive.h"

#include <QString>

#include <functional>
#include <optional>

namespace tl {

// Python's threading.Barrier (Lib/threading.py), its four states included: parties threads meet in wait();
// the last to arrive runs the action and releases the others; each returns its arrival index. A wait that
// times out breaks the barrier, as do abort() and an action that raises; every wait on a broken barrier
// raises threading.BrokenBarrierError until reset(). Unlike CPython, the action runs without the barrier's
// mutex held (it is scenario code, which may wait on the clock), but it still keeps the next arrivals,
// abort() and reset() waiting until it ends, as CPython's lock does.
//
// Thread affinity: any engine thread of the run that created it.
class Barrier final : public SyncPrimitive {
public:
    using Action = std::function<void()>;
    // Like CPython 3.11, parties is not checked: a barrier of 0 parties never releases anybody.
    explicit Barrier(int parties, Action action = {}, std::optional<double> timeout = std::nullopt,
                     const QString& name = QStringLiteral("barrier"));

    // The arrival index, from 0 (the first) to parties - 1 (the last, which released the others). `timeout` empty: the
    // barrier's.
    int wait(std::optional<double> timeout = std::nullopt);
    void reset();
    void abort();
    int parties() const { return m_parties; }
    int nWaiting() const;
    bool broken() const;
    std::optional<double> timeout() const { return m_timeout; }

private:
    enum class State { Filling, Draining, Resetting, Broken }; // CPython's 0, 1, -1, -2

    // Under the mutex. Breaks the barrier (Barrier._break) and says so on `self`'s lane at `ts`.
    void breakLocked(ThreadState& self, std::int64_t ts);
    // Barrier._exit: the last thread out of a draining or resetting barrier refills it.
    void exitLocked();
    // Waits, with `lock` held, while the action runs (CPython's callers wait for the barrier's lock then).
    void waitForAction(ThreadState& self, std::unique_lock<std::mutex>& lock);
    int arrive(ThreadState& self, std::unique_lock<std::mutex>& lock, std::optional<double> timeout, int index);
    // Runs the action; one that raises breaks the barrier and ends the last arrival's wait (index) by its exception.
    void runAction(ThreadState& self, std::unique_lock<std::mutex>& lock, int index);

    const int m_parties;
    const Action m_action;
    const std::optional<double> m_timeout;
    EngineCondition m_changed; // every change of state wakes all, as CPython's notify_all()
    State m_state = State::Filling;
    int m_count = 0;
    bool m_actionRunning = false;
    std::uint32_t m_releaseWake = 0; // the wake word of the arrival that released the draining waiters
};

} // namespace tl
