#include "trace/tracestore.h"

#include "trace/eventschema.h"

#include <algorithm>
#include <limits>

namespace tl {

namespace {

bool tsBefore(const Event& x, std::int64_t ts)
{
    return x.ts < ts;
}

} // namespace

TraceStore::TraceStore(std::shared_ptr<const StringTable> strings)
    : m_strings(std::move(strings))
{
}

LaneInfo& TraceStore::laneFor(LaneId id)
{
    while (m_lanes.size() <= id) {
        m_lanes.emplace_back();
        m_lanes.back().events = LaneEvents(&m_events);
        m_lanes.back().id = static_cast<LaneId>(m_lanes.size() - 1);
    }
    return m_lanes[id];
}

QueueInfo& TraceStore::queueFor(std::uint32_t id)
{
    if (const auto it = m_queueIndex.find(id); it != m_queueIndex.end())
        return m_queues[it->second];
    m_queueIndex.emplace(id, m_queues.size());
    m_queues.push_back(QueueInfo{id, QString(), QString(), 0, {}, 0});
    return m_queues.back();
}

GroupInfo& TraceStore::groupFor(std::uint32_t id)
{
    for (GroupInfo& g : m_groups) {
        if (g.id == id)
            return g;
    }
    m_groups.push_back(GroupInfo{id, QString(), kNoValue});
    return m_groups.back();
}

const GroupInfo* TraceStore::group(std::uint32_t id) const
{
    const auto it = std::find_if(m_groups.begin(), m_groups.end(), [id](const GroupInfo& g) { return g.id == id; });
    return it == m_groups.end() ? nullptr : &*it;
}

void TraceStore::addCounterValue(const Event& e)
{
    const auto [it, added] = m_counterIndex.try_emplace(e.a, m_counters.size());
    if (added)
        m_counters.push_back(CounterSeries{e.a, {}, counterValue(e), counterValue(e)});
    CounterSeries& series = m_counters[it->second];
    const std::pair<std::int64_t, double> point(e.ts, counterValue(e));
    series.min = std::min(series.min, point.second);
    series.max = std::max(series.max, point.second);
    if (series.points.empty() || series.points.back().first <= e.ts)
        series.points.push_back(point);
    else
        series.points.insert(std::upper_bound(series.points.begin(), series.points.end(), point,
                                              [](const auto& x, const auto& y) { return x.first < y.first; }),
                             point);
}

const QueueInfo* TraceStore::queue(std::uint32_t id) const
{
    const auto it = m_queueIndex.find(id);
    return it == m_queueIndex.end() ? nullptr : &m_queues[it->second];
}

StoreChange TraceStore::append(std::span<const Event> batch, std::span<const EventFile> files)
{
    StoreChange change;
    change.firstEvent = static_cast<EventId>(m_events.size());
    change.firstFlow = static_cast<std::uint32_t>(flows().size());
    const std::size_t lanesBefore = m_lanes.size();
    const std::size_t queuesBefore = m_queues.size();
    // The batch's events by position: an item value is kept as its item's, so the events after it get ids one
    // lower than their position; the files name positions.
    std::vector<EventId> ids;
    if (!files.empty())
        ids.reserve(batch.size());
    for (const Event& e : batch) {
        if (!keptAsEvent(e.kind)) { // an ItemValue
            m_itemValues[itemKey(e.a, e.b)] = ItemWords{e.c, (e.flags & EventFlag::Number) != 0};
            if (!files.empty())
                ids.push_back(kNoEvent);
            continue;
        }
        const EventId id = m_events.append(e);
        if (!files.empty())
            ids.push_back(id);
        placeInLane(laneFor(e.lane), id, change);
        index(e, id, change);
        m_flows.offer(m_events, id, [this](LaneId lane) { return lane < m_lanes.size() && m_lanes[lane].daemon; });
        m_endTs = std::max(m_endTs, e.ts);
        change.from = std::min(change.from, e.ts);
        change.to = std::max(change.to, e.ts);
    }
    change.endEvent = static_cast<EventId>(m_events.size());
    // A file lists its events in any order: the painter looks the visible ones up by time.
    std::stable_sort(m_wideMarks.begin(), m_wideMarks.end(),
                     [this](EventId a, EventId b) { return m_events[a].ts < m_events[b].ts; });
    for (const EventFile& f : files) {
        if (f.index < ids.size() && ids[f.index] != kNoEvent && f.file != 0)
            m_eventFiles[ids[f.index]] = f.file;
    }
    auto unique = [](std::vector<LaneId>& v) {
        std::sort(v.begin(), v.end());
        v.erase(std::unique(v.begin(), v.end()), v.end());
    };
    unique(change.lanes);
    unique(change.rebuiltLanes);
    for (LaneId id : change.rebuiltLanes) {
        const int levels = m_lanes[id].sliceLevels();
        rebuildSpans(m_lanes[id], m_events);
        change.laneInfoChanged = change.laneInfoChanged || m_lanes[id].sliceLevels() != levels;
    }
    change.laneInfoChanged = change.laneInfoChanged || m_lanes.size() != lanesBefore;
    change.queueInfoChanged = change.queueInfoChanged || m_queues.size() != queuesBefore;
    return change;
}

void TraceStore::placeInLane(LaneInfo& lane, EventId id, StoreChange& change)
{
    const Event& e = m_events[id];
    change.lanes.push_back(e.lane);
    if (e.kind != EventKind::ThreadName && e.kind != EventKind::GroupName && e.kind != EventKind::CounterValue &&
        lane.drawnEvents++ == 0)
        change.laneInfoChanged = true; // it gets a row
    if (lane.events.empty() || lane.events.back().ts <= e.ts) {
        lane.events.append(id);
        if (feedSpan(lane, e, id))
            change.laneInfoChanged = true; // its row grows a depth
        return;
    }
    // Earlier than the lane's last event (its ThreadCreated came from the creator's producer, drained
    // later): insert in place; the lane's spans are rebuilt once the batch is in.
    const auto at = std::upper_bound(lane.events.begin(), lane.events.end(), e.ts,
                                     [](std::int64_t ts, const Event& x) { return ts < x.ts; });
    lane.events.insertAt(static_cast<std::size_t>(at - lane.events.begin()), id);
    change.rebuiltLanes.push_back(e.lane);
}

void TraceStore::index(const Event& e, EventId id, StoreChange& change)
{
    LaneInfo& lane = m_lanes[e.lane];
    switch (e.kind) {
    case EventKind::ThreadCreated:
        if (!lane.renamedTs)
            lane.name = m_strings->text(*nameGivenBy(e));
        lane.target = m_strings->text(e.c);
        lane.daemon = (e.flags & EventFlag::Daemon) != 0;
        lane.parent = e.a;
        lane.createdTs = e.ts;
        if (e.lane == 0)
            lane.firstTs = std::numeric_limits<std::int64_t>::min();
        change.laneInfoChanged = true;
        break;
    case EventKind::Start: {
        // An imported start whose target names no thread of the file has none (kNoValue): growing the
        // lanes up to it would ask for billions of them (found by fuzz_chrometraceimporter).
        if (e.a == kNoValue)
            break;
        LaneInfo& target = laneFor(e.a);
        target.firstTs = std::min(target.firstTs, e.ts);
        target.daemon = (e.flags & EventFlag::Daemon) != 0;
        change.laneInfoChanged = true;
        break;
    }
    case EventKind::RunBegin:
        if (e.ts < lane.firstTs) {
            lane.firstTs = e.ts;
            change.laneInfoChanged = true;
        }
        break;
    case EventKind::RunEnd:
        lane.endTs = e.ts;
        lane.endEvent = id;
        break;
    case EventKind::QueueCreated: {
        QueueInfo& q = queueFor(e.a);
        q.name = m_strings->text(e.b);
        const int uses = ++m_queueNameUses[q.name];
        q.uniqueName = uses == 1 ? q.name : QStringLiteral("%1#%2").arg(q.name).arg(uses);
        // A CPython queue may be asked for any maxsize: beyond int's range it is as good as unbounded.
        q.maxsize = static_cast<int>(std::min<std::uint32_t>(e.c, std::numeric_limits<int>::max()));
        // Puts from another thread's producer may have been drained first: the creation point still
        // starts the series.
        if (q.depth.empty() || q.depth.front().first > e.ts)
            q.depth.insert(q.depth.begin(), {e.ts, 0});
        change.depthsChanged = true;
        change.queueInfoChanged = true;
        break;
    }
    case EventKind::PutDone:
    case EventKind::GetDone: {
        if (e.flags & EventFlag::TimedOut)
            break;
        QueueInfo& q = queueFor(e.a);
        q.maxDepth = std::max(q.maxDepth, e.c);
        auto& series = q.depth;
        const std::pair<std::int64_t, std::uint32_t> point(e.ts, e.c);
        if (series.empty() || series.back().first <= e.ts)
            series.push_back(point);
        else
            series.insert(std::upper_bound(series.begin(), series.end(), point,
                                           [](const auto& x, const auto& y) { return x.first < y.first; }),
                          point);
        change.depthsChanged = true;
        break;
    }
    case EventKind::PoolSubmit:
    case EventKind::PoolTaskBegin:
    case EventKind::PoolTaskEnd:
        if (e.c != 0)
            m_taskNames.emplace(e.b, e.c);
        break;
    case EventKind::Mark:
        if (markScope(e) != MarkScope::Thread)
            m_wideMarks.push_back(id);
        break;
    case EventKind::ThreadName:
        if (!lane.renamedTs || e.ts >= *lane.renamedTs) {
            lane.name = m_strings->text(*nameGivenBy(e));
            lane.renamedTs = e.ts;
        }
        lane.daemon = (e.flags & EventFlag::Daemon) != 0;
        lane.group = e.b;
        lane.sortIndex = e.c;
        if (e.b != kNoValue)
            groupFor(e.b);
        change.laneInfoChanged = true;
        break;
    case EventKind::GroupName: {
        GroupInfo& g = groupFor(e.a);
        g.name = m_strings->text(e.b);
        g.sortIndex = e.c;
        change.laneInfoChanged = true;
        break;
    }
    case EventKind::SyncCreated: {
        m_syncs.created(e.a, m_strings->text(e.b), static_cast<SyncType>(e.c), e.ts, e.lane);
        const std::size_t before = m_semaphoreValues.all().size();
        m_semaphoreValues.created(e.a, static_cast<SyncType>(e.c), e.ts);
        change.semaphoresChanged = change.semaphoresChanged || m_semaphoreValues.all().size() != before;
        const std::size_t locksBefore = m_lockHolds.all().size();
        m_lockHolds.created(e.a, static_cast<SyncType>(e.c));
        change.locksChanged = change.locksChanged || m_lockHolds.all().size() != locksBefore;
        break;
    }
    case EventKind::Acquired:
    case EventKind::Released: {
        const SyncNames::Info* info = m_syncs.find(e.a);
        if (m_semaphoreValues.changed(e, info ? &info->type : nullptr))
            change.semaphoresChanged = true;
        if (m_lockHolds.changed(e, id, info ? &info->type : nullptr))
            change.locksChanged = true;
        break;
    }
    case EventKind::CounterValue:
        addCounterValue(e);
        change.countersChanged = true;
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
    // A group's key: its sort index, then its id; lanes with no group come first (engine runs have none).
    auto groupKey = [this](const LaneInfo& l) {
        const GroupInfo* g = l.group == kNoValue ? nullptr : group(l.group);
        return std::pair<std::uint64_t, std::uint64_t>(g ? std::uint64_t{g->sortIndex} + 1 : 0, g ? g->id : 0);
    };
    std::stable_sort(order.begin(), order.end(), [&](LaneId x, LaneId y) {
        const LaneInfo& a = m_lanes[x];
        const LaneInfo& b = m_lanes[y];
        if (groupKey(a) != groupKey(b))
            return groupKey(a) < groupKey(b);
        if (a.sortIndex != b.sortIndex) // kNoValue (none asked for) sorts last
            return a.sortIndex < b.sortIndex;
        if (x == 0 || y == 0)
            return x == 0 && y != 0;
        return a.firstTs != b.firstTs ? a.firstTs < b.firstTs : x < y;
    });
    return order;
}

EventView TraceStore::eventsByTime() const
{
    if (m_byTimeCount != m_events.size()) {
        // Lanes are sorted: merging them would be O(n log lanes), but one sort of 4-byte ids is simpler
        // and runs once per export or finished run.
        m_byTime.resize(m_events.size());
        for (std::size_t i = 0; i < m_byTime.size(); ++i)
            m_byTime[i] = static_cast<EventId>(i);
        std::sort(m_byTime.begin(), m_byTime.end(), [this](EventId x, EventId y) {
            const Event& a = m_events[x];
            const Event& b = m_events[y];
            if (a.ts != b.ts)
                return a.ts < b.ts;
            return a.lane != b.lane ? a.lane < b.lane : x < y;
        });
        m_byTimeCount = m_events.size();
    }
    return {m_events, m_byTime};
}

std::ptrdiff_t TraceStore::indexInLane(EventId id) const
{
    if (!contains(id))
        return -1;
    const Event& e = m_events[id];
    const EventView view = laneEvents(e.lane);
    for (auto it = std::lower_bound(view.begin(), view.end(), e.ts, tsBefore); it != view.end() && it->ts == e.ts;
         ++it) {
        if (it.id() == id)
            return it - view.begin();
    }
    return -1;
}

StringId TraceStore::fileOf(EventId id) const
{
    const auto it = m_eventFiles.find(id);
    return it != m_eventFiles.end() ? it->second : 0;
}

const Span* TraceStore::spanOpenedBy(LaneId laneId, EventId opening) const
{
    if (laneId >= m_lanes.size() || !contains(opening))
        return nullptr;
    const LaneInfo& lane = m_lanes[laneId];
    const std::int64_t ts = m_events[opening].ts;
    auto it = std::lower_bound(lane.spans.begin(), lane.spans.end(), ts,
                               [](const Span& s, std::int64_t t) { return s.begin < t; });
    for (; it != lane.spans.end() && it->begin == ts; ++it) {
        if (it->opening == opening)
            return &*it;
    }
    return nullptr;
}

} // namespace tl
