#pragma once

#include "trace/tracestore.h"

#include <cstdint>
#include <span>

namespace tl {

// Lookups into one lane's events (sorted by ts, see TraceStore), shared by the exports and the views so
// that both name the same event for a span. Pure functions; the store's owner thread.

// The lane's events at exactly `ts`, in store order; empty if there are none.
std::span<const Event> eventsAt(const LaneInfo& lane, std::int64_t ts);
// The event kind that opens a span of `state` (a socket state: SocketBegin).
EventKind openingKind(LaneState state);
// The event that opened `span` (same ts, its opening kind): its listing line and details. nullptr if the
// lane does not hold it, as when a lossy run dropped it.
const Event* openingEvent(const LaneInfo& lane, const Span& span);

} // namespace tl
