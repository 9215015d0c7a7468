#include "pysource/deadlockwatch.h"

#include <algorithm>
#include <iterator>
#include <utility>

namespace tl {

namespace {

// A wait that only another thread can end, and no timeout will: the thread is stuck until one acts.
bool isStuckWait(const Event& e)
{
    switch (e.kind) {
    case EventKind::AcquireBlocked:
    case EventKind::CondWaitBegin:
    case EventKind::JoinBegin:
    case EventKind::EventWaitBegin:
    case EventKind::BarrierWaitBegin:
    case EventKind::FutureWaitBegin:
        return e.c == kNoValue;
    case EventKind::PutBlocked:
    case EventKind::GetBlocked:
        return e.b == kNoValue;
    case EventKind::QueueJoinBegin:
    case EventKind::ExitWaitBegin:
        return true;
    default:
        return false;
    }
}

bool endsThread(EventKind kind)
{
    return kind == EventKind::RunEnd || kind == EventKind::DaemonStopped || kind == EventKind::Stopped ||
           kind == EventKind::Exit;
}

} // namespace

void DeadlockWatch::observe(std::vector<Event>& events, std::size_t first, std::int64_t nowMs)
{
    std::vector<Event> found;
    const std::size_t end = events.size();
    if (end > first)
        m_lastArrivalMs = nowMs;
    for (std::size_t i = first; i < end; ++i)
        see(events[i], found);
    // A thread that began or ended with no event shown yet (one a C library started, which opened a Lock and ended)
    // is news as an event is: its events may still be on their way, and the quiet spell starts again. The count
    // is read (a directory listing) only when a settle or a stall could follow, not on every drain of a program
    // that sleeps.
    if (nowMs - m_lastArrivalMs >= kQuietMs && (!m_pending.empty() || mayStall()) && threadCountChanged())
        m_lastArrivalMs = nowMs;
    if (!m_pending.empty() && nowMs - m_lastArrivalMs >= kQuietMs)
        settle(found);
    if (nowMs - m_lastArrivalMs >= kStallQuietMs)
        settleStall(found);
    events.insert(events.end(), found.begin(), found.end());
}

void DeadlockWatch::see(const Event& e, std::vector<Event>& found)
{
    trackRunners(e);
    m_wakes.see(e);
    if (e.ts >= m_latest.ts)
        m_latest = e;
    switch (e.kind) {
    case EventKind::ThreadCreated:
        if (e.flags & EventFlag::Daemon)
            m_daemons.insert(e.lane);
        break;
    case EventKind::Start:
        // `t.daemon = True` between Thread() and start(), the usual way to make one: start() carries the flag
        // the thread runs with. A thread that has started cannot change it.
        if (e.flags & EventFlag::Daemon)
            m_daemons.insert(e.a);
        else
            m_daemons.erase(e.a);
        if (!m_ended.contains(e.a) && !m_live.contains(e.a))
            m_starting.insert(e.a);
        break;
    case EventKind::SyncCreated:
        m_types[e.a] = static_cast<SyncType>(e.c);
        break;
    case EventKind::SignalHandler:
        if (e.c != 0)
            m_handled.insert(e.a);
        else
            m_handled.erase(e.a);
        break;
    case EventKind::Acquired:
        if (!(e.flags & EventFlag::TimedOut))
            showCyclesThatPass(e, found);
        m_waits.erase(e.lane);
        if (!(e.flags & EventFlag::TimedOut) && isLock(e.a)) {
            m_holder[e.a] = e.lane;
            m_holderWake[e.a] = e.b;
        }
        break;
    case EventKind::Released:
        showCyclesThatPass(e, found);
        m_lastRelease[e.lane] = e.a;
        // A release whose wake the holder's acquire names came first, though its event came second (a lock
        // handed over between two threads' rounds of the writer): the new holder keeps it.
        if (e.c == 0 && isLock(e.a) && !(e.b != 0 && m_holderWake[e.a] == e.b))
            m_holder.erase(e.a);
        break;
    case EventKind::AcquireBlocked:
        if (isLock(e.a)) // a semaphore has no holder to wait for
            beginWait(e, Wait{e.a, e.a, 0, e.c != kNoValue, isPlainLock(e.a)}, found);
        break;
    case EventKind::CondWaitBegin:
        if (const auto released = m_lastRelease.find(e.lane); released != m_lastRelease.end())
            beginWait(e, Wait{released->second, e.a, 0, e.c != kNoValue, isPlainLock(released->second)}, found);
        break;
    case EventKind::JoinBegin:
        beginWait(e, Wait{kNoValue, kNoValue, e.a, e.c != kNoValue, false}, found);
        break;
    case EventKind::CondWaitEnd:
    case EventKind::JoinEnd:
        if (!(e.flags & EventFlag::TimedOut))
            showCyclesThatPass(e, found);
        m_waits.erase(e.lane);
        break;
    case EventKind::RunEnd:
    case EventKind::Stopped:
        m_waits.erase(e.lane);
        break;
    default:
        break;
    }
}

void DeadlockWatch::trackRunners(const Event& e)
{
    if (endsThread(e.kind)) {
        m_ended.insert(e.lane);
        m_stuck.erase(e.lane);
        m_live.erase(e.lane);
        m_starting.erase(e.lane);
        return;
    }
    if (e.kind == EventKind::RunBegin && !m_ended.contains(e.lane)) {
        m_live.insert(e.lane);
        m_starting.erase(e.lane);
    }
    if (e.kind == EventKind::ThreadCreated || e.kind == EventKind::Deadlock || e.kind == EventKind::Stall)
        return; // the creator's event, and the watch's own: neither says what the lane does
    if (isStuckWait(e)) {
        m_stuck.insert(e.lane);
        m_stuckWaits[e.lane] = e;
    } else if (m_stuck.erase(e.lane) != 0) {
        m_stalled = false; // a thread named stuck ran after all: a later stall is a new one
    }
}

bool DeadlockWatch::waitsForGood(LaneId lane) const
{
    const auto wait = m_stuckWaits.find(lane);
    if (!m_stuck.contains(lane) || wait == m_stuckWaits.end())
        return false;
    const Event& w = wait->second;
    switch (w.kind) {
    case EventKind::JoinBegin:
        return !m_ended.contains(w.a);
    case EventKind::ExitWaitBegin: // main waits for the threads that are not daemons, if any is left
        return std::any_of(m_live.begin(), m_live.end(), [&](LaneId l) { return l != lane && !isDaemon(l); });
    default:
        return m_wakes.nothingEnds(w, isLock(w.a));
    }
}

bool DeadlockWatch::mayStall() const
{
    return !m_stalled && !m_live.empty() && m_starting.empty() &&
           std::all_of(m_live.begin(), m_live.end(), [this](LaneId lane) { return waitsForGood(lane); });
}

void DeadlockWatch::settleStall(std::vector<Event>& found)
{
    if (!mayStall())
        return;
    // A certain cycle that keeps the program from ending says why already, and a run stops at it.
    if (std::any_of(m_live.begin(), m_live.end(),
                    [this](LaneId lane) { return m_certain.contains(lane) && !isDaemon(lane); }))
        return;
    std::vector<LaneId> lanes;
    std::copy_if(m_live.begin(), m_live.end(), std::back_inserter(lanes),
                 [this](LaneId lane) { return !m_certain.contains(lane) && !m_waitersNamed.contains(lane); });
    // Daemons alone do not keep the program from ending.
    if (std::all_of(lanes.begin(), lanes.end(), [this](LaneId lane) { return isDaemon(lane); }))
        return;
    std::sort(lanes.begin(), lanes.end());
    // A handler may yet run in main and wake it, a child process signal it, or a thread no event has shown may.
    const bool mayBeWoken = !m_handled.empty() || unseenThreadsRun() || (m_childrenAlive && m_childrenAlive());
    const std::uint8_t flags = mayBeWoken ? EventFlag::Potential : 0;
    m_stalled = true;
    const std::uint32_t number = ++m_cycles;
    for (LaneId lane : lanes) {
        Event d;
        d.ts = m_latest.ts; // the last runner stopped at the latest event
        d.lane = lane;
        d.kind = EventKind::Stall;
        d.flags = flags;
        d.line = lane == m_latest.lane ? m_latest.line : std::uint16_t{0};
        d.seq = lane == m_latest.lane ? m_latest.seq : 0;
        d.c = number;
        found.push_back(d);
    }
}

bool DeadlockWatch::nothingRuns() const
{
    return std::all_of(m_live.begin(), m_live.end(), [this](LaneId lane) { return m_stuck.contains(lane); }) &&
           !unseenThreadsRun();
}

bool DeadlockWatch::threadCountChanged()
{
    const std::optional<std::size_t> threads = m_threadCount ? m_threadCount() : std::nullopt;
    const std::optional<std::size_t> before = std::exchange(m_threads, threads);
    return before && threads && *before != *threads; // the first read is no change: nothing was known before
}

bool DeadlockWatch::unseenThreadsRun() const
{
    return m_threads && *m_threads > m_live.size() + kTracerThreads;
}

bool DeadlockWatch::isLock(std::uint32_t sync) const
{
    const auto type = m_types.find(sync);
    return type != m_types.end() && (type->second == SyncType::Lock || type->second == SyncType::RLock);
}

bool DeadlockWatch::isPlainLock(std::uint32_t sync) const
{
    const auto type = m_types.find(sync);
    return type != m_types.end() && type->second == SyncType::Lock;
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

} // namespace tl
