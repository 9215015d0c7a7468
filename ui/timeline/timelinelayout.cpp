#include "timeline/timelinelayout.h"

#include "timeline/lanearrangement.h"
#include "timeline/timelinecoordinates.h"

#include <QHash>

#include <algorithm>

namespace tl::ui {

namespace {

// Builds the rows into `layout` row by row, measuring the names it shows.
class RowBuilder {
public:
    RowBuilder(const TraceStore& store, TimelineLayout& layout, const QFontMetrics& metrics,
               TimelineLayout::NameWidths& widths)
        : m_store(store)
        , m_layout(layout)
        , m_metrics(metrics)
        , m_widths(widths)
        , m_daemonTag(metrics.horizontalAdvance(QStringLiteral("daemon")) + 12)
    {
    }

    void lane(const LaneInfo& lane, bool pinned)
    {
        m_layout.rowOfLane[lane.id] = static_cast<int>(m_layout.rows.size());
        add(TimelineRow::Kind::Thread, lane.id, TimelineLayout::threadHeight(m_layout.laneHeight, lane.sliceLevels()),
            pinned);
        m_layout.rows.back().sliceLevels = lane.sliceLevels();
        if (m_widths[lane.id] < 0)
            m_widths[lane.id] = m_metrics.horizontalAdvance(laneDisplayName(m_store, lane));
        m_widest = std::max(m_widest, m_widths[lane.id] + (lane.daemon ? m_daemonTag : 0));
    }

    void counter(std::size_t index, const CounterRowSource& source, bool pinned)
    {
        add(TimelineRow::Kind::Counter, static_cast<std::uint32_t>(index),
            TimelineLayout::counterHeight(m_layout.laneHeight), pinned);
        measure(source.measure);
    }

    void group(std::size_t index)
    {
        const LaneGroup& g = m_layout.groups[index];
        const int row = static_cast<int>(m_layout.rows.size());
        add(TimelineRow::Kind::Group, static_cast<std::uint32_t>(index),
            TimelineLayout::groupHeight(m_layout.laneHeight), false);
        if (g.collapsed) {
            for (LaneId member : g.lanes)
                m_layout.rowOfLane[member] = row;
        }
        measure(QStringLiteral("▸ %1 ×%2").arg(g.role).arg(g.lanes.size()));
    }

    void endPinnedSection()
    {
        if (m_y > 0)
            m_y += TimelineLayout::kSectionGap;
        m_layout.pinnedHeight = m_y;
    }

    void finish()
    {
        m_layout.contentHeight = m_y;
        m_layout.nameWidth =
            std::clamp(m_widest + 20, TimelineLayout::kMinNameWidth, TimelineLayout::maxNameWidth(m_metrics));
        m_layout.tops.reserve(m_layout.rows.size());
        for (const TimelineRow& row : m_layout.rows)
            m_layout.tops.push_back(row.top);
    }

private:
    void add(TimelineRow::Kind kind, std::uint32_t id, int height, bool pinned)
    {
        m_layout.rows.push_back({kind, id, m_y, height, pinned});
        m_y += height;
    }
    void measure(const QString& text) { m_widest = std::max(m_widest, m_metrics.horizontalAdvance(text)); }

