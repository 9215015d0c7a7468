#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>

namespace tl {

class EngineCondition;
class VirtualClock;

// Where one engine thread waits: it parks here, and whoever wakes it (a notify, the clock at its deadline, a
// stop, the event gate) unparks it. The park is a token, so an unpark that comes before the park is not lost,
// and a stale token (an interrupt of a thread that was not waiting) only costs its next wait one more turn
// of its loop: every park is in a loop that tests its condition again.
//
// The slot also holds what the virtual clock and a condition know of the thread, each part guarded by its
// owner's mutex: the clock's state (running, blocked, woken) and deadline under the clock's mutex, the
// condition's queue links under the mutex of the primitive that owns the condition.
//
// Thread affinity: park() only from the owning thread; unpark() from any thread. Lives as long as its
// ThreadState, which the run keeps until every thread has been joined.
class WaitSlot {
public:
    explicit WaitSlot(VirtualClock& clock)
        : m_clock(clock)
    {
    }
    WaitSlot(const WaitSlot&) = delete;
    WaitSlot& operator=(const WaitSlot&) = delete;

    VirtualClock& clock() const { return m_clock; }

    // Sleeps until a token is there, and takes it.
    void park()
    {
        std::unique_lock lock(m_parkMutex);
        m_parkCv.wait(lock, [this] { return m_token; });
        m_token = false;
    }
    // Leaves a token and wakes the parked thread. Notified under the mutex: the slot may be destroyed as soon
    // as the owner has taken the token and gone on.
    void unpark()
    {
        std::lock_guard lock(m_parkMutex);
        m_token = true;
        m_parkCv.notify_one();
    }

private:
    friend class VirtualClock;
    friend class EngineCondition;

    enum class State : std::uint8_t {
        Running, // running code (or about to: spawned)
        Blocked, // in a wait the clock knows of: parked, or polling a socket
        Woken,   // unparked by someone, not yet running again
    };

    VirtualClock& m_clock;

    // Under the clock's mutex.
    State m_state = State::Running;
    bool m_hasDeadline = false;
    std::multimap<std::int64_t, WaitSlot*>::iterator m_deadline;
    bool m_yielding = false; // VirtualClock::blockToYield
    std::multimap<std::int64_t, WaitSlot*>::iterator m_yield;
    int m_pollFd = -1; // a socket wait: the descriptor the clock checks before it jumps
    std::uint64_t m_blocks = 0; // how many waits it has begun: it gave the GIL up (VirtualClock::blockUntilGivenUp)

    // Under the mutex of the primitive that owns the condition.
    EngineCondition* m_queuedOn = nullptr;
    WaitSlot* m_prev = nullptr;
    WaitSlot* m_next = nullptr;

    std::mutex m_parkMutex;
    std::condition_variable m_parkCv;
    bool m_token = false;
};

} // namespace tl
