#include "stats/statecomparison.h"
#include "support/testevent.h"

#include <QTest>

#include <memory>
#include <tuple>
#include <vector>

using namespace tl;
using namespace tl::stats;
using tl::test::ev;

namespace {

constexpr std::int64_t kS = 1'000'000'000; // one second in trace nanoseconds

// A lane per name that runs [begin, end) seconds and sleeps [sleepFrom, sleepTo) if that is not empty.
struct LaneSpec {
    const char* name;
    std::int64_t begin, end, sleepFrom = 0, sleepTo = 0;
};

std::unique_ptr<TraceStore> storeOf(const std::vector<LaneSpec>& lanes)
{
    auto strings = std::make_shared<StringTable>();
    auto store = std::make_unique<TraceStore>(strings);
    std::vector<Event> events;
    for (std::size_t i = 0; i < lanes.size(); ++i) {
        const LaneSpec& l = lanes[i];
        const auto lane = static_cast<LaneId>(i);
        events.push_back(
            ev(l.begin * kS, lane, EventKind::ThreadCreated, 0, strings->intern(QString::fromUtf8(l.name))));
        events.push_back(ev(l.begin * kS, lane, EventKind::RunBegin));
        if (l.sleepTo > l.sleepFrom) {
            events.push_back(ev(l.sleepFrom * kS, lane, EventKind::SleepBegin));
            events.push_back(ev(l.sleepTo * kS, lane, EventKind::SleepEnd));
        }
        events.push_back(ev(l.end * kS, lane, EventKind::RunEnd));
    }
    store->append(events);
    return store;
}

QString row(const StateDifference& d)
{
    return QStringLiteral("%1 %2 %3 %4 %5")
        .arg(d.thread, laneStateName(d.state))
        .arg(d.a / kS)
        .arg(d.b / kS)
        .arg(d.difference() / kS);
}

// Another tool's trace: a lane named "main" with slices (name, from, to) in seconds, in the order they begin.
std::unique_ptr<TraceStore> slicesOf(const std::vector<std::tuple<const char*, int, int>>& slices)
{
    auto strings = std::make_shared<StringTable>();
    auto store = std::make_unique<TraceStore>(strings);
    TraceMetadata meta;
    meta.file = QStringLiteral("/tmp/profile.json");
    store->setMetadata(meta);
    std::vector<Event> events{ev(0, 0, EventKind::ThreadName, strings->intern(QStringLiteral("main")))};
    for (const auto& [name, from, to] : slices) {
        const StringId id = strings->intern(QString::fromUtf8(name));
        events.push_back(ev(from * kS, 0, EventKind::SliceBegin, id));
        events.push_back(ev(to * kS, 0, EventKind::SliceEnd, id));
    }
    store->append(events);
    return store;
}

} // namespace

// How two runs' state times differ (issue 14): threads matched by name, a name's lanes summed, names in A's
// order and then B's own, and B less A.
class tst_StateComparison : public QObject {
    Q_OBJECT

private slots:
    void threadsAreMatchedByName()
    {
        const auto a = storeOf({{"MainThread", 0, 10}, {"worker", 1, 9, 3, 5}, {"only-a", 2, 3}});
        const auto b = storeOf({{"MainThread", 0, 4}, {"extra", 0, 1}, {"worker", 0, 2, 0, 1}, {"worker", 2, 6, 2, 5}});
        const std::vector<StateDifference> rows = compareStateTimes(computeStateTimes(*a), computeStateTimes(*b));
        QStringList text;
        for (const StateDifference& d : rows)
            text << row(d);
        QCOMPARE(text, (QStringList{"MainThread run 10 4 -6", "worker run 6 2 -4", "worker sleep 2 4 2",
                                    "only-a run 1 0 -1", "extra run 0 1 1"}));
    }

    // Two traces of another tool's are compared name by name (they were one "slice" row per thread, the UI
    // reviewer): A's names the most time first, then B's own; a name's ids differ between the traces.
    void anotherToolsTracesAreComparedBySliceName()
    {
        const auto a = slicesOf({{"parse", 0, 3}, {"layout", 3, 4}});
        const auto b = slicesOf({{"gc", 0, 1}, {"layout", 1, 3}, {"parse", 3, 4}});
        const StateTimes timesA = computeStateTimes(*a);
        const StateTimes timesB = computeStateTimes(*b);
        QVERIFY(bothBySlice(timesA, timesB));
        const std::vector<StateDifference> rows = compareStateTimes(timesA, timesB);
        QStringList text;
        for (const StateDifference& d : rows)
            text << QStringLiteral("%1 %2 %3").arg(d.slice.value_or(QStringLiteral("?"))).arg(d.a / kS).arg(d.b / kS);
        QCOMPARE(text, (QStringList{"parse 3 1", "layout 1 2", "gc 0 1"}));
        // Two such traces with no slices still say slice.
        QCOMPARE(stateComparisonCsv({}, true), QStringLiteral("thread,slice,a_seconds,b_seconds,difference_seconds\n"));
        QVERIFY(stateComparisonCsv(rows, true)
                    .startsWith(QStringLiteral(
                        "thread,slice,a_seconds,b_seconds,difference_seconds\nmain,parse,3.000000000,1.000000000,")));
        // Against a run of Threadline's, a trace is compared by state.
        const auto own = storeOf({{"main", 0, 2}});
        for (const StateDifference& d : compareStateTimes(computeStateTimes(*a), computeStateTimes(*own)))
            QVERIFY(!d.slice);
    }

    void csvIsExactAndQuoted()
    {
        const std::vector<StateDifference> rows = {
            {QStringLiteral("pool, worker"), LaneState::Sleeping, 1'500'000'000, 250},
            {QStringLiteral("MainThread"), LaneState::Running, 3, 1}};
        QCOMPARE(stateComparisonCsv(rows),
                 QStringLiteral("thread,state,a_seconds,b_seconds,difference_seconds\n"
                                "\"pool, worker\",sleep,1.500000000,0.000000250,-1.499999750\n"
                                "MainThread,run,0.000000003,0.000000001,-0.000000002\n"));
    }
};

QTEST_GUILESS_MAIN(tst_StateComparison)
#include "tst_statecomparison.moc"
