#include "timeline/timelinelayout.h"

#include "timeline/timelinecoordinates.h"

#include <algorithm>

namespace tl::ui {

QString laneDisplayName(const LaneInfo& lane)
{
    if (!lane.name.isEmpty())
        return lane.name;
    return lane.id == 0 ? QStringLiteral("MainThread") : QStringLiteral("lane %1").arg(lane.id);
}

TimelineLayout TimelineLayout::build(const TraceStore& store, const QFontMetrics& metrics, NameWidths* cache)
{
    NameWidths local;
    NameWidths& widths = cache ? *cache : local;
    widths.resize(store.laneCount(), -1);
    TimelineLayout layout;
    layout.laneCount = store.laneCount();
    layout.queueCount = store.queues().size();
    layout.rowOfLane.assign(store.laneCount(), -1);
    int widest = 0;
    int y = 0;
    const int daemonTag = metrics.horizontalAdvance(QStringLiteral("daemon")) + 12;
    for (LaneId id : store.laneOrder()) {
        const LaneInfo& lane = store.lane(id);
        layout.rowOfLane[id] = static_cast<int>(layout.rows.size());
        layout.rows.push_back({TimelineRow::Kind::Thread, id, y, kLaneHeight});
        y += kLaneHeight;
        if (widths[id] < 0)
            widths[id] = metrics.horizontalAdvance(laneDisplayName(lane));
        widest = std::max(widest, widths[id] + (lane.daemon ? daemonTag : 0));
    }
    if (!store.queues().empty())
        y += kSectionGap;
    for (std::size_t q = 0; q < store.queues().size(); ++q) {
        layout.rows.push_back({TimelineRow::Kind::Counter, static_cast<std::uint32_t>(q), y, kCounterHeight});
        y += kCounterHeight;
        widest = std::max(widest, metrics.horizontalAdvance(store.queues()[q].name + QStringLiteral(" depth")));
    }
    layout.contentHeight = y;
    layout.nameWidth = std::clamp(widest + 20, kMinNameWidth, kMaxNameWidth);
    layout.tops.reserve(layout.rows.size());
    for (const TimelineRow& row : layout.rows)
        layout.tops.push_back(row.top);
    return layout;
}

int TimelineLayout::rowAtContentY(int y) const
{
    const int row = rowAt(y, tops, contentHeight);
    // The gap before the counter section belongs to no row.
    if (row >= 0 && y >= rows[static_cast<std::size_t>(row)].top + rows[static_cast<std::size_t>(row)].height)
        return -1;
    return row;
}

int TimelineLayout::rowIndexOfLane(LaneId lane) const
{
    return lane < rowOfLane.size() ? rowOfLane[lane] : -1;
}

} // namespace tl::ui
