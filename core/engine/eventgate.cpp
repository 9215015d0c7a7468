#include "engine/eventgate.h"

#include "engine/interrupthub.h"
#include "engine/threadstate.h"
#include "engine/virtualclock.h"

#include <algorithm>

namespace tl {

EventGate::EventGate(VirtualClock& clock, const InterruptHub& interrupts)
    : m_clock(clock)
    , m_interrupts(interrupts)
{
}

void EventGate::pause()
{
    std::lock_guard lock(m_mutex);
    m_closed.store(true, std::memory_order_release);
    updateClockLocked();
}

void EventGate::resume()
{
    std::lock_guard lock(m_mutex);
    m_closed.store(false, std::memory_order_release);
    m_anyPermits = 0;
    m_lanePermits.clear();
    m_othersRun.store(false, std::memory_order_release);
    m_grants.clear();
    m_held.notifyAll();
    updateClockLocked();
}

void EventGate::step()
{
    std::lock_guard lock(m_mutex);
    m_closed.store(true, std::memory_order_release);
    if (WaitSlot* first = m_held.notifyOne())
        m_grants.push_back(first);
    else
        ++m_anyPermits;
    updateClockLocked();
}

bool EventGate::stepLane(ThreadState& lane)
{
    std::lock_guard lock(m_mutex);
    if (lane.ended.load())
        return false;
    m_closed.store(true, std::memory_order_release);
    if (m_held.notify(lane.slot)) {
        m_grants.push_back(&lane.slot);
    } else {
        // The lane waits or runs. Held, the others would watch the clock pass their own wake-ups (their next events
        // late, the time between read as running) and could never act for it (the put its get waits for): they run
        // on, their events passing, until its event comes.
        m_lanePermits.push_back(lane.lane);
        m_othersRun.store(true, std::memory_order_release);
        m_held.notifyAll();
    }
    updateClockLocked();
    return true;
}

int EventGate::held() const
{
    std::lock_guard lock(m_mutex);
    return m_heldCount;
}

bool EventGate::takePermitLocked(const ThreadState& self)
{
    if (const auto grant = std::find(m_grants.begin(), m_grants.end(), &self.slot); grant != m_grants.end()) {
        m_grants.erase(grant);
        return true;
    }
    if (const auto permit = std::find(m_lanePermits.begin(), m_lanePermits.end(), self.lane);
        permit != m_lanePermits.end()) {
        m_lanePermits.erase(permit);
        m_othersRun.store(!m_lanePermits.empty(), std::memory_order_release);
        return true;
    }
    if (m_anyPermits > 0) {
        --m_anyPermits;
        return true;
    }
    return false;
}

void EventGate::passClosed(ThreadState& self, bool emittedWhileOthersRan)
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        if (!m_closed.load(std::memory_order_relaxed) || m_interrupts.unwindReason(self))
            return;
        if (takePermitLocked(self)) {
            m_steps.fetch_add(1, std::memory_order_release);
            updateClockLocked();
            return;
        }
        if (m_othersRun.load(std::memory_order_relaxed) || emittedWhileOthersRan)
            return; // not a step of its own: the run goes on to the stepped lane's event
        m_held.enqueue(self.slot);
        ++m_heldCount;
        m_clock.block(self.slot, std::nullopt);
        lock.unlock();
        self.slot.park();
        m_clock.resume(self.slot);
        lock.lock();
        m_held.remove(self.slot);
        --m_heldCount;
    }
}

void EventGate::updateClockLocked()
{
    // Paused, the clock stands still, except while a step waits for an event that no held thread has.
    const bool waiting = m_anyPermits > 0 || !m_lanePermits.empty();
    m_clock.setPaused(m_closed.load(std::memory_order_relaxed) && !waiting);
}

} // namespace tl
