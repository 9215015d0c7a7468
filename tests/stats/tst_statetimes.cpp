#include "stats/statetimes.h"
#include "stats/statetimescsv.h"
#include "support/testevent.h"

#include <QTest>

#include <memory>
#include <numeric>
#include <vector>

using namespace tl;
using namespace tl::stats;
using tl::test::ev;

namespace {

constexpr std::int64_t kS = 1'000'000'000; // one second in trace nanoseconds

// Two threads with known spans, in seconds:
//   MainThread (lane 0): run 0-10; joins worker 2-8 (so: running 4 s, join 6 s)
//   worker (lane 1):     run 1-9; sleeps 3-5 and 6-7 (so: running 5 s, sleeping 3 s)
std::unique_ptr<TraceStore> twoThreads()
{
    auto strings = std::make_shared<StringTable>();
    const StringId main = strings->intern(QStringLiteral("MainThread"));
    const StringId worker = strings->intern(QStringLiteral("worker, the first")); // a comma: CSV quotes it
    auto store = std::make_unique<TraceStore>(strings);
    const std::vector<Event> events = {
        ev(0, 0, EventKind::ThreadCreated, 0, main),
        ev(0, 0, EventKind::RunBegin),
        ev(1 * kS, 1, EventKind::ThreadCreated, 0, worker),
        ev(1 * kS, 1, EventKind::RunBegin),
        ev(2 * kS, 0, EventKind::JoinBegin, 1),
        ev(3 * kS, 1, EventKind::SleepBegin),
        ev(5 * kS, 1, EventKind::SleepEnd),
        ev(6 * kS, 1, EventKind::SleepBegin),
        ev(7 * kS, 1, EventKind::SleepEnd),
        ev(8 * kS, 0, EventKind::JoinEnd, 1),
        ev(9 * kS, 1, EventKind::RunEnd),
        ev(10 * kS, 0, EventKind::RunEnd),
    };
    store->append(events);
    return store;
}

std::int64_t sum(const StateDurations& d)
{
    return std::accumulate(d.begin(), d.end(), std::int64_t{0});
}

std::int64_t at(const StateDurations& d, LaneState s)
{
    return d[static_cast<std::size_t>(s)];
}

} // namespace

// Each thread's time in each state from a store built of events: exclusive times (a join nested in a run
// counts as join), clipped to a range, adding up to the thread's lifetime in it.
class tst_StateTimes : public QObject {
    Q_OBJECT

private slots:
    void wholeRun();
    void clippedToRange_data();
    void clippedToRange();
    void openSpansEndAtTheStoresEnd();
    void emptyStoreHasNoThreads();
    void csvRows();
    void sharesOfAThreadAddUpToOne();
    void threadsOfOneNameAreToldApart();
    void slicesByName();
    void slicesNestedPastTheDepthCap();
    void exactSeconds_data();
    void exactSeconds();
};

void tst_StateTimes::wholeRun()
{
    const auto store = twoThreads();
    const StateTimes times = computeStateTimes(*store);
    QCOMPARE(times.range.from, 0);
    QCOMPARE(times.range.to, 10 * kS);
    QCOMPARE(times.threads.size(), std::size_t(2));
    const ThreadStateTimes& main = times.threads[0];
    QCOMPARE(main.name, QStringLiteral("MainThread"));
    QCOMPARE(main.lifetime, 10 * kS);
    QCOMPARE(at(main.ns, LaneState::Running), 4 * kS);
    QCOMPARE(at(main.ns, LaneState::Joining), 6 * kS);
    QCOMPARE(sum(main.ns), main.lifetime);
    const ThreadStateTimes& worker = times.threads[1];
    QCOMPARE(worker.lifetime, 8 * kS);
    QCOMPARE(at(worker.ns, LaneState::Running), 5 * kS);
    QCOMPARE(at(worker.ns, LaneState::Sleeping), 3 * kS);
    QCOMPARE(sum(worker.ns), worker.lifetime);
    QCOMPARE(at(times.totals, LaneState::Running), 9 * kS);
    QCOMPARE(at(times.totals, LaneState::Sleeping), 3 * kS);
    QCOMPARE(at(times.totals, LaneState::Joining), 6 * kS);
    QCOMPARE(times.totalLifetime, 18 * kS);
}

