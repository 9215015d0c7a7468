#pragma once

#include "engine/clocksegment.h"
#include "engine/speed.h"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace tl {

class WaitSlot;

// A run's scenario time, and the one rule for how it moves (issue 10):
// - While any engine thread is running code, scenario time advances at the real rate: compute costs what it
//   costs, whatever the speed.
// - When every engine thread is blocked in a wait the clock knows of (a sleep, a wait on a condition of an
//   engine primitive, held at the event gate, or a socket poll that shows nothing), the clock jumps to the
//   earliest deadline and wakes its owner. At speed S a jump of D takes D / S wall seconds, cut short the
//   moment a thread becomes runnable (a socket poll returns, a stop, a pause); at kSpeedMax it is instant.
// - With nothing running and nothing to jump to (a deadlock, or every thread ended), time passes at the
//   real rate; paused, it stands still.
// So sleeps and timeouts last exactly their scenario length at every speed, and the speed only paces the
// jumps for watching. As trio's MockClock (rate, autojump when every task is blocked) and Tokio's paused
// clock (auto-advance to the next timer when the runtime is idle).
//
// The waits report to it: block() before parking (with a deadline in scenario time, or none), resume()
// when running again, blockOnSocket() around a poll; wake() is how everyone else (a notify, a stop, the
// gate, this clock at a deadline) makes a blocked thread runnable. A thread woken but not yet running again
// counts as runnable, so the clock never jumps past a wake-up that has not been served: time stands still
// until it runs (its OS wake-up latency is no part of the lesson). A thread counts as running from
// threadStarting() (before its OS thread exists) to threadEnded(), so no jump happens during its start-up.
//
// Design: every state change re-plans under one mutex, synchronously, in the thread that made the change:
// it publishes the new piece of the time function (see ClockSegment) and, at kSpeedMax, makes the jump and
// wakes the owners at once. One timer thread per clock sleeps until the next moment that needs an action
// (the earliest deadline at the real rate while threads run; the end of a paced jump) and re-plans then;
// any change that moves that moment notifies it. One thread and one mutex keep the rule in one place and
// make the order of every decision plain; the cost is one lock per wait and wake, never per event: reading
// the time takes no lock.
//
// Before a jump with socket waits among the blocked threads, the clock asks the kernel whether any of their
// sockets is ready (one epoll set holds them; level-triggered, as poll() sees them): a ready one is a thread
// about to run, and holds the clock still. Data written to a loopback socket is in the peer's receive queue
// before send() returns, so no I/O is "in flight" between two engine threads; trio's autojump_threshold
// (wait a little before jumping) is not needed, and would add its length to every jump of a socket lesson.
//
// Invariants: every started thread is in exactly one of running, blocked, woken; the clock's value never
// goes back (except zeroNow() before the first event); a deadline fires no earlier than the clock reaches it.
//
// Thread affinity: nowNs() from any thread, lock-free. block(), blockOnSocket() and resume() from the
// thread that owns the slot; everything else from any thread.
class VirtualClock {
public:
    explicit VirtualClock(double speed = 1.0);
    ~VirtualClock();
    VirtualClock(const VirtualClock&) = delete;
    VirtualClock& operator=(const VirtualClock&) = delete;

    // Scenario nanoseconds since the run's zero.
    std::int64_t nowNs() const { return m_time.now(); }
    // Makes now scenario time 0; call before the run's first event (ScenarioRun does, as main begins:
    // Python's main thread exists before the program's first line, its OS thread start is no part of it).
    void zeroNow();
    // The scenario moment `seconds` after `from` (or now); negative counts as 0, the far future saturates.
    static std::int64_t deadline(std::int64_t from, double seconds);
    std::int64_t deadlineAfter(double seconds) const { return deadline(nowNs(), seconds); }

    double speed() const;
    // Takes effect at once, on a jump in progress too. Not positive (or NaN): 1.
    void setSpeed(double speed);
    bool paused() const;
    // Paused, the clock stands still and fires no deadline (the event gate holds the threads).
    void setPaused(bool paused);

