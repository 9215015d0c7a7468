#include "trace/laneevents.h"

#include <algorithm>

namespace tl {

std::span<const Event> eventsAt(const LaneInfo& lane, std::int64_t ts)
{
    const auto first = std::lower_bound(lane.events.begin(), lane.events.end(), ts,
                                        [](const Event& e, std::int64_t t) { return e.ts < t; });
    const auto last = std::find_if(first, lane.events.end(), [ts](const Event& e) { return e.ts != ts; });
    return {first, last};
}

EventKind openingKind(LaneState state)
{
    switch (state) {
    case LaneState::Running:
        return EventKind::RunBegin;
    case LaneState::Sleeping:
        return EventKind::SleepBegin;
    case LaneState::BlockedGet:
        return EventKind::GetBlocked;
    case LaneState::BlockedPut:
        return EventKind::PutBlocked;
    case LaneState::Joining:
        return EventKind::JoinBegin;
    case LaneState::QueueJoin:
        return EventKind::QueueJoinBegin;
    case LaneState::ExitWait:
        return EventKind::ExitWaitBegin;
    case LaneState::Task:
        return EventKind::PoolTaskBegin;
    default:
        return EventKind::SocketBegin;
    }
}

const Event* openingEvent(const LaneInfo& lane, const Span& span)
{
    const EventKind kind = openingKind(span.state);
    for (const Event& e : eventsAt(lane, span.begin)) {
        if (e.kind == kind)
            return &e;
    }
    return nullptr;
}

} // namespace tl
