#include "py/waiterlist.h"

#include "engine/waitslot.h"

namespace tl {

void WaiterList::add(Waiter& waiter)
{
    waiter.at = m_waiters.insert(m_waiters.end(), &waiter);
    waiter.listed = true;
}

void WaiterList::remove(Waiter& waiter)
{
    if (!waiter.listed)
        return;
    m_waiters.erase(waiter.at);
    waiter.listed = false;
}

int WaiterList::notify(int n, std::uint32_t wake)
{
    int woken = 0;
    while (!m_waiters.empty() && (n < 0 || woken < n)) {
        Waiter& waiter = *m_waiters.front();
        m_waiters.pop_front();
        waiter.listed = false;
        waiter.notified = true;
        waiter.wake = wake;
        // A waiter that has not parked yet is not queued: it finds `notified` before it parks.
        m_condition.notify(waiter.slot);
        ++woken;
    }
    return woken;
}

} // namespace tl
