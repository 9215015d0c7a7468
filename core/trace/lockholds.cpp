#include "trace/lockholds.h"

#include <algorithm>

namespace tl {

namespace {

bool isLock(SyncType type)
{
    return type == SyncType::Lock || type == SyncType::RLock;
}

} // namespace

void LockHolds::created(std::uint32_t id, SyncType type)
{
    const auto pending = m_pending.extract(id);
    if (!isLock(type) || m_index.contains(id))
        return;
    m_index.emplace(id, m_locks.size());
    m_locks.push_back(LockHoldsInfo{id, type == SyncType::RLock, {}});
    m_points.emplace_back();
    if (!pending.empty()) {
        for (const Point& point : pending.mapped())
            add(m_locks.size() - 1, point);
    }
}

bool LockHolds::changed(const Event& e, EventId eventId, const SyncType* type)
{
    if ((e.kind == EventKind::Acquired && (e.flags & EventFlag::TimedOut)) || (type && !isLock(*type)))
        return false;
    const Point point{e.ts, e.lane, eventId, e.c, e.kind == EventKind::Acquired};
    const auto it = m_index.find(e.a);
    if (it == m_index.end()) {
        m_pending[e.a].push_back(point);
        return false;
    }
    add(it->second, point);
    return true;
}

void LockHolds::add(std::size_t index, const Point& point)
{
    std::vector<Point>& points = m_points[index];
    LockHoldsInfo& lock = m_locks[index];
    // After every point of an earlier or equal ts: a lane's own events arrive in order.
    auto at = std::upper_bound(points.begin(), points.end(), point.ts,
                               [](std::int64_t ts, const Point& p) { return ts < p.ts; });
    if (!point.acquire) {
        // A release goes before another lane's acquires of the same ts, back to its own lane's last point.
        while (at != points.begin() && std::prev(at)->ts == point.ts && std::prev(at)->lane != point.lane &&
               std::prev(at)->acquire)
            --at;
    }
    if (at == points.end()) {
        points.push_back(point);
        apply(lock, point); // the usual case: the fold goes on where it stood
        return;
    }
    points.insert(at, point);
    lock.holds.clear();
    for (const Point& p : points)
        apply(lock, p);
}

// One step of the fold from the points to the holds.
void LockHolds::apply(LockHoldsInfo& lock, const Point& point)
{
    LockHold* open = !lock.holds.empty() && lock.holds.back().isOpen() ? &lock.holds.back() : nullptr;
    if (point.acquire) {
        if (open && open->holder == point.lane) {
            open->depth.emplace_back(point.ts, point.count);
            open->maxDepth = std::max(open->maxDepth, point.count);
            return;
        }
        if (open) // a taker the fold did not see let go (a lost release): the old hold ends here
            open->end = point.ts;
        LockHold hold;
        hold.begin = point.ts;
        hold.holder = point.lane;
        hold.acquired = point.event;
        hold.depth.emplace_back(point.ts, std::max<std::uint32_t>(point.count, 1));
        hold.maxDepth = hold.depth.back().second;
        lock.holds.push_back(std::move(hold));
        return;
    }
    if (!open)
        return;
    if (point.count == 0) {
        open->end = point.ts; // a Lock may be released by any thread
    } else if (open->holder == point.lane) {
        open->depth.emplace_back(point.ts, point.count);
    }
}

} // namespace tl
