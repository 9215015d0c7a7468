#include "engine/speed.h"
#include "support/uitestutil.h"
#include "trace/tracestore.h"
#include "window/runcontroller.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <atomic>
#include <chrono>
#include <thread>

using namespace tl;
using namespace tl::ui;

class TestRunController : public QObject {
    Q_OBJECT
private slots:
    void oneSignalPerDrainedBatch();
    void batchesAddUpToTheStore();
    void stopEndsTheRun();
    void restartKeepsOldEventsOutOfTheNewStore();
    void restartWhileRunningDoesNotBlock();
    void liveControlsNeedALiveEngineRun();
};

// With the timer effectively off, a finished run drained once gives exactly one batch signal carrying
// every event: the controller signals per batch, not per event.
void TestRunController::oneSignalPerDrainedBatch()
{
    RunController runs;
    runs.setDrainInterval(1'000'000);
    QSignalSpy batches(&runs, &RunController::batchAppended);
    QSignalSpy finished(&runs, &RunController::finished);
    std::size_t events = 0;
    connect(&runs, &RunController::batchAppended, this,
            [&](const StoreChange& c) { events += c.endEvent - c.firstEvent; });

    runs.start(uitest::chattyScenario(4, 50), {}, 200);
    QTRY_VERIFY(runs.runThreadsFinished());
    QCOMPARE(batches.count(), 0);
    runs.drainNow();
    QCOMPARE(batches.count(), 1);
    QCOMPARE(finished.count(), 1);
    QVERIFY(events > 200); // 200 prints and every lifecycle event
    QCOMPARE(events, runs.store()->eventCount());
    runs.drainNow(); // nothing left: no signal
    QCOMPARE(batches.count(), 1);
    QCOMPARE(finished.count(), 1);
}

void TestRunController::batchesAddUpToTheStore()
{
    RunController runs;
    QSignalSpy finished(&runs, &RunController::finished);
    QSignalSpy replaced(&runs, &RunController::storeReplaced);
    std::size_t events = 0;
    int batchCount = 0;
    connect(&runs, &RunController::batchAppended, this, [&](const StoreChange& c) {
        events += c.endEvent - c.firstEvent;
        ++batchCount;
    });
    runs.start(uitest::chattyScenario(8, 200), {}, 200);
    QCOMPARE(replaced.count(), 1);
    QVERIFY(runs.isRunning());
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.count(), 1);
    QVERIFY(!runs.isRunning());
    QCOMPARE(events, runs.store()->eventCount());
    QVERIFY(batchCount >= 1);
    QVERIFY(static_cast<std::size_t>(batchCount) < events); // batched, never one signal per event
    QCOMPARE(runs.store()->laneCount(), std::size_t{9});
}

void TestRunController::stopEndsTheRun()
{
    RunController runs;
    QSignalSpy finished(&runs, &RunController::finished);
    runs.start(uitest::sleeperScenario(), {}, 1);
    QTRY_VERIFY(runs.store()->laneCount() == 2 && !runs.store()->lane(1).spans.empty());
    QVERIFY(runs.isRunning());
    runs.stop();
    QTRY_COMPARE(finished.count(), 1);
    QVERIFY(!runs.isRunning());
    bool stopped = false;
    for (const Event& e : runs.store()->lane(1).events)
        stopped = stopped || e.kind == EventKind::Stopped;
    QVERIFY(stopped);
    QVERIFY(runs.store()->lane(1).openSpans.empty());
}

void TestRunController::restartKeepsOldEventsOutOfTheNewStore()
{
    RunController runs;
    runs.start(uitest::sleeperScenario(), {}, 1);
    const TraceStore* first = runs.store();
    QTRY_VERIFY(first->laneCount() == 2);
    const std::uint64_t generation = runs.generation();

    QSignalSpy replaced(&runs, &RunController::storeReplaced);
    runs.start(uitest::chattyScenario(2, 5), {}, 200);
    QCOMPARE(replaced.count(), 1);
    QCOMPARE(runs.generation(), generation + 1);
    QSignalSpy finished(&runs, &RunController::finished);
    QVERIFY(finished.wait(20000));
    // Only the new run's lanes: MainThread and two workers, none of the sleeper's.
    QCOMPARE(runs.store()->laneCount(), std::size_t{3});
    for (std::size_t i = 0; i < runs.store()->laneCount(); ++i)
        QVERIFY(runs.store()->lane(static_cast<LaneId>(i)).name != QLatin1String("sleeper"));
    QCOMPARE(runs.store()->metadata().scenarioId, QStringLiteral("test-chatty"));
    QTRY_COMPARE(runs.retiringRuns(), 0);
}

