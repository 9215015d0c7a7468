#pragma once

#include "timeline/lanegeometry.h"

#include <functional>
#include <vector>

namespace tl::ui {

struct LaneGroup;

// The summary row of a group of lanes: per pixel column, how many of its threads are in each state, drawn
// as stacked bars (the bottom is the whole group; a column where few threads are alive is mostly empty).
// Adjacent columns with the same stack merge into one rectangle per state, so a long quiet stretch costs
// one rectangle, not one per pixel.
struct GroupGeometry {
    struct Bar {
        QRectF rect; // row-local
        LaneState state = LaneState::Running;
    };
    std::vector<Bar> bars;
    std::uint32_t members = 0;
    // The state counts in each column (for the tooltip): counts[column * kStates + state].
    std::vector<std::uint32_t> counts;
    int columns = 0;
    static constexpr int kStates = static_cast<int>(LaneState::Count_);
};

// Builds the summary of `group` from its members' lane geometry (`laneGeometry(id)`, built or cached by
// the caller, so an expanded group's lanes and its summary share it): each column takes the state drawn
// last (innermost) in it on each member lane.
GroupGeometry buildGroupGeometry(const LaneGroup& group, const std::function<const LaneGeometry&(LaneId)>& laneGeometry,
                                 const GeometryParams& params, int rowHeight);

} // namespace tl::ui
