#include "selectionlookup.h"

#include "tracestore.h"

#include <algorithm>
#include <cstring>

namespace tl::ui {

namespace {

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

} // namespace

std::optional<std::uint32_t> eventIndexInLane(const TraceStore& store, const Event& event)
{
    if (event.lane >= store.laneCount())
        return std::nullopt;
    const std::vector<Event>& events = store.lane(event.lane).events;
    auto it = std::lower_bound(events.begin(), events.end(), event.ts,
                               [](const Event& e, std::int64_t ts) { return e.ts < ts; });
    for (; it != events.end() && it->ts == event.ts; ++it)
        if (std::memcmp(&*it, &event, sizeof(Event)) == 0)
            return static_cast<std::uint32_t>(it - events.begin());
    return std::nullopt;
}

Selection selectionForEvent(const TraceStore& store, const Event& event)
{
    const auto index = eventIndexInLane(store, event);
    if (!index)
        return {};
    return Selection{Selection::Kind::Event, event.lane, *index};
}

const Event* eventForSelection(const TraceStore& store, const Selection& selection)
{
    if (selection.isNone() || selection.lane >= store.laneCount())
        return nullptr;
    const LaneInfo& lane = store.lane(selection.lane);
    if (selection.kind == Selection::Kind::Event)
        return selection.index < lane.events.size() ? &lane.events[selection.index] : nullptr;
    if (selection.index >= lane.spans.size())
        return nullptr;
    const Span& span = lane.spans[selection.index];
    const EventKind opening = openingKind(span.state);
    const Event* first = nullptr;
    auto it = std::lower_bound(lane.events.begin(), lane.events.end(), span.begin,
                               [](const Event& e, std::int64_t ts) { return e.ts < ts; });
    for (; it != lane.events.end() && it->ts == span.begin; ++it) {
        if (it->kind == opening)
            return &*it;
        if (!first)
            first = &*it;
    }
    return first;
}

} // namespace tl::ui
