#include "py/barrier.h"

#include "engine/deferredevents.h"
#include "py/currentthread.h"
#include "py/errors.h"

namespace tl {

Barrier::Barrier(int parties, Action action, std::optional<double> timeout, const QString& name)
    : SyncPrimitive(SyncType::Barrier, "Barrier()")
    , m_parties(parties)
    , m_action(std::move(action))
    , m_timeout(timeout)
{
    announce(name);
}

int Barrier::nWaiting() const
{
    std::lock_guard lock(m_mutex);
    return m_state == State::Filling ? m_count : 0;
}

bool Barrier::broken() const
{
    std::lock_guard lock(m_mutex);
    return m_state == State::Broken;
}

void Barrier::waitForAction(ThreadState& self, std::unique_lock<std::mutex>& lock)
{
    run().interrupts().wait(self, lock, m_changed, std::nullopt, [this] { return !m_actionRunning; });
}

int Barrier::wait(std::optional<double> timeout)
{
    ThreadState& self = requireCurrentThread("Barrier.wait()");
    if (!timeout)
        timeout = m_timeout;
    DeferredEvents deferred(self);
    std::unique_lock lock(m_mutex);
    run().interrupts().throwIfUnwinding(self);
    // Barrier._enter: a barrier still draining or resetting lets nobody in.
    run().interrupts().wait(self, lock, m_changed, std::nullopt, [this] {
        return !m_actionRunning && m_state != State::Draining && m_state != State::Resetting;
    });
    if (m_state == State::Broken) {
        // Barrier._enter raises before the arrival is counted: a wait that ends as it begins, by the
        // BrokenBarrierError the other waits ended by, so the late arrival is seen to be told too.
        const std::int64_t ts =
            run().events().emitChecked(self, EventKind::BarrierWaitBegin, id(), 0, timeoutWord(timeout));
        run().events().emitAt(self, ts, EventKind::BarrierWaitEnd, id(), 0, kNoValue, EventFlag::TimedOut);
        throw BrokenBarrierError();
    }
    const int index = m_count++;
    // Barrier.wait's `finally`: however this arrival leaves, it is counted out, with the mutex held.
    struct Leave {
        Barrier& barrier;
        ~Leave()
        {
            --barrier.m_count;
            barrier.exitLocked();
        }
    } leave{*this};
    return arrive(self, lock, timeout, index);
}

int Barrier::arrive(ThreadState& self, std::unique_lock<std::mutex>& lock, std::optional<double> timeout, int index)
{
    const auto end = [&](std::int64_t ts, std::uint32_t wake, bool passed) {
        run().events().emitAt(self, ts, EventKind::BarrierWaitEnd, id(), wake, static_cast<std::uint32_t>(index),
                              passed ? 0 : EventFlag::TimedOut);
    };
    if (index + 1 == m_parties) {
        // The last arrival: its wake word starts the arrows to every wait it releases.
        const std::uint32_t wake = nextWake();
        run().events().emitChecked(self, EventKind::BarrierWaitBegin, id(), wake, timeoutWord(timeout));
        if (m_action)
            runAction(self, lock, index);
        m_state = State::Draining;
        m_releaseWake = wake;
        m_changed.notifyAll();
        end(stamp(self), 0, true);
        return index;
    }
    const std::int64_t ts =
        run().events().emitChecked(self, EventKind::BarrierWaitBegin, id(), 0, timeoutWord(timeout));
    const std::optional<std::int64_t> deadline = run().interrupts().deadlineAfter(timeout, ts);
    // Barrier._wait: wait_for(lambda: self._state != 0, timeout).
    if (!run().interrupts().wait(self, lock, m_changed, deadline, [this] { return m_state != State::Filling; })) {
        // Barrier._wait: _break(), then the raise that ends the wait.
        breakLocked(self, *deadline);
        end(*deadline, 0, false);
        throw BrokenBarrierError();
    }
    if (m_state == State::Broken || m_state == State::Resetting) {
        end(stamp(self), 0, false);
        throw BrokenBarrierError();
    }
    end(stamp(self), m_releaseWake, true);
    return index;
}

void Barrier::runAction(ThreadState& self, std::unique_lock<std::mutex>& lock, int index)
{
    m_actionRunning = true;
    lock.unlock();
    // The action is scenario code: its events are written as it goes, not kept for the end of the wait.
    run().events().flushDeferred(self);
    const int depth = self.deferDepth;
    self.deferDepth = 0;
    try {
        m_action();
    } catch (...) {
        self.deferDepth = depth;
        lock.lock();
        m_actionRunning = false;
        // Barrier._release: an action that raises breaks the barrier, and its exception goes on.
        const std::int64_t ts = run().clock().nowNs();
        if (!unwinding(self)) {
            breakLocked(self, ts);
            // The wait ends by the action's exception: left open, its band ran on to the thread's next event.
            run().events().emitAt(self, ts, EventKind::BarrierWaitEnd, id(), 0, static_cast<std::uint32_t>(index),
                                  EventFlag::TimedOut | EventFlag::Interrupted);
        } else {
            m_changed.notifyAll();
        }
        throw;
    }
    self.deferDepth = depth;
    lock.lock();
    m_actionRunning = false;
}

void Barrier::breakLocked(ThreadState& self, std::int64_t ts)
{
    m_state = State::Broken;
    m_changed.notifyAll();
    run().events().emitAt(self, ts, EventKind::BarrierBroken, id());
}

void Barrier::exitLocked()
{
    if (m_count == 0 && (m_state == State::Resetting || m_state == State::Draining)) {
        m_state = State::Filling;
        m_changed.notifyAll();
    }
}

void Barrier::abort()
{
    ThreadState& self = requireCurrentThread("Barrier.abort()");
    DeferredEvents deferred(self);
    std::unique_lock lock(m_mutex);
    waitForAction(self, lock);
    breakLocked(self, stamp(self));
}

void Barrier::reset()
{
    ThreadState& self = requireCurrentThread("Barrier.reset()");
    DeferredEvents deferred(self);
    std::unique_lock lock(m_mutex);
    waitForAction(self, lock);
    if (m_count > 0) {
        if (m_state == State::Filling || m_state == State::Broken)
            m_state = State::Resetting;
    } else {
        m_state = State::Filling;
    }
    m_changed.notifyAll();
}

} // namespace tl
