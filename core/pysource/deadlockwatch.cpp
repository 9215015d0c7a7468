#include "pysource/deadlockwatch.h"

#include <algorithm>

namespace tl {

void DeadlockWatch::observe(std::vector<Event>& events, std::size_t first)
{
    std::vector<Event> found;
    const std::size_t end = events.size();
    for (std::size_t i = first; i < end; ++i)
        see(events[i], found);
    events.insert(events.end(), found.begin(), found.end());
}

void DeadlockWatch::see(const Event& e, std::vector<Event>& found)
{
    switch (e.kind) {
    case EventKind::SyncCreated:
        m_isLock[e.a] = e.c == static_cast<std::uint32_t>(SyncType::Lock) ||
                        e.c == static_cast<std::uint32_t>(SyncType::RLock);
        return;
    case EventKind::Acquired:
        m_waits.erase(e.lane);
        if (!(e.flags & EventFlag::TimedOut) && m_isLock[e.a])
            m_holder[e.a] = e.lane;
        return;
    case EventKind::Released:
        m_lastRelease[e.lane] = e.a;
        if (e.c == 0 && m_isLock[e.a])
            m_holder.erase(e.a);
        return;
    case EventKind::AcquireBlocked:
        if (!m_isLock[e.a])
            return; // a semaphore has no holder to wait for
        m_waits[e.lane] = Wait{e.a, e.a, 0, e.c != kNoValue};
        closeCycle(e, found);
        return;
    case EventKind::CondWaitBegin: {
        const auto released = m_lastRelease.find(e.lane);
        if (released == m_lastRelease.end())
            return;
        m_condLock[e.a] = released->second;
        m_waits[e.lane] = Wait{released->second, e.a, 0, e.c != kNoValue};
        closeCycle(e, found);
        return;
    }
    case EventKind::JoinBegin:
        m_waits[e.lane] = Wait{kNoValue, kNoValue, e.a, e.c != kNoValue};
        closeCycle(e, found);
        return;
    case EventKind::CondWaitEnd:
    case EventKind::JoinEnd:
    case EventKind::RunEnd:
    case EventKind::Stopped:
        m_waits.erase(e.lane);
        return;
    default:
        return;
    }
}

bool DeadlockWatch::holderOf(const Wait& wait, LaneId& holder) const
{
    if (wait.lock == kNoValue) {
        holder = wait.target;
        return true;
    }
    const auto it = m_holder.find(wait.lock);
    if (it == m_holder.end())
        return false;
    holder = it->second;
    return true;
}

// A walk from the wait that just began: as in the engine's graph, any new cycle runs through it. A walk
// visits each waiting lane at most once, so a cycle elsewhere (one reported before) cannot trap it.
void DeadlockWatch::closeCycle(const Event& closing, std::vector<Event>& found)
{
    std::vector<LaneId> path{closing.lane};
    LaneId at = closing.lane;
    bool potential = false;
    while (true) {
        const auto wait = m_waits.find(at);
        if (wait == m_waits.end())
            return;
        potential = potential || wait->second.timed;
        LaneId next = 0;
        if (!holderOf(wait->second, next))
            return;
        if (next == closing.lane)
            break;
        if (std::find(path.begin(), path.end(), next) != path.end() || path.size() > m_waits.size())
            return;
        path.push_back(next);
        at = next;
    }
    const std::uint32_t number = ++m_cycles;
    for (std::size_t i = 0; i < path.size(); ++i) {
        const Wait& wait = m_waits.at(path[i]);
        Event d;
        d.ts = closing.ts;
        d.lane = path[i];
        d.kind = EventKind::Deadlock;
        d.flags = potential ? EventFlag::Potential : 0;
        // Another lane's listing line is its own thread's to write: those events name none.
        d.line = path[i] == closing.lane ? closing.line : std::uint16_t{0};
        d.seq = path[i] == closing.lane ? closing.seq : 0;
        d.a = wait.shown;
        d.b = path[(i + 1) % path.size()];
        d.c = number;
        found.push_back(d);
    }
}

} // namespace tl
