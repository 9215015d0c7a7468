#pragma once

#include "trace/event.h"

#include <cstdint>
#include <limits>
#include <unordered_map>

namespace tl {

// Whether a blocked wait of a traced Python program has anything coming to end it, from the events seen so
// far: the deadlock watch's stall rule (pysource/deadlockwatch.h) asks it of every thread that waits.
// A get waits for good while its queue is empty (its depth as its latest event says), a put while its queue
// is full, an acquire while its lock is held or its semaphore at 0, a condition wait while no notify has
// woken more waiters than have ended their waits. An event's wait, a barrier's, a Queue.join() and a
// future's, each of which one wake ends for every waiter, wait for good unless such a wake came after they
// began. So a thread woken but not yet scheduled is not called stuck, and of a thousand consumers on one
// queue, those that a put did not feed are.
//
// Events arrive a writer's round out of time order: each value is the one its latest event (by time) says.
//
// Thread affinity: the one thread that drains the source.
class WakeLedger {
public:
    void see(const Event& e);
    // Whether nothing seen can end `wait` (a blocked get or put, acquire, condition, event, barrier, queue
    // join or future wait). `lock`: the acquire waits on a Lock or an RLock, not a semaphore.
    bool nothingEnds(const Event& wait, bool lock) const;

private:
    struct Latest {
        std::int64_t ts = std::numeric_limits<std::int64_t>::min();
        std::uint32_t value = 0;
    };
    static std::uint32_t latestOr(const std::unordered_map<std::uint32_t, Latest>& values, std::uint32_t id,
                                  std::uint32_t none);

    std::unordered_map<std::uint32_t, Latest> m_depth;              // queue -> its depth
    std::unordered_map<std::uint32_t, std::uint32_t> m_maxsize;     // queue -> its maxsize (0: unbounded)
    std::unordered_map<std::uint32_t, Latest> m_count;              // lock -> times held; semaphore -> its value
    std::unordered_map<std::uint32_t, std::int64_t> m_pendingWakes; // condition -> waiters woken, not yet ended
    std::unordered_map<std::uint64_t, std::int64_t> m_wokenAt;      // see wakeKey -> the latest such wake's time
};

} // namespace tl