void tst_StateTimes::clippedToRange_data()
{
    QTest::addColumn<qint64>("from");
    QTest::addColumn<qint64>("to");
    // In milliseconds: main's lifetime, running, join; the worker's lifetime, running, sleeping (all 0 when
    // a thread has no time in the range and is left out).
    QTest::addColumn<QList<qint64>>("expected");
    QTest::newRow("whole run as a range")
        << qint64(0) << qint64(10 * kS) << QList<qint64>{10000, 4000, 6000, 8000, 5000, 3000};
    QTest::newRow("inside a sleep and a join")
        << qint64(4 * kS) << qint64(4 * kS + kS / 2) << QList<qint64>{500, 0, 500, 500, 0, 500};
    QTest::newRow("cuts spans at both ends")
        << qint64(4 * kS) << qint64(7 * kS) << QList<qint64>{3000, 0, 3000, 3000, 1000, 2000};
    QTest::newRow("before the worker starts") << qint64(0) << qint64(1 * kS) << QList<qint64>{1000, 1000, 0, 0, 0, 0};
    QTest::newRow("past the end") << qint64(9 * kS) << qint64(20 * kS) << QList<qint64>{1000, 1000, 0, 0, 0, 0};
    QTest::newRow("empty range") << qint64(5 * kS) << qint64(5 * kS) << QList<qint64>{0, 0, 0, 0, 0, 0};
    QTest::newRow("reversed range") << qint64(7 * kS) << qint64(5 * kS) << QList<qint64>{0, 0, 0, 0, 0, 0};
}

void tst_StateTimes::clippedToRange()
{
    QFETCH(qint64, from);
    QFETCH(qint64, to);
    QFETCH(QList<qint64>, expected);
    const auto store = twoThreads();
    const StateTimes times = computeStateTimes(*store, {from, to});
    constexpr std::int64_t kMs = kS / 1000;
    QList<qint64> actual(6, 0);
    for (const ThreadStateTimes& t : times.threads) {
        QCOMPARE(sum(t.ns), t.lifetime);
        QVERIFY(t.lifetime > 0 && t.lifetime <= to - from);
        const int base = t.lane == 0 ? 0 : 3;
        actual[base] = t.lifetime / kMs;
        actual[base + 1] = at(t.ns, LaneState::Running) / kMs;
        actual[base + 2] = at(t.ns, t.lane == 0 ? LaneState::Joining : LaneState::Sleeping) / kMs;
    }
    QCOMPARE(actual, expected);
}

void tst_StateTimes::openSpansEndAtTheStoresEnd()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    const std::vector<Event> events = {ev(0, 0, EventKind::RunBegin), ev(2 * kS, 0, EventKind::SleepBegin),
                                       ev(3 * kS, 1, EventKind::RunBegin)}; // still sleeping at 3 s
    store.append(events);
    const StateTimes times = computeStateTimes(store);
    QCOMPARE(times.range.to, 3 * kS);
    QCOMPARE(times.threads.size(), std::size_t(1)); // lane 1's run span is zero long: left out
    QCOMPARE(at(times.threads[0].ns, LaneState::Running), 2 * kS);
    QCOMPARE(at(times.threads[0].ns, LaneState::Sleeping), 1 * kS);
    QCOMPARE(times.threads[0].lifetime, 3 * kS);
}

void tst_StateTimes::emptyStoreHasNoThreads()
{
    const TraceStore store(std::make_shared<StringTable>());
    const StateTimes times = computeStateTimes(store);
    QVERIFY(times.threads.empty());
    QCOMPARE(times.totalLifetime, 0);
    QCOMPARE(stateTimesCsv(times), QStringLiteral("thread,state,seconds,share\n"));
}

void tst_StateTimes::csvRows()
{
    const auto store = twoThreads();
    QCOMPARE(stateTimesCsv(computeStateTimes(*store)),
             QStringLiteral("thread,state,seconds,share\n"
                            "MainThread,run,4.000000000,0.4000\n"
                            "MainThread,join,6.000000000,0.6000\n"
                            "\"worker, the first\",run,5.000000000,0.6250\n"
                            "\"worker, the first\",sleep,3.000000000,0.3750\n"));
}

