#pragma once

#include "engine/threadstate.h"
#include "engine/waitforgraph.h"

namespace tl {

// A blocking call's edge in the run's wait-for graph, for as long as the call waits: the constructor adds
// it and, if it closes a cycle, emits a Deadlock on each lane of the cycle (from this thread, since the
// others are blocked); end() or the destructor removes it. As Python does, the run then stays stuck until
// it is stopped: a stop interrupts every wait of the cycle like any other.
//
// Thread affinity: a stack object of the engine thread that owns `self`, made once the wait's begin event
// has been emitted (so that every Deadlock lies after the waits it names).
class TrackedWait {
public:
    TrackedWait(ThreadState& self, const WaitFor& wait);
    ~TrackedWait() { end(); }
    TrackedWait(const TrackedWait&) = delete;
    TrackedWait& operator=(const TrackedWait&) = delete;

    // Removes the edge now: before an acquire takes the lock it waited for (see WaitForGraph).
    void end();

private:
    ThreadState& m_self;
    bool m_open = true;
};

} // namespace tl