    const TraceStore& m_store;
    TimelineLayout& m_layout;
    const QFontMetrics& m_metrics;
    TimelineLayout::NameWidths& m_widths;
    const int m_daemonTag;
    int m_widest = 0;
    int m_y = 0;
};

// The groups of the lanes in `order`: each role with kMinGroupSize lanes or more.
std::vector<LaneGroup> groupLanes(const TraceStore& store, const std::vector<LaneId>& order)
{
    QHash<QString, std::size_t> index;
    std::vector<LaneGroup> all;
    for (LaneId id : order) {
        const QString role = laneRole(store.lane(id));
        if (role.isEmpty())
            continue;
        auto it = index.constFind(role);
        if (it == index.cend()) {
            it = index.insert(role, all.size());
            all.push_back({role, {}, false});
        }
        all[*it].lanes.push_back(id);
    }
    std::vector<LaneGroup> groups;
    for (LaneGroup& g : all) {
        if (g.lanes.size() >= TimelineLayout::kMinGroupSize)
            groups.push_back(std::move(g));
    }
    return groups;
}

bool nameMatches(const TraceStore& store, const LaneInfo& lane, const QString& filter)
{
    return filter.isEmpty() || laneDisplayName(store, lane).contains(filter, Qt::CaseInsensitive);
}

} // namespace

QString laneDisplayName(const TraceStore& store, const LaneInfo& lane)
{
    const QString name = !lane.name.isEmpty() ? lane.name
                         : lane.id == 0       ? QStringLiteral("MainThread")
                                              : QStringLiteral("lane-%1").arg(lane.id);
    return store.inProcess(lane.id, name);
}

QString laneRole(const LaneInfo& lane)
{
    if (lane.id == 0)
        return {};
    if (lane.target == QLatin1String("_worker")) {
        const qsizetype underscore = lane.name.lastIndexOf(QLatin1Char('_'));
        return underscore > 0 ? lane.name.left(underscore) : lane.name;
    }
    return lane.target;
}

int TimelineLayout::maxNameWidth(const QFontMetrics& metrics)
{
    return std::max(kMaxNameWidth, metrics.horizontalAdvance(QString(32, QLatin1Char('x'))));
}

TimelineLayout TimelineLayout::build(const TraceStore& store, const LaneArrangement& arrangement,
                                     const QFontMetrics& metrics, NameWidths* cache, const LayoutOverrides& overrides)
{
    NameWidths local;
    NameWidths& widths = cache ? *cache : local;
    widths.resize(store.laneCount(), -1);
    TimelineLayout layout;
    layout.laneHeight = overrides.laneHeight > 0 ? overrides.laneHeight : arrangement.laneHeight();
    layout.laneCount = store.laneCount();
    layout.queueCount = counterRowCount(store);
    layout.rowOfLane.assign(store.laneCount(), -1);
    layout.groupOfLane.assign(store.laneCount(), -1);
    const std::vector<LaneId> order = store.laneOrder();
    const QString& filter = arrangement.filter();
    RowBuilder rows(store, layout, metrics, widths);
    const auto hidden = [&](LaneId id) {
        return arrangement.isHidden(id) ||
               (!overrides.lanes.empty() && (id >= overrides.lanes.size() || !overrides.lanes[id]));
    };

    // The pinned section: pinned lanes in lane order, then the queues and semaphores.
    for (LaneId id : order) {
        if (arrangement.isPinned(id) && !hidden(id))
            rows.lane(store.lane(id), true);
    }
    const bool counters = overrides.lanes.empty() || overrides.queues;
    const std::size_t pinnedCounters = pinnedCounterRowCount(store);
    for (std::size_t c = 0; c < pinnedCounters && counters; ++c)
        rows.counter(c, counterRowSource(store, c), true);
    rows.endPinnedSection();

    // The rest: each group at its first member's place, its members after it unless collapsed.
    std::vector<LaneId> rest;
    for (LaneId id : order) {
        // A lane with nothing to draw (a counter's owner) has no row; its counter has its own after the lanes.
        const LaneInfo& lane = store.lane(id);
        if (!arrangement.isPinned(id) && !hidden(id) && lane.drawsAnything() && nameMatches(store, lane, filter))
            rest.push_back(id);
    }
    layout.groups = groupLanes(store, rest);
    for (std::size_t g = 0; g < layout.groups.size(); ++g) {
        LaneGroup& group = layout.groups[g];
        // A filter opens the groups it finds lanes in: the point of searching is to see them.
        group.collapsed =
            filter.isEmpty() && arrangement.isGroupCollapsed(group.role, static_cast<int>(group.lanes.size()));
        for (LaneId id : group.lanes)
            layout.groupOfLane[id] = static_cast<int>(g);
    }
    std::vector<bool> placed(layout.groups.size(), false);
    for (LaneId id : rest) {
        const int g = layout.groupOfLane[id];
        if (g < 0) {
            rows.lane(store.lane(id), false);
            continue;
        }
        if (placed[std::size_t(g)])
            continue;
        placed[std::size_t(g)] = true;
        rows.group(std::size_t(g));
        if (!layout.groups[std::size_t(g)].collapsed) {
            for (LaneId member : layout.groups[std::size_t(g)].lanes)
                rows.lane(store.lane(member), false);
        }
    }
    // An opened file's counters after its lanes: a trace may have dozens, which pinned would leave the lanes no room.
    for (std::size_t c = pinnedCounters; c < layout.queueCount && counters; ++c)
        rows.counter(c, counterRowSource(store, c), false);
    rows.finish();
    layout.naturalNameWidth = layout.nameWidth;
    layout.nameWidth = std::clamp(std::max(layout.nameWidth, overrides.minNameWidth), TimelineLayout::kMinNameWidth,
                                  maxNameWidth(metrics));
    return layout;
}

LayoutOverrides TimelineLayout::rowsInView(int scroll, int height) const
{
    LayoutOverrides view;
    view.lanes.assign(laneCount, false);
    view.queues = false;
    const int top = pinnedHeight + std::max(0, scroll);
    const int bottom = std::max(0, scroll) + std::max(0, height);
    for (const TimelineRow& row : rows) {
        if (!row.pinned && (row.top + row.height <= top || row.top >= bottom))
            continue;
        switch (row.kind) {
        case TimelineRow::Kind::Thread:
            view.lanes[row.id] = true;
            break;
        case TimelineRow::Kind::Counter:
            view.queues = true;
            break;
        case TimelineRow::Kind::Group:
            for (LaneId member : groups[row.id].lanes)
                view.lanes[member] = true;
            break;
        }
    }
    return view;
}

int TimelineLayout::contentHeightAt(int h) const
{
    int height = pinnedHeight > 0 ? kSectionGap : 0;
    for (const TimelineRow& row : rows) {
        switch (row.kind) {
        case TimelineRow::Kind::Thread:
            height += threadHeight(h, row.sliceLevels);
            break;
        case TimelineRow::Kind::Counter:
            height += counterHeight(h);
            break;
        case TimelineRow::Kind::Group:
            height += groupHeight(h);
            break;
        }
    }
    return height;
}

int TimelineLayout::fittingLaneHeight(int available, int minimum, int maximum) const
{
    // The content height grows with the lane height: the tallest that fits by bisection.
    int lo = minimum, hi = maximum;
    if (contentHeightAt(lo) > available)
        return minimum;
    while (lo < hi) {
        const int mid = (lo + hi + 1) / 2;
        if (contentHeightAt(mid) <= available)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

int TimelineLayout::rowAtContentY(int y) const
{
    const int row = rowAt(y, tops, contentHeight);
    // The gap under the pinned section belongs to no row.
    if (row >= 0 && y >= rows[static_cast<std::size_t>(row)].top + rows[static_cast<std::size_t>(row)].height)
        return -1;
    return row;
}

int TimelineLayout::rowIndexOfLane(LaneId lane) const
{
    return lane < rowOfLane.size() ? rowOfLane[lane] : -1;
}

} // namespace tl::ui
