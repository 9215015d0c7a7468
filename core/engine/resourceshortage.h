#pragma once

#include "trace/event.h"

#include <QString>

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>

namespace tl {

// The first time the system refused the run something it needs (an OS thread, a file descriptor): which
// lane asked, and the Python error raised there. The program sees that error as CPython's would; the run's
// owner then stops the whole run (ScenarioRun::drain), since a lesson short of threads or descriptors
// cannot go on as written and its other threads would wait for ever on the ones that never came.
//
// Thread affinity: report() from any engine thread, first() from any thread.
class ResourceShortage {
public:
    struct Report {
        LaneId lane = 0;
        QString resource; // "a thread", "a file descriptor"
        QString error;    // as Python prints it: "RuntimeError: can't start new thread"
        std::chrono::steady_clock::time_point at;
    };

    // Keeps the first report; later ones are the same shortage seen again.
    void report(LaneId lane, QString resource, QString error);
    bool reported() const { return m_reported.load(std::memory_order_acquire); }
    std::optional<Report> first() const;

private:
    mutable std::mutex m_mutex;
    std::optional<Report> m_first;
    std::atomic<bool> m_reported{false};
};

} // namespace tl
