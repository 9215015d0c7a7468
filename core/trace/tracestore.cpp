#include "trace/tracestore.h"

#include <algorithm>
#include <array>

namespace tl {

namespace {

constexpr std::array<const char*, static_cast<std::size_t>(LaneState::Count_)> kStateNames = {
    "run", "sleep", "get", "put", "join", "queue.join", "exit-wait", "accept", "recv", "send", "connect", "task",
};

std::uint64_t startKey(LaneId target)
{
    return (std::uint64_t{1} << 62) | target;
}

std::uint64_t itemKey(std::uint32_t queue, std::uint32_t item)
{
    return (std::uint64_t{2} << 62) | (std::uint64_t{queue} << 32) | item;
}

LaneState socketState(std::uint8_t flags)
{
    switch (static_cast<SocketOp>(flags)) {
    case SocketOp::Accept:
        return LaneState::Accept;
    case SocketOp::Recv:
        return LaneState::Recv;
    case SocketOp::Send:
        return LaneState::Send;
    case SocketOp::Connect:
        return LaneState::Connect;
    }
    return LaneState::Recv;
}

void openSpan(LaneInfo& lane, std::int64_t ts, LaneState state, std::uint32_t detail)
{
    Span span;
    span.begin = ts;
    span.state = state;
    span.depth = static_cast<std::uint8_t>(std::min<std::size_t>(lane.openSpans.size(), 255));
    span.detail = detail;
    lane.openSpans.push_back(static_cast<std::uint32_t>(lane.spans.size()));
    lane.spans.push_back(span);
}

// Closes the innermost open span in `state` and every span nested in it. An end with no matching
// begin (e.g. a get that never blocked) closes nothing.
void closeSpan(LaneInfo& lane, std::int64_t ts, LaneState state)
{
    const auto it = std::find_if(lane.openSpans.rbegin(), lane.openSpans.rend(),
                                 [&](std::uint32_t i) { return lane.spans[i].state == state; });
    if (it == lane.openSpans.rend())
        return;
    const auto keep = static_cast<std::size_t>(lane.openSpans.rend() - it) - 1;
    for (std::size_t i = keep; i < lane.openSpans.size(); ++i)
        lane.spans[lane.openSpans[i]].end = ts;
    lane.openSpans.resize(keep);
}

void closeAll(LaneInfo& lane, std::int64_t ts)
{
    for (std::uint32_t i : lane.openSpans)
        lane.spans[i].end = ts;
    lane.openSpans.clear();
}

} // namespace

QString laneStateName(LaneState state)
{
    const auto i = static_cast<std::size_t>(state);
    return QString::fromLatin1(i < kStateNames.size() ? kStateNames[i] : "unknown");
}

void feedSpan(LaneInfo& lane, const Event& e)
{
    switch (e.kind) {
    case EventKind::RunBegin:
        openSpan(lane, e.ts, LaneState::Running, 0);
        break;
    case EventKind::RunEnd:
        closeAll(lane, e.ts);
        break;
    case EventKind::SleepBegin:
        openSpan(lane, e.ts, LaneState::Sleeping, 0);
        break;
    case EventKind::SleepEnd:
        closeSpan(lane, e.ts, LaneState::Sleeping);
        break;
    case EventKind::GetBlocked:
        openSpan(lane, e.ts, LaneState::BlockedGet, e.a);
        break;
    case EventKind::GetDone:
        closeSpan(lane, e.ts, LaneState::BlockedGet);
        break;
    case EventKind::PutBlocked:
        openSpan(lane, e.ts, LaneState::BlockedPut, e.a);
        break;
    case EventKind::PutDone:
        closeSpan(lane, e.ts, LaneState::BlockedPut);
        break;
    case EventKind::JoinBegin:
        openSpan(lane, e.ts, LaneState::Joining, e.a);
        break;
    case EventKind::JoinEnd:
        closeSpan(lane, e.ts, LaneState::Joining);
        break;
    case EventKind::QueueJoinBegin:
        openSpan(lane, e.ts, LaneState::QueueJoin, e.a);
        break;
    case EventKind::QueueJoinEnd:
        closeSpan(lane, e.ts, LaneState::QueueJoin);
        break;
    case EventKind::ExitWaitBegin:
        openSpan(lane, e.ts, LaneState::ExitWait, 0);
        break;
    case EventKind::ExitWaitEnd:
        closeSpan(lane, e.ts, LaneState::ExitWait);
        break;
    case EventKind::SocketBegin:
        openSpan(lane, e.ts, socketState(e.flags), e.a);
        break;
    case EventKind::SocketEnd:
        closeSpan(lane, e.ts, socketState(e.flags));
        break;
    case EventKind::PoolTaskBegin:
        openSpan(lane, e.ts, LaneState::Task, e.b);
        break;
    case EventKind::PoolTaskEnd:
        closeSpan(lane, e.ts, LaneState::Task);
        break;
    case EventKind::DaemonStopped:
    case EventKind::Stopped:
        closeAll(lane, e.ts);
        break;
    default:
        break;
    }
}

void rebuildSpans(LaneInfo& lane)
{
    lane.spans.clear();
    lane.openSpans.clear();
    for (const Event& e : lane.events)
        feedSpan(lane, e);
}

TraceStore::TraceStore(std::shared_ptr<const StringTable> strings)
    : m_strings(std::move(strings))
{
}

LaneInfo& TraceStore::laneFor(LaneId id)
{
    while (m_lanes.size() <= id) {
        m_lanes.emplace_back();
        m_lanes.back().id = static_cast<LaneId>(m_lanes.size() - 1);
    }
    return m_lanes[id];
}

QueueInfo& TraceStore::queueFor(std::uint32_t id)
{
    const auto it = std::find_if(m_queues.begin(), m_queues.end(), [id](const QueueInfo& q) { return q.id == id; });
    if (it != m_queues.end())
        return *it;
    m_queues.push_back(QueueInfo{id, QStringLiteral("queue"), 0, {}});
    return m_queues.back();
}

const QueueInfo* TraceStore::queue(std::uint32_t id) const
{
    const auto it = std::find_if(m_queues.begin(), m_queues.end(), [id](const QueueInfo& q) { return q.id == id; });
    return it == m_queues.end() ? nullptr : &*it;
}

void TraceStore::append(std::span<const Event> batch)
{
    std::vector<LaneId> unordered;
    for (const Event& e : batch) {
        LaneInfo& lane = laneFor(e.lane);
        if (lane.events.empty() || lane.events.back().ts <= e.ts) {
            lane.events.push_back(e);
            feedSpan(lane, e);
        } else {
            const auto at = std::upper_bound(lane.events.begin(), lane.events.end(), e.ts,
                                             [](std::int64_t ts, const Event& x) { return ts < x.ts; });
            lane.events.insert(at, e);
            unordered.push_back(e.lane);
        }
        index(e);
        linkFlows(e);
        m_endTs = std::max(m_endTs, e.ts);
        ++m_eventCount;
    }
    std::sort(unordered.begin(), unordered.end());
    unordered.erase(std::unique(unordered.begin(), unordered.end()), unordered.end());
    for (LaneId id : unordered)
        rebuildSpans(m_lanes[id]);
}

void TraceStore::index(const Event& e)
{
    LaneInfo& lane = m_lanes[e.lane];
    switch (e.kind) {
    case EventKind::ThreadCreated:
        lane.name = m_strings->text(e.b);
        lane.target = m_strings->text(e.c);
        lane.daemon = (e.flags & EventFlag::Daemon) != 0;
        lane.parent = e.a;
        lane.createdTs = e.ts;
        if (e.lane == 0)
            lane.firstTs = std::numeric_limits<std::int64_t>::min();
        break;
    case EventKind::Start: {
        LaneInfo& target = laneFor(e.a);
        target.firstTs = std::min(target.firstTs, e.ts);
        target.daemon = (e.flags & EventFlag::Daemon) != 0;
        break;
    }
    case EventKind::RunBegin:
        lane.firstTs = std::min(lane.firstTs, e.ts);
        break;
    case EventKind::RunEnd:
        lane.endTs = e.ts;
        break;
    case EventKind::QueueCreated: {
        QueueInfo& q = queueFor(e.a);
        q.name = m_strings->text(e.b);
        q.maxsize = static_cast<int>(e.c);
        // Puts from another thread's producer may have been drained first: the creation point still
        // starts the series.
        if (q.depth.empty() || q.depth.front().first > e.ts)
            q.depth.insert(q.depth.begin(), {e.ts, 0});
        break;
    }
    case EventKind::PutDone:
    case EventKind::GetDone: {
        if (e.flags & EventFlag::TimedOut)
            break;
        auto& series = queueFor(e.a).depth;
        const std::pair<std::int64_t, std::uint32_t> point(e.ts, e.c);
        if (series.empty() || series.back().first <= e.ts)
            series.push_back(point);
        else
            series.insert(std::upper_bound(series.begin(), series.end(), point,
                                           [](const auto& x, const auto& y) { return x.first < y.first; }),
                          point);
        break;
    }
    default:
        break;
    }
}

void TraceStore::addFlow(Flow::Kind kind, LaneId fromLane, std::int64_t fromTs, LaneId toLane, std::int64_t toTs)
{
    m_flows.push_back(Flow{kind, fromLane, fromTs, toLane, toTs});
}

void TraceStore::linkFlows(const Event& e)
{
    auto link = [this](Flow::Kind kind, std::uint64_t key, bool isFrom, Endpoint here) {
        auto& mine = isFrom ? m_pendingFrom : m_pendingTo;
        auto& other = isFrom ? m_pendingTo : m_pendingFrom;
        const auto it = other.find(key);
        if (it == other.end()) {
            mine.emplace(key, here);
            return;
        }
        const Endpoint from = isFrom ? here : it->second;
        const Endpoint to = isFrom ? it->second : here;
        other.erase(it);
        addFlow(kind, from.lane, from.ts, to.lane, to.ts);
    };
    switch (e.kind) {
    case EventKind::Start:
        link(Flow::Kind::Start, startKey(e.a), true, {e.lane, e.ts});
        break;
    case EventKind::RunBegin:
        link(Flow::Kind::Start, startKey(e.lane), false, {e.lane, e.ts});
        break;
    case EventKind::PutDone:
        if (!(e.flags & EventFlag::TimedOut))
            link(Flow::Kind::Item, itemKey(e.a, e.b), true, {e.lane, e.ts});
        break;
    case EventKind::GetDone:
        if (!(e.flags & EventFlag::TimedOut))
            link(Flow::Kind::Item, itemKey(e.a, e.b), false, {e.lane, e.ts});
        break;
    case EventKind::RunEnd: {
        const auto it = m_pendingJoins.find(e.lane);
        if (it != m_pendingJoins.end()) {
            for (const Endpoint& join : it->second)
                addFlow(Flow::Kind::Join, e.lane, e.ts, join.lane, join.ts);
            m_pendingJoins.erase(it);
        }
        break;
    }
    case EventKind::JoinEnd:
        if (e.flags & EventFlag::TimedOut)
            break;
        if (e.a < m_lanes.size() && m_lanes[e.a].endTs != kOpenEnd)
            addFlow(Flow::Kind::Join, e.a, m_lanes[e.a].endTs, e.lane, e.ts);
        else
            m_pendingJoins[e.a].push_back({e.lane, e.ts});
        break;
    default:
        break;
    }
}

std::vector<LaneId> TraceStore::laneOrder() const
{
    std::vector<LaneId> order(m_lanes.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = static_cast<LaneId>(i);
    std::stable_sort(order.begin(), order.end(), [this](LaneId x, LaneId y) {
        if (x == 0 || y == 0)
            return x == 0 && y != 0;
        const LaneInfo& a = m_lanes[x];
        const LaneInfo& b = m_lanes[y];
        return a.firstTs != b.firstTs ? a.firstTs < b.firstTs : x < y;
    });
    return order;
}

std::vector<Event> TraceStore::allEventsSorted() const
{
    std::vector<Event> all;
    all.reserve(m_eventCount);
    for (const LaneInfo& lane : m_lanes)
        all.insert(all.end(), lane.events.begin(), lane.events.end());
    std::stable_sort(all.begin(), all.end(),
                     [](const Event& x, const Event& y) { return x.ts != y.ts ? x.ts < y.ts : x.lane < y.lane; });
    return all;
}

} // namespace tl
