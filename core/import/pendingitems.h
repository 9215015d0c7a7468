#pragma once

#include "trace/event.h"
#include "trace/tracestore.h"

#include <cstdint>

namespace tl::import {

// A span read from a file before its lane is put in order: the event that opens it (its ts is the span's
// begin) and the kind that closes it. `order` is the file position that breaks ties.
struct PendingSpan {
    Event open;
    std::int64_t end = kOpenEnd; // kOpenEnd: never closed in the file ("unfinished", or a B with no E)
    EventKind closeKind = EventKind::Count_;
    std::uint8_t closeFlags = 0; // flags a synthesised close carries (a timed-out wait)
    // What the span's args say of its close, read by the close kind's schema: the words of roles its opening has
    // not (a socket call's bytes), and its line, the span's (a sleep ends on the line it began on).
    Event close{};
    std::uint8_t closeOwnWords = 0; // bit i: word i of `close` is its own ("end_<key>"), not the opening's
    std::uint64_t order = 0;
};

// Any other event read from a file (an instant, a counter value, an arrow's end, a name), with its file
// position for ties.
struct PendingPoint {
    Event event;
    std::uint64_t order = 0;
};

} // namespace tl::import
