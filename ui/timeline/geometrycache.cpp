#include "timeline/geometrycache.h"

namespace tl::ui {

void GeometryCache::setParams(const GeometryParams& params)
{
    const bool same = params.range == m_params.range && params.left == m_params.left &&
                      params.width == m_params.width && params.openEnd == m_params.openEnd &&
                      params.labelMetrics == m_params.labelMetrics;
    m_params = params;
    if (!same)
        invalidateAll();
}

void GeometryCache::invalidateAll()
{
    m_lanes.clear();
    m_counters.clear();
}

void GeometryCache::invalidateLanes(std::span<const LaneId> lanes)
{
    for (LaneId id : lanes) {
        if (id < m_lanes.size())
            m_lanes[id].valid = false;
    }
    // Counter rows are few and their series change with any put or get: rebuild them all.
    m_counters.clear();
}

const LaneGeometry& GeometryCache::lane(const TraceStore& store, const TraceIndex& index, LaneId id, int rowHeight)
{
    if (m_lanes.size() <= id)
        m_lanes.resize(id + 1);
    auto& entry = m_lanes[id];
    if (!entry.valid) {
        entry.geometry = buildLaneGeometry(store, store.lane(id), index.lane(id), m_params, rowHeight);
        entry.valid = true;
    }
    return entry.geometry;
}

const CounterGeometry& GeometryCache::counter(const TraceStore& store, const TraceIndex& index, std::size_t queue,
                                              int rowHeight)
{
    if (m_counters.size() <= queue)
        m_counters.resize(queue + 1);
    auto& entry = m_counters[queue];
    if (!entry.valid) {
        entry.geometry = buildCounterGeometry(store.queues()[queue], index.queueMaxDepth(queue), m_params, rowHeight);
        entry.valid = true;
    }
    return entry.geometry;
}

} // namespace tl::ui
