#include "timeline/traceindex.h"
#include "trace/eventschema.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <memory>
#include <vector>

using namespace tl;
using namespace tl::ui;

namespace {

// Four threads: each sleeps, puts an item on queue 1 that the next one gets, and prints; main starts and
// joins them all. Enough spans, markers and flows of every kind to compare indexes.
std::vector<Event> story(StringTable& strings)
{
    std::vector<Event> events{
        {0, 0, 0, EventKind::ThreadCreated, 0, 0, 0, strings.intern(QStringLiteral("MainThread")), 0},
        {1, 0, 0, EventKind::RunBegin, 0, 0, 0, 0, 0},
        {2, 0, 0, EventKind::QueueCreated, 0, 0, 1, strings.intern(QStringLiteral("q")), 0}};
    for (LaneId lane = 1; lane <= 4; ++lane) {
        const std::int64_t t = lane * 100;
        events.push_back({t, 0, 0, EventKind::Start, 0, 0, lane, 0, 0});
        events.push_back({t + 1, lane, 0, EventKind::RunBegin, 0, 0, 0, 0, 0});
        events.push_back({t + 2, lane, 0, EventKind::SleepBegin, 0, 0, 0, 0, 10});
        events.push_back({t + 12, lane, 0, EventKind::SleepEnd, 0, 0, 0, 0, 0});
        events.push_back({t + 13, lane, 0, EventKind::PutDone, 0, 0, 1, lane, 1});
        if (lane > 1)
            events.push_back({t + 14, lane, 0, EventKind::GetDone, 0, 0, 1, lane - 1, 0});
        events.push_back({t + 15, lane, 0, EventKind::Print, 0, 0, 0, 0, 0});
        events.push_back({t + 50, lane, 0, EventKind::RunEnd, 0, 0, 0, 0, 0});
    }
    for (LaneId lane = 1; lane <= 4; ++lane) {
        events.push_back({1000 + lane, 0, 0, EventKind::JoinBegin, 0, 0, lane, 0, kNoValue});
        events.push_back({1000 + lane, 0, 0, EventKind::JoinEnd, 0, 0, lane, 0, 0});
    }
    events.push_back({2000, 0, 0, EventKind::RunEnd, 0, 0, 0, 0, 0});
    return events;
}

// What an index says about one lane, in comparable form.
struct LaneSummary {
    std::vector<std::vector<std::uint32_t>> byDepth;
    std::vector<EventId> markers;
    bool operator==(const LaneSummary&) const = default;
};

LaneSummary summary(const TraceIndex& index, LaneId lane)
{
    LaneSummary s;
    for (int d = 0; d < index.lane(lane).depthCount(); ++d) {
        const auto ids = index.lane(lane).byDepth(d);
        s.byDepth.emplace_back(ids.begin(), ids.end());
    }
    const auto markers = index.lane(lane).markers();
    s.markers.assign(markers.begin(), markers.end());
    return s;
}

} // namespace

// The timeline's lookup tables follow the store change by change; whatever the batching and arrival order,
// they end where an index built from scratch does, and the flow lookup finds exactly the flows that touch a
// window.
class tst_TraceIndex : public QObject {
    Q_OBJECT

private slots:
    void incrementalEqualsFromScratch_data();
    void incrementalEqualsFromScratch();
    void markersAreTheMarkerEventsInLaneOrder();
    void flowsInFindsExactlyTheTouchingFlows();
};

void tst_TraceIndex::incrementalEqualsFromScratch_data()
{
    QTest::addColumn<int>("batchSize");
    QTest::addColumn<bool>("shuffled");
    QTest::newRow("one event a batch, in order") << 1 << false;
    QTest::newRow("seven a batch, in order") << 7 << false;
    QTest::newRow("one a batch, shuffled lanes") << 1 << true;
    QTest::newRow("five a batch, shuffled lanes") << 5 << true;
}

void tst_TraceIndex::incrementalEqualsFromScratch()
{
    QFETCH(int, batchSize);
    QFETCH(bool, shuffled);
    auto strings = std::make_shared<StringTable>();
    std::vector<Event> events = story(*strings);
    if (shuffled) {
        // Each lane's own events stay in order (one producer each); lanes interleave at random, as drains do.
        QRandomGenerator random(42);
        std::vector<std::vector<Event>> perLane(5);
        for (const Event& e : events)
            perLane[e.lane].push_back(e);
        events.clear();
        std::vector<std::size_t> next(5, 0);
        while (events.size() <
               perLane[0].size() + perLane[1].size() + perLane[2].size() + perLane[3].size() + perLane[4].size()) {
            const auto lane = static_cast<std::size_t>(random.bounded(5));
            if (next[lane] < perLane[lane].size())
                events.push_back(perLane[lane][next[lane]++]);
        }
    }
    TraceStore live(strings);
    TraceIndex incremental;
    incremental.reset(live);
    for (std::size_t i = 0; i < events.size(); i += std::size_t(batchSize)) {
        const std::vector<Event> batch(events.begin() + std::ptrdiff_t(i),
                                       events.begin() + std::ptrdiff_t(std::min(events.size(), i + batchSize)));
        incremental.apply(live, live.append(batch));
    }
    TraceIndex scratch;
    scratch.reset(live);
    QCOMPARE(incremental.laneCount(), live.laneCount());
    for (LaneId lane = 0; lane < live.laneCount(); ++lane)
        QVERIFY2(summary(incremental, lane) == summary(scratch, lane), qPrintable(QString::number(lane)));
    QCOMPARE(incremental.flowsIn(live, 0, 3000), scratch.flowsIn(live, 0, 3000));
}

void tst_TraceIndex::markersAreTheMarkerEventsInLaneOrder()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    store.append(story(*strings));
    TraceIndex index;
    index.reset(store);
    for (LaneId lane = 0; lane < store.laneCount(); ++lane) {
        std::vector<EventId> expected;
        const LaneInfo& info = store.lane(lane);
        for (std::size_t i = 0; i < info.events.size(); ++i) {
            if (isMarkerKind(info.events[i].kind))
                expected.push_back(info.events.id(i));
        }
        const auto markers = index.lane(lane).markers();
        QCOMPARE(std::vector<EventId>(markers.begin(), markers.end()), expected);
    }
}

void tst_TraceIndex::flowsInFindsExactlyTheTouchingFlows()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    store.append(story(*strings));
    TraceIndex index;
    index.reset(store);
    const auto& flows = store.flows();
    QCOMPARE(flows.size(), std::size_t(4 + 3 + 4)); // starts, items, joins
    for (std::int64_t from = 0; from < 2100; from += 37) {
        for (std::int64_t width : {1, 10, 150, 1000}) {
            std::vector<std::uint32_t> expected;
            for (std::uint32_t f = 0; f < flows.size(); ++f) {
                // Touches [from, from + width): starts before its end and ends at or after its start.
                if (flows[f].fromTs < from + width && std::max(flows[f].fromTs, flows[f].toTs) >= from)
                    expected.push_back(f);
            }
            std::vector<std::uint32_t> found = index.flowsIn(store, from, from + width);
            std::sort(found.begin(), found.end());
            QCOMPARE(found, expected);
        }
    }
}

QTEST_GUILESS_MAIN(tst_TraceIndex)
#include "tst_traceindex.moc"
