#pragma once

#include "trace/event.h"
#include "trace/lanestate.h"

#include <optional>
#include <string_view>

namespace tl {

// What one of an event's three words (a, b, c) holds. The role decides how the word is shown and named
// everywhere: in the event list, the tooltips and the details panel, the CSV and the Chrome trace.
enum class ArgRole : std::uint8_t {
    None,
    Lane,       // a lane id: shown as the lane's thread name
    Queue,      // a queue id: shown as the queue's unique name
    Item,       // a queue item id: none when the event timed out (nothing was put or got)
    Depth,      // a queue's depth after the event
    Unfinished, // a queue's unfinished tasks after the event
    MaxSize,    // a queue's maxsize, 0 for unbounded
    Name,       // a string id naming something (a thread, a queue, a function, a task)
    Text,       // a string id: free text (what was printed)
    ErrorType,  // a string id: an exception's type ("RuntimeError", "queue.Empty")
    ErrorText,  // a string id: an exception's message
    Executor,   // an executor's number
    Task,       // a pool task id
    Connection, // a connection id, 0 for a listener
    Bytes,      // bytes moved
    Micros,     // a duration in microseconds (saturated): shown in seconds
    TimeoutMs,  // a timeout in milliseconds, kNoValue for none: shown in seconds
    // The words of what an opened file says beyond Threadline's vocabulary (ThreadName ... FlowIn).
    Label,     // a string id: the event's own name, which is the name of the slice, instant or counter it is
    Category,  // a string id: a Chrome trace event's cat
    Group,     // a lane group (a process id in the file), kNoValue for none
    SortIndex, // a position asked for by the file (thread_sort_index), kNoValue for none
    FlowKey,   // the key that pairs an arrow's FlowOut with its FlowIn
    Value,     // a counter's value, in this word and the next (see counterValue()): shown as a number
    ValueLow,  // the second word of a Value: never shown on its own
    // The words of the synchronization primitives.
    Sync,     // a primitive's id (lock, condition, semaphore, event, barrier): shown as its unique name
    SyncType, // a SyncType: shown as the class's name
    Wake,     // pairs a waking event with the waits it ended (see EventKind::SyncCreated); 0: none
    Count,    // a whole number: a lock's recursion count, a semaphore's value, waiters woken, a barrier index;
              // kNoValue for none
    // Not a word of the event: a put's or get's item in words, which the store keeps (TraceStore::itemValue).
    ItemValue,
};

// Whether a word of this role is a string id, shown through the store's string table. A store hands its ids
// out in the order strings reach it, so two runs compare such words by their text, not by their ids.
constexpr bool holdsString(ArgRole role)
{
    switch (role) {
    case ArgRole::Name:
    case ArgRole::Text:
    case ArgRole::ErrorType:
    case ArgRole::ErrorText:
    case ArgRole::Label:
    case ArgRole::Category:
        return true;
    default:
        return false;
    }
}

// The CSV column a word goes to (after ts_us, tid, thread, event and line); None leaves it out.
enum class CsvColumn : std::uint8_t { None, Target, Queue, Item, Depth, Detail };

struct ArgSpec {
    ArgRole role = ArgRole::None;
    const char* key = nullptr; // its name as a Chrome arg and in the CSV detail ("target", "seconds")
    CsvColumn csv = CsvColumn::None;
    bool hasValue() const { return role != ArgRole::None; }
};

// What the flags byte holds.
enum class FlagRole : std::uint8_t {
    None,
    Daemon,    // bit 0: the thread is a daemon
    TimedOut,  // bit 0: the wait timed out, or ended with nothing done; bit 1 with it: an exception ended it
    Raised,    // bit 0: the task raised
    Stderr,    // bit 0: the printed line went to stderr (else stdout)
    SocketOp,  // the whole byte: a SocketOp
    Potential, // bit 0: a deadlock that a timeout, a thread still running, or a signal handler may end
    ByStop,    // bit 0: the exception is the one the run's stop raised (Threadline's SIGINT)
    Scope,     // the whole byte: a MarkScope
};

// What an event does to its lane's state spans (see TraceStore).
enum class SpanEffect : std::uint8_t {
    None,
    Open,     // opens a span of `state` on top of the open ones
    Close,    // closes the innermost open span of `state` and everything nested in it
    CloseAll, // closes every open span of the lane
};

// One row of the schema: everything Threadline knows about an event kind. The store derives spans from
// `span` and `state`, the timeline draws a marker for every kind with a `marker` label, the exports name
// instants and args from it, the CPython tracer's stream and the trace importer speak its names.
struct EventSchema {
    EventKind kind;
    const char* name; // stable: the event list, the CSV, the tracer's wire ("put", "join-begin")
    ArgSpec a, b, c;
    FlagRole flags;
    SpanEffect span;
    LaneState state;     // the state `span` opens or closes; for SocketOp kinds, the flags decide
    const char* marker;  // the marker's label on the timeline and legend; nullptr: not drawn as a marker
    const char* instant; // the Chrome instant's name; nullptr: not written as an instant
    // The event in words, for the event list, tooltips and details: {a}, {b}, {c} stand for the words as
    // shown, {op} for a socket operation, {item} for a put's or get's item ("item 3", or "42 (item 3)" when the
    // store knows its value); a [bracketed part] is left out when a word in it has no value.
    // The flag's word follows in parentheses when set ("(timed out)", "(daemon)", "(raised)").
    const char* details;
    // A key moment told on the timeline itself, as a labelled callout (same placeholders); nullptr: none.
    // With `calloutIfFlag`, only when the event's flag is set (a wait that timed out).
    const char* callout = nullptr;
    bool calloutIfFlag = false;
    // An event of this kind just before it on its lane gives up its callout to this one's, which tells the same
    // moment better (a Timer's wait timing out is the Timer firing); Count_: none.
    EventKind calloutReplaces = EventKind::Count_;
};

// The row of `kind`; Count_ and values outside the enum get an empty row named "unknown".
const EventSchema& schemaOf(EventKind kind);

// The span state an event opens or closes, if its schema has a span effect of Open or Close.
std::optional<LaneState> spanStateOf(const Event& e);
// The instant a run's thread rename (ThreadName after the thread's creation) is exported as: not the schema's, as
// another tool's thread names are its thread_name records (export/chrometraceevents.h).
inline constexpr std::string_view kRenameInstant = "thread.name";
// The Chrome instant an event becomes, or nullptr. A timed-out put or get moved nothing: no instant.
const char* instantName(const Event& e);
// The callout an event gets on the timeline (the schema's template, when it applies), or nullptr. A potential
// deadlock's or stall's begins "potential".
const char* calloutOf(const Event& e);
// Whether `e`'s callout takes the place of `before`'s, the event just before it on its lane.
bool calloutReplaces(const Event& e, const Event& before);
// Whether an event's callout tells what went wrong (an exception, a deadlock, a stall, a broken barrier): the
// timeline gives it room before the others, so that zoomed out it never gives way to the exit-wait beside it.
bool calloutTellsAFault(const Event& e);
// The kind whose marker draws `e` on the timeline: its own, but for an error the run's stop raised, which is drawn
// as the stop it is (EventKind::Stopped).
EventKind markerKindOf(const Event& e);
// Whether the store keeps an event of this kind as an event: an ItemValue it keeps as its item's words, shown on the
// put and the get, so no list, filter or step offers it alone.
inline bool keptAsEvent(EventKind kind)
{
    return kind != EventKind::ItemValue;
}
// Drawn as a marker on its lane.
inline bool isMarkerKind(EventKind kind)
{
    return schemaOf(kind).marker != nullptr;
}
// Whether the flag the schema names is set on `e` (false for FlagRole::None and SocketOp).
bool flagSet(const Event& e, FlagRole role);
// A mark's reach; Thread for every other kind.
MarkScope markScope(const Event& e);

} // namespace tl
