#include "window/selectionlookup.h"

#include "trace/laneevents.h"
#include "trace/tracestore.h"

#include <cstring>

namespace tl::ui {

std::optional<std::uint32_t> eventIndexInLane(const TraceStore& store, const Event& event)
{
    if (event.lane >= store.laneCount())
        return std::nullopt;
    const LaneInfo& lane = store.lane(event.lane);
    for (const Event& e : eventsAt(lane, event.ts))
        if (std::memcmp(&e, &event, sizeof(Event)) == 0)
            return static_cast<std::uint32_t>(&e - lane.events.data());
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
    if (const Event* opening = openingEvent(lane, span))
        return opening;
    // Without its opening event (a lossy run), a span stands for the first event at its start.
    const std::span<const Event> atBegin = eventsAt(lane, span.begin);
    return atBegin.empty() ? nullptr : &atBegin.front();
}

} // namespace tl::ui
