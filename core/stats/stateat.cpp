#include "stats/stateat.h"

#include "trace/eventtext.h"
#include "trace/tracemetadata.h"

#include <QStringList>

#include <algorithm>
#include <deque>
#include <unordered_map>

namespace tl::stats {

namespace {

// How far back a lane's events are searched for a listing line: a line is on almost every event, so this
// only bounds the search on a foreign trace that has none.
constexpr int kLineSearch = 64;

std::uint16_t lineAt(const TraceStore& store, const LaneInfo& lane, std::int64_t ts)
{
    const EventView events = store.laneEvents(lane);
    auto it =
        std::upper_bound(events.begin(), events.end(), ts, [](std::int64_t t, const Event& e) { return t < e.ts; });
    for (int n = 0; it != events.begin() && n < kLineSearch; ++n) {
        --it;
        if (it->line != 0)
            return it->line;
    }
    return 0;
}

QString runningText(std::uint16_t line)
{
    return line != 0 ? QStringLiteral("running line %1").arg(line) : QStringLiteral("running");
}

// The state as a phrase, with what it waits on named through the store.
QString stateText(const TraceStore& store, const LaneInfo& lane, const Span& span, std::uint16_t line)
{
    const Event* opening = store.contains(span.opening) ? &store.event(span.opening) : nullptr;
    switch (span.state) {
    case LaneState::Running:
        return runningText(line);
    case LaneState::Sleeping:
        if (opening && opening->c != kNoValue)
            return QStringLiteral("sleeping until %1")
                .arg(formatTimestamp(span.begin + std::int64_t{opening->c} * 1000));
        return QStringLiteral("sleeping");
    case LaneState::BlockedGet:
        return QStringLiteral("blocked in get on %1 (empty)").arg(store.queueName(span.detail));
    case LaneState::BlockedPut:
        return QStringLiteral("blocked in put on %1 (full)").arg(store.queueName(span.detail));
    case LaneState::QueueJoin:
        return QStringLiteral("waiting in queue.join on %1").arg(store.queueName(span.detail));
    case LaneState::Joining:
        return QStringLiteral("waiting in join on %1").arg(store.laneName(span.detail));
    case LaneState::Starting:
        return QStringLiteral("in start(), waiting for %1 to begin").arg(store.laneName(span.detail));
    case LaneState::Acquire:
        return QStringLiteral("blocked in acquire on %1").arg(store.syncName(span.detail));
    case LaneState::CondWait:
        return QStringLiteral("waiting on condition %1").arg(store.syncName(span.detail));
    case LaneState::EventWait:
        return QStringLiteral("waiting for event %1 to be set").arg(store.syncName(span.detail));
    case LaneState::BarrierWait:
        return QStringLiteral("waiting at barrier %1").arg(store.syncName(span.detail));
    case LaneState::FutureWait: {
        if (span.detail == 0)
            return QStringLiteral("waiting for futures");
        const QString task = store.taskName(span.detail);
        return task.isEmpty() ? QStringLiteral("waiting for the future of task %1").arg(span.detail)
                              : QStringLiteral("waiting for the future of task %1 (%2)").arg(span.detail).arg(task);
    }
    case LaneState::Task: {
        const QString task = opening ? store.taskName(opening->b) : QString();
        const QString what =
            task.isEmpty() ? QStringLiteral("running a pool task") : QStringLiteral("running task %1").arg(task);
        return line != 0 ? QStringLiteral("%1, line %2").arg(what).arg(line) : what;
    }
    default:
        break;
    }
    const QString details = spanDetails(store, lane, span);
    const QString state = stateDescription(span.state);
    return details.isEmpty() || details == state ? state : QStringLiteral("%1: %2").arg(state, details);
}

// Which lane holds each Lock and RLock at `ts`: the owner of its last acquire, until a release leaves its
// count at 0 (an RLock's count is its depth; Condition.wait releases to 0 and takes it back at its count).
// Semaphores have no owner in Python, so none is named.
std::unordered_map<std::uint32_t, LaneId> lockHoldersAt(const TraceStore& store, std::int64_t ts)
{
    std::unordered_map<std::uint32_t, LaneId> holders;
    for (const Event& e : store.eventsByTime()) {
        if (e.ts > ts)
            break;
        if (e.kind != EventKind::Acquired && e.kind != EventKind::Released)
            continue;
        const SyncNames::Info* sync = store.syncs().find(e.a);
        if (!sync || (sync->type != SyncType::Lock && sync->type != SyncType::RLock))
            continue;
        if (e.kind == EventKind::Acquired && (e.flags & EventFlag::TimedOut) == 0)
            holders[e.a] = e.lane;
        else if (e.kind == EventKind::Released && e.c == 0)
            holders.erase(e.a);
    }
    return holders;
}

// ", holding a, b" for the locks held; empty when there are none.
QString holdingText(const TraceStore& store, const std::vector<std::uint32_t>& held)
{
    if (held.empty())
        return {};
    QStringList names;
    for (const std::uint32_t lock : held)
        names << store.syncName(lock);
    return QStringLiteral(", holding %1").arg(names.join(QStringLiteral(", ")));
}

// Since when `lane` has been in `span`'s state at `ts`: for its run span, running, the end of the last span nested in
// it that has ended (a thread running again after a wait runs since the wait ended, not since its run began); for any
// other span, its own begin (a slice of another tool lasts from its begin, whatever it nests). Walking back from the
// spans begun by `ts`, the first direct child met is the latest (siblings do not overlap); the deeper ones met before
// it end within it.
std::int64_t stateSince(const LaneInfo& lane, const Span& span, std::int64_t ts)
{
    if (span.depth != 0 || span.state != LaneState::Running)
        return span.begin;
    auto it = std::upper_bound(lane.spans.begin(), lane.spans.end(), ts,
                               [](std::int64_t t, const Span& s) { return t < s.begin; });
    while (it != lane.spans.begin()) {
        --it;
        if (&*it == &span)
            break;
        if (it->depth == span.depth + 1)
            return std::min(it->end, ts);
    }
    return span.begin;
}

ThreadAt threadAt(const TraceStore& store, const LaneInfo& lane, std::int64_t ts)
{
    ThreadAt t;
    t.lane = lane.id;
    t.name = laneLabelAt(store, lane.id, ts);
    t.line = lineAt(store, lane, ts);
    if (const Span* span = innermostSpanAt(lane, ts)) {
        t.life = ThreadAt::Life::Alive;
        t.state = span->state;
        t.since = stateSince(lane, *span, ts);
        t.text = stateText(store, lane, *span, t.line);
    } else if (lane.endTs == kOpenEnd && !lane.spans.empty() && lane.spans.front().begin <= ts &&
               lane.spans.front().state == LaneState::Slice) {
        // Another tool's thread has no lifetime, only slices: past its first, it is between two (or after its last).
        t.life = ThreadAt::Life::Between;
        t.text = QStringLiteral("in no slice");
    } else if (lane.endTs != kOpenEnd && lane.endTs <= ts) {
        t.life = ThreadAt::Life::Ended;
        t.since = lane.endTs;
        t.text = QStringLiteral("ended at %1").arg(formatTimestamp(lane.endTs));
    } else if (lane.createdTs <= ts && lane.id != 0) {
        t.life = ThreadAt::Life::NotStarted;
        // Between start() and the first line of its body, a thread is starting: start() waits for that.
        t.text = lane.firstTs <= ts ? QStringLiteral("starting") : QStringLiteral("created, not started");
    } else if (lane.id == 0 &&
               (store.metadata().source == QLatin1String(TraceMetadata::kEngine) || store.metadata().isPython())) {
        // The main thread is there from the program's start: before its first event, the interpreter is starting.
        // (Another tool's first lane is no main thread.)
        t.life = ThreadAt::Life::NotStarted;
        t.text = QStringLiteral("starting");
    } else {
        t.text = QStringLiteral("not created yet");
    }
    return t;
}

// A get names the item it took: that one leaves, wherever it is (the oldest, for a FIFO queue.Queue). A
// trace cut before the put it pairs with takes nothing.
void takeItem(std::deque<std::uint32_t>& held, std::uint32_t item)
{
    if (const auto it = std::find(held.begin(), held.end(), item); it != held.end())
        held.erase(it);
}

// Each queue's items at `ts`, from the puts and gets before it in time order.
std::vector<QueueAt> queuesAt(const TraceStore& store, std::int64_t ts)
{
    std::vector<QueueAt> queues;
    std::unordered_map<std::uint32_t, std::size_t> index;
    for (const QueueInfo& q : store.queues()) {
        index.emplace(q.id, queues.size());
        queues.push_back(QueueAt{q.id, q.uniqueName, q.maxsize, 0, {}});
    }
    std::vector<std::deque<std::uint32_t>> items(queues.size());
    std::vector<bool> created(queues.size(), false);
    for (const Event& e : store.eventsByTime()) {
        if (e.ts > ts)
            break;
        const bool timedOut = (e.flags & EventFlag::TimedOut) != 0;
        if (e.kind != EventKind::QueueCreated && e.kind != EventKind::PutDone && e.kind != EventKind::GetDone)
            continue;
        const auto it = index.find(e.a);
        if (it == index.end())
            continue;
        created[it->second] = true;
        std::deque<std::uint32_t>& held = items[it->second];
        if (e.kind == EventKind::PutDone && !timedOut)
            held.push_back(e.b);
        else if (e.kind == EventKind::GetDone && !timedOut)
            takeItem(held, e.b);
    }
    std::vector<QueueAt> shown;
    for (std::size_t i = 0; i < queues.size(); ++i) {
        if (!created[i])
            continue;
        queues[i].items.assign(items[i].begin(), items[i].end());
        queues[i].depth = static_cast<std::uint32_t>(items[i].size());
        shown.push_back(std::move(queues[i]));
    }
    return shown;
}

} // namespace

const Span* innermostSpanAt(const LaneInfo& lane, std::int64_t ts)
{
    // Spans are sorted by begin and nested: walking back from the last one begun by `ts`, the first that
    // still covers it is the innermost. Outermost (depth 0) spans do not overlap, so one that does not
    // cover `ts` ends the search.
    auto it = std::upper_bound(lane.spans.begin(), lane.spans.end(), ts,
                               [](std::int64_t t, const Span& s) { return t < s.begin; });
    while (it != lane.spans.begin()) {
        --it;
        if (it->end > ts)
            return &*it;
        if (it->depth == 0)
            return nullptr;
    }
    return nullptr;
}

StateAt stateAt(const TraceStore& store, std::int64_t ts)
{
    StateAt at;
    at.ts = ts;
    const auto holders = lockHoldersAt(store, ts);
    for (LaneId id : store.laneOrder()) {
        ThreadAt t = threadAt(store, store.lane(id), ts);
        for (const auto& [lock, holder] : holders)
            if (holder == id)
                t.holding.push_back(lock);
        std::sort(t.holding.begin(), t.holding.end());
        t.text += holdingText(store, t.holding);
        at.threads.push_back(std::move(t));
    }
    at.queues = queuesAt(store, ts);
    return at;
}

} // namespace tl::stats
