#pragma once

#include "trace/event.h"

#include <cstdint>
#include <optional>

namespace tl {

class FutureState;
class ThreadState;

// The words that name the pool task behind a future, as a future-wait event carries them.
struct FutureTaskWords {
    std::uint32_t executor = kNoValue;
    std::uint32_t task = 0;
};

// How long a wait for futures may last: `timeout` scenario seconds from its begin, or until `deadline` (an
// absolute moment: Executor.map's end_time, as_completed's), or, with neither, until the futures are done.
struct FutureWaitLimit {
    std::optional<double> timeout;
    std::optional<std::int64_t> deadline;
};

// The events of one wait for futures on the waiting lane: future-wait-begin when it is made, and its end
// once the futures are done or the deadline has passed. Made only when the caller really waits (the futures
// are not done yet), as CPython's result() and wait() return at once otherwise. The caller holds the mutex
// it waits under and has a DeferredEvents open, as the primitives do.
//
// Thread affinity: a stack object of the engine thread that waits.
class FutureWaitTrace {
public:
    // Emits the begin, with the timeout the limit leaves. `one` is the future waited on, if only one is;
    // several name no task.
    FutureWaitTrace(ThreadState& self, const FutureState* one, FutureWaitLimit limit);
    FutureWaitTrace(const FutureWaitTrace&) = delete;
    FutureWaitTrace& operator=(const FutureWaitTrace&) = delete;

    // Emits the end: `releasedBy` names the task whose end released the wait (none for a cancel).
    void done(FutureTaskWords releasedBy);
    // When the wait times out: a timeout counts from the begin, so that the span lasts exactly its time.
    std::optional<std::int64_t> deadline() const { return m_deadline; }
    // Emits the end at the deadline, timed out, naming what the begin named (as a join's names its thread).
    void timedOut();

private:
    ThreadState& m_self;
    FutureTaskWords m_waitedOn;
    std::optional<std::int64_t> m_deadline;
};

} // namespace tl
