#include "lessontrace.h"
#include "stats/stateat.h"
#include "support/testevent.h"
#include "trace/eventtext.h"

#include <QTest>

#include <algorithm>

using namespace tl;
using namespace tl::stats;
using namespace tl::lessontest;

namespace {

constexpr std::int64_t kSecond = 1'000'000'000;

const ThreadAt& threadNamed(const StateAt& at, const QString& name)
{
    const auto it = std::find_if(at.threads.begin(), at.threads.end(), [&](const ThreadAt& t) { return t.name == name; });
    if (it == at.threads.end())
        qFatal("no thread %s", qPrintable(name));
    return *it;
}

// The depth a queue's own series gives at `ts` (the store's count, kept apart from stateAt's replay).
std::uint32_t seriesDepthAt(const QueueInfo& q, std::int64_t ts)
{
    std::uint32_t depth = 0;
    for (const auto& [when, d] : q.depth) {
        if (when > ts)
            break;
        depth = d;
    }
    return depth;
}

} // namespace

// The "state at t" a playhead shows: each thread's state in words and each queue's items, checked on the
// lessons whose story is known (join-order's sleeps and joins, producer-consumer's bounded queue).
class tst_StateAt : public QObject {
    Q_OBJECT

private slots:
    void innermostSpanIsFoundByTime();
    void anotherToolsSlices();
    void aRenamedThreadHasTheNameItHadThen();
    void joinOrderAtFourMoments();
    void queueItemsMatchTheDepthSeries();
    void deadlockShowsWhoHoldsWhatAndWaitsForWhat();
};

void tst_StateAt::innermostSpanIsFoundByTime()
{
    LaneInfo lane;
    lane.spans = {Span{0, 100, LaneState::Running, 0}, Span{10, 20, LaneState::Sleeping, 1},
                  Span{30, 60, LaneState::Joining, 1}, Span{200, kOpenEnd, LaneState::Running, 0}};
    auto stateAtTs = [&](std::int64_t ts) {
        const Span* s = innermostSpanAt(lane, ts);
        return s ? stateLabel(s->state) : QStringLiteral("none");
    };
    QCOMPARE(stateAtTs(-1), QStringLiteral("none"));
    QCOMPARE(stateAtTs(0), QStringLiteral("running"));
    QCOMPARE(stateAtTs(10), QStringLiteral("sleeping"));
    QCOMPARE(stateAtTs(20), QStringLiteral("running")); // a span's end is not in it
    QCOMPARE(stateAtTs(59), QStringLiteral("waiting in join"));
    QCOMPARE(stateAtTs(150), QStringLiteral("none")); // between two run spans
    QCOMPARE(stateAtTs(1'000'000), QStringLiteral("running"));
}

// Another tool's thread: a slice lasts from its begin, whatever it nests ("Layout, For 111 ms" counted from the end of
// a nested Paint), and past its last slice it is in none ("created, not started" it read, at every moment after).
void tst_StateAt::anotherToolsSlices()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    const StringId layout = strings->intern(QStringLiteral("Layout"));
    const StringId paint = strings->intern(QStringLiteral("Paint"));
    const auto slice = [](std::int64_t ts, EventKind kind, StringId name) {
        Event e{};
        e.ts = ts;
        e.kind = kind;
        e.a = name;
        return e;
    };
    store.append(std::vector<Event>{slice(100, EventKind::SliceBegin, layout), slice(150, EventKind::SliceBegin, paint),
                                    slice(200, EventKind::SliceEnd, paint), slice(400, EventKind::SliceEnd, layout)});
    const ThreadAt inLayout = stateAt(store, 300).threads.at(0);
    QCOMPARE(inLayout.life, ThreadAt::Life::Alive);
    QCOMPARE(inLayout.state, LaneState::Slice);
    QCOMPARE(inLayout.since, std::int64_t(100));
    QCOMPARE(stateAt(store, 50).threads.at(0).text, QStringLiteral("not created yet")); // no main thread of ours
    const ThreadAt after = stateAt(store, 500).threads.at(0);
    QCOMPARE(after.life, ThreadAt::Life::Between);
    QCOMPARE(after.text, QStringLiteral("in no slice"));
}

