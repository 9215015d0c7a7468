#pragma once

#include "engine/enginecondition.h"
#include "py/errors.h"
#include "py/futurewaittrace.h"

#include <QVariant>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace tl {

class Future;
class FutureState;
class RunContext;

// Where wait() and as_completed() learn that one of their futures is done (CPython's _Waiter): each
// future they wait on notifies it, after its own mutex is released.
struct FutureWaiter {
    std::mutex mutex;
    EngineCondition changed;
    std::vector<std::shared_ptr<FutureState>> finished; // in the order they were done, under `mutex`
};

// The shared state behind a Future: written by the pool worker, read by any thread. Waiters wait on `done`,
// notified (under `mutex`) when the status becomes Finished or Cancelled; a stop wakes them through their
// own lanes.
// Thread affinity: any thread; every field is guarded by `mutex`.
class FutureState final : public std::enable_shared_from_this<FutureState> {
public:
    enum class Status { Pending, Running, Cancelled, Finished };
    using DoneCallback = std::function<void(const Future&)>;

    // `executor` and `task` name the pool task that runs it, for the trace (kNoValue and 0: none).
    explicit FutureState(RunContext& run, std::uint32_t executor = kNoValue, std::uint32_t task = 0)
        : run(run)
        , executor(executor)
        , task(task)
    {
    }

    bool isDoneLocked() const { return status == Status::Finished || status == Status::Cancelled; }
    // The task whose end made it done, as a future-wait end names it: none if it was cancelled, or is not
    // done, or no pool task runs it.
    FutureTaskWords settledByLocked() const
    {
        return status == Status::Finished && task != 0 ? FutureTaskWords{executor, task} : FutureTaskWords{};
    }
    // Makes the future done, as CPython's set_result / set_exception (Finished) or cancel() (Cancelled): wakes
    // whoever waits on it, then runs its done callbacks on the calling thread, in the order they were added.
    // A callback's Python error is logged on stderr as CPython's logger does, and goes no further; a
    // ThreadUnwind goes on. Call without `mutex` held. Returns false, and does nothing, if the future is
    // done already or, with `onlyIfPending`, has begun to run.
    bool settle(Status to, QVariant value = {}, std::optional<PyException> raised = std::nullopt,
                bool onlyIfPending = false);

    RunContext& run;
    const std::uint32_t executor;
    const std::uint32_t task;
    std::mutex mutex;
    EngineCondition done;
    Status status = Status::Pending;
    QVariant result;
    std::optional<PyException> error;
    std::vector<DoneCallback> callbacks;              // still to run once done
    std::vector<std::weak_ptr<FutureWaiter>> waiters; // wait() / as_completed() calls waiting on it
};

// concurrent.futures.Future as returned by ThreadPoolExecutor::submit().
class Future {
public:
    explicit Future(std::shared_ptr<FutureState> state);

    // Blocks until done (timeout in scenario seconds). Raises the task's exception, CancelledError, or
    // TimeoutError when the timeout passes.
    QVariant result(std::optional<double> timeout = std::nullopt) const;
    // result() until an absolute scenario moment (InterruptHub::deadlineAfter), as Executor.map's end_time.
    QVariant resultBy(std::optional<std::int64_t> deadline) const;
    // The task's exception, if any; CancelledError / TimeoutError as result().
    std::optional<PyException> exception(std::optional<double> timeout = std::nullopt) const;
    bool done() const;
    bool running() const;
    bool cancelled() const;
    // True if the task was pending and is now cancelled (or was already); false once it runs or has finished.
    bool cancel();
    // Runs `fn(future)` once the future is done, on the thread that finishes or cancels it; at once, on the
    // calling thread, if it is done already (CPython 3.11's add_done_callback).
    void addDoneCallback(FutureState::DoneCallback fn) const;
    // As repr(): "<Future at 0x55d0c0a1b2c0 state=finished returned int>".
    QString repr() const;

    const std::shared_ptr<FutureState>& state() const { return m_state; }
    friend bool operator==(const Future& a, const Future& b) { return a.m_state == b.m_state; }

private:
    void waitDone(FutureWaitLimit limit) const;
    // The result once done: the task's exception raised, else its value.
    QVariant takeResult() const;

    std::shared_ptr<FutureState> m_state;
};

} // namespace tl
