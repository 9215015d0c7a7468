#pragma once

#include "timeline/counterrows.h"
#include "trace/tracestore.h"

#include <QFontMetrics>
#include <QString>

#include <algorithm>

#include <cstdint>
#include <vector>

namespace tl::ui {

class LaneArrangement;

// What an export keeps of the arrangement: the lane height it draws at (0: the arrangement's) and, when
// `lanes` is not empty, only the lanes it marks (by lane id; the others count as hidden) and the queues'
// counter rows only when `queues` is set.
struct LayoutOverrides {
    int laneHeight = 0;
    std::vector<bool> lanes;
    bool queues = true;
    // The name column at least this wide: two runs compared share one, so that one moment is at one x.
    int minNameWidth = 0;
};

// One horizontal row of the timeline: a thread lane, a queue's counter lane, or a group of lanes that play
// one role (a summary of how many of them are in each state, with its members below unless collapsed).
struct TimelineRow {
    enum class Kind { Thread, Counter, Group } kind = Kind::Thread;
    std::uint32_t id = 0; // LaneId for threads, index into TraceStore::queues() for counters, into groups
    int top = 0;          // content y: pinned rows in [0, pinnedHeight), the rest from pinnedHeight on
    int height = 0;
    bool pinned = false; // stays in view at the top while the other rows scroll
    int sliceLevels = 0; // a thread's: the depths its slices of another tool span (LaneInfo::sliceLevels())
};

// Lanes that play one role: an executor's workers ("ThreadPoolExecutor-0"), or the threads of one target
// function ("client"). Only roles with kMinGroupSize lanes or more form a group.
struct LaneGroup {
    QString role;
    std::vector<LaneId> lanes; // in display order
    bool collapsed = false;
};

// The vertical arrangement of the rows of one store and the width of the name column. Built once per
// change of lanes, queues or arrangement; what scrolls is an offset applied to the unpinned rows.
//
// Invariants: rows are in display order: the pinned section (MainThread and other pinned lanes in lane
// order, then the queues' counter rows), then the others in TraceStore::laneOrder() with each group's row
// where its first member would be and its members after it; tops strictly increase; pinnedHeight is the
// bottom of the pinned section; contentHeight is the bottom of the last row. rowOfLane[lane] is the lane's
// row, its group's row when the group is collapsed, or -1 when it is hidden or filtered out.
struct TimelineLayout {
    static constexpr int kRulerHeight = 30;
    static constexpr int kSectionGap = 6; // under the pinned section
    static constexpr int kMinNameWidth = 110;
    static constexpr int kMaxNameWidth = 260; // at the usual font; more for a larger one (maxNameWidth)
    static constexpr int kMinGroupSize = 4;

    std::vector<TimelineRow> rows;
    std::vector<int> tops;      // rows[i].top, for rowAtContentY()
    std::vector<int> rowOfLane; // lane id -> row index, or -1
    std::vector<LaneGroup> groups;
    std::vector<int> groupOfLane; // lane id -> index into groups, or -1
    int pinnedHeight = 0;
    int contentHeight = 0;
    int nameWidth = kMinNameWidth;        // what the column is drawn at
    int naturalNameWidth = kMinNameWidth; // what this run's names need, before LayoutOverrides::minNameWidth
    int laneHeight = 24;
    std::size_t laneCount = 0;
    std::size_t queueCount = 0;

    // Name widths by lane id (-1: not measured yet), kept by a caller that rebuilds the layout as lanes
    // arrive so that each name is measured once: measuring thousands of names on every new lane
    // stalled the window (bench_liveui). Valid for one store and one font.
    using NameWidths = std::vector<int>;
    // metrics: of the bold font a selected lane's name is drawn in, so that no name is cut as it is selected.
    // The name column's widest: kMaxNameWidth, or 32 letters of a larger font (presentation's), whose names it cut.
    static int maxNameWidth(const QFontMetrics& metrics);
    static TimelineLayout build(const TraceStore& store, const LaneArrangement& arrangement,
                                const QFontMetrics& metrics, NameWidths* cache = nullptr,
                                const LayoutOverrides& overrides = {});
    // The lanes and queues of the rows at least partly inside `height` pixels of the plot scrolled by
    // `scroll`: every pinned row, then the scrolling rows in view (a group's row brings its members).
    LayoutOverrides rowsInView(int scroll, int height) const;

    static int counterHeight(int laneHeight) { return std::max(36, laneHeight * 9 / 5); }
    // A thread's row: one lane height, and a strip more for each depth its nested slices of another tool reach
    // past the first (a flame chart: a profiler's calls, a row per depth), up to kMaxSliceLevels strips.
    static constexpr int kMaxSliceLevels = 32;
    static int sliceLevelHeight(int laneHeight) { return std::max(12, laneHeight * 2 / 3 + 1); }
    static int threadHeight(int laneHeight, int sliceLevels)
    {
        return laneHeight + (std::clamp(sliceLevels, 1, kMaxSliceLevels) - 1) * sliceLevelHeight(laneHeight);
    }
    static int groupHeight(int laneHeight) { return std::max(28, laneHeight * 2); }

    // The tallest lane height in [minimum, maximum] at which these rows fit in `available` pixels (each row
    // kind scales with the lane height its own way); `minimum` when even that does not fit.
    int fittingLaneHeight(int available, int minimum, int maximum) const;
    // The content height these rows would have at lane height `laneHeight`.
    int contentHeightAt(int laneHeight) const;

    // The row index at content y, or -1 (see rowAt() in timelinecoordinates.h).
    int rowAtContentY(int y) const;
    // The row showing `lane` (its group's row when collapsed), or -1.
    int rowIndexOfLane(LaneId lane) const;
    bool matches(const TraceStore& store) const
    {
        return laneCount == store.laneCount() && queueCount == counterRowCount(store);
    }
};

// The text shown for a lane in the name column: in a trace of several processes, after its process's name.
QString laneDisplayName(const TraceStore& store, const LaneInfo& lane);
// The role a lane plays, for grouping: an executor's workers by their name prefix ("ThreadPoolExecutor-0"
// for "ThreadPoolExecutor-0_3"), other threads by their target function; empty for MainThread and threads
// without a target.
QString laneRole(const LaneInfo& lane);

} // namespace tl::ui
