#pragma once

#include "trace/lanestate.h"
#include "trace/tracestore.h"

#include <QString>

#include <cstdint>
#include <vector>

namespace tl::stats {

// One thread at one instant, in words a learner reads ("sleeping until 4.000 s", "blocked in get on
// jobs (empty)", "running line 12", "blocked in acquire on b, holding a").
struct ThreadAt {
    // Between: another tool's thread between two of its slices (its trace has no thread lifetimes).
    enum class Life { NotCreated, NotStarted, Alive, Between, Ended };
    LaneId lane = 0;
    QString name;
    Life life = Life::NotCreated;
    LaneState state = LaneState::Running; // the innermost span at the instant (Alive only)
    std::int64_t since = 0;               // when that state began (Alive), or when the thread ended (Ended)
    std::uint16_t line = 0;               // the listing line of its latest event at or before the instant
    std::vector<std::uint32_t> holding;   // the Locks and RLocks it holds, in creation order
    QString text;                         // the whole state as a phrase, with what it holds
};

// One queue at one instant: how deep it is and which items are in it, oldest first.
struct QueueAt {
    std::uint32_t id = 0;
    QString name;
    int maxsize = 0;
    std::uint32_t depth = 0;
    std::vector<std::uint32_t> items;
};

// The whole run at one instant: what the "state at t" panel lists under a playhead.
struct StateAt {
    std::int64_t ts = 0;
    std::vector<ThreadAt> threads; // in the store's lane order
    std::vector<QueueAt> queues;   // in creation order; queues not yet created are left out
};

// Every thread's state and every queue's content at `ts`: an event at exactly `ts` has happened.
// Threads come from their spans (binary search); queue items from the puts and gets up to `ts`, and who
// holds each lock from the acquires and releases, one pass each over the events before it.
//
// Thread affinity: the store's owner thread; the store must not change meanwhile.
StateAt stateAt(const TraceStore& store, std::int64_t ts);

// The innermost span of `lane` that covers `ts` (begin <= ts < end), or nullptr. Pure.
const Span* innermostSpanAt(const LaneInfo& lane, std::int64_t ts);

} // namespace tl::stats
