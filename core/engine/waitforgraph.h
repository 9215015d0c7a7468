#pragma once

#include "trace/event.h"

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

namespace tl {

class ThreadState;

// What one blocked thread waits for, as the wait-for graph sees it. Each thread waits on at most one
// thing, so its edge is this one record. The thread it waits for is read when the graph walks, not when
// the wait begins: a condition's lock changes hands while its waiter waits.
struct WaitFor {
    enum class Kind : std::uint8_t { Acquire, CondWait, Join };
    Kind kind = Kind::Acquire;
    // The lock or condition (its sync id), kNoValue for a join: what the deadlock event names.
    std::uint32_t id = kNoValue;
    // Acquire: the lock's owner; CondWait: the owner of the condition's lock (only a holder of it can
    // notify). Written by the lock under its own mutex; read here without it.
    const std::atomic<const ThreadState*>* owner = nullptr;
    const ThreadState* joined = nullptr; // Join: the thread it waits to end
    bool timed = false;                  // the wait has a timeout, which will end it

    // The thread that must act before this wait can end; nullptr when there is none now.
    const ThreadState* holder() const;
};

// One cycle, as found: members[0] is the thread whose wait closed it, and each member waits for the next
// (the last for the first). Potential when one of the waits has a timeout: it will end by itself.
struct WaitCycle {
    struct Member {
        LaneId lane = 0;
        std::uint32_t id = kNoValue; // WaitFor::id
        LaneId waitsFor = 0;         // the next member's lane
    };
    std::uint32_t number = 0; // 1, 2, ... in the run
    bool potential = false;
    std::vector<Member> members;
};

// The run's live wait-for graph (Go's checkdead, Java's findDeadlockedThreads, kept current by the waits
// themselves): an edge from each thread blocked in an acquire, a condition wait or a join to what it
// waits on. A wait adds its edge when it begins and removes it when it ends; adding one walks from it.
//
// Why a walk from the new edge finds every cycle at once: a thread gets an edge only when it begins to
// wait, and a lock or thread becomes held only by a running thread, which has no edge. So the graph is
// acyclic before an edge is added, except for cycles already reported, and any new cycle runs through the
// new edge. A walk is at most as long as the number of waiting threads.
//
// An acquire's edge points to the lock's owner, as if only it could release the lock. A Python Lock may
// be released by any thread (the Python watch, pysource/deadlockwatch.h, allows for that); the engine's
// scenarios never release a Lock they did not acquire, so here the owner is the one releaser.
//
// Invariant: a thread must remove its edge before it takes the lock it waited for (else, for a moment,
// it would wait for itself).
//
// Thread affinity: any engine thread; one mutex guards the edges and the walk.
class WaitForGraph {
public:
    // Adds `self`'s edge (replacing none: a thread waits on one thing) and returns the cycle it closes.
    std::optional<WaitCycle> beginWait(const ThreadState& self, const WaitFor& wait);
    void endWait(const ThreadState& self);
    // Cycles found so far in the run (potential ones included).
    std::uint32_t cyclesFound() const;

private:
    mutable std::mutex m_mutex;
    std::unordered_map<const ThreadState*, WaitFor> m_edges;
    std::uint32_t m_cycles = 0;
};

} // namespace tl
