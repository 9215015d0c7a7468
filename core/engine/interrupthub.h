#pragma once

#include "engine/interruptible.h"
#include "engine/scenarioclock.h"
#include "engine/threadstate.h"
#include "engine/threadunwind.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <unordered_set>

namespace tl {

// How a run tells its threads to unwind: the stop and daemon-cut flags with their moments, the eventfd that
// poll()-based waits watch, the registry of Interruptibles to wake, and the one interruptible wait every
// blocking primitive uses.
//
// Invariant: a flag is set before its moment is stamped, and both before any waiter is woken. A waiter
// tests the flag under its own mutex, and interrupt() takes that mutex, so no waiter can test the flag
// before it is set and then sleep through the wake-up.
//
// Thread affinity: every function may be called from any thread.
class InterruptHub {
public:
    explicit InterruptHub(const ScenarioClock& clock);
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

    // Waits on `cv` (with `lock` held on its mutex) until `done()` or the deadline; throws ThreadUnwind
    // when `self` must unwind. Returns done().
    template <class Done>
    bool wait(ThreadState& self, std::unique_lock<std::mutex>& lock, std::condition_variable& cv,
              std::optional<ScenarioClock::Wall::time_point> deadline, Done done)
    {
        auto ready = [&] { return done() || unwindReason(self).has_value(); };
        if (deadline)
            cv.wait_until(lock, *deadline, ready);
        else
            cv.wait(lock, ready);
        throwIfUnwinding(self);
        return done();
    }
    // The wall deadline `scenarioSeconds` from now (negative counts as 0); empty for no timeout.
    std::optional<ScenarioClock::Wall::time_point> deadlineAfter(std::optional<double> scenarioSeconds) const;

private:
    void interruptAll();

    const ScenarioClock& m_clock;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_cut{false};
    std::atomic<std::int64_t> m_stopTs{0};
    std::atomic<std::int64_t> m_cutTs{0};
    int m_interruptFd = -1;

    std::mutex m_mutex; // guards m_interruptibles; held while each is interrupted
    std::unordered_set<Interruptible*> m_interruptibles;
};

// RAII registration of an Interruptible with its run's hub.
class InterruptibleRegistration {
public:
    InterruptibleRegistration(InterruptHub& hub, Interruptible* object)
        : m_hub(hub)
        , m_object(object)
    {
        m_hub.registerInterruptible(m_object);
    }
    ~InterruptibleRegistration() { m_hub.unregisterInterruptible(m_object); }
    InterruptibleRegistration(const InterruptibleRegistration&) = delete;
    InterruptibleRegistration& operator=(const InterruptibleRegistration&) = delete;

private:
    InterruptHub& m_hub;
    Interruptible* m_object;
};

} // namespace tl
