#include "py/pythonapi.h"
#include "py/queue.h"
#include "py/thread.h"
#include "support/coretestutil.h"

#include <QTest>

using namespace tl;
using namespace tl::test;

namespace {

constexpr int kTimeoutMs = 10000;

// A run driven from the test thread: started paused, or paused on the way; each step is awaited until
// its one event has passed and every thread waits again, then drained.
class SteppedRun {
public:
    explicit SteppedRun(RunOptions options = {.speed = kSpeedMax})
        : run(options)
        , store(run.context().sharedStrings())
        , recorder(run, store)
    {
    }

    // True once no thread runs code (all wait or are held) and `steps` events have been stepped through.
    bool settled(std::uint64_t steps) const { return run.stepsTaken() == steps && run.isQuiet(); }

    // The events published since the last drain.
    std::vector<Event> drain()
    {
        recorder.drainOnce();
        const StoreChange& change = recorder.lastChange();
        std::vector<Event> events;
        for (EventId id = change.firstEvent; id < change.endEvent; ++id)
            events.push_back(store.event(id));
        return events;
    }

    ScenarioRun run;
    TraceStore store;
    TraceRecorder recorder;
};

QString describe(const TraceStore& store, const std::vector<Event>& events)
{
    QStringList out;
    for (const Event& e : events)
        out << QStringLiteral("%1 %2").arg(store.lane(e.lane).name, kindNames({e.kind}));
    return out.join(QStringLiteral(", "));
}

} // namespace

// Pause, resume, step and stop on a live run (issue 10): the gate holds every thread at its next event,
// the clock stands still, a step lets exactly one event through.
class tst_RunControls : public QObject {
    Q_OBJECT
private slots:
    void stepWalksOneThreadEventByEvent();
    void aPutIsOneStepWithItsItemsWords();
    void stepThreadWalksOneLaneWhileTheOthersWait();
    void stepThreadLetsTheOthersActForTheLane();
    void pausedRunStandsStill();
    void stopWorksFromAPause();
};

