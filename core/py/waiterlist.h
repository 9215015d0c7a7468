#pragma once

#include "engine/enginecondition.h"

#include <cstdint>
#include <list>

namespace tl {

class WaitSlot;

// One thread's wait on a Condition or an Event, as CPython's waiter lock: notified once, by one notify or set,
// never lost (a notify that comes before the thread parks is seen when it tests `notified`).
struct Waiter {
    explicit Waiter(WaitSlot& slot)
        : slot(slot)
    {
    }
    WaitSlot& slot;
    bool notified = false;
    std::uint32_t wake = 0; // the wake word of the notify or set that woke it
    bool listed = false;
    std::list<Waiter*>::iterator at;
};

// The waiters of a Condition or an Event in the order they began to wait (CPython's _waiters deque):
// notify(n) takes the n longest waiting, as Condition.notify does, and wakes them through the engine
// condition the waiters park on.
//
// Thread affinity: under the mutex of the primitive that owns it.
class WaiterList {
public:
    EngineCondition& condition() { return m_condition; }
    void add(Waiter& waiter);
    // Takes `waiter` out if it is still listed (it timed out, or unwinds).
    void remove(Waiter& waiter);
    // Notifies the `n` longest waiting (n < 0: all), each given `wake`. Returns how many.
    int notify(int n, std::uint32_t wake);
    bool empty() const { return m_waiters.empty(); }
    std::size_t size() const { return m_waiters.size(); }

private:
    std::list<Waiter*> m_waiters;
    EngineCondition m_condition;
};

} // namespace tl
