#include "timeline/traceindex.h"

#include "trace/eventschema.h"

#include <algorithm>

namespace tl::ui {

void LaneIndex::rebuild(const TraceStore& store, const LaneInfo& lane)
{
    m_byDepth.clear();
    m_markers.clear();
    m_callouts.clear();
    m_prints.clear();
    m_deadlocks.clear();
    m_spans = 0;
    m_events = 0;
    update(store, lane);
}

void LaneIndex::update(const TraceStore&, const LaneInfo& lane)
{
    for (std::size_t i = m_spans; i < lane.spans.size(); ++i) {
        const std::size_t depth = lane.spans[i].depth;
        if (m_byDepth.size() <= depth)
            m_byDepth.resize(depth + 1);
        m_byDepth[depth].push_back(static_cast<std::uint32_t>(i));
    }
    m_spans = lane.spans.size();
    for (std::size_t i = m_events; i < lane.events.size(); ++i) {
        if (isMarkerKind(lane.events[i].kind))
            m_markers.push_back(lane.events.id(i));
        if (lane.events[i].kind == EventKind::Print) {
            m_prints.push_back(lane.events.id(i));
        } else if (calloutOf(lane.events[i]) != nullptr) {
            if (i > 0 && !m_callouts.empty() && m_callouts.back() == lane.events.id(i - 1) &&
                calloutReplaces(lane.events[i], lane.events[i - 1]))
                m_callouts.pop_back();
            m_callouts.push_back(lane.events.id(i));
        }
        if (lane.events[i].kind == EventKind::Deadlock || lane.events[i].kind == EventKind::Stall)
            m_deadlocks.push_back(lane.events.id(i));
    }
    m_events = lane.events.size();
    m_hasOpen = !lane.openSpans.empty();
}

void TraceIndex::reset(const TraceStore& store)
{
    clear();
    m_lanes.resize(store.laneCount());
    for (LaneId id = 0; id < store.laneCount(); ++id)
        m_lanes[id].rebuild(store, store.lane(id));
    addFlows(store);
}

void TraceIndex::apply(const TraceStore& store, const StoreChange& change)
{
    m_lanes.resize(store.laneCount());
    for (LaneId id : change.lanes) {
        if (std::binary_search(change.rebuiltLanes.begin(), change.rebuiltLanes.end(), id))
            m_lanes[id].rebuild(store, store.lane(id));
        else
            m_lanes[id].update(store, store.lane(id));
    }
    addFlows(store);
}

void TraceIndex::addFlows(const TraceStore& store)
{
    const auto& flows = store.flows();
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
}

void TraceIndex::clear()
{
    *this = TraceIndex();
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
