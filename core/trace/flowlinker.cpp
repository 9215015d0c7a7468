#include "trace/flowlinker.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace tl {

const char* flowKindName(Flow::Kind kind)
{
    switch (kind) {
    case Flow::Kind::Start:
        return "start";
    case Flow::Kind::Item:
        return "item";
    case Flow::Kind::Join:
        return "join";
    case Flow::Kind::ExitWait:
        return "exit-wait";
    case Flow::Kind::Release:
        return "release";
    case Flow::Kind::Notify:
        return "notify";
    case Flow::Kind::Set:
        return "set";
    case Flow::Kind::Barrier:
        return "barrier";
    case Flow::Kind::Done:
        return "done";
    case Flow::Kind::Other:
        break;
    }
    return nullptr;
}

namespace {

constexpr std::uint32_t kEndOfList = 0xFFFFFFFFu;

std::uint64_t startKey(LaneId target)
{
    return (std::uint64_t{1} << 62) | target;
}

std::uint64_t arrowKey(std::uint32_t key)
{
    return (std::uint64_t{3} << 62) | key;
}

std::uint64_t itemKey(std::uint32_t queue, std::uint32_t item)
{
    return (std::uint64_t{2} << 62) | (std::uint64_t{queue} << 32) | item;
}

bool timedOut(const Event& e)
{
    return (e.flags & EventFlag::TimedOut) != 0;
}

// Primitive ids are unique in a run across every kind of primitive, and wake words unique per primitive;
// a pool task's (executor, task id) is unique too, in a space of its own.
std::uint64_t wakeKey(const Event& e)
{
    return (std::uint64_t{e.a} << 32) | e.b;
}

// The arrow a waking event starts, or a wait's end receives; nullopt for other kinds.
std::optional<std::pair<Flow::Kind, bool>> wakeRole(EventKind kind)
{
    using K = Flow::Kind;
    switch (kind) {
    case EventKind::Released:
        return std::pair{K::Release, true};
    case EventKind::Acquired:
        return std::pair{K::Release, false};
    case EventKind::Notify:
    case EventKind::NotifyAll:
        return std::pair{K::Notify, true};
    case EventKind::CondWaitEnd:
        return std::pair{K::Notify, false};
    case EventKind::EventSet:
        return std::pair{K::Set, true};
    case EventKind::EventWaitEnd:
        return std::pair{K::Set, false};
    case EventKind::BarrierWaitBegin:
        return std::pair{K::Barrier, true};
    case EventKind::BarrierWaitEnd:
        return std::pair{K::Barrier, false};
    default:
        return std::nullopt;
    }
}

} // namespace

void FlowLinker::offerEvent(const EventTable& events, EventId id, const std::function<bool(LaneId)>& daemon)
{
    const Event& e = events[id];
    if (const auto role = wakeRole(e.kind)) {
        if (e.b != 0 && !timedOut(e))
            wake(m_syncWakes, role->first, wakeKey(e), role->second, id, events);
        return;
    }
    switch (e.kind) {
    case EventKind::PoolTaskEnd:
        wake(m_taskEnds, Flow::Kind::Done, wakeKey(e), true, id, events);
        break;
    case EventKind::FutureWaitEnd:
        if (e.b != 0 && !timedOut(e))
            wake(m_taskEnds, Flow::Kind::Done, wakeKey(e), false, id, events);
        break;
    case EventKind::Start:
        link(Flow::Kind::Start, startKey(e.a), true, id, events);
        break;
    case EventKind::RunBegin:
        link(Flow::Kind::Start, startKey(e.lane), false, id, events);
        break;
    case EventKind::PutDone:
        if (!timedOut(e))
            link(Flow::Kind::Item, itemKey(e.a, e.b), true, id, events);
        break;
    case EventKind::GetDone:
        if (!timedOut(e))
            link(Flow::Kind::Item, itemKey(e.a, e.b), false, id, events);
        break;
    case EventKind::FlowOut:
        link(Flow::Kind::Other, arrowKey(e.a), true, id, events);
        break;
    case EventKind::FlowIn:
        link(Flow::Kind::Other, arrowKey(e.a), false, id, events);
        break;
    case EventKind::RunEnd:
        endOfThread(events, id, daemon);
        break;
    case EventKind::JoinEnd: {
        if (timedOut(e))
            break;
        const auto ended = m_unjoinedEnds.find(e.a);
        if (ended != m_unjoinedEnds.end()) {
            add(Flow::Kind::Join, ended->second, id, events);
            m_joinedEnds.emplace(e.a, ended->second);
            m_unjoinedEnds.erase(ended);
        } else if (const auto joined = m_joinedEnds.find(e.a); joined != m_joinedEnds.end()) {
            add(Flow::Kind::Join, joined->second, id, events); // a second join of the same thread
        } else {
            m_pendingJoins[e.a].push_back(id);
        }
        break;
    }
    case EventKind::ExitWaitEnd:
        exitWaitEnded(events, id, daemon);
        break;
    default:
        break;
    }
}

