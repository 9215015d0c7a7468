#pragma once

#include "trace/event.h"

#include <cstdint>

// One event made by hand, for the tests of the layers that read events (the store, statistics, exports, panels).
namespace tl::test {

inline Event ev(std::int64_t ts, LaneId lane, EventKind kind, std::uint32_t a = 0, std::uint32_t b = 0,
                std::uint32_t c = 0, std::uint8_t flags = 0)
{
    return Event{ts, lane, 0, kind, flags, 0, a, b, c};
}

} // namespace tl::test
