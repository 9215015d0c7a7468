#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace tl {

// Scenario time: wall time since the run's zero multiplied by the speed factor. At speed 20 a
// `sleep(10)` waits 0.5 s of wall time and the trace shows 10 s. The zero is the construction until
// zeroNow() moves it to the moment the scenario's main thread begins: Python's main thread exists
// before the program's first line, so the OS thread start that precedes it here (0.3-3 ms, most of
// the picture of a 1 ms lesson) is no part of the lesson. Any thread may read it: the zero is atomic
// and the speed immutable.
class ScenarioClock {
public:
    using Wall = std::chrono::steady_clock;

    explicit ScenarioClock(double speed = 1.0)
        : m_start(Wall::now().time_since_epoch().count())
        , m_speed(speed > 0 ? speed : 1.0)
    {
    }

    // Makes now scenario time 0. Call before the run's first event: earlier timestamps would be negative.
    void zeroNow() { m_start.store(Wall::now().time_since_epoch().count(), std::memory_order_release); }

    double speed() const { return m_speed; }

    std::int64_t nowNs() const { return toScenarioNs(Wall::now()); }

    std::int64_t toScenarioNs(Wall::time_point t) const
    {
        const Wall::time_point start{Wall::duration(m_start.load(std::memory_order_acquire))};
        const auto wallNs = std::chrono::duration_cast<std::chrono::nanoseconds>(t - start).count();
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
    std::atomic<Wall::rep> m_start;
    const double m_speed;
};

} // namespace tl
