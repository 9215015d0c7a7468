#pragma once

#include "py/future.h"

#include <memory>
#include <optional>
#include <vector>

namespace tl {

class ThreadState;

// concurrent.futures.wait's return_when.
enum class ReturnWhen { FirstCompleted, FirstException, AllCompleted };

// concurrent.futures.wait's (done, not_done), each in the order the futures were given, once each.
struct DoneAndNotDone {
    std::vector<Future> done;
    std::vector<Future> notDone;
};

// concurrent.futures.wait(fs, timeout, return_when): blocks until the condition holds or the timeout (scenario
// seconds) passes, and says which futures are done then. A timeout is no error. A cancelled future counts as
// done once cancelled (CPython: once its executor has seen the cancel, which for a queued item is when a
// worker reaches it).
DoneAndNotDone waitForFutures(const std::vector<Future>& fs, std::optional<double> timeout = std::nullopt,
                              ReturnWhen returnWhen = ReturnWhen::AllCompleted);

// concurrent.futures.as_completed(fs, timeout): the futures done already (in the order given), then each
// as it is done. As CPython's generator, the futures are looked at, and the timeout starts, at the first
// next(). Thread affinity: the engine thread that calls next().
class AsCompleted {
public:
    explicit AsCompleted(std::vector<Future> fs, std::optional<double> timeout = std::nullopt);
    ~AsCompleted();
    AsCompleted(const AsCompleted&) = delete;
    AsCompleted& operator=(const AsCompleted&) = delete;

    // The next future, or nullopt when every one has been given. TimeoutError "N (of M) futures
    // unfinished" once the timeout has passed with N still pending.
    std::optional<Future> next();

private:
    void begin();

    std::vector<Future> m_futures;
    std::optional<double> m_timeout;
    std::optional<std::int64_t> m_deadline;
    bool m_begun = false;
    std::shared_ptr<FutureWaiter> m_waiter;
    std::vector<std::shared_ptr<FutureState>> m_ready; // to give, in order
    std::size_t m_pending = 0;
};

} // namespace tl
