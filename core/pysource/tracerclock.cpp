#include "pysource/tracerclock.h"

#include <algorithm>
#include <chrono>

namespace tl {

std::int64_t TracerClock::monotonicNowNs()
{
    // steady_clock is CLOCK_MONOTONIC on Linux, as the tracer's time.monotonic_ns() is.
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::int64_t TracerClock::at(std::int64_t monotonicNs) const
{
    const std::int64_t elapsed = std::max(monotonicNs, m_since) - m_since;
    if (m_rate == 1.0)
        return m_base + elapsed; // exact, as the tracer's own clock is at rate 1
    return m_base + static_cast<std::int64_t>(static_cast<double>(elapsed) * m_rate);
}

void TracerClock::pause(std::int64_t monotonicNs)
{
    if (m_paused)
        return;
    rebase(monotonicNs, 0.0);
    m_paused = true;
}

void TracerClock::resume(std::int64_t monotonicNs)
{
    if (!m_paused)
        return;
    rebase(monotonicNs, runningRate());
    m_paused = false;
}

void TracerClock::setSpeed(std::int64_t monotonicNs, double speed)
{
    m_speed = speed;
    if (!m_paused)
        rebase(monotonicNs, runningRate());
}

void TracerClock::rebase(std::int64_t monotonicNs, double rate)
{
    m_base = at(monotonicNs);
    m_since = std::max(monotonicNs, m_since);
    m_rate = rate;
}

} // namespace tl
