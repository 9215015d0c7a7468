#pragma once

#include "trace/event.h"
#include "trace/eventtable.h"

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace tl {

// An arrow between two events: a Start to the started thread's RunBegin, a put to the get that took the
// item, a thread's RunEnd to each JoinEnd it released; or, in an opened file of another tool, a FlowOut to
// the FlowIn with its key (Other, named by the FlowOut). The ends' lanes and times are kept beside the ids
// so that painting needs no event lookups.
struct Flow {
    enum class Kind : std::uint8_t { Start, Item, Join, Other } kind;
    EventId from;
    EventId to;
    LaneId fromLane;
    std::int64_t fromTs;
    LaneId toLane;
    std::int64_t toTs;
    StringId name = 0; // Other: the arrow's name in its file
};

// Pairs the two ends of each flow as events arrive, in any order (events of different lanes come from
// different producers, so either end may be drained first), and finds the flows of an event in O(1).
//
// Thread affinity: the store's owner thread.
class FlowLinker {
public:
    // Offers an event just stored as `id`; may complete flows. `laneEnd(lane)` is the lane's RunEnd id or
    // kNoEvent, for joins of threads that ended earlier.
    template <class LaneEnd> void offer(const EventTable& events, EventId id, const LaneEnd& laneEnd);

    const std::vector<Flow>& flows() const { return m_flows; }
    std::vector<std::uint32_t> flowsOf(EventId id) const;

private:
    void link(Flow::Kind kind, std::uint64_t key, bool isFrom, EventId here, const EventTable& events);
    void add(Flow::Kind kind, EventId from, EventId to, const EventTable& events);
    void offerEvent(const EventTable& events, EventId id, EventId targetEnd);

    std::vector<Flow> m_flows;
    // Flow ends seen before their other end arrived.
    std::unordered_map<std::uint64_t, EventId> m_pendingFrom;
    std::unordered_map<std::uint64_t, EventId> m_pendingTo;
    std::unordered_map<LaneId, std::vector<EventId>> m_pendingJoins; // JoinEnds of lanes not yet ended
    // Each event's flows as a list threaded through m_next: head flow per event, next flow of the same
    // event at 2*flow (from end) and 2*flow+1 (to end).
    std::unordered_map<EventId, std::uint32_t> m_head;
    std::vector<std::uint32_t> m_next;
};

template <class LaneEnd> void FlowLinker::offer(const EventTable& events, EventId id, const LaneEnd& laneEnd)
{
    const Event& e = events[id];
    offerEvent(events, id, e.kind == EventKind::JoinEnd ? laneEnd(e.a) : kNoEvent);
}

} // namespace tl
