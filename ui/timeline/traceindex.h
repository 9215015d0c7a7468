#pragma once

#include "trace/tracestore.h"

#include <cstdint>
#include <span>
#include <vector>

namespace tl::ui {

// Lookup tables over one lane of a TraceStore, so the painter can cull by binary search instead of
// walking every span or event. Spans of the same depth never overlap (spans nest properly), so each
// per-depth list is sorted by begin and by end alike: the first visible span at a depth is one
// lower_bound on end. Markers are the ids of the lane's events drawn as markers (isMarkerKind), in the
// lane's (ts, id) order.
//
// Invariants: after rebuild(lane) or update(lane), byDepth(d) holds exactly the indexes of lane.spans at
// depth d in ascending order and markers() the marker events. update() only appends, which is right
// unless the store says the lane was rebuilt (StoreChange::rebuiltLanes): then rebuild().
//
// Thread affinity: the thread that owns the store.
class LaneIndex {
public:
    void rebuild(const TraceStore& store, const LaneInfo& lane);
    void update(const TraceStore& store, const LaneInfo& lane);
    int depthCount() const { return static_cast<int>(m_byDepth.size()); }
    std::span<const std::uint32_t> byDepth(int depth) const { return m_byDepth[static_cast<std::size_t>(depth)]; }
    std::span<const EventId> markers() const { return m_markers; }
    // The events that get a callout on the timeline (calloutOf), in the lane's order: the program's prints apart,
    // as a program may print millions of lines and the timeline tells them only where they are sparse.
    std::span<const EventId> callouts() const { return m_callouts; }
    std::span<const EventId> prints() const { return m_prints; }
    // The lane's deadlock events (few: one per cycle it is in), in the lane's order.
    std::span<const EventId> deadlocks() const { return m_deadlocks; }
    bool hasOpenSpans() const { return m_hasOpen; }

private:
    std::vector<std::vector<std::uint32_t>> m_byDepth;
    std::vector<EventId> m_markers;
    std::vector<EventId> m_callouts;
    std::vector<EventId> m_prints;
    std::vector<EventId> m_deadlocks;
    std::size_t m_spans = 0;
    std::size_t m_events = 0;
    bool m_hasOpen = false;
};

// The whole store's lookup tables: one LaneIndex per lane and the flows ordered by their start (with the
// longest flow's duration, so flows that cross the visible window from an earlier start are still found).
// It follows the store through the StoreChange of each append: only the lanes that changed are updated.
//
// Thread affinity: the thread that owns the store.
class TraceIndex {
public:
    // Indexes `store` from scratch.
    void reset(const TraceStore& store);
    // Brings the index up to date after the append that reported `change`.
    void apply(const TraceStore& store, const StoreChange& change);
    void clear();

    const LaneIndex& lane(LaneId id) const { return m_lanes[id]; }
    std::size_t laneCount() const { return m_lanes.size(); }
    // Indexes into store.flows() of the flows that may touch [from, to), in start order.
    std::vector<std::uint32_t> flowsIn(const TraceStore& store, std::int64_t from, std::int64_t to) const;

private:
    void addFlows(const TraceStore& store);

    std::vector<LaneIndex> m_lanes;
    std::vector<std::uint32_t> m_flowsByStart;
    std::int64_t m_longestFlow = 0;
};

} // namespace tl::ui
