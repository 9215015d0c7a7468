#pragma once

#include "timeline/viewstate.h"

#include <QString>

#include <cstdint>
#include <optional>

namespace tl {
class TraceStore;
struct Event;
struct Span;
} // namespace tl

namespace tl::ui {

// A selection told in words, with names resolved through the store's strings: the tooltip, and what a
// details panel shows. duration is -1 for an instant event.
struct SelectionDescription {
    bool valid = false;
    QString thread;
    QString what; // "sleeping", "put", ...
    std::int64_t start = 0;
    std::int64_t duration = -1;
    bool open = false; // a span still going on
    QString details;   // one line: the queue, the item, the printed text, the exception, ...
    int line = 0;      // listing line of the event (or of the span's first event), 0 if none
};

// The span a selection names (its lane's span opened by selection.event), or nullptr.
const tl::Span* selectedSpan(const tl::TraceStore& store, Selection selection);
// The event a selection stands for: the event itself, or the event that opened the span; nullptr if the
// store does not hold it.
const tl::Event* selectedEvent(const tl::TraceStore& store, Selection selection);
// The selection of event `id` (Kind::None if the store does not hold it).
Selection selectionOfEvent(const tl::TraceStore& store, tl::EventId id);

// Describes `selection` in `store`; invalid if it no longer refers to anything there.
SelectionDescription describeSelection(const tl::TraceStore& store, Selection selection);
// The description as rich text for a QToolTip.
QString toolTipHtml(const SelectionDescription& description);
// The time range a selection covers (an event: [ts, ts]); an empty optional if invalid. Open spans end
// at `openEnd`.
std::optional<TimeRange> selectionTimes(const tl::TraceStore& store, Selection selection, std::int64_t openEnd);

} // namespace tl::ui
