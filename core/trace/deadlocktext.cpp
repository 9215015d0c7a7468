#include "trace/deadlocktext.h"

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

// What a member holds that the member before it waits for; empty when that one joins it (a thread is not
// held, it runs).
QString heldWords(const TraceStore& store, const Event& before)
{
    if (before.a == kNoValue)
        return {};
    if (isCondition(store, before.a))
        return QStringLiteral("the lock of %1").arg(store.syncName(before.a));
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
        for (const EventId* at = &start; at != nullptr && !placed(*at); at = memberOn(store, waiters, store.event(*at).b))
            ordered.push_back(*at);
    }
    for (EventId id : waiters) {
        if (!placed(id))
            ordered.push_back(id);
    }
    return ordered;
}
} // namespace

std::vector<DeadlockCycle> deadlockCycles(const TraceStore& store)
{
    std::map<std::uint32_t, DeadlockCycle> byNumber;
    for (EventId id = 0; id < store.eventCount(); ++id) {
        const Event& e = store.event(id);
        if (e.kind != EventKind::Deadlock)
            continue;
        DeadlockCycle& cycle = byNumber[e.c];
        if (cycle.members.empty())
            cycle.ts = e.ts;
        cycle.number = e.c;
        cycle.potential = cycle.potential || (e.flags & EventFlag::Potential) != 0;
        cycle.ts = std::min(cycle.ts, e.ts);
        cycle.members.push_back(id);
    }
    std::vector<DeadlockCycle> out;
    for (auto& [number, cycle] : byNumber) {
        splitWaiters(store, cycle);
        cycle.members = cycleOrder(store, cycle.members);
        cycle.waiters = chainOrder(store, cycle.waiters);
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
        certain = e.kind == EventKind::Deadlock && (e.flags & EventFlag::Potential) == 0;
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
        if (store.event(id).kind == EventKind::Deadlock)
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
    const auto keeping = std::find_if(cycles.begin(), cycles.end(),
                                      [&](const DeadlockCycle& c) { return keepsTheProgram(store, c); });
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
    return (cycle.potential ? QStringLiteral("Potential deadlock: ") : QStringLiteral("Deadlock: ")) +
           parts.join(QStringLiteral("; "));
}

QString deadlockSentenceOf(const TraceStore& store, const Event& e)
{
    if (e.kind != EventKind::Deadlock)
        return {};
    for (const DeadlockCycle& cycle : deadlockCycles(store)) {
        if (cycle.number == e.c)
            return deadlockSentence(store, cycle);
    }
    return {};
}

} // namespace tl