// `t.name = "ingest"` in the thread's run(): before it, the playhead names the thread as it was then (the lane's
// label, one for the whole run, has its last name).
void tst_StateAt::aRenamedThreadHasTheNameItHadThen()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    const StringId first = strings->intern(QStringLiteral("Thread-1"));
    const StringId second = strings->intern(QStringLiteral("ingest"));
    const StringId third = strings->intern(QStringLiteral("ingest 2"));
    store.append(
        std::vector<Event>{test::ev(0, 0, EventKind::ThreadCreated, 0, strings->intern(QStringLiteral("MainThread"))),
                           test::ev(10, 1, EventKind::ThreadCreated, 0, first), test::ev(20, 1, EventKind::RunBegin),
                           test::ev(50, 1, EventKind::ThreadName, second),
                           test::ev(70, 1, EventKind::ThreadName, third), test::ev(90, 1, EventKind::RunEnd)});
    const auto nameAt = [&](std::int64_t ts) { return stateAt(store, ts).threads.at(1).name; };
    QCOMPARE(nameAt(5), QStringLiteral("Thread-1")); // before it was made: the name it was made with
    QCOMPARE(nameAt(30), QStringLiteral("Thread-1"));
    QCOMPARE(nameAt(50), QStringLiteral("ingest")); // an event at the instant has happened
    QCOMPARE(nameAt(69), QStringLiteral("ingest"));
    QCOMPARE(nameAt(100), QStringLiteral("ingest 2"));
    QCOMPARE(store.laneName(1), QStringLiteral("ingest 2"));
    QCOMPARE(nameAt(30), laneLabelAt(store, 1, 30));
}

// foo sleeps 4 s, bar 2 s; main joins foo, then bar.
void tst_StateAt::joinOrderAtFourMoments()
{
    const auto store = runLesson(QStringLiteral("join-order"), {}, kSpeed);
    QVERIFY(store);
    const LaneInfo& foo = store->lane(1);
    const Span fooSleep = spansOf(foo, LaneState::Sleeping).at(0);

    const StateAt early = stateAt(*store, kSecond);
    QCOMPARE(early.threads.size(), std::size_t(3));
    QCOMPARE(threadNamed(early, "MainThread").text, QStringLiteral("waiting in join on Thread-1 (foo)"));
    const ThreadAt& fooEarly = threadNamed(early, "Thread-1 (foo)");
    QCOMPARE(fooEarly.life, ThreadAt::Life::Alive);
    QCOMPARE(fooEarly.state, LaneState::Sleeping);
    QCOMPARE(fooEarly.since, fooSleep.begin);
    QCOMPARE(fooEarly.line, std::uint16_t(10)); // sleep(FOO_SECONDS) in the listing
    QCOMPARE(fooEarly.text, QStringLiteral("sleeping until %1").arg(formatTimestamp(fooSleep.begin + 4 * kSecond)));
    QCOMPARE(threadNamed(early, "Thread-2 (bar)").state, LaneState::Sleeping);

    const StateAt middle = stateAt(*store, 3 * kSecond);
    const ThreadAt& barMiddle = threadNamed(middle, "Thread-2 (bar)");
    QCOMPARE(barMiddle.life, ThreadAt::Life::Ended);
    QCOMPARE(barMiddle.text, QStringLiteral("ended at %1").arg(formatTimestamp(store->lane(2).endTs)));
    QCOMPARE(threadNamed(middle, "Thread-1 (foo)").state, LaneState::Sleeping);

    // At the run's first moment, before main's first event, main is there: "not created yet" it read (found by a
    // reviewer at Home), as every other thread then is.
    QVERIFY(store->lane(0).spans.front().begin > 0); // its run begins a few microseconds in
    const StateAt first = stateAt(*store, 0);
    QCOMPARE(threadNamed(first, "MainThread").text, QStringLiteral("starting"));
    QCOMPARE(threadNamed(first, "Thread-1 (foo)").text, QStringLiteral("not created yet"));

    // Before start(): created by main (lines 19-20), not yet started (line 21).
    const std::int64_t beforeStart = store->lane(1).createdTs;
    QVERIFY(beforeStart < store->lane(1).firstTs);
    QCOMPARE(threadNamed(stateAt(*store, beforeStart), "Thread-1 (foo)").text, QStringLiteral("created, not started"));

    const StateAt end = stateAt(*store, store->endTs());
    QCOMPARE(threadNamed(end, "Thread-1 (foo)").life, ThreadAt::Life::Ended);
    QCOMPARE(threadNamed(end, "Thread-2 (bar)").life, ThreadAt::Life::Ended);
    QVERIFY(end.queues.empty());

    // Running again after its joins, main runs since the last one ended, not since its run began (the panel's
    // "For" said 3.500 s a microsecond after a 1.1 s wait).
    const std::vector<Span> joins = spansOf(store->lane(0), LaneState::Joining);
    QVERIFY(!joins.empty());
    const std::int64_t afterJoins = joins.back().end + 1;
    const StateAt atAfterJoins = stateAt(*store, afterJoins);
    const ThreadAt& mainAfter = threadNamed(atAfterJoins, "MainThread");
    QCOMPARE(mainAfter.state, LaneState::Running);
    QCOMPARE(mainAfter.since, joins.back().end);
}