    // An engine thread is about to start: it counts as running from now.
    void threadStarting();
    // The calling engine thread has ended.
    void threadEnded();

    // The calling thread's slot blocks: it parks next (or, if its deadline has passed, finds a token).
    void block(WaitSlot& slot, std::optional<std::int64_t> deadline);
    // The calling thread's slot blocks to let the others run first, as CPython's sleep(0) hands the GIL on: it is
    // woken when another thread gives the GIL up, by a wait of its own or by ending (the longest yielding first, one
    // per wait), when no thread is left running (all of them), or after the switch interval of wall time if one
    // keeps running, as CPython then takes the GIL back.
    void blockToYield(WaitSlot& slot);
    // The calling thread's slot yields (as blockToYield) until `other` gives the GIL up, by a wait or by ending
    // (`otherEnded`, read under the clock's mutex, says it has): CPython's start() returns only once the new thread
    // drops the GIL, so it runs to its first wait before its starter goes on (the lock lesson's first thread takes
    // the lock before the second is started). False, without blocking, if `other` has given it up already.
    [[nodiscard]] bool blockUntilGivenUp(WaitSlot& slot, const WaitSlot& other,
                                         const std::function<bool()>& otherEnded);
    // Ten times CPython's (sys.getswitchinterval(): 0.005 s). The bound is for a thread that computes on; a thread's
    // few steps to its next wait take microseconds, but milliseconds under a sanitizer on a loaded machine, where
    // 5 ms cut them short (the timer lesson's reminder of 0 s then did not fire in 1 of 8 runs under TSan).
    static constexpr std::int64_t kSwitchIntervalNs = 50'000'000;
    void setSwitchInterval(std::int64_t wallNs);
    // The calling thread polls `fd` for `events` next; it resumes itself when poll() returns.
    void blockOnSocket(WaitSlot& slot, int fd, short events);
    // Makes a blocked (parked) slot runnable and unparks it; false if it was not blocked, or is polling.
    bool wake(WaitSlot& slot);
    // The calling thread runs again (after its park or poll returned, for whatever reason).
    void resume(WaitSlot& slot);

    struct Census {
        int running = 0; // running code (including started, not yet begun)
        int woken = 0;   // woken, not yet running
        int blocked = 0; // parked or polling
        int timed = 0;   // of the blocked, those with a deadline to wake them
        int polling = 0; // of the blocked, those a socket may wake
    };
    Census census() const;
    // Jumps made so far (each a move to a deadline while nothing ran).
    std::uint64_t jumps() const;

private:
    void replanLocked();
    int fireDueLocked(std::int64_t now); // returns how many it woke
    void fireYieldsLocked(std::int64_t wallUpTo);
    void blockToYieldLocked(WaitSlot& slot);
    void handOnLocked(); // another thread waits or ends: the longest yielding thread runs again
    void wakeLocked(WaitSlot& slot);
    void markWokenLocked(WaitSlot& slot); // wakeLocked but for the unpark
    bool socketReadyLocked() const;
    void setTimerLocked(std::optional<std::int64_t> wallNs);
    void removeWaitLocked(WaitSlot& slot);
    void timerLoop();

    ClockSegment m_time;

    mutable std::mutex m_mutex; // guards everything below and the clock part of every WaitSlot
    double m_speed;
    bool m_paused = false;
    int m_running = 0;
    int m_woken = 0;
    int m_blocked = 0;
    std::multimap<std::int64_t, WaitSlot*> m_deadlines;
    std::multimap<std::int64_t, WaitSlot*> m_yields; // by the wall time at which each is woken anyway
    std::int64_t m_switchIntervalNs = kSwitchIntervalNs;
    int m_socketWaits = 0;
    int m_epollFd = -1; // the descriptors of the socket waits: "is any of them ready?" in one call
    std::uint64_t m_jumps = 0;

    std::condition_variable m_timerCv;
    std::optional<std::int64_t> m_timerWallNs; // when the timer thread re-plans next
    bool m_quit = false;
    std::thread m_timer; // last: started once everything above is ready
};

} // namespace tl