void FlowLinker::endOfThread(const EventTable& events, EventId id, const std::function<bool(LaneId)>& daemon)
{
    const LaneId lane = events[id].lane;
    if (const auto it = m_pendingJoins.find(lane); it != m_pendingJoins.end()) {
        for (EventId join : it->second)
            add(Flow::Kind::Join, id, join, events);
        m_pendingJoins.erase(it);
        m_joinedEnds.emplace(lane, id);
        return;
    }
    // Nobody has joined it yet: a join may still come, else the interpreter's exit joins it.
    if (m_exitWaitEnd != kNoEvent && lane != events[m_exitWaitEnd].lane && !daemon(lane)) {
        add(Flow::Kind::ExitWait, id, m_exitWaitEnd, events);
        return;
    }
    m_unjoinedEnds.emplace(lane, id);
}

void FlowLinker::exitWaitEnded(const EventTable& events, EventId id, const std::function<bool(LaneId)>& daemon)
{
    m_exitWaitEnd = id;
    const LaneId main = events[id].lane;
    for (auto it = m_unjoinedEnds.begin(); it != m_unjoinedEnds.end();) {
        if (it->first != main && !daemon(it->first)) {
            add(Flow::Kind::ExitWait, it->second, id, events);
            it = m_unjoinedEnds.erase(it);
        } else {
            ++it;
        }
    }
}

void FlowLinker::wake(WakeSpace& space, Flow::Kind kind, std::uint64_t key, bool isFrom, EventId here,
                      const EventTable& events)
{
    if (!isFrom) {
        if (const auto from = space.from.find(key); from != space.from.end())
            add(kind, from->second, here, events);
        else
            space.ends[key].push_back(here);
        return;
    }
    space.from.emplace(key, here);
    if (const auto ends = space.ends.find(key); ends != space.ends.end()) {
        for (EventId end : ends->second)
            add(kind, here, end, events);
        space.ends.erase(ends);
    }
}

void FlowLinker::link(Flow::Kind kind, std::uint64_t key, bool isFrom, EventId here, const EventTable& events)
{
    auto& mine = isFrom ? m_pendingFrom : m_pendingTo;
    auto& other = isFrom ? m_pendingTo : m_pendingFrom;
    const auto it = other.find(key);
    if (it == other.end()) {
        mine.emplace(key, here);
        return;
    }
    const EventId there = it->second;
    other.erase(it);
    add(kind, isFrom ? here : there, isFrom ? there : here, events);
}

void FlowLinker::add(Flow::Kind kind, EventId from, EventId to, const EventTable& events)
{
    const auto index = static_cast<std::uint32_t>(m_flows.size());
    const Event& f = events[from];
    const Event& t = events[to];
    m_flows.push_back(Flow{kind, from, to, f.lane, f.ts, t.lane, t.ts, kind == Flow::Kind::Other ? f.b : 0});
    m_next.resize(m_next.size() + 2, kEndOfList);
    for (std::uint32_t side = 0; side < 2; ++side) {
        const EventId end = side == 0 ? from : to;
        const auto [it, inserted] = m_head.try_emplace(end, 2 * index + side);
        if (!inserted) {
            m_next[2 * index + side] = it->second;
            it->second = 2 * index + side;
        }
    }
}

std::vector<std::uint32_t> FlowLinker::flowsOf(EventId id) const
{
    std::vector<std::uint32_t> out;
    const auto it = m_head.find(id);
    for (std::uint32_t at = it == m_head.end() ? kEndOfList : it->second; at != kEndOfList; at = m_next[at])
        out.push_back(at / 2);
    std::reverse(out.begin(), out.end()); // oldest first
    return out;
}

} // namespace tl
