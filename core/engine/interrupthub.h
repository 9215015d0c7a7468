#pragma once

#include "engine/enginecondition.h"
#include "engine/interruptible.h"
#include "engine/threadstate.h"
#include "engine/threadunwind.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <unordered_set>

namespace tl {

class VirtualClock;

// How a run tells its threads to unwind: the stop and daemon-cut flags with their moments, the eventfd that
// poll()-based waits watch, the registry of Interruptibles to wake (every lane registers), and the one
// interruptible wait every blocking primitive uses.
//
// Invariant: a flag is set before its moment is stamped, and both before any waiter is woken. A waiter tests
// the flag before it parks; a wake-up that comes between the test and the park leaves a token (WaitSlot), so
// no waiter sleeps through a stop.
//
// Thread affinity: every function may be called from any thread, but wait() and park() only from the engine
// thread that owns `self`.
class InterruptHub {
public:
    explicit InterruptHub(VirtualClock& clock);
    ~InterruptHub();
    InterruptHub(const InterruptHub&) = delete;
    InterruptHub& operator=(const InterruptHub&) = delete;

    // Each sets its flag, then stamps the moment, then wakes every waiter; the second call does nothing.
    // EventSink::emitChecked() explains why this order keeps every event of an unwound lane before it.
    void requestStop();
    void cutDaemons();
    bool stopRequested() const { return m_stop.load(); }
    bool daemonsCut() const { return m_cut.load(); }
    std::int64_t stopTs() const { return m_stopTs.load(); }
    std::int64_t cutTs() const { return m_cutTs.load(); }

    // Why `self` must unwind now, if it must: a stop unwinds every lane, a cut only the daemons.
    std::optional<ThreadUnwind::Reason> unwindReason(const ThreadState& self) const;
    void throwIfUnwinding(const ThreadState& self) const;

    // An eventfd that becomes readable (and stays so) when the run stops or cuts its daemons.
    int interruptFd() const { return m_interruptFd; }

    void registerInterruptible(Interruptible* object);
    void unregisterInterruptible(Interruptible* object);

    // Waits on `condition` (with `lock` held on the mutex that guards it) until `done()`, or until the
    // scenario clock reaches `deadline`; throws ThreadUnwind when `self` must unwind. Returns done().
    bool wait(ThreadState& self, std::unique_lock<std::mutex>& lock, EngineCondition& condition,
              std::optional<std::int64_t> deadline, const std::function<bool()>& done);
    // The wait underneath, without the throw: returns once ready() holds, the deadline is reached or `self`
    // must unwind. `lock` and `condition` may be null (a sleep waits for its deadline alone). Events `self`
    // emitted under `lock` are written first, with the lock released (DeferredEvents).
    void park(ThreadState& self, std::unique_lock<std::mutex>* lock, EngineCondition* condition,
              std::optional<std::int64_t> deadline, const std::function<bool()>& ready);
    // Lets every other thread run until it waits, as CPython's sleep(0) hands the GIL on (VirtualClock::blockToYield);
    // returns at once when `self` must unwind.
    void yieldToOthers(ThreadState& self);
    // Lets the thread `self` just started run until it first gives the GIL up (a wait, or its end), as CPython's
    // start() does (VirtualClock::blockUntilGivenUp); returns at once when `self` must unwind.
    void yieldToStarted(ThreadState& self, ThreadState& started);
    // The scenario moment `scenarioSeconds` after `from` (default: now; negative counts as 0); empty for no
    // timeout. A wait that begins with an event passes that event's moment, so that it lasts exactly its time.
    std::optional<std::int64_t> deadlineAfter(std::optional<double> scenarioSeconds,
                                              std::optional<std::int64_t> from = std::nullopt) const;

private:
    // What the two yields share: `self`'s deferred events written, no yield when it must unwind, and the park that
    // `block` leaves it in when it says it blocked `self` on the clock.
    template <typename Block> void yieldBy(ThreadState& self, Block block);

    void interruptAll();

    VirtualClock& m_clock;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_cut{false};
    std::atomic<std::int64_t> m_stopTs{0};
    std::atomic<std::int64_t> m_cutTs{0};
    int m_interruptFd = -1;

    std::mutex m_mutex; // guards m_interruptibles; held while each is interrupted
    std::unordered_set<Interruptible*> m_interruptibles;
};

} // namespace tl
