#pragma once

#include <cstdint>

namespace tl {

// Threadline's copy of the tracer's clock (resources/python/_threadline_tracer/control.py). That clock
// runs at speed / startSpeed against CLOCK_MONOTONIC and stands still while paused, so a reading of it,
// less the hello's clock zero and times the starting speed, is scenario time, as the stream's
// timestamps are. This copy follows the commands Threadline sends; the tracer applies each a few
// milliseconds later (it polls its control socket), so the two agree to within that, which is all that
// nowTs() (the live edge of the picture) and the moment of a stop need.
//
// Only the current segment is kept: at() is meant for moments since the last change; earlier ones
// read as the segment's start.
class TracerClock {
public:
    explicit TracerClock(double startSpeed)
        : m_startSpeed(startSpeed)
        , m_speed(startSpeed)
    {
    }

    // CLOCK_MONOTONIC now, the time the tracer's clock runs against.
    static std::int64_t monotonicNowNs();

    // The clock's reading at a CLOCK_MONOTONIC moment. Before any change it is that moment itself.
    std::int64_t at(std::int64_t monotonicNs) const;

    void pause(std::int64_t monotonicNs);
    void resume(std::int64_t monotonicNs);
    // From `monotonicNs` on, the clock runs at speed / startSpeed (once resumed, if paused).
    void setSpeed(std::int64_t monotonicNs, double speed);

    bool paused() const { return m_paused; }
    double speed() const { return m_speed; }

private:
    void rebase(std::int64_t monotonicNs, double rate);
    double runningRate() const { return m_speed / m_startSpeed; }

    double m_startSpeed;
    double m_speed;
    bool m_paused = false;
    std::int64_t m_since = 0; // monotonic ns at the current segment's start
    std::int64_t m_base = 0;  // the clock's reading then
    double m_rate = 1.0;      // clock ns per monotonic ns in this segment; 0 while paused
};

} // namespace tl
