#pragma once

#include "trace/event.h"

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace tl {

// The wait-for graph of a traced Python program, kept from its events as they arrive, and the cycles it
// closes as Deadlock events: what the engine's WaitForGraph (engine/waitforgraph.h) does for its own runs,
// for a program whose waits Threadline only hears about. Its edges run from a thread blocked in acquire to
// the lock's holder, from a thread in join to the thread it joins, and from a thread waiting on a
// condition to the holder of the condition's lock.
//
// Why the arrival order is enough: a lane's events come in its own order, and a cycle needs each member's
// wait and the holds it waits on to be current. A hold whose release has not arrived yet belongs to a lane
// whose later waits have not arrived either, so a stale hold never closes a cycle that is not there.
//
// Which lock a condition wait lets go is not in its event: the tracer sends the lock's release (Lib/
// threading.py's _release_save) just before cond-wait-begin on the same lane, and that release names it.
//
// Thread affinity: the one thread that drains the source.
class DeadlockWatch {
public:
    // Looks at events[first..] in order and appends the Deadlock events of every cycle they close: one on
    // each lane of the cycle, at the moment the closing wait began, as the engine marks them.
    void observe(std::vector<Event>& events, std::size_t first);

    std::uint32_t cyclesFound() const { return m_cycles; }

private:
    struct Wait {
        std::uint32_t lock = kNoValue;  // the lock whose holder it waits for (kNoValue: a join)
        std::uint32_t shown = kNoValue; // what its Deadlock event names: the lock, the condition, or none
        LaneId target = 0;              // a join's target
        bool timed = false;             // a timeout ends it: a potential deadlock
    };

    void see(const Event& e, std::vector<Event>& found);
    void closeCycle(const Event& closing, std::vector<Event>& found);
    // The lane `wait` waits for, if that lane is known to hold what it waits on.
    bool holderOf(const Wait& wait, LaneId& holder) const;

    std::unordered_map<std::uint32_t, bool> m_isLock;          // primitive -> whether a Lock or RLock
    std::unordered_map<std::uint32_t, LaneId> m_holder;        // lock -> the lane holding it
    std::unordered_map<std::uint32_t, std::uint32_t> m_condLock; // condition -> its lock
    std::unordered_map<LaneId, std::uint32_t> m_lastRelease;  // lane -> the lock it last let go
    std::unordered_map<LaneId, Wait> m_waits;
    std::uint32_t m_cycles = 0;
};

} // namespace tl
