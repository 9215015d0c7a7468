#pragma once

#include "engine/threadstate.h"

#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace tl {

// Python's threading.Thread on a real OS thread, every step of its life an event.
//
// Create with Thread::create(target, options) or, for a subclass overriding run(), std::make_shared:
// like a Python object the thread stays alive while anything (including its own running body) holds
// it. Errors mirror CPython's messages exactly (see tests/core/tst_thread.cpp).
//
// Thread affinity: any engine thread of the same run may call any member.
class Thread : public std::enable_shared_from_this<Thread> {
public:
    using Target = std::function<void()>;
    struct Options {
        QString name;               // empty: Python's "Thread-N" or "Thread-N (target)"
        QString targetName;         // the target's __name__, for the name and the start event
        std::optional<bool> daemon; // empty: inherited from the creating thread
    };

    static std::shared_ptr<Thread> create(Target target, Options options = {});
    virtual ~Thread();
    Thread(const Thread&) = delete;
    Thread& operator=(const Thread&) = delete;

    // Returns once the new thread runs. RuntimeError "threads can only be started once".
    void start();
    // Blocks until the thread ends or the timeout (scenario seconds) passes. Returns !isAlive().
    // RuntimeError "cannot join thread before it is started" / "cannot join current thread".
    bool join(std::optional<double> timeout = std::nullopt);
    bool isAlive() const;
    QString name() const;
    bool daemon() const;
    // RuntimeError "cannot set daemon status of active thread" once started.
    void setDaemon(bool daemon);
    // Python's ident: empty until the thread has started.
    std::optional<std::uint64_t> ident() const;
    // Python's native_id: the kernel's id of the OS thread (gettid()), empty until the thread has started.
    std::optional<std::int64_t> nativeId() const;
    LaneId lane() const;

protected:
    explicit Thread(Options options = {});
    // The thread's body. The default calls the target, as Python's Thread.run does.
    virtual void run();

private:
    Thread(Target target, Options options);
    void bootstrap();

    Target m_target;
    QString m_targetName;
    std::shared_ptr<ThreadState> m_state;
};

} // namespace tl
