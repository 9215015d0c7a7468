#include "pysource/wakeledger.h"

#include <algorithm>

namespace tl {

namespace {

// What a stuck wait waits on, and what a wake may end, for the waits no state tells about (see
// nothingEnds): the kind of thing in the high word, its id in the low.
enum class WaitOn : std::uint64_t { Nothing, QueueTasks, Sync, Future };

constexpr std::uint64_t waitOn(WaitOn on, std::uint32_t id = 0)
{
    return (static_cast<std::uint64_t>(on) << 32) | id;
}

std::uint64_t waitKey(const Event& e)
{
    switch (e.kind) {
    case EventKind::QueueJoinBegin:
        return waitOn(WaitOn::QueueTasks, e.a);
    case EventKind::EventWaitBegin:
    case EventKind::BarrierWaitBegin:
        return waitOn(WaitOn::Sync, e.a);
    case EventKind::FutureWaitBegin:
        return waitOn(WaitOn::Future); // which future is not in every wait's event: any task's end may end it
    default:
        return waitOn(WaitOn::Nothing);
    }
}

// Which of those waits `e` ends. Each ends every wait on its primitive at once (a set(), the last arrival at
// a barrier, the last task_done), and a wait that ends returns: it never waits again unseen.
std::uint64_t wakeKey(const Event& e)
{
    switch (e.kind) {
    case EventKind::TaskDone:
        return e.c == 0 ? waitOn(WaitOn::QueueTasks, e.a) : waitOn(WaitOn::Nothing);
    case EventKind::EventSet:
    case EventKind::BarrierWaitEnd: // the last arrival passes at once, and so releases the others
    case EventKind::BarrierBroken:
        return waitOn(WaitOn::Sync, e.a);
    case EventKind::PoolTaskEnd:
        return waitOn(WaitOn::Future);
    default:
        return waitOn(WaitOn::Nothing);
    }
}

} // namespace

void WakeLedger::see(const Event& e)
{
    const auto latest = [&e](Latest& at, std::uint32_t value) {
        if (e.ts >= at.ts)
            at = Latest{e.ts, value};
    };
    const bool timedOut = (e.flags & EventFlag::TimedOut) != 0;
    switch (e.kind) {
    case EventKind::QueueCreated:
        m_maxsize[e.a] = e.c;
        break;
    case EventKind::PutBlocked:
    case EventKind::GetBlocked:
        latest(m_depth[e.a], e.c);
        break;
    case EventKind::PutDone:
    case EventKind::GetDone:
        if (!timedOut)
            latest(m_depth[e.a], e.c);
        break;
    case EventKind::Acquired:
        if (!timedOut)
            latest(m_count[e.a], e.c);
        break;
    case EventKind::Released:
        latest(m_count[e.a], e.c);
        break;
    case EventKind::Notify:
    case EventKind::NotifyAll:
        m_pendingWakes[e.a] += e.c;
        break;
    case EventKind::CondWaitEnd:
        if (!timedOut)
            --m_pendingWakes[e.a]; // may come before its notify: the count is whole once both have
        break;
    default:
        break;
    }
    if (const std::uint64_t key = wakeKey(e); key != waitOn(WaitOn::Nothing)) {
        std::int64_t& at = m_wokenAt[key];
        at = std::max(at, e.ts);
    }
}

bool WakeLedger::nothingEnds(const Event& w, bool lock) const
{
    switch (w.kind) {
    case EventKind::GetBlocked: // an item on the queue is one a blocked get is about to take
        return latestOr(m_depth, w.a, 0) == 0;
    case EventKind::PutBlocked: {
        const auto max = m_maxsize.find(w.a);
        return max == m_maxsize.end() || latestOr(m_depth, w.a, max->second) >= max->second;
    }
    case EventKind::AcquireBlocked: { // a lock let go, a semaphore above 0: a blocked acquire is about to take it
        const std::uint32_t count = latestOr(m_count, w.a, lock ? 1 : 0);
        return lock ? count > 0 : count == 0;
    }
    case EventKind::CondWaitBegin: { // a notify woke as many waiters as it says; this one may be among them
        const auto pending = m_pendingWakes.find(w.a);
        return pending == m_pendingWakes.end() || pending->second <= 0;
    }
    default: { // an Event, a Barrier, a Queue.join(), a future: ended by a wake after it began
        const auto woken = m_wokenAt.find(waitKey(w));
        return woken == m_wokenAt.end() || woken->second < w.ts;
    }
    }
}

std::uint32_t WakeLedger::latestOr(const std::unordered_map<std::uint32_t, Latest>& values, std::uint32_t id,
                                   std::uint32_t none)
{
    const auto it = values.find(id);
    return it == values.end() ? none : it->second.value;
}

} // namespace tl
