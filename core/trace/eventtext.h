#pragma once

#include "trace/event.h"
#include "trace/statenames.h"
#include "trace/tracestore.h"

#include <QString>

#include <cstdint>

namespace tl {

// Words for events, states and times, shared by the event list, the console, the details panel and the
// status bar, so that one thing is always called the same (state names: statenames.h). Pure functions of
// their arguments.

// Scenario time as the event list shows it: seconds with microsecond digits ("1.250000 s").
QString formatTimestamp(std::int64_t ns);
// A duration in the unit that reads best: "850 ns", "12.5 µs", "3.20 ms", "1.250 s".
QString formatDuration(std::int64_t ns);
// The event's short name as the event list and the Chrome export call it ("put", "join-begin", ...).
QString eventName(EventKind kind);
// What an event says beyond its kind, with names resolved through the store ("item 7 -> jobs, depth 3").
QString eventDetails(const TraceStore& store, const Event& event);
// A lane's display name; daemon threads are marked.
QString laneLabel(const TraceStore& store, LaneId lane);

} // namespace tl
