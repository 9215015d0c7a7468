#include "timeline/geometrycache.h"

namespace tl::ui {

void GeometryCache::setParams(const GeometryParams& params)
{
    const bool sameView = params.range == m_params.range && params.left == m_params.left &&
                          params.width == m_params.width && params.labelMetrics == m_params.labelMetrics;
    const bool sameOpenEnd = params.openEnd == m_params.openEnd;
    m_params = params;
    if (!sameView) {
        invalidateAll();
        return;
    }
    if (!sameOpenEnd) {
        for (auto& entry : m_lanes) {
            if (entry.usesOpenEnd)
                entry.valid = false;
        }
        // Every counter's last step reaches the open end, and a group's running members with it.
        invalidateCounters();
        m_groups.clear();
    }
}

void GeometryCache::invalidateAll()
{
    m_lanes.clear();
    m_counters.clear();
    m_groups.clear();
}

void GeometryCache::invalidateLanes(std::span<const LaneId> lanes)
{
    for (LaneId id : lanes) {
        if (id < m_lanes.size())
            m_lanes[id].valid = false;
    }
    if (!lanes.empty())
        m_groups.clear();
}

void GeometryCache::invalidateCounters()
{
    m_counters.clear();
}

const LaneGeometry& GeometryCache::lane(const TraceStore& store, const TraceIndex& index, LaneId id, int rowHeight)
{
    if (m_lanes.size() <= id)
        m_lanes.resize(id + 1);
    auto& entry = m_lanes[id];
    if (!entry.valid || entry.rowHeight != rowHeight) {
        entry.geometry = buildLaneGeometry(store, store.lane(id), index.lane(id), m_params, rowHeight);
        entry.usesOpenEnd = index.lane(id).hasOpenSpans();
        entry.rowHeight = rowHeight;
        entry.valid = true;
        ++m_laneBuilds;
    }
    return entry.geometry;
}

const CounterGeometry& GeometryCache::counter(const TraceStore& store, std::size_t queue, int rowHeight)
{
    if (m_counters.size() <= queue)
        m_counters.resize(queue + 1);
    auto& entry = m_counters[queue];
    if (!entry.valid || entry.rowHeight != rowHeight) {
        entry.geometry = buildCounterGeometry(counterRowSource(store, queue), m_params, rowHeight);
        entry.rowHeight = rowHeight;
        entry.valid = true;
    }
    return entry.geometry;
}

const GroupGeometry& GeometryCache::group(const TraceStore& store, const TraceIndex& index, const LaneGroup& group,
                                          std::size_t groupIndex, int laneHeight, int rowHeight)
{
    if (m_groups.size() <= groupIndex)
        m_groups.resize(groupIndex + 1);
    auto& entry = m_groups[groupIndex];
    if (!entry.valid || entry.rowHeight != rowHeight) {
        entry.geometry = buildGroupGeometry(
            group, [&](LaneId id) -> const LaneGeometry& { return lane(store, index, id, laneHeight); }, m_params,
            rowHeight);
        entry.rowHeight = rowHeight;
        entry.valid = true;
    }
    return entry.geometry;
}

} // namespace tl::ui
