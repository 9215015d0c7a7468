#include "support/uitestutil.h"
#include "trace/tracestore.h"
#include "window/runcontroller.h"

#include <QSignalSpy>
#include <QTest>

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
    connect(&runs, &RunController::batchAppended, this, [&](std::span<const Event> b) { events += b.size(); });

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
    connect(&runs, &RunController::batchAppended, this, [&](std::span<const Event> b) {
        events += b.size();
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
    RunController runs;
    runs.start(uitest::chattyScenario(50, 1), {}, 1);
    runs.start(uitest::sleeperScenario(), {}, 1);
    QTRY_VERIFY(runs.store()->laneCount() == 2);
    QVERIFY(runs.isRunning());
    QTRY_COMPARE(runs.retiringRuns(), 0);
    runs.stop();
    QSignalSpy finished(&runs, &RunController::finished);
    QVERIFY(finished.wait(20000));
}

QTEST_GUILESS_MAIN(TestRunController)
#include "tst_runcontroller.moc"
