#pragma once

namespace tl {

// The limits of a run's speed factor, one pair for the command line, the window and the engine.
inline constexpr double kMinSpeed = 0.1;
inline constexpr double kMaxSpeed = 1000.0;

} // namespace tl
