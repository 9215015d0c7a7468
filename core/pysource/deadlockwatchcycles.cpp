// DeadlockWatch's cycles: a wait's walk along the wait-for graph, the cycles it finds reported (certain or
// potential), those another thread's act undoes, and the quiet spell that settles a plain Lock's. Following the
// lanes' waits and runs: deadlockwatch.cpp.
#include "pysource/deadlockwatch.h"

#include <algorithm>
#include <iterator>
#include <utility>

namespace tl {

// As in the engine's graph, any new cycle runs through the wait that just began. One through a plain Lock
// is certain only after the quiet spell (settle).
void DeadlockWatch::beginWait(const Event& e, const Wait& wait, std::vector<Event>& found)
{
    m_waits[e.lane] = wait;
    if (!m_daemonCycle.empty())
        reportWaitersOnDaemons(e, found);
    const std::optional<Cycle> cycle = cycleFrom(e.lane);
    if (!cycle)
        return;
    if (!cycle->anyReleaser || cycle->timed) {
        report(*cycle, e, cycle->timed, found);
        return;
    }
    // A thread seen to run may open the Lock: potential now, so that a program whose events never pause
    // still shows it. Seen to run is sure; seen to wait may be an event behind, so that waits for the spell.
    const bool runs = !nothingRuns();
    if (runs)
        report(*cycle, e, true, found);
    m_pending.push_back(Pending{e, runs});
}

// A walk visits each waiting lane at most once, so a cycle elsewhere (one reported before) cannot trap it.
std::optional<DeadlockWatch::Cycle> DeadlockWatch::cycleFrom(LaneId lane) const
{
    Cycle cycle;
    cycle.lanes.push_back(lane);
    for (LaneId at = lane;;) {
        const auto wait = m_waits.find(at);
        if (wait == m_waits.end())
            return std::nullopt;
        cycle.timed = cycle.timed || wait->second.timed;
        cycle.anyReleaser = cycle.anyReleaser || wait->second.anyReleaser;
        LaneId next = 0;
        if (!holderOf(wait->second, next))
            return std::nullopt;
        if (next == lane) {
            // A handler of the program's runs in main: what it raises there ends main's wait, and the cycle.
            if (!m_handled.empty() && std::find(cycle.lanes.begin(), cycle.lanes.end(), kMainLane) != cycle.lanes.end())
                cycle.timed = true;
            return cycle;
        }
        if (std::find(cycle.lanes.begin(), cycle.lanes.end(), next) != cycle.lanes.end() ||
            cycle.lanes.size() > m_waits.size())
            return std::nullopt;
        cycle.lanes.push_back(next);
        at = next;
    }
}

void DeadlockWatch::report(const Cycle& cycle, const Event& at, bool potential, std::vector<Event>& found)
{
    const std::uint32_t number = ++m_cycles;
    const std::vector<LaneId>& lanes = cycle.lanes;
    for (std::size_t i = 0; i < lanes.size(); ++i) {
        Event d;
        d.ts = at.ts;
        d.lane = lanes[i];
        d.kind = EventKind::Deadlock;
        d.flags = potential ? EventFlag::Potential : 0;
        // Another lane's listing line is its own thread's to write: those events name none.
        d.line = lanes[i] == at.lane ? at.line : std::uint16_t{0};
        d.seq = lanes[i] == at.lane ? at.seq : 0;
        d.a = m_waits.at(lanes[i]).shown;
        d.b = lanes[(i + 1) % lanes.size()];
        d.c = number;
        found.push_back(d);
        if (!potential)
            m_certain.insert(lanes[i]);
    }
    const bool daemonsAlone = std::all_of(lanes.begin(), lanes.end(), [this](LaneId l) { return isDaemon(l); });
    if (potential || !daemonsAlone)
        return;
    for (LaneId lane : lanes)
        m_daemonCycle[lane] = number;
    reportWaitersOnDaemons(at, found); // a thread may have waited on them before the cycle closed
}

void DeadlockWatch::reportWaitersOnDaemons(const Event& at, std::vector<Event>& found)
{
    for (const auto& [lane, wait] : m_waits) {
        if (isDaemon(lane) || m_waitersNamed.contains(lane) || m_daemonCycle.contains(lane))
            continue;
        const std::vector<LaneId> chain = chainToDaemonCycle(lane);
        for (std::size_t i = 0; i + 1 < chain.size(); ++i) {
            if (!m_waitersNamed.insert(chain[i]).second)
                break; // the rest of the chain was named with an earlier waiter
            Event d;
            d.ts = at.ts;
            d.lane = chain[i];
            d.kind = EventKind::Deadlock;
            d.line = chain[i] == at.lane ? at.line : std::uint16_t{0};
            d.seq = chain[i] == at.lane ? at.seq : 0;
            d.a = m_waits.at(chain[i]).shown;
            d.b = chain[i + 1];
            d.c = m_daemonCycle.at(chain.back());
            found.push_back(d);
        }
    }
}

std::vector<LaneId> DeadlockWatch::chainToDaemonCycle(LaneId lane) const
{
    std::vector<LaneId> chain{lane};
    for (LaneId at = lane; !m_daemonCycle.contains(at);) {
        const auto wait = m_waits.find(at);
        LaneId next = 0;
        if (wait == m_waits.end() || wait->second.timed || wait->second.anyReleaser || !holderOf(wait->second, next) ||
            std::find(chain.begin(), chain.end(), next) != chain.end())
            return {};
        chain.push_back(next);
        at = next;
    }
    return chain;
}

// A cycle that another thread's act undoes was never certain: a lock of it released, or a member's wait
// ended. One not shown yet is shown potential now, at the moment it formed, so that the
// picture does not hang on when the events were drained (a drain late enough takes the cycle's whole life at
// once, with no quiet spell to settle it in).
void DeadlockWatch::showCyclesThatPass(const Event& e, std::vector<Event>& found)
{
    for (Pending& pending : m_pending) {
        if (pending.shown)
            continue;
        const std::optional<Cycle> cycle = cycleFrom(pending.closing.lane);
        if (!cycle || !undoes(e, *cycle))
            continue;
        report(*cycle, pending.closing, true, found);
        pending.shown = true;
    }
}

bool DeadlockWatch::undoes(const Event& e, const Cycle& cycle) const
{
    // A member waits, so a release of its own cannot come now: a thread's events keep their order. A release
    // whose wake the holder's acquire names came before that acquire (see Released in see()): nothing undone.
    if (e.kind == EventKind::Released) {
        if (const auto wake = m_holderWake.find(e.a); e.b != 0 && wake != m_holderWake.end() && wake->second == e.b)
            return false;
        return std::any_of(cycle.lanes.begin(), cycle.lanes.end(),
                           [&](LaneId lane) { return m_waits.at(lane).lock == e.a; });
    }
    return std::find(cycle.lanes.begin(), cycle.lanes.end(), e.lane) != cycle.lanes.end();
}

// Each lane waits for one thing, so cycles share no lane: a lane of a certain cycle names that cycle, and a
// pending cycle whose walk meets one was reported already.
void DeadlockWatch::settle(std::vector<Event>& found)
{
    const bool still = nothingRuns();
    std::vector<Pending> left;
    std::unordered_set<LaneId> settled; // lanes of the cycles settled here: two waits may have closed one
    for (Pending& pending : m_pending) {
        const LaneId lane = pending.closing.lane;
        const std::optional<Cycle> cycle = cycleFrom(lane);
        if (!cycle || cycle->timed || m_certain.contains(lane) || settled.contains(lane))
            continue; // it came apart, or was named: a new one is a new wait's
        settled.insert(cycle->lanes.begin(), cycle->lanes.end());
        if (still) {
            // Certain from the closing wait, if nothing came after it; else from the latest event, which
            // stopped the last runner (its lane's line, if it is a member's wait).
            const Event& at = !pending.shown && m_latest.ts <= pending.closing.ts ? pending.closing : m_latest;
            report(*cycle, at, false, found);
            continue;
        }
        if (!pending.shown) {
            report(*cycle, pending.closing, true, found);
            pending.shown = true;
        }
        left.push_back(pending);
    }
    m_pending = std::move(left);
}

} // namespace tl
