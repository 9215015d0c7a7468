#pragma once

namespace tl {

class WaitSlot;

// A condition variable of the engine: the threads waiting on one condition of a primitive (a queue not
// empty, a thread ended, a future done), in the order they began to wait. notifyOne() wakes the longest
// waiter, as CPython's threading.Condition does, and tells the virtual clock at once that the thread is
// runnable again: the clock must not jump while a woken thread has not run yet.
//
// Used through InterruptHub::wait(), which queues the calling thread's slot and parks it.
//
// Thread affinity: every member is called with the mutex that guards the condition's predicate held (the
// primitive's mutex); that mutex also guards the queue.
class EngineCondition {
public:
    EngineCondition() = default;
    EngineCondition(const EngineCondition&) = delete;
    EngineCondition& operator=(const EngineCondition&) = delete;

    void enqueue(WaitSlot& slot);
    // Takes `slot` out of the queue if it is still there (it leaves its wait another way).
    void remove(WaitSlot& slot);
    // Wakes the longest waiter that is still blocked and returns it; nullptr if there was none. A waiter
    // already woken otherwise (its deadline, a stop) is taken out of the queue and skipped.
    WaitSlot* notifyOne();
    // Wakes every waiter; returns how many were still blocked.
    int notifyAll();
    // Wakes `slot` if it waits here; false if it does not, or was already woken.
    bool notify(WaitSlot& slot);
    bool empty() const { return m_head == nullptr; }

private:
    void unlink(WaitSlot& slot);

    WaitSlot* m_head = nullptr;
    WaitSlot* m_tail = nullptr;
};

} // namespace tl
