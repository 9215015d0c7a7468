#include "trace/deadlocktext.h"

#include "trace/syncnames.h"

#include <algorithm>
#include <map>

namespace tl {

namespace {

bool isCondition(const TraceStore& store, std::uint32_t sync)
{
    const SyncNames::Info* info = store.syncs().find(sync);
    return info != nullptr && info->type == SyncType::Condition;
}

// What a member of the cycle waits for, as the sentence says it.
QString waitWords(const TraceStore& store, const Event& e)
{
    if (e.a == kNoValue)
        return QStringLiteral("%1 to end").arg(store.laneName(e.b));
    if (isCondition(store, e.a))
        return QStringLiteral("a notify on %1").arg(store.syncName(e.a));
    return store.syncName(e.a);
}

// The lock the wait on `condition` that `deadlock` (on the waiter's lane) belongs to let go as it began: the release
// just before its cond-wait-begin (as Condition.wait releases its lock, then waits). A Condition(mutex)'s lock is
// named by no event of the condition's own; its wait's release names it.
std::optional<std::uint32_t> lockLetGoByTheWait(const TraceStore& store, const Event& deadlock, std::uint32_t condition)
{
    if (deadlock.lane >= store.laneCount())
        return std::nullopt;
    const LaneEvents& events = store.lane(deadlock.lane).events;
    const auto after = std::upper_bound(events.begin(), events.end(), deadlock.ts,
                                        [](std::int64_t ts, const Event& e) { return ts < e.ts; });
    bool inTheWait = false;
    constexpr std::ptrdiff_t kLookBack = 64; // a wait's begin is a few events before the deadlock found in it
    for (auto it = after; it != events.begin() && after - it < kLookBack;) {
        const Event& e = *--it;
        if (e.kind == EventKind::CondWaitBegin && e.a == condition)
            inTheWait = true;
        else if (inTheWait && e.kind == EventKind::Released)
            return e.a;
        else if (inTheWait)
            return std::nullopt;
    }
    return std::nullopt;
}

// What a member holds that the member before it waits for; empty when that one joins it (a thread is not
// held, it runs).
QString heldWords(const TraceStore& store, const Event& before)
{
    if (before.a == kNoValue)
        return {};
    if (isCondition(store, before.a)) {
        // Its own lock by the name its row has; one it was given (Condition(mutex)) by the wait's release.
        if (const std::optional<std::uint32_t> own = store.syncs().ownLockOf(before.a))
            return store.syncName(*own);
        if (const std::optional<std::uint32_t> given = lockLetGoByTheWait(store, before, before.a))
            return store.syncName(*given);
        return SyncNames::ownLockName(store.syncName(before.a));
    }
    return store.syncName(before.a);
}

// The member on the lane `e` waits for, if the group has one.
const EventId* memberOn(const TraceStore& store, const std::vector<EventId>& members, LaneId lane)
{
    const auto it =
        std::find_if(members.begin(), members.end(), [&](EventId m) { return store.event(m).lane == lane; });
    return it == members.end() ? nullptr : &*it;
}

// Whether following each member's wait from `start` comes back to it: a member of the cycle itself, not a
// thread that waits on the cycle from outside it.
bool closesOn(const TraceStore& store, const std::vector<EventId>& members, EventId start)
{
    EventId at = start;
    for (std::size_t step = 0; step < members.size(); ++step) {
        const EventId* next = memberOn(store, members, store.event(at).b);
        if (next == nullptr)
            return false;
        if (*next == start)
            return true;
        at = *next;
    }
    return false;
}

void splitWaiters(const TraceStore& store, DeadlockCycle& cycle)
{
    std::vector<EventId> members;
    for (EventId id : cycle.members)
        (closesOn(store, cycle.members, id) ? members : cycle.waiters).push_back(id);
    cycle.members = std::move(members);
}

// Cycle order: from the lowest lane, each followed by the member on the lane it waits for.
std::vector<EventId> cycleOrder(const TraceStore& store, const std::vector<EventId>& members)
{
    std::vector<EventId> ordered;
    if (members.empty())
        return ordered;
    const auto lowest = std::min_element(members.begin(), members.end(), [&](EventId x, EventId y) {
        return store.event(x).lane < store.event(y).lane;
    });
    for (EventId at = *lowest; ordered.size() < members.size();) {
        ordered.push_back(at);
        const EventId* next = memberOn(store, members, store.event(at).b);
        if (next == nullptr || *next == ordered.front())
            break;
        at = *next;
    }
    return ordered;
}

// Chain order: each chain from the thread at its far end (one no other waiter waits for) towards the cycle.
std::vector<EventId> chainOrder(const TraceStore& store, const std::vector<EventId>& waiters)
{
    std::vector<EventId> ordered;
    const auto placed = [&](EventId id) { return std::find(ordered.begin(), ordered.end(), id) != ordered.end(); };
    for (EventId start : waiters) {
        const bool waitedFor = std::any_of(waiters.begin(), waiters.end(),
                                           [&](EventId w) { return store.event(w).b == store.event(start).lane; });
        if (waitedFor)
            continue;
        for (const EventId* at = &start; at != nullptr && !placed(*at);
             at = memberOn(store, waiters, store.event(*at).b))
            ordered.push_back(*at);
    }
    for (EventId id : waiters) {
        if (!placed(id))
            ordered.push_back(id);
    }
    return ordered;
}

// The wait a stall event marks on its lane, as its opening event; nullptr if the store has none.
const Event* stalledWait(const TraceStore& store, const Event& stall)
{
    if (stall.lane >= store.laneCount())
        return nullptr;
    const Span* wait = deadlockedWait(store.lane(stall.lane), stall.ts);
    return wait != nullptr && wait->opening != kNoEvent ? &store.event(wait->opening) : nullptr;
}

// What a thread of a stall waits for, as the sentence says it after "waits" (or "wait"): "for an item on
// jobs"; empty when its wait is not in the store.
QString stallWaitWords(const TraceStore& store, const Event& stall)
{
    const Event* wait = stalledWait(store, stall);
    if (wait == nullptr)
        return {};
    switch (wait->kind) {
    case EventKind::JoinBegin:
        return QStringLiteral("for %1 to end").arg(store.laneName(wait->a));
    case EventKind::ExitWaitBegin:
        return QStringLiteral("at exit for the threads that are not daemons");
    case EventKind::GetBlocked:
        return QStringLiteral("for an item on %1").arg(store.queueName(wait->a));
    case EventKind::PutBlocked:
        return QStringLiteral("for room on %1").arg(store.queueName(wait->a));
    case EventKind::QueueJoinBegin:
        return QStringLiteral("for every task of %1 to be done").arg(store.queueName(wait->a));
    case EventKind::AcquireBlocked:
        return QStringLiteral("for %1").arg(store.syncName(wait->a));
    case EventKind::CondWaitBegin:
        return QStringLiteral("for a notify on %1").arg(store.syncName(wait->a));
    case EventKind::EventWaitBegin:
        return QStringLiteral("for %1 to be set").arg(store.syncName(wait->a));
    case EventKind::BarrierWaitBegin:
        return QStringLiteral("at %1").arg(store.syncName(wait->a));
    case EventKind::FutureWaitBegin:
        return QStringLiteral("for a future");
    default:
        return {};
    }
}

// "Thread-1 waits for ...", or for threads that wait alike, "Thread-1 and Thread-2 wait for ...", "Thread-1,
// Thread-2 and 998 more threads wait for ...": a thousand consumers on one queue make one clause.
QString stallClause(const QStringList& threads, const QString& words)
{
    constexpr qsizetype kNamed = 2; // threads named before "and N more threads"
    QString who;
    if (threads.size() == 1)
        who = threads.front();
    else if (threads.size() <= kNamed + 1)
        who =
            threads.sliced(0, threads.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" and ") + threads.back();
    else
        who = threads.sliced(0, kNamed).join(QStringLiteral(", ")) +
              QStringLiteral(" and %1 more threads").arg(threads.size() - kNamed);
    const QString verb = threads.size() == 1 ? QStringLiteral("waits") : QStringLiteral("wait");
    return words.isEmpty() ? who + QLatin1Char(' ') + verb : who + QLatin1Char(' ') + verb + QLatin1Char(' ') + words;
}

// Whether a thread of a stall waits on another thread (a join, the exit wait) rather than on a primitive.
bool waitsOnAThread(const TraceStore& store, EventId id)
{
    const Event* wait = stalledWait(store, store.event(id));
    return wait != nullptr && (wait->kind == EventKind::JoinBegin || wait->kind == EventKind::ExitWaitBegin);
}

// A stall's order: the threads that wait on a primitive first (why nothing moves), then those that wait on
// a thread; each part by lane.
std::vector<EventId> stallOrder(const TraceStore& store, std::vector<EventId> members)
{
    std::stable_sort(members.begin(), members.end(), [&](EventId x, EventId y) {
        const bool xOnThread = waitsOnAThread(store, x);
        const bool yOnThread = waitsOnAThread(store, y);
        if (xOnThread != yOnThread)
            return !xOnThread;
        return store.event(x).lane < store.event(y).lane;
    });
    return members;
}

// A stall's sentence without its heading ("every thread waits, and none is left to wake another: ...").
QString stallClauses(const TraceStore& store, const DeadlockCycle& stall)
{
    // The members in order, those that wait alike gathered at the first of them.
    std::vector<std::pair<QString, QStringList>> alike;
    for (EventId id : stall.members) {
        const Event& e = store.event(id);
        const QString words = stallWaitWords(store, e);
        auto group = std::find_if(alike.begin(), alike.end(), [&](const auto& g) { return g.first == words; });
        if (group == alike.end())
            group = alike.insert(alike.end(), {words, {}});
        group->second << store.laneName(e.lane);
    }
    QStringList parts;
    for (const auto& [words, threads] : alike)
        parts << stallClause(threads, words);
    return (stall.potential ? QStringLiteral("every thread waits, and only a signal handler is left to wake one: ")
                            : QStringLiteral("every thread waits, and none is left to wake another: ")) +
           parts.join(QStringLiteral("; "));
}
} // namespace

const Span* deadlockedWait(const LaneInfo& lane, std::int64_t ts)
{
    // Spans nest and are sorted by begin: the latest-begun span that contains ts is the innermost, and a
    // blocked thread begins nothing after its wait, so the walk back is short. A wait that ends at ts counts:
    // a trace cut short (a run stopped, a program killed) closes every wait at its last event, which may be
    // the deadlock's own moment.
    auto it = std::upper_bound(lane.spans.begin(), lane.spans.end(), ts,
                               [](std::int64_t t, const Span& s) { return t < s.begin; });
    while (it != lane.spans.begin()) {
        --it;
        if ((it->isOpen() || it->end >= ts) && it->state != LaneState::Running)
            return &*it;
    }
    return nullptr;
}

std::vector<DeadlockCycle> deadlockCycles(const TraceStore& store)
{
    // By number, then a cycle before a stall: an opened file may give both kinds one number.
    std::map<std::pair<std::uint32_t, bool>, DeadlockCycle> byNumber;
    for (EventId id = 0; id < store.eventCount(); ++id) {
        const Event& e = store.event(id);
        if (e.kind != EventKind::Deadlock && e.kind != EventKind::Stall)
            continue;
        const bool stall = e.kind == EventKind::Stall;
        DeadlockCycle& cycle = byNumber[{e.c, stall}];
        if (cycle.members.empty())
            cycle.ts = e.ts;
        cycle.number = e.c;
        cycle.stall = stall;
        cycle.potential = cycle.potential || (e.flags & EventFlag::Potential) != 0;
        cycle.ts = std::min(cycle.ts, e.ts);
        cycle.members.push_back(id);
    }
    std::vector<DeadlockCycle> out;
    for (auto& [key, cycle] : byNumber) {
        if (cycle.stall) {
            cycle.members = stallOrder(store, std::move(cycle.members));
        } else {
            splitWaiters(store, cycle);
            cycle.members = cycleOrder(store, cycle.members);
            cycle.waiters = chainOrder(store, cycle.waiters);
        }
        out.push_back(std::move(cycle));
    }
    return out;
}

bool keepsTheProgram(const TraceStore& store, const DeadlockCycle& cycle)
{
    const auto nonDaemon = [&](EventId id) {
        const LaneId lane = store.event(id).lane;
        return lane < store.laneCount() && !store.lane(lane).daemon;
    };
    return std::any_of(cycle.members.begin(), cycle.members.end(), nonDaemon) ||
           std::any_of(cycle.waiters.begin(), cycle.waiters.end(), nonDaemon);
}

bool changeHasDeadlock(const TraceStore& store, const StoreChange& change)
{
    bool certain = false;
    for (EventId id = change.firstEvent; id < change.endEvent && !certain; ++id) {
        const Event& e = store.event(id);
        certain =
            (e.kind == EventKind::Deadlock || e.kind == EventKind::Stall) && (e.flags & EventFlag::Potential) == 0;
    }
    if (!certain)
        return false;
    const auto appended = [&](EventId id) { return id >= change.firstEvent && id < change.endEvent; };
    for (const DeadlockCycle& cycle : deadlockCycles(store)) {
        const bool now = std::any_of(cycle.members.begin(), cycle.members.end(), appended) ||
                         std::any_of(cycle.waiters.begin(), cycle.waiters.end(), appended);
        if (now && !cycle.potential && keepsTheProgram(store, cycle))
            return true;
    }
    return false;
}

bool changeHasAnyDeadlock(const TraceStore& store, const StoreChange& change)
{
    for (EventId id = change.firstEvent; id < change.endEvent; ++id) {
        if (const EventKind kind = store.event(id).kind; kind == EventKind::Deadlock || kind == EventKind::Stall)
            return true;
    }
    return false;
}

std::optional<DeadlockCycle> shownDeadlock(const TraceStore& store)
{
    std::vector<DeadlockCycle> cycles = deadlockCycles(store);
    const auto real = std::find_if(cycles.begin(), cycles.end(), [](const DeadlockCycle& c) { return !c.potential; });
    if (real != cycles.end())
        return std::move(*real);
    if (cycles.empty())
        return std::nullopt;
    return std::move(cycles.back());
}

std::optional<DeadlockCycle> firstDeadlock(const TraceStore& store)
{
    std::vector<DeadlockCycle> cycles = deadlockCycles(store);
    std::erase_if(cycles, [](const DeadlockCycle& c) { return c.potential; });
    const auto keeping =
        std::find_if(cycles.begin(), cycles.end(), [&](const DeadlockCycle& c) { return keepsTheProgram(store, c); });
    if (keeping != cycles.end())
        return std::move(*keeping);
    if (cycles.empty())
        return std::nullopt;
    return std::move(cycles.front());
}

QString deadlockSentence(const TraceStore& store, const DeadlockCycle& cycle)
{
    if (cycle.members.empty())
        return {};
    return (cycle.potential ? QStringLiteral("Potential deadlock: ") : QStringLiteral("Deadlock: ")) +
           deadlockClauses(store, cycle);
}

QString deadlockClauses(const TraceStore& store, const DeadlockCycle& cycle)
{
    if (cycle.members.empty())
        return {};
    if (cycle.stall)
        return stallClauses(store, cycle);
    QStringList parts;
    for (std::size_t i = 0; i < cycle.members.size(); ++i) {
        const Event& e = store.event(cycle.members[i]);
        const Event& before = store.event(cycle.members[(i + cycle.members.size() - 1) % cycle.members.size()]);
        const QString held = heldWords(store, before);
        parts << (held.isEmpty() ? QStringLiteral("%1 waits for %2").arg(store.laneName(e.lane), waitWords(store, e))
                                 : QStringLiteral("%1 holds %2 and waits for %3")
                                       .arg(store.laneName(e.lane), held, waitWords(store, e)));
    }
    for (EventId id : cycle.waiters) {
        const Event& e = store.event(id);
        parts << QStringLiteral("%1 waits for %2").arg(store.laneName(e.lane), waitWords(store, e));
    }
    return parts.join(QStringLiteral("; "));
}

QString deadlockSentenceOf(const TraceStore& store, const Event& e)
{
    if (e.kind != EventKind::Deadlock && e.kind != EventKind::Stall)
        return {};
    for (const DeadlockCycle& cycle : deadlockCycles(store)) {
        if (cycle.number == e.c && cycle.stall == (e.kind == EventKind::Stall))
            return deadlockSentence(store, cycle);
    }
    return {};
}

} // namespace tl
