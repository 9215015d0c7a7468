#pragma once

#include "trace/event.h"

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <unordered_set>
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
// A plain Lock has no owner: any thread may release it (Lib/threading.py's "A primitive lock is not owned
// by a particular thread"), and a program may wait on a Lock it holds itself for another thread to open.
// So a cycle through a plain Lock's edge is certain only once no thread runs: every live thread waits
// without a timeout on something only another thread can end. Until then it is potential; it becomes
// certain, as a new cycle, at the event that stops the last running thread. An RLock's or a join's edge
// names the one thread that can end it, so a cycle of those alone is certain as it forms.
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
        bool anyReleaser = false;       // the lock is a plain Lock: a thread outside the cycle may open it
    };
    struct Cycle {
        std::vector<LaneId> lanes; // lanes[0] closed it; each waits for the next, the last for the first
        bool timed = false;
        bool anyReleaser = false;
    };

    void see(const Event& e, std::vector<Event>& found);
    // Keeps which lanes are alive and which of them are stuck; true if e may have stopped the last runner.
    bool trackRunners(const Event& e);
    void beginWait(const Event& e, const Wait& wait, std::vector<Event>& found);
    // The cycle `lane`'s wait is part of, walking from it; none if the walk ends at a running thread.
    std::optional<Cycle> cycleFrom(LaneId lane) const;
    void report(const Cycle& cycle, const Event& at, bool potential, std::vector<Event>& found);
    // Reports as certain the potential cycles of plain Locks that still stand, once no thread runs.
    void confirmPending(const Event& at, std::vector<Event>& found);
    bool nothingRuns() const;
    // The lane `wait` waits for, if that lane is known to hold what it waits on.
    bool holderOf(const Wait& wait, LaneId& holder) const;
    bool isLock(std::uint32_t sync) const;
    bool isPlainLock(std::uint32_t sync) const;

    std::unordered_map<std::uint32_t, SyncType> m_types;         // primitive -> its class
    std::unordered_map<std::uint32_t, LaneId> m_holder;          // lock -> the lane holding it
    std::unordered_map<LaneId, std::uint32_t> m_lastRelease;     // lane -> the lock it last let go
    std::unordered_map<LaneId, Wait> m_waits;
    std::unordered_set<LaneId> m_live;   // threads started and not ended
    std::unordered_set<LaneId> m_ended;  // threads whose end has come: a late event does not revive them
    std::unordered_set<LaneId> m_stuck;  // live threads in a wait with no timeout, for another thread to end
    std::vector<LaneId> m_pending;       // a lane of each potential cycle of plain Locks, until confirmed
    std::unordered_set<LaneId> m_certain; // lanes of certain cycles reported: nothing runs to undo them
    std::uint32_t m_cycles = 0;
};

} // namespace tl
