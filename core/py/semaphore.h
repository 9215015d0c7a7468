#pragma once

#include "engine/enginecondition.h"
#include "py/syncprimitive.h"
#include "py/waketokens.h"

#include <QString>

#include <optional>

namespace tl {

// Python's threading.Semaphore (Lib/threading.py): a counter that acquire() takes one from, waiting while it
// is 0, and release(n) adds n to, waking n waiters (who test again: a running thread may take the value first,
// as in CPython). lock()/unlock() make it BasicLockable, Python's `with sem:`.
//
// Thread affinity: any engine thread of the run that created it.
class Semaphore : public SyncPrimitive {
public:
    // ValueError "semaphore initial value must be >= 0".
    explicit Semaphore(int value = 1, const QString& name = QStringLiteral("semaphore"));

    // ValueError "can't specify timeout for non-blocking acquire". A timeout (scenario seconds) of 0 or less
    // does not wait. False when not acquired.
    bool acquire(bool blocking = true, std::optional<double> timeout = std::nullopt);
    // ValueError "n must be one or more"; a BoundedSemaphore: "Semaphore released too many times". While the
    // calling thread unwinds (a stop) a release it cannot make is skipped: it runs from a destructor then.
    void release(int n = 1);
    void lock() { acquire(); }
    void unlock() { release(); }
    // The counter (CPython's _value), for tests and views.
    int value() const;

protected:
    Semaphore(SyncType type, int value, const QString& name, const char* what);

private:
    static int checkedValue(int value);

    const bool m_bounded;
    const int m_initial;
    int m_value;
    EngineCondition m_available;
    WakeTokens m_wakes;
};

} // namespace tl
