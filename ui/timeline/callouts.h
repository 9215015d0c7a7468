#pragma once

#include "timeline/lanegeometry.h"

#include <span>

namespace tl::ui {

// Lays out the callouts of one lane: the events in `ids` (those with a calloutOf(), in time order) that
// fall in the visible range get a box with their words, next to their point, in the row's band. A box
// goes right of its event, or left when the right has no room (the plot's end, the next box); it is
// shortened to the room there is, and left out below kMinCalloutWidth, so boxes never overlap, no box
// stands between another and its point (the leader would cross its words), and the words stay readable at
// any zoom. What went wrong (an exception, a deadlock, a stall, a broken barrier) is
// placed first, the other callouts in the room left. A band's words that the lane shows once are kept clear where
// the box fits beside them; only what went wrong may cover them, and they move along their band out of its way.
// Needs params.labelMetrics (no metrics: no callouts).
// `prints`: the lane's prints (in time order too), told in the room the others leave, whole, where they are no more
// than kMaxPrintsPerPixel to a pixel in view.
void addCallouts(LaneGeometry& g, const TraceStore& store, const LaneInfo& lane, std::span<const EventId> ids,
                 std::span<const EventId> prints, const GeometryParams& p, int rowHeight);

inline constexpr double kMinCalloutWidth = 48;
inline constexpr double kMaxPrintsPerPixel = 2;

} // namespace tl::ui