// The old run is joined on a reaper thread: start() returns while it is still unwinding, and the GUI
// thread keeps processing events meanwhile.
void TestRunController::restartWhileRunningDoesNotBlock()
{
    // A thread busy in plain C++, with no engine call where a stop could unwind it: its run cannot be
    // joined until the test releases it.
    std::atomic<bool> release{false};
    Scenario busy;
    busy.id = QStringLiteral("test-busy");
    busy.main = [&release](const ParameterValues&) {
        auto t = Thread::create(
            [&release] {
                while (!release.load())
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
            },
            {.name = QStringLiteral("busy")});
        t->start();
        t->join();
    };
    RunController runs;
    runs.start(busy, {}, 1);
    QTRY_VERIFY(runs.store()->laneCount() == 2 && !runs.store()->lane(1).spans.empty());

    QElapsedTimer clock;
    clock.start();
    runs.start(uitest::sleeperScenario(), {}, 1);
    QVERIFY2(clock.elapsed() < 1000, "start() waited for the old run");
    QCOMPARE(runs.retiringRuns(), 1); // still being joined: start() returned before it ended
    // Meanwhile the GUI thread goes on: the new run is drained into its store.
    QTRY_VERIFY(runs.store()->laneCount() == 2 && runs.store()->lane(1).name == QLatin1String("sleeper"));
    QCOMPARE(runs.retiringRuns(), 1);
    release.store(true);
    QTRY_COMPARE(runs.retiringRuns(), 0);
    QSignalSpy finished(&runs, &RunController::finished);
    runs.stop();
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.count(), 1);
}

// Speed, pause and step reach a live engine run at once, with one pausedChanged() per change; with no
// live run they do nothing and say so.
void TestRunController::liveControlsNeedALiveEngineRun()
{
    RunController runs;
    QSignalSpy paused(&runs, &RunController::pausedChanged);
    QVERIFY(!runs.setSpeed(5));
    QVERIFY(!runs.step());
    runs.pause();
    QVERIFY(!runs.isPaused());
    QCOMPARE(paused.count(), 0);

    runs.start(uitest::sleeperScenario(), {}, 1);
    QVERIFY(runs.hasLiveControls());
    QVERIFY(runs.setSpeed(5));
    QCOMPARE(runs.speed(), 5.0);
    QCOMPARE(runs.store()->metadata().speed, 5.0);
    QVERIFY(runs.setSpeed(1e9)); // clamped, as at start
    QCOMPARE(runs.speed(), kMaxSpeed);
    runs.pause();
    runs.pause();
    QVERIFY(runs.isPaused());
    QCOMPARE(paused.count(), 1);
    QCOMPARE(paused.last().at(0).toBool(), true);
    QTRY_VERIFY(runs.isQuiet());
    const std::int64_t now = runs.nowTs();
    QTest::qWait(100);
    QCOMPARE(runs.nowTs(), now); // the clock stands still
    runs.resume();
    QVERIFY(!runs.isPaused());
    QCOMPARE(paused.count(), 2);
    runs.pause();
    QSignalSpy finished(&runs, &RunController::finished);
    runs.stop(); // from a pause
    QVERIFY(finished.wait(20000));
    QVERIFY(!runs.isPaused());
    QCOMPARE(paused.count(), 4);
    QVERIFY(!runs.hasLiveControls());
    QVERIFY(!runs.setSpeed(2));
    QCOMPARE(runs.speed(), kMaxSpeed);
}

QTEST_GUILESS_MAIN(TestRunController)
#include "tst_runcontroller.moc"
