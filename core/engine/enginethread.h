#pragma once

#include <QDeadlineTimer>
#include <QThread>

#include <atomic>
#include <functional>

namespace tl {

// The OS thread under one engine thread (a Thread's body, or a run's MainThread): a QThread running one
// callable, whose end is published with release/acquire.
//
// QThread::wait() does order everything the thread did before it returns, but through a futex-based
// QMutex that ThreadSanitizer cannot see (Debian's Qt is not instrumented), so the `tsan` build would
// report every teardown after a join as a race. The atomic states the same order where TSan sees it.
// The callable, and everything it captured, is destroyed on the thread before the end is published:
// whatever its last owner tears down (a Thread, a Queue it shared) is ordered before the joiner goes on.
//
// Thread affinity: owned by one thread at a time, which starts, joins and destroys it (a run's owner may
// hand it to another thread to join and destroy).
class EngineThread final : public QThread {
public:
    explicit EngineThread(std::function<void()> body)
        : m_body(std::move(body))
    {
    }

    // QThread::wait(), plus the acquire that pairs with the end of run(). True once the thread is done.
    bool join(QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever))
    {
        if (!wait(deadline))
            return false;
        static_cast<void>(m_ended.load(std::memory_order_acquire));
        return true;
    }

protected:
    void run() override
    {
        m_body();
        m_body = nullptr;
        m_ended.store(true, std::memory_order_release);
    }

private:
    std::function<void()> m_body;
    std::atomic<bool> m_ended{false};
};

} // namespace tl
