#pragma once

#include "timeline/groupgeometry.h"
#include "timeline/lanegeometry.h"

#include <cstddef>
#include <span>
#include <vector>

namespace tl::ui {

// The per-row draw lists, built on first use after a change of the parameters or of a row's data, and
// replayed by every paint and hit test until then.
//
// Invariant: an entry is valid only for the store data and parameters it was built with. A change of the
// range, the plot's x extent or the label font drops every entry; a change of the open end ("now", where
// open spans end) drops only the entries that had open spans when built; a store change drops the lanes
// it names. So while a run is live and the view holds still, a lane that did not change is not rebuilt.
//
// Thread affinity: the thread that paints (the GUI thread for the widget; the caller for exports).
class GeometryCache {
public:
    void setParams(const GeometryParams& params);
    const GeometryParams& params() const { return m_params; }
    void invalidateAll();
    void invalidateLanes(std::span<const LaneId> lanes);
    void invalidateCounters();
    void invalidateGroups() { m_groups.clear(); }

    const LaneGeometry& lane(const TraceStore& store, const TraceIndex& index, LaneId id, int rowHeight);
    const CounterGeometry& counter(const TraceStore& store, std::size_t queue, int rowHeight);
    // The summary of group `index` of the layout, from its members' lane geometry at `laneHeight` (shared
    // with their rows when the group is open). Summaries are rebuilt whenever any lane or "now" changes:
    // they are few, and a member's change is cheap to find again this way.
    const GroupGeometry& group(const TraceStore& store, const TraceIndex& index, const LaneGroup& group,
                               std::size_t groupIndex, int laneHeight, int rowHeight);

    // Lane draw lists built since construction: what a test counts to see that only changed lanes are.
    std::size_t laneBuilds() const { return m_laneBuilds; }

private:
    template <class G> struct Entry {
        bool valid = false;
        bool usesOpenEnd = false; // built with open spans, which end at params().openEnd
        int rowHeight = 0;
        G geometry;
    };
    GeometryParams m_params;
    std::vector<Entry<LaneGeometry>> m_lanes;
    std::vector<Entry<CounterGeometry>> m_counters;
    std::vector<Entry<GroupGeometry>> m_groups;
    std::size_t m_laneBuilds = 0;
};

} // namespace tl::ui
