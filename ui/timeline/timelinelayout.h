#pragma once

#include "trace/tracestore.h"

#include <QFontMetrics>

#include <cstdint>
#include <vector>

namespace tl::ui {

// One horizontal row of the timeline: a thread lane or a queue's counter lane.
struct TimelineRow {
    enum class Kind { Thread, Counter } kind = Kind::Thread;
    std::uint32_t id = 0; // LaneId for threads, index into TraceStore::queues() for counters
    int top = 0;          // in content coordinates: 0 is the first row's top
    int height = 0;
};

// The vertical arrangement of rows and the width of the name column, for one store. Built once per
// change of the lane or queue count; what scrolls is an offset applied on top.
//
// Invariants: rows are in display order (threads in TraceStore::laneOrder(), then one counter row per
// queue), tops strictly increasing, contentHeight is the bottom of the last row.
struct TimelineLayout {
    static constexpr int kLaneHeight = 24;
    static constexpr int kCounterHeight = 44;
    static constexpr int kSectionGap = 8; // between the thread lanes and the counter lanes
    static constexpr int kRulerHeight = 30;
    static constexpr int kMinNameWidth = 110;
    static constexpr int kMaxNameWidth = 240;

    std::vector<TimelineRow> rows;
    std::vector<int> tops;      // rows[i].top, for rowAt()
    std::vector<int> rowOfLane; // lane id -> row index
    int contentHeight = 0;
    int nameWidth = kMinNameWidth;
    std::size_t laneCount = 0;
    std::size_t queueCount = 0;

    // Name widths by lane id (-1: not measured yet), kept by a caller that rebuilds the layout as lanes
    // arrive so that each name is measured once: measuring thousands of names on every new lane
    // stalled the window (bench_liveui). Valid for one store and one font.
    using NameWidths = std::vector<int>;
    static TimelineLayout build(const TraceStore& store, const QFontMetrics& metrics, NameWidths* cache = nullptr);
    // The row index at content y, or -1 (see rowAt() in timelinecoordinates.h).
    int rowAtContentY(int y) const;
    int rowIndexOfLane(LaneId lane) const;
    bool matches(const TraceStore& store) const
    {
        return laneCount == store.laneCount() && queueCount == store.queues().size();
    }
};

// The text shown for a lane in the name column and the daemon tag next to it.
QString laneDisplayName(const LaneInfo& lane);

} // namespace tl::ui
