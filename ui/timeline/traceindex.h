#pragma once

#include "trace/tracestore.h"

#include <cstdint>
#include <span>
#include <vector>

namespace tl::ui {

// Lookup tables over one lane of a TraceStore, so the painter can cull by binary search instead of
// walking every span or event. Spans of the same depth never overlap (spans nest properly), so each
// per-depth list is sorted by begin and by end alike: the first visible span at a depth is one
// lower_bound on end. Markers are the lane's instant events (see isMarkerKind), sorted by ts.
//
// Invariants: after sync(lane), byDepth(d) holds exactly the indexes of lane.spans at depth d in
// ascending order and markers() the indexes of marker events. sync() is incremental while the store
// only appends, and rebuilds when it detects an out-of-order insertion.
//
// Thread affinity: the thread that owns the store.
class LaneIndex {
public:
    void sync(const LaneInfo& lane);
    int depthCount() const { return static_cast<int>(m_byDepth.size()); }
    std::span<const std::uint32_t> byDepth(int depth) const { return m_byDepth[static_cast<std::size_t>(depth)]; }
    std::span<const std::uint32_t> markers() const { return m_markers; }
    bool hasOpenSpans() const { return m_hasOpen; }

private:
    void rebuild(const LaneInfo& lane);
    std::vector<std::vector<std::uint32_t>> m_byDepth;
    std::vector<std::uint32_t> m_markers;
    std::size_t m_spans = 0;
    std::size_t m_events = 0;
    Span m_lastSpan;   // the last indexed span's begin/depth/state, to detect a rebuilt span list
    Event m_lastEvent; // the last indexed event, to detect an insertion before it
    bool m_hasOpen = false;
};

// The whole store's lookup tables: one LaneIndex per lane, each queue's largest depth, and the flows
// ordered by their start (with the longest flow's duration, so flows that cross the visible window
// from an earlier start are still found).
//
// Thread affinity: the thread that owns the store.
class TraceIndex {
public:
    // Brings the index up to date; returns the lanes whose events changed since the last sync.
    std::vector<LaneId> sync(const TraceStore& store);
    void clear();

    const LaneIndex& lane(LaneId id) const { return m_lanes[id]; }
    std::size_t laneCount() const { return m_lanes.size(); }
    std::uint32_t queueMaxDepth(std::size_t queueIndex) const;
    // Indexes into store.flows() of the flows that may touch [from, to), in start order.
    std::vector<std::uint32_t> flowsIn(const TraceStore& store, std::int64_t from, std::int64_t to) const;

private:
    std::vector<LaneIndex> m_lanes;
    std::vector<std::size_t> m_laneEvents;
    std::vector<std::uint32_t> m_queueMax;
    std::vector<std::size_t> m_queuePoints;
    std::vector<std::uint32_t> m_flowsByStart;
    std::int64_t m_longestFlow = 0;
};

} // namespace tl::ui
