#pragma once

#include "trace/tracestore.h"

#include <QString>

namespace tl {

// The names of the lane states, from one table so the legend, the timeline's tooltips and the details
// panel never disagree. Each state has a short label and a learner's description; "unknown" for a value
// outside LaneState. Pure functions.

// The short name for the legend and the timeline: "running", "blocked in get", "queue.join", ...
QString stateLabel(LaneState state);
// The state as a learner reads it: "running", "blocked in get", "waiting in queue.join", ...
QString stateDescription(LaneState state);

} // namespace tl
