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
        // Cycle order: from the lowest lane, each followed by the member on the lane it waits for.
        std::vector<EventId> ordered;
        auto lowest = std::min_element(cycle.members.begin(), cycle.members.end(),
                                       [&](EventId x, EventId y) { return store.event(x).lane < store.event(y).lane; });
        for (EventId at = *lowest; ordered.size() < cycle.members.size();) {
            ordered.push_back(at);
            const auto next = std::find_if(cycle.members.begin(), cycle.members.end(),
                                           [&](EventId m) { return store.event(m).lane == store.event(at).b; });
            if (next == cycle.members.end() || *next == ordered.front())
                break;
            at = *next;
        }
        cycle.members = std::move(ordered);
        out.push_back(std::move(cycle));
    }
    return out;
}

bool changeHasDeadlock(const TraceStore& store, const StoreChange& change)
{
    for (EventId id = change.firstEvent; id < change.endEvent; ++id) {
        const Event& e = store.event(id);
        if (e.kind == EventKind::Deadlock && (e.flags & EventFlag::Potential) == 0)
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
    for (DeadlockCycle& cycle : deadlockCycles(store)) {
        if (!cycle.potential)
            return std::move(cycle);
    }
    return std::nullopt;
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
