#include "py/semaphore.h"

#include "engine/deferredevents.h"
#include "py/currentthread.h"
#include "py/errors.h"

namespace tl {

Semaphore::Semaphore(int value, const QString& name)
    : Semaphore(SyncType::Semaphore, value, name, "Semaphore()")
{
}

Semaphore::Semaphore(SyncType type, int value, const QString& name, const char* what)
    : SyncPrimitive(type, what)
    , m_bounded(type == SyncType::BoundedSemaphore)
    , m_initial(checkedValue(value))
    , m_value(value)
{
    announce(name);
}

int Semaphore::checkedValue(int value)
{
    if (value < 0)
        throw ValueError(QStringLiteral("semaphore initial value must be >= 0"));
    return value;
}

int Semaphore::value() const
{
    std::lock_guard lock(m_mutex);
    return m_value;
}

bool Semaphore::acquire(bool blocking, std::optional<double> timeout)
{
    ThreadState& self = requireCurrentThread("Semaphore.acquire()");
    if (!blocking && timeout)
        throw ValueError(QStringLiteral("can't specify timeout for non-blocking acquire"));
    DeferredEvents deferred(self);
    std::unique_lock lock(m_mutex);
    run().interrupts().throwIfUnwinding(self);
    std::uint32_t wake = 0;
    if (m_value == 0) {
        // Lib/threading.py waits once for a timeout of 0 or less, which returns at once: no wait to show.
        if (!blocking || (timeout && *timeout <= 0))
            return false;
        const std::int64_t ts =
            run().events().emitChecked(self, EventKind::AcquireBlocked, id(), 0, timeoutWord(timeout));
        const std::optional<std::int64_t> deadline = run().interrupts().deadlineAfter(timeout, ts);
        bool available = false;
        try {
            available = run().interrupts().wait(self, lock, m_available, deadline, [this] { return m_value > 0; });
        } catch (...) {
            m_wakes.take(self.slot);
            throw;
        }
        wake = m_wakes.take(self.slot);
        if (!available) {
            run().events().emitCheckedAt(self, *deadline, EventKind::Acquired, id(), 0, kNoValue, EventFlag::TimedOut);
            return false;
        }
    }
    const std::int64_t ts = stamp(self);
    --m_value;
    run().events().emitAt(self, ts, EventKind::Acquired, id(), wake, static_cast<std::uint32_t>(m_value));
    return true;
}

void Semaphore::release(int n)
{
    ThreadState& self = requireCurrentThread("Semaphore.release()");
    if (n < 1)
        throw ValueError(QStringLiteral("n must be one or more"));
    DeferredEvents deferred(self);
    std::lock_guard lock(m_mutex);
    if (m_bounded && m_value + n > m_initial) {
        if (unwinding(self))
            return;
        throw ValueError(QStringLiteral("Semaphore released too many times"));
    }
    m_value += n;
    std::uint32_t wake = 0;
    if (!m_available.empty()) {
        wake = nextWake();
        if (m_wakes.wake(m_available, n, wake) == 0)
            wake = 0;
    }
    emitQuietly(self, EventKind::Released, wake, static_cast<std::uint32_t>(m_value));
}

} // namespace tl
