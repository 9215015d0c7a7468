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
    m_dirtyFrom.push_back(0);
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
    const std::size_t position = static_cast<std::size_t>(at - points.begin());
    points.insert(at, point);
    std::size_t& dirty = m_dirtyFrom[index];
    if (position == points.size() - 1 && dirty == position) {
        fold(lock, points.back()); // the usual case: the fold goes on where it stood
        ++dirty;
        return;
    }
    dirty = std::min(dirty, position);
}

const std::vector<LockHoldsInfo>& LockHolds::all() const
{
    for (std::size_t i = 0; i < m_locks.size(); ++i) {
        if (m_dirtyFrom[i] < m_points[i].size())
            refold(i);
    }
    return m_locks;
}

void LockHolds::refold(std::size_t index) const
{
    std::vector<Point>& points = m_points[index];
    LockHoldsInfo& lock = m_locks[index];
    std::size_t from = m_dirtyFrom[index];
    while (from > 0 && !points[from - 1].freeAfter)
        --from;
    const std::size_t kept = from > 0 ? points[from - 1].holdsAfter : 0;
    lock.holds.erase(lock.holds.begin() + static_cast<std::ptrdiff_t>(kept), lock.holds.end());
    for (std::size_t i = from; i < points.size(); ++i)
        fold(lock, points[i]);
    m_dirtyFrom[index] = points.size();
}

void LockHolds::fold(LockHoldsInfo& lock, Point& point)
{
    apply(lock, point);
    point.holdsAfter = lock.holds.size();
    point.freeAfter = lock.holds.empty() || !lock.holds.back().isOpen();
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
