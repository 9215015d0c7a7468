#pragma once

#include <limits>

namespace tl {

// The limits of a run's speed factor, one pair for the command line, the window and the engine.
inline constexpr double kMinSpeed = 0.1;
inline constexpr double kMaxSpeed = 1000.0;

// RunOptions::speed and VirtualClock::setSpeed() for "as fast as possible": a jump of D scenario seconds
// takes D / speed = 0 wall seconds.
inline constexpr double kSpeedMax = std::numeric_limits<double>::infinity();

} // namespace tl
