#pragma once

namespace tl {

// Something threads block on (a queue's condition variables, a thread's join/sleep point, a future).
// When a run stops or cuts its daemons it first sets the flag that waiters test, then calls interrupt()
// on every registered object: lock its mutex and notify every condition variable, so that each waiter
// re-tests its predicate at once. Thread affinity: interrupt() may be called from any thread.
class Interruptible {
public:
    virtual void interrupt() = 0;

protected:
    ~Interruptible() = default;
};

} // namespace tl
