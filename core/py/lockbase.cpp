#include "py/lockbase.h"

#include "engine/deferredevents.h"
#include "py/currentthread.h"
#include "py/errors.h"
#include "py/trackedwait.h"

namespace tl {

LockBase::LockBase(SyncType type, bool reentrant, const char* what)
    : SyncPrimitive(type, what)
    , m_reentrant(reentrant)
{
}

bool LockBase::acquire(bool blocking, double timeout)
{
    ThreadState& self = requireCurrentThread(m_reentrant ? "RLock.acquire()" : "Lock.acquire()");
    // Modules/_threadmodule.c, lock_acquire_parse_args.
    if (!blocking && timeout != -1)
        throw ValueError(QStringLiteral("can't specify a timeout for a non-blocking call"));
    if (timeout < 0 && timeout != -1)
        throw ValueError(QStringLiteral("timeout value must be positive"));
    return acquireAs(self,
                     !blocking       ? std::optional<double>(0.0)
                     : timeout == -1 ? std::nullopt
                                     : std::optional(timeout),
                     1);
}

bool LockBase::acquireAs(ThreadState& self, std::optional<double> timeout, std::uint32_t count)
{
    DeferredEvents deferred(self);
    std::unique_lock lock(m_mutex);
    run().interrupts().throwIfUnwinding(self);
    if (m_reentrant && m_owner == &self) {
        const std::int64_t ts = stamp(self);
        m_count += count;
        run().events().emitAt(self, ts, EventKind::Acquired, id(), 0, m_count);
        return true;
    }
    std::uint32_t wake = 0;
    if (m_count > 0) {
        if (timeout && *timeout <= 0)
            return false; // a try: no wait, nothing to show
        const std::int64_t ts =
            run().events().emitChecked(self, EventKind::AcquireBlocked, id(), 0, timeoutWord(timeout));
        const std::optional<std::int64_t> deadline = run().interrupts().deadlineAfter(timeout, ts);
        TrackedWait tracked(self, {WaitFor::Kind::Acquire, id(), &m_owner, nullptr, timeout.has_value()});
        bool free = false;
        try {
            free = run().interrupts().wait(self, lock, m_free, deadline, [this] { return m_count == 0; });
        } catch (...) {
            m_wakes.take(self.slot);
            throw;
        }
        tracked.end(); // before this thread becomes the owner
        wake = m_wakes.take(self.slot);
        if (!free) {
            run().events().emitCheckedAt(self, *deadline, EventKind::Acquired, id(), 0, kNoValue, EventFlag::TimedOut);
            return false;
        }
    }
    const std::int64_t ts = stamp(self);
    m_owner = &self;
    m_count = m_reentrant ? count : 1;
    run().events().emitAt(self, ts, EventKind::Acquired, id(), wake, m_count);
    return true;
}

void LockBase::release()
{
    ThreadState& self = requireCurrentThread(m_reentrant ? "RLock.release()" : "Lock.release()");
    DeferredEvents deferred(self);
    std::lock_guard lock(m_mutex);
    const bool mayRelease = m_reentrant ? m_owner == &self && m_count > 0 : m_count > 0;
    if (!mayRelease) {
        if (unwinding(self))
            return;
        throw RuntimeError(m_reentrant ? QStringLiteral("cannot release un-acquired lock")
                                       : QStringLiteral("release unlocked lock"));
    }
    std::uint32_t wake = 0;
    if (m_reentrant && m_count > 1)
        --m_count;
    else
        wake = freeLocked();
    emitQuietly(self, EventKind::Released, wake, m_count);
}

std::uint32_t LockBase::freeLocked()
{
    m_count = 0;
    m_owner = nullptr;
    if (m_free.empty())
        return 0;
    const std::uint32_t wake = nextWake();
    return m_wakes.wake(m_free, 1, wake) > 0 ? wake : 0;
}

bool LockBase::lockedNow() const
{
    std::lock_guard lock(m_mutex);
    return m_count > 0;
}

bool LockBase::isOwned(const ThreadState& self) const
{
    std::lock_guard lock(m_mutex);
    return m_reentrant ? m_owner == &self && m_count > 0 : m_count > 0;
}

std::uint32_t LockBase::releaseSave(ThreadState& self)
{
    DeferredEvents deferred(self);
    std::lock_guard lock(m_mutex);
    const std::uint32_t count = m_count;
    const std::uint32_t wake = freeLocked();
    emitQuietly(self, EventKind::Released, wake, 0);
    return count;
}

void LockBase::acquireRestore(ThreadState& self, std::uint32_t count)
{
    acquireAs(self, std::nullopt, count);
}

} // namespace tl
