#pragma once

#include "engine/enginecondition.h"
#include "py/errors.h"

#include <QVariant>

#include <memory>
#include <mutex>
#include <optional>

namespace tl {

class RunContext;

// The shared state behind a Future: written by the pool worker, read by any thread. Waiters wait on `done`,
// notified (under `mutex`) when the status becomes Finished or Cancelled; a stop wakes them through their
// own lanes.
// Thread affinity: any thread; every field is guarded by `mutex`.
class FutureState final {
public:
    enum class Status { Pending, Running, Cancelled, Finished };

    explicit FutureState(RunContext& run)
        : run(run)
    {
    }

    RunContext& run;
    std::mutex mutex;
    EngineCondition done;
    Status status = Status::Pending;
    QVariant result;
    std::optional<PyException> error;
};

// concurrent.futures.Future as returned by ThreadPoolExecutor::submit().
class Future {
public:
    explicit Future(std::shared_ptr<FutureState> state);

    // Blocks until done (timeout in scenario seconds). Raises the task's exception, CancelledError, or
    // TimeoutError when the timeout passes.
    QVariant result(std::optional<double> timeout = std::nullopt) const;
    // The task's exception, if any; CancelledError / TimeoutError as result().
    std::optional<PyException> exception(std::optional<double> timeout = std::nullopt) const;
    bool done() const;
    bool running() const;
    bool cancelled() const;
    // True if the task was pending and is now cancelled; false once it runs or has finished.
    bool cancel();

private:
    void waitDone(std::optional<double> timeout) const;

    std::shared_ptr<FutureState> m_state;
};

} // namespace tl