// At every put and get of a bounded queue, the items stateAt replays are as many as the store's depth
// series says, never more than maxsize, and each is an item that was put and not yet got.
void tst_StateAt::queueItemsMatchTheDepthSeries()
{
    const auto store = runLesson(QStringLiteral("producer-consumer"), {{"items", "12"}, {"maxsize", "3"}}, kSpeed);
    QVERIFY(store);
    QCOMPARE(store->queues().size(), std::size_t(1));
    const QueueInfo& q = store->queues().front();
    QVERIFY(q.maxDepth == 3); // the lesson fills its bounded queue
    int checked = 0;
    for (const auto& [ts, depth] : q.depth) {
        const StateAt at = stateAt(*store, ts);
        QCOMPARE(at.queues.size(), std::size_t(1));
        const QueueAt& shown = at.queues.front();
        QCOMPARE(shown.name, q.uniqueName);
        QCOMPARE(shown.maxsize, 3);
        QCOMPARE(shown.depth, seriesDepthAt(q, ts));
        QCOMPARE(shown.items.size(), std::size_t(shown.depth));
        QVERIFY(shown.depth <= 3);
        ++checked;
    }
    QVERIFY(checked >= 24); // 12 puts and 12 gets
    // A consumer blocked on the empty queue says so, naming it.
    const LaneInfo& consumer = store->lane(static_cast<LaneId>(store->laneCount() - 1));
    const auto blocked = spansOf(consumer, LaneState::BlockedGet);
    QVERIFY(!blocked.empty());
    QCOMPARE(threadNamed(stateAt(*store, blocked.front().begin), consumer.name + QStringLiteral(" (daemon)")).text,
             QStringLiteral("blocked in get on %1 (empty)").arg(q.uniqueName));
}

// The deadlock lesson at the moment its cycle closes: each thread holds the lock the other is blocked
// acquiring, and says both; before the pause, one holds a and is sleeping; with the same lock order,
// nobody holds anything at the end.
void tst_StateAt::deadlockShowsWhoHoldsWhatAndWaitsForWhat()
{
    const auto store = runLesson(QStringLiteral("deadlock"), {}, kSpeed);
    QVERIFY(store);
    const LaneInfo& one = store->lane(1);
    const auto oneAcquire = spansOf(one, LaneState::Acquire);
    QCOMPARE(oneAcquire.size(), std::size_t(1));
    const auto twoAcquire = spansOf(store->lane(2), LaneState::Acquire);
    QCOMPARE(twoAcquire.size(), std::size_t(1));
    const std::int64_t closed = std::max(oneAcquire.front().begin, twoAcquire.front().begin);

    const StateAt stuck = stateAt(*store, closed);
    QCOMPARE(threadNamed(stuck, "Thread-1 (one)").text, QStringLiteral("blocked in acquire on b, holding a"));
    QCOMPARE(threadNamed(stuck, "Thread-2 (two)").text, QStringLiteral("blocked in acquire on a, holding b"));
    QCOMPARE(threadNamed(stuck, "Thread-1 (one)").holding.size(), std::size_t(1));
    QVERIFY(threadNamed(stuck, "MainThread").holding.empty());

    const Span oneSleep = spansOf(one, LaneState::Sleeping).at(0);
    QVERIFY(threadNamed(stateAt(*store, oneSleep.begin), "Thread-1 (one)")
                .text.endsWith(QStringLiteral(", holding a")));

    const auto ordered = runLesson(QStringLiteral("deadlock"), {{"consistent_order", "true"}}, kSpeed);
    QVERIFY(ordered);
    for (const ThreadAt& t : stateAt(*ordered, ordered->endTs()).threads)
        QVERIFY2(t.holding.empty(), qPrintable(t.name + QStringLiteral(": ") + t.text));
}

QTEST_GUILESS_MAIN(tst_StateAt)
#include "tst_stateat.moc"
