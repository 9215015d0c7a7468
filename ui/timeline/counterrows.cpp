#include "timeline/counterrows.h"

#include <algorithm>

namespace tl::ui {

std::size_t pinnedCounterRowCount(const TraceStore& store)
{
    return store.queues().size() + store.semaphores().size() + store.locks().size();
}

std::size_t counterRowCount(const TraceStore& store)
{
    return pinnedCounterRowCount(store) + store.counters().size();
}

CounterRowSource counterRowSource(const TraceStore& store, std::size_t index)
{
    CounterRowSource out;
    if (const std::size_t pinned = pinnedCounterRowCount(store); index >= pinned) {
        const CounterSeries& c = store.counters()[index - pinned];
        out.name = store.text(c.name);
        out.caption = QStringLiteral("counter");
        out.measure = out.name;
        out.values = &c.points;
        // 0 always in range, as a queue's depth has it at the foot; an all-zero series still has a scale.
        out.valueMin = std::min(0.0, c.min);
        out.valueMax = std::max(0.0, c.max) > out.valueMin ? std::max(0.0, c.max) : out.valueMin + 1;
        return out;
    }
    if (index < store.queues().size()) {
        const QueueInfo& q = store.queues()[index];
        out.name = q.uniqueName;
        out.caption =
            q.maxsize > 0 ? QStringLiteral("depth, maxsize %1").arg(q.maxsize) : QStringLiteral("depth, unbounded");
        out.measure = q.uniqueName + QStringLiteral(" depth");
        out.series = &q.depth;
        out.scaleMax = std::max<std::uint32_t>({1, q.maxDepth, static_cast<std::uint32_t>(std::max(q.maxsize, 0))});
        return out;
    }
    const std::size_t semaphore = index - store.queues().size();
    if (semaphore >= store.semaphores().size()) {
        const LockHoldsInfo& lock = store.locks()[semaphore - store.semaphores().size()];
        out.name = store.syncName(lock.id);
        out.caption = lock.reentrant ? QStringLiteral("held by, RLock depth") : QStringLiteral("held by");
        out.measure = out.name + QStringLiteral(" held by");
        out.lock = &lock;
        return out;
    }
    const SemaphoreInfo& s = store.semaphores()[semaphore];
    out.name = store.syncName(s.id);
    out.caption = s.bounded ? QStringLiteral("value, bounded") : QStringLiteral("value");
    out.measure = out.name + QStringLiteral(" value");
    out.series = &s.value;
    out.scaleMax = std::max<std::uint32_t>(1, s.maxValue);
    return out;
}

} // namespace tl::ui
