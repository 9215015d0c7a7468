#pragma once

#include "trace/event.h"
#include "trace/eventtable.h"

#include <cstdint>
#include <functional>
#include <unordered_map>
#include <vector>

namespace tl {

// An arrow between two events: a Start to the started thread's RunBegin, a put to the get that took the
// item, a thread's RunEnd to each JoinEnd it released, and the RunEnd of each non-daemon thread that nobody
// joined to the end of main's exit-wait (the interpreter's exit joins them); a release to the acquire it
// unblocked, a notify to each wait it woke, an event's set to each wait it released, and the last arrival at
// a barrier to each wait it released (paired by their wake word, see EventKind); a pool task's end to each
// wait for its future that it released (paired by executor and task id); or, in an opened file of another tool, a
// FlowOut to the FlowIn with its key (Other, named by the FlowOut). The ends' lanes and times are kept beside the ids
// so that painting needs no event lookups.
struct Flow {
    enum class Kind : std::uint8_t { Start, Item, Join, ExitWait, Release, Notify, Set, Barrier, Done, Other } kind;
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
// The name of a flow of Threadline's own kinds in exports and their readers ("start", "item", "join",
// "exit-wait", "release", "notify", "set", "barrier", "done"); nullptr for Other, which is named by its FlowOut.
const char* flowKindName(Flow::Kind kind);

class FlowLinker {
public:
    // Offers an event just stored as `id`; may complete flows. `daemon(lane)` says whether a lane is a
    // daemon thread (daemons are cut at exit, not joined by it).
    template <class Daemon> void offer(const EventTable& events, EventId id, const Daemon& daemon);

    const std::vector<Flow>& flows() const { return m_flows; }
    std::vector<std::uint32_t> flowsOf(EventId id) const;

private:
    void link(Flow::Kind kind, std::uint64_t key, bool isFrom, EventId here, const EventTable& events);
    void add(Flow::Kind kind, EventId from, EventId to, const EventTable& events);
    void offerEvent(const EventTable& events, EventId id, const std::function<bool(LaneId)>& daemon);
    void endOfThread(const EventTable& events, EventId id, const std::function<bool(LaneId)>& daemon);
    void exitWaitEnded(const EventTable& events, EventId id, const std::function<bool(LaneId)>& daemon);
    // What pairs waking events with the waits they ended: one space for the primitives' wake words, one for
    // the pool tasks, whose keys may coincide.
    struct WakeSpace {
        std::unordered_map<std::uint64_t, EventId> from;              // key -> the waking event
        std::unordered_map<std::uint64_t, std::vector<EventId>> ends; // wait ends whose waking event is unseen
    };
    // A waking event (isFrom) or the end of a wait it woke: one from, any number of ends, in any order.
    void wake(WakeSpace& space, Flow::Kind kind, std::uint64_t key, bool isFrom, EventId here,
              const EventTable& events);

    std::vector<Flow> m_flows;
    // Flow ends seen before their other end arrived.
    std::unordered_map<std::uint64_t, EventId> m_pendingFrom;
    std::unordered_map<std::uint64_t, EventId> m_pendingTo;
    std::unordered_map<LaneId, std::vector<EventId>> m_pendingJoins; // JoinEnds of lanes not yet ended
    std::unordered_map<LaneId, EventId> m_unjoinedEnds;              // RunEnds no join has released yet
    std::unordered_map<LaneId, EventId> m_joinedEnds;                // RunEnds already joined, for later joins
    EventId m_exitWaitEnd = kNoEvent;                                // main's, once seen
    WakeSpace m_syncWakes;                                           // keyed by (primitive, wake)
    WakeSpace m_taskEnds;                                            // keyed by (executor, task)
    // Each event's flows as a list threaded through m_next: head flow per event, next flow of the same
    // event at 2*flow (from end) and 2*flow+1 (to end).
    std::unordered_map<EventId, std::uint32_t> m_head;
    std::vector<std::uint32_t> m_next;
};

template <class Daemon> void FlowLinker::offer(const EventTable& events, EventId id, const Daemon& daemon)
{
    offerEvent(events, id, daemon);
}

} // namespace tl
