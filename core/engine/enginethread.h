#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>

#include <pthread.h>

namespace tl {

// The OS thread under one engine thread (a Thread's body, or a run's MainThread): a pthread running one
// callable.
//
// Not a QThread: Qt gives every QThread an event dispatcher, and with GLib that is an eventfd each, which
// engine threads never use. A lesson's 1000 workers held 1009 descriptors, and a process short of them was
// aborted by GLib ("Creating pipes for GWakeup") where CPython raises OSError. Not std::thread: it cannot
// set a stack size, and 5000 threads at the default 8 MiB each would reserve 40 GiB of address space.
//
// Detached, like QThread's: its stack is freed as it ends. The end is published under a mutex, which
// ThreadSanitizer sees: what the thread did, including destroying the callable and all it captured (a
// Thread, a Queue it shared), is ordered before join() returns.
//
// Thread affinity: owned by one thread at a time, which starts, joins and destroys it (a run's owner may
// hand it to another thread to join and destroy). Destroying it joins it if it was started.
class EngineThread final {
public:
    // `stackBytes` 0: the system's default. `name`: the OS thread's name (15 characters at most are kept).
    explicit EngineThread(std::function<void()> body, std::size_t stackBytes = 0, const char* name = nullptr);
    ~EngineThread();
    EngineThread(const EngineThread&) = delete;
    EngineThread& operator=(const EngineThread&) = delete;

    // False if the system would not give a thread (RLIMIT_NPROC, no memory for its stack): the callable
    // never runs.
    [[nodiscard]] bool start();
    // Waits until the callable has returned, for at most `timeout` (none: for ever); true once it has.
    // True at once for a thread never started.
    bool join(std::optional<std::chrono::milliseconds> timeout = std::nullopt);

private:
    static void* entry(void* self);

    std::function<void()> m_body;
    const std::size_t m_stackBytes;
    const char* const m_name;
    pthread_t m_thread{};
    bool m_started = false;

    std::mutex m_mutex;
    std::condition_variable m_endedCv;
    bool m_ended = false; // under m_mutex
};

} // namespace tl
