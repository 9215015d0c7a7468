#include "engine/interrupthub.h"

#include "engine/runcontext.h"
#include "engine/virtualclock.h"

#include <sys/eventfd.h>
#include <unistd.h>

namespace tl {

InterruptHub::InterruptHub(VirtualClock& clock)
    : m_clock(clock)
    , m_interruptFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
{
}

InterruptHub::~InterruptHub()
{
    if (m_interruptFd >= 0)
        ::close(m_interruptFd);
}

void InterruptHub::requestStop()
{
    if (m_stop.exchange(true))
        return;
    m_stopTs.store(m_clock.nowNs());
    interruptAll();
}

void InterruptHub::cutDaemons()
{
    if (m_cut.exchange(true))
        return;
    m_cutTs.store(m_clock.nowNs());
    interruptAll();
}

std::optional<ThreadUnwind::Reason> InterruptHub::unwindReason(const ThreadState& self) const
{
    if (m_stop.load())
        return ThreadUnwind::Reason::Stopped;
    if (m_cut.load() && self.daemon.load())
        return ThreadUnwind::Reason::DaemonCut;
    return std::nullopt;
}

void InterruptHub::throwIfUnwinding(const ThreadState& self) const
{
    if (const auto reason = unwindReason(self))
        throw ThreadUnwind{*reason};
}

void InterruptHub::interruptAll()
{
    if (m_interruptFd >= 0) {
        const std::uint64_t one = 1;
        [[maybe_unused]] const auto n = ::write(m_interruptFd, &one, sizeof one);
    }
    std::lock_guard lock(m_mutex);
    for (Interruptible* object : m_interruptibles)
        object->interrupt();
}

void InterruptHub::registerInterruptible(Interruptible* object)
{
    std::lock_guard lock(m_mutex);
    m_interruptibles.insert(object);
}

void InterruptHub::unregisterInterruptible(Interruptible* object)
{
    std::lock_guard lock(m_mutex);
    m_interruptibles.erase(object);
}

bool InterruptHub::wait(ThreadState& self, std::unique_lock<std::mutex>& lock, EngineCondition& condition,
                        std::optional<std::int64_t> deadline, const std::function<bool()>& done)
{
    park(self, &lock, &condition, deadline, [&] { return done() || unwindReason(self).has_value(); });
    throwIfUnwinding(self);
    return done();
}

void InterruptHub::park(ThreadState& self, std::unique_lock<std::mutex>* lock, EngineCondition* condition,
                        std::optional<std::int64_t> deadline, const std::function<bool()>& ready)
{
    for (;;) {
        if (ready() || unwindReason(self))
            return;
        if (deadline && m_clock.nowNs() >= *deadline)
            return;
        if (!self.deferred.empty()) {
            // Written before the wait and without the lock: the gate may hold them (then the condition is
            // tested again, since the lock was released meanwhile).
            if (lock != nullptr)
                lock->unlock();
            self.run.events().flushDeferred(self);
            if (lock != nullptr)
                lock->lock();
            continue;
        }
        if (condition != nullptr)
            condition->enqueue(self.slot);
        m_clock.block(self.slot, deadline);
        if (lock != nullptr)
            lock->unlock();
        self.slot.park();
        m_clock.resume(self.slot);
        if (lock != nullptr)
            lock->lock();
        if (condition != nullptr)
            condition->remove(self.slot);
    }
}

template <typename Block> void InterruptHub::yieldBy(ThreadState& self, Block block)
{
    if (!self.deferred.empty())
        self.run.events().flushDeferred(self);
    if (unwindReason(self))
        return;
    // A stop between the test and the block leaves its token: the park returns at once.
    if (!block())
        return;
    self.slot.park();
    m_clock.resume(self.slot);
}

void InterruptHub::yieldToOthers(ThreadState& self)
{
    yieldBy(self, [&] {
        m_clock.blockToYield(self.slot);
        return true;
    });
}

void InterruptHub::yieldToStarted(ThreadState& self, ThreadState& started)
{
    yieldBy(self, [&] {
        return m_clock.blockUntilGivenUp(self.slot, started.slot, [&started] { return started.ended.load(); });
    });
}

std::optional<std::int64_t> InterruptHub::deadlineAfter(std::optional<double> scenarioSeconds,
                                                        std::optional<std::int64_t> from) const
{
    if (!scenarioSeconds)
        return std::nullopt;
    return VirtualClock::deadline(from.value_or(m_clock.nowNs()), *scenarioSeconds);
}

} // namespace tl
