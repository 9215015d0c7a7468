#pragma once

#include <QString>

#include <cstdint>

namespace tl {

// What a lane is doing during a span. Nested spans sit on top of the run span that contains them.
enum class LaneState : std::uint8_t {
    Running,
    Sleeping,
    BlockedGet,
    BlockedPut,
    Joining,
    QueueJoin,
    ExitWait,
    Accept,
    Recv,
    Send,
    Connect,
    Task,
    Slice,       // a span of another tool, named by its opening SliceBegin (Span::detail is the name's StringId)
    Acquire,     // blocked acquiring a lock or a semaphore
    CondWait,    // waiting on a condition
    EventWait,   // waiting for an event to be set
    BarrierWait, // waiting at a barrier
    Starting,    // inside Thread.start(), until the new thread has begun
    FutureWait,  // waiting for a Future (result(), exception(), wait(), as_completed())
    Count_
};

// The names of a state, from one table (lanestate.cpp), so that exports, the legend, the tooltips and the
// details panel never disagree. "unknown" for a value outside the enum. Pure functions.

// The export name: the Chrome trace span name and the CSV/importer vocabulary ("run", "sleep", "get", ...).
QString laneStateName(LaneState state);
// The short name for the legend and the timeline: "running", "blocked in get", "queue.join", ...
QString stateLabel(LaneState state);
// The state as a learner reads it: "running", "blocked in get", "waiting in queue.join", ...
QString stateDescription(LaneState state);

} // namespace tl
