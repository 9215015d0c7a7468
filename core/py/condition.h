#pragma once

#include "py/lockbase.h"
#include "py/syncprimitive.h"
#include "py/waiterlist.h"

#include <QString>

#include <memory>
#include <optional>

namespace tl {

// Python's threading.Condition (Lib/threading.py): a lock (an RLock unless one is given) and the threads
// waiting to be notified, in the order they began to wait. wait() releases the lock, waits for a notify or its
// timeout, and takes the lock back (which may block again: that wait is an acquire of the lock, traced as
// one); notify(n) wakes the n longest waiting. lock()/unlock() make it BasicLockable, Python's `with cond:`.
//
// Thread affinity: any engine thread of the run that created it.
class Condition final : public SyncPrimitive {
public:
    explicit Condition(std::shared_ptr<LockBase> lock = {}, const QString& name = QStringLiteral("condition"));
    // The name of the RLock a Condition makes for itself: its row says whose it is ("changed's lock"), where
    // "rlock" told a learner nothing. The CPython tracer names it alike (conditions.py).
    static QString ownLockName(const QString& name);

    bool acquire(bool blocking = true, double timeout = -1) { return m_lock->acquire(blocking, timeout); }
    void release() { m_lock->release(); }
    void lock() { m_lock->acquire(); }
    void unlock() { m_lock->release(); }

    // True unless the timeout (scenario seconds; empty: none) passed. RuntimeError "cannot wait on
    // un-acquired lock".
    bool wait(std::optional<double> timeout = std::nullopt);
    // Waits until predicate() is true, or the timeout passes; returns the predicate's last value, as
    // Condition.wait_for does (which tests it before it checks that the lock is held).
    template <class Predicate> auto waitFor(Predicate predicate, std::optional<double> timeout = std::nullopt);
    // RuntimeError "cannot notify on un-acquired lock".
    void notify(int n = 1);
    void notifyAll();

private:
    void notifyWaiters(int n, EventKind kind, const char* what);
    std::int64_t nowNs() const { return run().clock().nowNs(); }

    std::shared_ptr<LockBase> m_lock;
    WaiterList m_waiters;
};

template <class Predicate> auto Condition::waitFor(Predicate predicate, std::optional<double> timeout)
{
    auto result = predicate();
    std::optional<std::int64_t> end;
    std::optional<double> waitTime = timeout;
    while (!result) {
        if (waitTime) {
            if (!end) {
                end = VirtualClock::deadline(nowNs(), *waitTime);
            } else {
                waitTime = static_cast<double>(*end - nowNs()) / 1e9;
                if (*waitTime <= 0)
                    break;
            }
        }
        wait(waitTime);
        result = predicate();
    }
    return result;
}

} // namespace tl
