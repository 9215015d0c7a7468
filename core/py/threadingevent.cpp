#include "py/threadingevent.h"

#include "engine/deferredevents.h"
#include "py/currentthread.h"

namespace tl {

ThreadingEvent::ThreadingEvent(const QString& name)
    : SyncPrimitive(SyncType::Event, "Event()")
{
    announce(name);
}

bool ThreadingEvent::isSet() const
{
    std::lock_guard lock(m_mutex);
    return m_flag;
}

void ThreadingEvent::set()
{
    ThreadState& self = requireCurrentThread("Event.set()");
    DeferredEvents deferred(self);
    std::lock_guard lock(m_mutex);
    const std::int64_t ts = stamp(self);
    m_flag = true;
    const std::uint32_t wake = m_waiters.empty() ? 0 : nextWake();
    const int woken = m_waiters.notify(-1, wake);
    run().events().emitAt(self, ts, EventKind::EventSet, id(), wake, static_cast<std::uint32_t>(woken));
}

void ThreadingEvent::clear()
{
    ThreadState& self = requireCurrentThread("Event.clear()");
    DeferredEvents deferred(self);
    std::lock_guard lock(m_mutex);
    const std::int64_t ts = stamp(self);
    m_flag = false;
    run().events().emitAt(self, ts, EventKind::EventClear, id());
}

bool ThreadingEvent::wait(std::optional<double> timeout)
{
    ThreadState& self = requireCurrentThread("Event.wait()");
    DeferredEvents deferred(self);
    std::unique_lock lock(m_mutex);
    run().interrupts().throwIfUnwinding(self);
    if (m_flag || (timeout && *timeout <= 0))
        return m_flag;
    Waiter waiter(self.slot);
    m_waiters.add(waiter);
    try {
        const std::int64_t ts =
            run().events().emitChecked(self, EventKind::EventWaitBegin, id(), 0, timeoutWord(timeout));
        const std::optional<std::int64_t> deadline = run().interrupts().deadlineAfter(timeout, ts);
        const bool notified =
            run().interrupts().wait(self, lock, m_waiters.condition(), deadline, [&waiter] { return waiter.notified; });
        if (notified)
            run().events().emitAt(self, stamp(self), EventKind::EventWaitEnd, id(), waiter.wake);
        else
            run().events().emitCheckedAt(self, *deadline, EventKind::EventWaitEnd, id(), 0, 0, EventFlag::TimedOut);
        m_waiters.remove(waiter);
        return notified;
    } catch (...) {
        m_waiters.remove(waiter);
        throw;
    }
}

} // namespace tl
