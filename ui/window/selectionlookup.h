#pragma once

#include "timeline/viewstate.h"
#include "trace/event.h"

#include <optional>

namespace tl {
class TraceStore;
}

namespace tl::ui {

// Translations between an event value (what the event list holds) and a timeline Selection (an index
// into a lane's vectors). Pure functions of the store; GUI thread, like the store.

// The current index of exactly `event` in its lane's events, if the store holds it.
std::optional<std::uint32_t> eventIndexInLane(const tl::TraceStore& store, const tl::Event& event);
// The selection for an event value (Kind::None if the store does not hold it).
Selection selectionForEvent(const tl::TraceStore& store, const tl::Event& event);
// The event a selection stands for: the event itself, or for a span the event that opened it.
// nullptr for Kind::None or a stale index.
const tl::Event* eventForSelection(const tl::TraceStore& store, const Selection& selection);

} // namespace tl::ui
