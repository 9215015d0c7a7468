#include "py/condition.h"

#include "engine/deferredevents.h"
#include "py/currentthread.h"
#include "py/errors.h"
#include "py/rlock.h"
#include "py/trackedwait.h"
#include "trace/syncnames.h"

#include <algorithm>

namespace tl {

QString Condition::ownLockName(const QString& name)
{
    return SyncNames::ownLockName(name);
}

Condition::Condition(std::shared_ptr<LockBase> lock, const QString& name)
    : SyncPrimitive(SyncType::Condition, "Condition()")
    , m_lock(lock ? std::move(lock) : std::make_shared<RLock>(ownLockName(name)))
{
    announce(name);
}

bool Condition::wait(std::optional<double> timeout)
{
    ThreadState& self = requireCurrentThread("Condition.wait()");
    run().interrupts().throwIfUnwinding(self);
    if (!m_lock->isOwned(self))
        throw RuntimeError(QStringLiteral("cannot wait on un-acquired lock"));
    Waiter waiter(self.slot);
    bool notified = false;
    std::uint32_t saved = 0;
    {
        DeferredEvents deferred(self);
        std::unique_lock lock(m_mutex);
        // Listed before the lock is released, as CPython appends its waiter first: no notify is missed.
        m_waiters.add(waiter);
        try {
            // Lock order: this mutex, then the lock's; nothing takes them the other way round.
            saved = m_lock->releaseSave(self);
            const std::int64_t ts =
                run().events().emitChecked(self, EventKind::CondWaitBegin, id(), 0, timeoutWord(timeout));
            const std::optional<std::int64_t> deadline = run().interrupts().deadlineAfter(timeout, ts);
            // Only a holder of the lock can notify: while that holder is blocked, so is this wait.
            TrackedWait tracked(self, {WaitFor::Kind::CondWait, id(), &m_lock->m_owner, nullptr, timeout.has_value()});
            notified = run().interrupts().wait(self, lock, m_waiters.condition(), deadline,
                                               [&waiter] { return waiter.notified; });
            tracked.end();
            if (notified)
                run().events().emitAt(self, stamp(self), EventKind::CondWaitEnd, id(), waiter.wake);
            else
                run().events().emitCheckedAt(self, *deadline, EventKind::CondWaitEnd, id(), 0, 0, EventFlag::TimedOut);
        } catch (...) {
            m_waiters.remove(waiter);
            throw;
        }
        m_waiters.remove(waiter);
    }
    // Outside this mutex: taking the lock back may block, and notifiers must not queue behind it.
    m_lock->acquireRestore(self, saved);
    return notified;
}

void Condition::notify(int n)
{
    notifyWaiters(n, EventKind::Notify, "Condition.notify()");
}

void Condition::notifyAll()
{
    notifyWaiters(-1, EventKind::NotifyAll, "Condition.notify_all()");
}

void Condition::notifyWaiters(int n, EventKind kind, const char* what)
{
    ThreadState& self = requireCurrentThread(what);
    if (!m_lock->isOwned(self))
        throw RuntimeError(QStringLiteral("cannot notify on un-acquired lock"));
    DeferredEvents deferred(self);
    std::lock_guard lock(m_mutex);
    const std::int64_t ts = stamp(self);
    // notify(n) takes the first n of the waiters (islice); notify_all takes every one of them.
    const int count = kind == EventKind::NotifyAll ? -1 : std::max(n, 0);
    const std::uint32_t wake = m_waiters.empty() || count == 0 ? 0 : nextWake();
    const int woken = count == 0 ? 0 : m_waiters.notify(count, wake);
    run().events().emitAt(self, ts, kind, id(), woken > 0 ? wake : 0, static_cast<std::uint32_t>(woken));
}

} // namespace tl
