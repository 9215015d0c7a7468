#include "timeline/traceindex.h"

#include "timeline/timelinetheme.h"

#include <algorithm>
#include <cstring>

namespace tl::ui {

namespace {

bool sameEvent(const Event& a, const Event& b)
{
    return std::memcmp(&a, &b, sizeof(Event)) == 0;
}

} // namespace

void LaneIndex::rebuild(const LaneInfo& lane)
{
    m_byDepth.clear();
    m_markers.clear();
    m_spans = 0;
    m_events = 0;
    sync(lane);
}

void LaneIndex::sync(const LaneInfo& lane)
{
    const bool spansRebuilt =
        lane.spans.size() < m_spans || (m_spans > 0 && (lane.spans[m_spans - 1].begin != m_lastSpan.begin ||
                                                        lane.spans[m_spans - 1].depth != m_lastSpan.depth ||
                                                        lane.spans[m_spans - 1].state != m_lastSpan.state));
    const bool eventsInserted =
        lane.events.size() < m_events || (m_events > 0 && !sameEvent(lane.events[m_events - 1], m_lastEvent));
    if ((spansRebuilt || eventsInserted) && (m_spans > 0 || m_events > 0)) {
        rebuild(lane);
        return;
    }
    for (std::size_t i = m_spans; i < lane.spans.size(); ++i) {
        const std::size_t depth = lane.spans[i].depth;
        if (m_byDepth.size() <= depth)
            m_byDepth.resize(depth + 1);
        m_byDepth[depth].push_back(static_cast<std::uint32_t>(i));
    }
    m_spans = lane.spans.size();
    if (m_spans > 0)
        m_lastSpan = lane.spans[m_spans - 1];
    for (std::size_t i = m_events; i < lane.events.size(); ++i) {
        if (isMarkerKind(lane.events[i].kind))
            m_markers.push_back(static_cast<std::uint32_t>(i));
    }
    m_events = lane.events.size();
    if (m_events > 0)
        m_lastEvent = lane.events[m_events - 1];
    m_hasOpen = !lane.openSpans.empty();
}

std::vector<LaneId> TraceIndex::sync(const TraceStore& store)
{
    std::vector<LaneId> changed;
    m_lanes.resize(store.laneCount());
    m_laneEvents.resize(store.laneCount(), std::size_t(-1));
    for (LaneId id = 0; id < store.laneCount(); ++id) {
        const LaneInfo& lane = store.lane(id);
        // Open spans end at "now", so a lane with open spans changes whenever the store grows.
        if (lane.events.size() != m_laneEvents[id] || m_lanes[id].hasOpenSpans()) {
            m_lanes[id].sync(lane);
            m_laneEvents[id] = lane.events.size();
            changed.push_back(id);
        }
    }

    const auto& queues = store.queues();
    m_queueMax.resize(queues.size(), 0);
    m_queuePoints.resize(queues.size(), 0);
    for (std::size_t q = 0; q < queues.size(); ++q) {
        const auto& depth = queues[q].depth;
        if (depth.size() < m_queuePoints[q])
            m_queuePoints[q] = 0; // rebuilt series: rescan
        for (std::size_t i = m_queuePoints[q]; i < depth.size(); ++i)
            m_queueMax[q] = std::max(m_queueMax[q], depth[i].second);
        m_queuePoints[q] = depth.size();
    }

    const auto& flows = store.flows();
    const std::size_t known = m_flowsByStart.size();
    if (flows.size() < known) {
        m_flowsByStart.clear();
        m_longestFlow = 0;
    }
    const std::size_t from = m_flowsByStart.size();
    for (std::size_t i = from; i < flows.size(); ++i) {
        m_flowsByStart.push_back(static_cast<std::uint32_t>(i));
        m_longestFlow = std::max(m_longestFlow, flows[i].toTs - flows[i].fromTs);
    }
    // Flows arrive nearly in order: sort the new tail and merge it into the sorted head.
    auto byStart = [&flows](std::uint32_t a, std::uint32_t b) { return flows[a].fromTs < flows[b].fromTs; };
    const auto mid = m_flowsByStart.begin() + static_cast<std::ptrdiff_t>(from);
    std::sort(mid, m_flowsByStart.end(), byStart);
    std::inplace_merge(m_flowsByStart.begin(), mid, m_flowsByStart.end(), byStart);
    return changed;
}

void TraceIndex::clear()
{
    *this = TraceIndex();
}

std::uint32_t TraceIndex::queueMaxDepth(std::size_t queueIndex) const
{
    return queueIndex < m_queueMax.size() ? m_queueMax[queueIndex] : 0;
}

std::vector<std::uint32_t> TraceIndex::flowsIn(const TraceStore& store, std::int64_t from, std::int64_t to) const
{
    const auto& flows = store.flows();
    const std::int64_t earliest = from - std::max<std::int64_t>(m_longestFlow, 0);
    auto first = std::lower_bound(m_flowsByStart.begin(), m_flowsByStart.end(), earliest,
                                  [&flows](std::uint32_t i, std::int64_t ts) { return flows[i].fromTs < ts; });
    std::vector<std::uint32_t> out;
    for (auto it = first; it != m_flowsByStart.end() && flows[*it].fromTs < to; ++it) {
        const Flow& f = flows[*it];
        if (std::max(f.fromTs, f.toTs) >= from)
            out.push_back(*it);
    }
    return out;
}

} // namespace tl::ui
