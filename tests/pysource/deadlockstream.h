// The hand-made event streams tst_deadlockwatch and tst_stallwatch feed a DeadlockWatch: in arrival order, as
// the tracer's writer may deliver them.

#pragma once

#include "pysource/deadlockwatch.h"

#include <algorithm>
#include <iterator>
#include <memory>
#include <optional>
#include <vector>

namespace tl::watchtest {

inline constexpr LaneId kMain = 0;
inline constexpr std::uint32_t kA = 1; // primitives' ids
inline constexpr std::uint32_t kB = 2;

// A stream in arrival order, each event one millisecond after the one before, fed to a watch as it grows;
// arrivals are one wall millisecond apart, and settle() lets a quiet spell pass.
class Stream {
public:
    Stream() { add(kMain, EventKind::RunBegin); }

    // The program's threads as its system would count them from now (unset: every thread has a lane).
    Stream& threads(std::size_t n)
    {
        *m_threads = n;
        m_watch.setThreadCount([count = m_threads, reads = m_reads] {
            ++*reads;
            return std::optional<std::size_t>(*count);
        });
        return *this;
    }
    // Whether the program has a child process alive, from now (a flag the test may change).
    Stream& children(std::shared_ptr<bool> alive)
    {
        m_watch.setChildProcesses([alive] { return *alive; });
        return *this;
    }
    // How often the watch has read the thread count.
    int threadCountReads() const { return *m_reads; }

    Stream& add(LaneId lane, EventKind kind, std::uint32_t a = 0, std::uint32_t c = 0, std::uint32_t b = 0,
                std::uint8_t flags = 0)
    {
        Event e;
        e.flags = flags;
        e.ts = std::int64_t(m_events.size() + 1) * 1'000'000;
        e.lane = lane;
        e.kind = kind;
        e.a = a;
        e.b = b;
        e.c = c;
        e.line = std::uint16_t(m_events.size() + 1);
        m_events.push_back(e);
        m_watch.observe(m_events, m_events.size() - 1, ++m_nowMs);
        return *this;
    }
    // No event for the quiet spell: a cycle through a plain Lock is settled.
    Stream& settle()
    {
        m_nowMs += DeadlockWatch::kQuietMs;
        m_watch.observe(m_events, m_events.size(), m_nowMs);
        return *this;
    }
    // No event for the longer spell that names a stall.
    Stream& settleStall()
    {
        m_nowMs += DeadlockWatch::kStallQuietMs;
        m_watch.observe(m_events, m_events.size(), m_nowMs);
        return *this;
    }
    Stream& lock(std::uint32_t id, SyncType type)
    {
        return add(kMain, EventKind::SyncCreated, id, std::uint32_t(type));
    }
    Stream& start(LaneId lane) { return add(kMain, EventKind::Start, lane).add(lane, EventKind::RunBegin); }
    // Created by main as a daemon, then started (the tracer's start event carries the flag too).
    Stream& startDaemon(LaneId lane) { return startChanged(lane, true, true); }
    // Created one way, then `t.daemon = ...` before start(): start() carries the flag it runs with.
    Stream& startChanged(LaneId lane, bool createdDaemon, bool startedDaemon)
    {
        add(lane, EventKind::ThreadCreated, kMain, 0, 0, createdDaemon ? EventFlag::Daemon : 0);
        return add(kMain, EventKind::Start, lane, 0, 0, startedDaemon ? EventFlag::Daemon : 0)
            .add(lane, EventKind::RunBegin);
    }
    Stream& acquired(LaneId lane, std::uint32_t lock, std::uint32_t wake = 0)
    {
        return add(lane, EventKind::Acquired, lock, 1, wake);
    }
    Stream& released(LaneId lane, std::uint32_t lock, std::uint32_t wake = 0)
    {
        return add(lane, EventKind::Released, lock, 0, wake);
    }
    Stream& blocks(LaneId lane, std::uint32_t lock, std::uint32_t timeoutMs = kNoValue)
    {
        return add(lane, EventKind::AcquireBlocked, lock, timeoutMs);
    }
    Stream& joins(LaneId lane, LaneId target, std::uint32_t timeoutMs = kNoValue)
    {
        return add(lane, EventKind::JoinBegin, target, timeoutMs);
    }
    Stream& sleeps(LaneId lane) { return add(lane, EventKind::SleepBegin, 0, 1000); }
    Stream& gets(LaneId lane, std::uint32_t queue, std::uint32_t timeoutMs = kNoValue)
    {
        return add(lane, EventKind::GetBlocked, queue, 0, timeoutMs);
    }
    Stream& puts(LaneId lane, std::uint32_t queue) { return add(lane, EventKind::PutDone, queue, 1, 1); }

    std::vector<Event> deadlocks() const { return ofKind(EventKind::Deadlock); }
    std::vector<Event> stalls() const { return ofKind(EventKind::Stall); }
    // The latest event before the watch's own.
    const Event& last() const
    {
        return *std::find_if(m_events.rbegin(), m_events.rend(), [](const Event& e) {
            return e.kind != EventKind::Deadlock && e.kind != EventKind::Stall;
        });
    }

private:
    std::vector<Event> ofKind(EventKind kind) const
    {
        std::vector<Event> out;
        std::copy_if(m_events.begin(), m_events.end(), std::back_inserter(out),
                     [kind](const Event& e) { return e.kind == kind; });
        return out;
    }

    std::vector<Event> m_events;
    std::shared_ptr<std::size_t> m_threads = std::make_shared<std::size_t>(0);
    std::shared_ptr<int> m_reads = std::make_shared<int>(0);
    DeadlockWatch m_watch;
    std::int64_t m_nowMs = 0;
};

inline bool potential(const Event& e)
{
    return (e.flags & EventFlag::Potential) != 0;
}

// Threads 1 and 2, which will take two locks of `type` in opposite order.
inline Stream& twoThreads(Stream& s, SyncType type)
{
    return s.lock(kA, type).lock(kB, type).start(1).start(2);
}

inline void closeLockOrderCycle(Stream& s)
{
    s.acquired(1, kA).acquired(2, kB).blocks(1, kB).blocks(2, kA);
}

} // namespace tl::watchtest