// A thread that spends a third of its life in each of three states: rounded one by one, each share is 0.3333 and they
// sum to 0.9999; the largest remainder (the first, on a tie) takes the unit left over.
void tst_StateTimes::sharesOfAThreadAddUpToOne()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    const StringId main = strings->intern(QStringLiteral("MainThread"));
    store.append(std::vector<Event>{
        ev(0, 0, EventKind::ThreadCreated, 0, main),
        ev(0, 0, EventKind::RunBegin),
        ev(1 * kS, 0, EventKind::SleepBegin),
        ev(2 * kS, 0, EventKind::SleepEnd),
        ev(2 * kS, 0, EventKind::JoinBegin, 1),
        ev(3 * kS, 0, EventKind::JoinEnd, 1),
        ev(3 * kS, 0, EventKind::RunEnd),
    });
    QCOMPARE(stateTimesCsv(computeStateTimes(store)), QStringLiteral("thread,state,seconds,share\n"
                                                                     "MainThread,run,1.000000000,0.3334\n"
                                                                     "MainThread,sleep,1.000000000,0.3333\n"
                                                                     "MainThread,join,1.000000000,0.3333\n"));
}

// Three threads named "worker" gave three indistinguishable blocks of rows: a reader summing by name got a share of
// 3.0 (a user-tester). The second and third are "worker#2" and "worker#3", as the store names queues of one name.
void tst_StateTimes::threadsOfOneNameAreToldApart()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    const StringId worker = strings->intern(QStringLiteral("worker"));
    std::vector<Event> events;
    for (LaneId lane = 0; lane < 3; ++lane) {
        events.push_back(ev(0, lane, EventKind::ThreadCreated, 0, worker));
        events.push_back(ev(0, lane, EventKind::RunBegin));
        events.push_back(ev(1 * kS, lane, EventKind::RunEnd));
    }
    store.append(events);
    QCOMPARE(stateTimesCsv(computeStateTimes(store)), QStringLiteral("thread,state,seconds,share\n"
                                                                     "worker,run,1.000000000,1.0000\n"
                                                                     "worker#2,run,1.000000000,1.0000\n"
                                                                     "worker#3,run,1.000000000,1.0000\n"));
}

