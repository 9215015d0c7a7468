#include "synthetictrace.h"

#include "trace/stringtable.h"

#include <vector>

namespace tl::test {

std::unique_ptr<TraceStore> syntheticTrace(int lanes, int sleeps, std::int64_t end, std::int64_t sleepNs)
{
    auto strings = std::make_shared<StringTable>();
    auto store = std::make_unique<TraceStore>(strings);
    std::vector<Event> events;
    for (int l = 0; l < lanes; ++l) {
        const auto lane = static_cast<LaneId>(l);
        const QString name = l == 0 ? QStringLiteral("MainThread") : QStringLiteral("Thread-%1").arg(l);
        const std::int64_t start = l * 1000;
        events.push_back({start, lane, 0, EventKind::ThreadCreated, 0, 0, 0, strings->intern(name), 0});
        if (l > 0)
            events.push_back({start, 0, 0, EventKind::Start, 0, 0, lane, 0, 0});
        events.push_back({start, lane, 0, EventKind::RunBegin, 0, 0, 0, 0, 0});
        const std::int64_t period = sleeps > 0 ? (end - start) / (sleeps + 1) : 0;
        for (int s = 0; s < sleeps; ++s) {
            const std::int64_t at = start + period * (s + 1);
            events.push_back({at, lane, 0, EventKind::SleepBegin, 0, 0, 0, 0, 0});
            events.push_back({at + sleepNs, lane, 0, EventKind::SleepEnd, 0, 0, 0, 0, 0});
        }
        events.push_back({end, lane, 0, EventKind::RunEnd, 0, 0, 0, 0, 0});
    }
    store->append(events);
    return store;
}

} // namespace tl::test
