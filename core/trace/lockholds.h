#pragma once

#include "trace/event.h"

#include <cstdint>
#include <limits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace tl {

// One thread's hold of a Lock or RLock: from the acquire that took it free to the release that left it
// free (a Condition.wait's release counts: the lock is free while the waiter waits).
struct LockHold {
    static constexpr std::int64_t kOpen = std::numeric_limits<std::int64_t>::max();
    std::int64_t begin = 0;
    std::int64_t end = kOpen; // kOpen while it is still held
    LaneId holder = 0;
    EventId acquired = kNoEvent; // the Acquired event that began it
    // An RLock's recursion depth over the hold, (ts, depth) sorted by ts; a Lock's is {begin, 1}.
    std::vector<std::pair<std::int64_t, std::uint32_t>> depth;
    std::uint32_t maxDepth = 1;
    bool isOpen() const { return end == kOpen; }
};

// Who holds one lock over time, as the timeline's holder row shows it (issue 13).
struct LockHoldsInfo {
    std::uint32_t id = 0;
    bool reentrant = false;
    std::vector<LockHold> holds; // sorted by begin, never overlapping
};

// Builds each Lock's and RLock's holds from its Acquired and Released events, which come in any order
// across lanes (each lane's in order). A lock is held from an acquire by a thread while it is free until a
// release leaves its count at 0. Events at one timestamp from different lanes are ordered releases first:
// a lock taken at the moment another lets go of it was let go of first. Points that come before their
// lock's SyncCreated wait for it; a primitive that turns out to be no lock drops its points.
//
// The holds are a fold of the points in order. A point that arrives in order extends the fold at once; one that
// comes before points already folded (another lane's batch, sent in the same 5 ms round) marks the fold from there
// dirty, and all() refolds once, from the last point before it after which the lock was free: the holds up to there
// are closed and stand. (Refolding every point at each such arrival made a run of many lock events from several
// threads quadratic: 80,000 lock events took minutes after the program had ended.)
//
// Thread affinity: the store's owner thread.
class LockHolds {
public:
    // SyncCreated: `id` is of `type`.
    void created(std::uint32_t id, SyncType type);
    // An Acquired or Released event (store id `eventId`) of a primitive whose type is `type` (nullptr: not
    // known yet). True if a lock's holds changed.
    bool changed(const Event& e, EventId eventId, const SyncType* type);

    // Every lock's holds, refolded first where points came out of order.
    const std::vector<LockHoldsInfo>& all() const;

private:
    struct Point {
        std::int64_t ts;
        LaneId lane;
        EventId event;
        std::uint32_t count; // the lock's count after the event: 0 is free
        bool acquire;
        std::size_t holdsAfter = 0; // the fold's holds after this point
        bool freeAfter = false;     // no hold open after this point
    };
    void add(std::size_t index, const Point& point);
    static void fold(LockHoldsInfo& lock, Point& point);
    static void apply(LockHoldsInfo& lock, const Point& point);
    void refold(std::size_t index) const;

    // Mutable for all(), which refolds what add() left dirty: state of the fold, not of the locks.
    mutable std::vector<LockHoldsInfo> m_locks;
    mutable std::vector<std::vector<Point>> m_points; // parallel to m_locks, sorted as the class comment says
    mutable std::vector<std::size_t> m_dirtyFrom;     // parallel: the first point not folded yet
    std::unordered_map<std::uint32_t, std::size_t> m_index;
    std::unordered_map<std::uint32_t, std::vector<Point>> m_pending;
};

} // namespace tl
