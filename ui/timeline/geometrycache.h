#pragma once

#include "timeline/lanegeometry.h"

#include <span>
#include <vector>

namespace tl::ui {

// The per-row draw lists, built on first use after a change of the parameters (range, plot x extent,
// open end) or of a row's data, and replayed by every paint and hit test until then.
//
// Invariant: an entry is valid only for the parameters it was built with; setParams() with different
// parameters drops every entry.
//
// Thread affinity: the thread that paints (the GUI thread for the widget; the caller for exports).
class GeometryCache {
public:
    void setParams(const GeometryParams& params);
    const GeometryParams& params() const { return m_params; }
    void invalidateAll();
    void invalidateLanes(std::span<const LaneId> lanes);

    const LaneGeometry& lane(const TraceStore& store, const TraceIndex& index, LaneId id, int rowHeight);
    const CounterGeometry& counter(const TraceStore& store, const TraceIndex& index, std::size_t queue, int rowHeight);

private:
    template <class G> struct Entry {
        bool valid = false;
        G geometry;
    };
    GeometryParams m_params;
    std::vector<Entry<LaneGeometry>> m_lanes;
    std::vector<Entry<CounterGeometry>> m_counters;
};

} // namespace tl::ui
