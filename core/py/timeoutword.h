#pragma once

#include "trace/event.h"

#include <algorithm>
#include <cstdint>
#include <optional>

namespace tl {

// A timeout as a begin event carries it (a join's, an acquire's, a wait's): scenario milliseconds, held
// below kNoValue, which says there is none. The tracer's timing.scenario_ms follows the same rule.
inline std::uint32_t timeoutWord(std::optional<double> seconds)
{
    return seconds ? static_cast<std::uint32_t>(std::clamp(*seconds * 1000.0, 0.0, 4.0e9)) : kNoValue;
}

} // namespace tl
