#pragma once

#include <chrono>
#include <cstdint>

namespace tl {

// Scenario time: wall time since the run's start multiplied by the speed factor. At speed 20 a
// `sleep(10)` waits 0.5 s of wall time and the trace shows 10 s. Immutable after construction, so any
// thread may read it.
class ScenarioClock {
public:
    using Wall = std::chrono::steady_clock;

    explicit ScenarioClock(double speed = 1.0)
        : m_start(Wall::now())
        , m_speed(speed > 0 ? speed : 1.0)
    {
    }

    double speed() const { return m_speed; }

    std::int64_t nowNs() const { return toScenarioNs(Wall::now()); }

    std::int64_t toScenarioNs(Wall::time_point t) const
    {
        const auto wallNs = std::chrono::duration_cast<std::chrono::nanoseconds>(t - m_start).count();
        return m_speed == 1.0 ? wallNs : static_cast<std::int64_t>(static_cast<double>(wallNs) * m_speed);
    }

    // The wall-clock instant at which `scenarioSeconds` of scenario time will have passed from `from`.
    Wall::time_point deadline(Wall::time_point from, double scenarioSeconds) const
    {
        const double wallSeconds = scenarioSeconds / m_speed;
        // Saturate: Python accepts timeouts up to threading.TIMEOUT_MAX (~292 years' worth).
        constexpr double kMaxSeconds = 1.0e9;
        const auto ns = std::chrono::nanoseconds(
            static_cast<std::int64_t>((wallSeconds < kMaxSeconds ? wallSeconds : kMaxSeconds) * 1e9));
        return from + std::chrono::duration_cast<Wall::duration>(ns);
    }

private:
    const Wall::time_point m_start;
    const double m_speed;
};

}  // namespace tl
