#pragma once

#include "trace/event.h"
#include "trace/lanestate.h"
#include "trace/tracestore.h"

#include <QString>

#include <cstdint>

namespace tl {

// Words for events, spans, states and times, shared by the event list, the console, the tooltips, the
// details panel and the status bar, so that one thing is always called the same. Event words come from the
// schema's `details` template (trace/eventschema.h); state names from lanestate.h. Pure functions.

// Scenario time as the event list shows it: seconds with microsecond digits ("1.250000 s").
QString formatTimestamp(std::int64_t ns);
// A duration in the unit that reads best: "850 ns", "12.5 µs", "3.20 ms", "1.250 s".
QString formatDuration(std::int64_t ns);
// A count and its noun, singular for one: "1 lane", "4 lanes", "0 warnings". Qt's "%n lane(s)" reads "1 lane(s)"
// without a translation, and Threadline ships none.
QString counted(qint64 n, const QString& one, const QString& many);
// The event's short name as the event list, the CSV and the tracer's stream call it ("put", "join-begin").
QString eventName(EventKind kind);
// A marker's label on the timeline and legend ("start", "daemon stopped"); the kind's name if none.
QString markerLabel(EventKind kind);
// What an event says beyond its kind, with names resolved through the store ("item 7 -> jobs, depth 3").
QString eventDetails(const TraceStore& store, const Event& event);
// What a span is about: the words of the event that opened it, or for the run span its target.
QString spanDetails(const TraceStore& store, const LaneInfo& lane, const Span& span);
// Another tool's slice name as the legend, Statistics and Differences show it: "(unnamed)" for an empty one (the
// CSV keeps it empty).
QString sliceLabel(const QString& name);
// A program's printed line as it reads on a terminal, for the console and the timeline: its terminal escape
// sequences (colours, cursor moves: ESC [ ... final byte, or ESC and one byte) left out, and a tab as a space. The
// trace keeps the bytes it printed.
QString shownLine(const QString& printed);
// A lane's display name, told by its process when the trace has several (TraceStore::inProcess); daemon threads
// are marked.
QString laneLabel(const TraceStore& store, LaneId lane);
// The same with the name the thread had at `ts` (TraceStore::laneNameAt).
QString laneLabelAt(const TraceStore& store, LaneId lane, std::int64_t ts);
// Fills a details template: {a} {b} {c} with the words as shown, {op} with the socket operation; a
// [bracketed part] is dropped when a word in it has no value. Exposed for its test.
QString fillDetails(const char* pattern, const TraceStore& store, const Event& event);

} // namespace tl