// Another tool's slices: each name's exclusive time (a slice less the slices nested in it), clipped to the range; per
// thread they add up to the Slice state's time, and the names are listed the most time first.
void tst_StateTimes::slicesByName()
{
    auto strings = std::make_shared<StringTable>();
    const StringId render = strings->intern(QStringLiteral("render"));
    const StringId layout = strings->intern(QStringLiteral("layout"));
    const StringId io = strings->intern(QStringLiteral("io"));
    TraceStore store(strings);
    TraceMetadata meta;
    meta.file = QStringLiteral("/tmp/profile.json"); // another tool's trace: told by slice name
    store.setMetadata(meta);
    store.append(std::vector<Event>{
        ev(0, 0, EventKind::SliceBegin, render),
        ev(2 * kS, 0, EventKind::SliceBegin, layout),
        ev(5 * kS, 0, EventKind::SliceEnd, layout),
        ev(6 * kS, 1, EventKind::SliceBegin, layout),
        ev(7 * kS, 1, EventKind::SliceEnd, layout),
        ev(8 * kS, 1, EventKind::SliceBegin, io),
        ev(9 * kS, 1, EventKind::SliceEnd, io),
        ev(10 * kS, 0, EventKind::SliceEnd, render),
    });
    const StateTimes whole = computeStateTimes(store);
    QVERIFY(whole.bySlice);
    QCOMPARE(whole.threads.size(), std::size_t(2));
    const ThreadStateTimes& first = whole.threads[0];
    QCOMPARE(first.slices.value(render), 7 * kS);
    QCOMPARE(first.slices.value(layout), 3 * kS);
    QCOMPARE(first.slices.size(), 2);
    for (const ThreadStateTimes& thread : whole.threads) {
        std::int64_t sum = 0;
        for (const std::int64_t ns : thread.slices)
            sum += ns;
        QCOMPARE(sum, thread.ns[static_cast<std::size_t>(LaneState::Slice)]);
    }
    QCOMPARE(whole.slices.size(), std::size_t(3));
    QCOMPARE(whole.slices[0].text, QStringLiteral("render"));
    QCOMPARE(whole.slices[1].text, QStringLiteral("layout"));
    QCOMPARE(whole.slices[1].ns, 4 * kS);
    QCOMPARE(whole.slices[2].name, io);

    // 4-6 s: render 1 s (5-6), layout 1 s on lane 0 (4-5); nothing of io.
    const StateTimes part = computeStateTimes(store, {4 * kS, 6 * kS});
    QCOMPARE(part.threads.size(), std::size_t(1));
    QCOMPARE(part.threads[0].slices.value(render), kS);
    QCOMPARE(part.threads[0].slices.value(layout), kS);
    QCOMPARE(part.slices.size(), std::size_t(2));
    QCOMPARE(part.slices[0].text, QStringLiteral("layout")); // equal time: by name

    // As CSV: a row per thread and slice name, names the most time first.
    QCOMPARE(stateTimesCsv(whole), QStringLiteral("thread,slice,seconds,share\n"
                                                  "lane-0,render,7.000000000,0.7000\n"
                                                  "lane-0,layout,3.000000000,0.3000\n"
                                                  "lane-1,layout,1.000000000,0.5000\n"
                                                  "lane-1,io,1.000000000,0.5000\n"));

    // A run of Threadline's that holds a slice (an event of a category of its own) still tells its states.
    store.setMetadata(TraceMetadata{});
    QVERIFY(!computeStateTimes(store).bySlice);
    QVERIFY(stateTimesCsv(computeStateTimes(store)).startsWith(QStringLiteral("thread,state,seconds,share\n")));
}

// A profile nests deeper than Span::depth tells (kMaxSpanDepth): each slice still takes its time from its own
// parent (it took it from its grandparent, and "a" went negative).
void tst_StateTimes::slicesNestedPastTheDepthCap()
{
    auto strings = std::make_shared<StringTable>();
    const StringId a = strings->intern(QStringLiteral("a"));
    const StringId b = strings->intern(QStringLiteral("b"));
    TraceStore store(strings);
    constexpr int kDepth = 300;
    std::vector<Event> events;
    for (int i = 0; i < kDepth; ++i) // slice i: [i, 2 * kDepth - i) us, named a and b in turn
        events.push_back(ev(i * 1000, 0, EventKind::SliceBegin, i % 2 ? b : a));
    for (int i = kDepth - 1; i >= 0; --i)
        events.push_back(ev((2 * kDepth - i) * 1000, 0, EventKind::SliceEnd, i % 2 ? b : a));
    store.append(events);
    const StateTimes times = computeStateTimes(store);
    QCOMPARE(times.threads.size(), std::size_t(1));
    // Each slice's own time is 1 us at either end, the innermost's its whole 2 us: 150 of each name.
    QCOMPARE(times.threads[0].slices.value(a), 150 * 2000);
    QCOMPARE(times.threads[0].slices.value(b), 150 * 2000);
    QCOMPARE(times.threads[0].lifetime, 2 * kDepth * 1000);
}

void tst_StateTimes::exactSeconds_data()
{
    QTest::addColumn<qint64>("ns");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << qint64(0) << QStringLiteral("0.000000000");
    QTest::newRow("one nanosecond") << qint64(1) << QStringLiteral("0.000000001");
    QTest::newRow("one and a half seconds") << qint64(1'500'000'000) << QStringLiteral("1.500000000");
    QTest::newRow("a day and a nanosecond") << qint64(86'400'000'000'001) << QStringLiteral("86400.000000001");
    QTest::newRow("negative") << qint64(-2'000'000'005) << QStringLiteral("-2.000000005");
}

void tst_StateTimes::exactSeconds()
{
    QFETCH(qint64, ns);
    QFETCH(QString, text);
    QCOMPARE(stats::exactSeconds(ns), text);
}

QTEST_GUILESS_MAIN(tst_StateTimes)
#include "tst_statetimes.moc"