void tst_RunControls::stepWalksOneThreadEventByEvent()
{
    SteppedRun r;
    r.run.pause();
    QVERIFY(r.run.isPaused());
    r.run.start([] {
        print(QStringLiteral("a"));
        tl::sleep(10);
        print(QStringLiteral("b"));
    });
    QTRY_VERIFY_WITH_TIMEOUT(r.settled(0), kTimeoutMs);
    QVERIFY(r.drain().empty()); // held before its first event

    const QStringList expected = {"MainThread thread-created",  "MainThread run-begin",     "MainThread print",
                                  "MainThread sleep-begin",     "MainThread sleep-end",     "MainThread print",
                                  "MainThread exit-wait-begin", "MainThread exit-wait-end", "MainThread exit",
                                  "MainThread run-end"};
    std::int64_t sleepBegin = -1;
    for (std::uint64_t n = 1; n <= std::uint64_t(expected.size()); ++n) {
        r.run.step();
        QTRY_VERIFY_WITH_TIMEOUT(r.settled(n), kTimeoutMs);
        const std::vector<Event> events = r.drain();
        QCOMPARE(describe(r.store, events), expected[qsizetype(n - 1)]);
        if (events.front().kind == EventKind::SleepBegin)
            sleepBegin = events.front().ts;
        // Everyone waits: the sleep's step jumped the clock over exactly its 10 s.
        if (events.front().kind == EventKind::SleepEnd)
            QCOMPARE(events.front().ts - sleepBegin, std::int64_t(10'000'000'000));
    }
    QVERIFY(r.run.waitForFinished(kTimeoutMs));
}

// A put's item words go out with the put: a step over a put shows the put (the words were once a step of their own,
// which the store keeps as the item's and shows nothing for: that step seemed to do nothing).
void tst_RunControls::aPutIsOneStepWithItsItemsWords()
{
    SteppedRun r;
    r.run.pause();
    r.run.start([] {
        Queue<int> q(0, QStringLiteral("q"));
        q.put(7);
        q.get();
    });
    QTRY_VERIFY_WITH_TIMEOUT(r.settled(0), kTimeoutMs);
    const QStringList expected = {"MainThread thread-created", "MainThread run-begin", "MainThread queue-created",
                                  "MainThread put", "MainThread get"};
    for (std::uint64_t n = 1; n <= std::uint64_t(expected.size()); ++n) {
        r.run.step();
        QTRY_VERIFY_WITH_TIMEOUT(r.settled(n), kTimeoutMs);
        const std::vector<Event> events = r.drain();
        QCOMPARE(describe(r.store, events), expected[qsizetype(n - 1)]);
        if (events.front().kind == EventKind::PutDone)
            QCOMPARE(r.store.itemValue(events.front().a, events.front().b), QStringLiteral("7"));
    }
    r.run.resume();
    QVERIFY(r.run.waitForFinished(kTimeoutMs));
}

void tst_RunControls::stepThreadWalksOneLaneWhileTheOthersWait()
{
    SteppedRun r;
    r.run.pause();
    r.run.start([] {
        auto w = Thread::create(
            [] {
                print(QStringLiteral("one"));
                tl::sleep(2);
                print(QStringLiteral("two"));
            },
            {.name = QStringLiteral("w")});
        w->start();
        w->join();
        print(QStringLiteral("joined"));
    });
    std::uint64_t steps = 0;
    const auto next = [&](const std::function<void()>& control) {
        control();
        ++steps;
        return QTest::qWaitFor([&] { return r.settled(steps); }, kTimeoutMs) ? r.drain() : std::vector<Event>{};
    };
    const auto step = [&] { return next([&] { r.run.step(); }); };
    const auto stepW = [&] { return next([&] { QVERIFY(r.run.stepThread(1)); }); };

    QTRY_VERIFY_WITH_TIMEOUT(r.settled(0), kTimeoutMs);
    QCOMPARE(describe(r.store, step()), QStringLiteral("MainThread thread-created"));
    QCOMPARE(describe(r.store, step()), QStringLiteral("MainThread run-begin"));
    QCOMPARE(describe(r.store, step()), QStringLiteral("w thread-created"));
    QCOMPARE(describe(r.store, step()), QStringLiteral("MainThread start"));
    QCOMPARE(describe(r.store, step()), QStringLiteral("MainThread start-wait-begin"));
    // start() waits for w to run: w's first event is the only one there is.
    QCOMPARE(describe(r.store, step()), QStringLiteral("w run-begin"));
    // Now main (as start() returns) and w (at its print) are both held; step w alone through its sleep.
    QCOMPARE(describe(r.store, stepW()), QStringLiteral("w print"));
    const std::vector<Event> sleepBegin = stepW();
    QCOMPARE(describe(r.store, sleepBegin), QStringLiteral("w sleep-begin"));
    // w sleeps, held by no gate: main, held since start() returned, runs on (start-wait-end, then join-begin, where
    // it waits), and then the clock jumps 2 s for w. Held, main watched the 2 s pass and its join began after them:
    // 2 s of running it never did.
    const std::vector<Event> sleepEnd = stepW();
    QCOMPARE(describe(r.store, sleepEnd),
             QStringLiteral("MainThread start-wait-end, MainThread join-begin, w sleep-end"));
    QCOMPARE(sleepEnd.back().ts - sleepBegin.front().ts, std::int64_t(2'000'000'000));
    QVERIFY(sleepEnd[1].ts - sleepBegin.front().ts < 100'000'000); // main's join began as w's sleep did
    // w is held at its print; main waits in its join, and stays there.
    QCOMPARE(describe(r.store, step()), QStringLiteral("w print"));
    QCOMPARE(describe(r.store, step()), QStringLiteral("w run-end"));
    QCOMPARE(describe(r.store, step()), QStringLiteral("MainThread join-end"));
    QVERIFY(!r.run.stepThread(1)); // w has ended
    r.run.resume();
    QVERIFY(!r.run.isPaused());
    QVERIFY(r.run.waitForFinished(kTimeoutMs));
    r.recorder.recordToCompletion();
    const auto prints = eventsOf(r.store, 0, EventKind::Print);
    QCOMPARE(prints.size(), std::size_t(1));
    QCOMPARE(r.store.text(prints.front().a), QStringLiteral("joined"));
}

// c waits in get() for the item main puts. Stepping c while main was held waited for ever, the clock running: main
// could not put. Main runs on until c's event comes.
void tst_RunControls::stepThreadLetsTheOthersActForTheLane()
{
    SteppedRun r;
    r.run.pause();
    r.run.start([] {
        auto q = std::make_shared<Queue<int>>();
        auto c = Thread::create([q] { q->get(); }, {.name = QStringLiteral("c")});
        c->start();
        q->put(1);
        c->join();
    });
    std::uint64_t steps = 0;
    QStringList seen;
    QTRY_VERIFY_WITH_TIMEOUT(r.settled(0), kTimeoutMs);
    // Step the run until c is held at its first event, then step c alone until it has its item.
    while (!seen.contains(QStringLiteral("c run-begin")) && steps < 20) {
        r.run.step();
        ++steps;
        QTRY_VERIFY_WITH_TIMEOUT(r.settled(steps), kTimeoutMs);
        seen << describe(r.store, r.drain());
    }
    while (!seen.contains(QStringLiteral("c get")) && steps < 20) {
        QVERIFY(r.run.stepThread(1));
        ++steps;
        QTRY_VERIFY_WITH_TIMEOUT(r.settled(steps), kTimeoutMs);
        seen << describe(r.store, r.drain()).split(QStringLiteral(", "));
    }
    const QString all = seen.join(QStringLiteral(", "));
    QVERIFY2(seen.contains(QStringLiteral("MainThread put")), qPrintable(all));
    QVERIFY2(seen.indexOf(QStringLiteral("MainThread put")) < seen.indexOf(QStringLiteral("c get")), qPrintable(all));
    r.run.resume();
    QVERIFY(r.run.waitForFinished(kTimeoutMs));
}

void tst_RunControls::pausedRunStandsStill()
{
    SteppedRun r({.speed = 1});
    r.run.start([] {
        for (int i = 0; i < 1000; ++i) {
            print(QStringLiteral("tick"));
            tl::sleep(0.001);
        }
    });
    QVERIFY(QTest::qWaitFor([&] { return !r.drain().empty(); }, kTimeoutMs)); // running
    r.run.pause();
    QTRY_VERIFY_WITH_TIMEOUT(r.run.isQuiet(), kTimeoutMs);
    r.drain(); // what passed the gate before it closed
    const std::int64_t now = r.run.nowTs();
    QTest::qWait(50); // a paused run does nothing, however long: show that it does not
    QCOMPARE(r.run.nowTs(), now);
    QVERIFY(r.drain().empty());
    QVERIFY(!r.run.isFinished());
    r.run.resume();
    QVERIFY(QTest::qWaitFor([&] { return !r.drain().empty(); }, kTimeoutMs));
    QVERIFY(r.run.nowTs() > now);
    r.run.requestStop();
    QVERIFY(r.run.waitForFinished(kTimeoutMs));
}

void tst_RunControls::stopWorksFromAPause()
{
    // Threads blocked in a long sleep and in a join, and a ticker that is held at the gate or sleeps a
    // millisecond: a stop from the pause unwinds every one. At 1x, the long sleeps are not jumped over.
    SteppedRun r({.speed = 1});
    r.run.start([] {
        std::vector<std::shared_ptr<Thread>> threads;
        for (int i = 0; i < 3; ++i)
            threads.push_back(Thread::create([] { tl::sleep(1e6); }));
        threads.push_back(Thread::create([] {
            for (;;) {
                print(QStringLiteral("tick"));
                tl::sleep(0.001);
            }
        }));
        for (const auto& t : threads)
            t->start();
        for (const auto& t : threads)
            t->join();
    });
    QVERIFY(QTest::qWaitFor(
        [&] {
            r.drain();
            // Main joins only once it has started all four; before that, a stop would leave a lane that
            // never began (and so never ends), as CPython's unstarted Thread does.
            return inOpenSpan(r.store, QStringLiteral("Thread-3"), LaneState::Sleeping)
                && inOpenSpan(r.store, QStringLiteral("MainThread"), LaneState::Joining);
        },
        kTimeoutMs));
    r.run.pause();
    QTRY_VERIFY_WITH_TIMEOUT(r.run.isQuiet(), kTimeoutMs);
    r.run.requestStop();
    QVERIFY(r.run.waitForFinished(kTimeoutMs));
    r.recorder.recordToCompletion();
    for (LaneId id = 0; id < r.store.laneCount(); ++id) {
        const LaneInfo& lane = r.store.lane(id);
        QVERIFY2(lane.endTs != kOpenEnd, qPrintable(lane.name));
        QVERIFY2(hasKind(r.store, id, EventKind::Stopped), qPrintable(lane.name));
    }
}

QTEST_GUILESS_MAIN(tst_RunControls)
#include "tst_runcontrols.moc"
