#include "engine/interrupthub.h"

#include <sys/eventfd.h>
#include <unistd.h>

namespace tl {

InterruptHub::InterruptHub(const ScenarioClock& clock)
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

std::optional<ScenarioClock::Wall::time_point> InterruptHub::deadlineAfter(std::optional<double> scenarioSeconds) const
{
    if (!scenarioSeconds)
        return std::nullopt;
    return m_clock.deadline(ScenarioClock::Wall::now(), *scenarioSeconds > 0 ? *scenarioSeconds : 0.0);
}

} // namespace tl
