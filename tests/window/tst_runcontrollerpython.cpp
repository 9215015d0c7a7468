// RunController with a CPython run as its source: batches as live as an engine run's, a thousand
// threads without loss, bad input that leaves the run on screen alone, restart of both kinds of run,
// pause and resume without step.

#include "engine/speed.h"
#include "pysource/pythonsource.h"
#include "support/pythontestutil.h"
#include "support/uitestutil.h"
#include "trace/tracestore.h"
#include "window/runcontroller.h"

#include <QSignalSpy>
#include <QTest>

using namespace tl;
using namespace tl::ui;
using namespace tl::pytest;

namespace {

constexpr int kThreads = 1000;

const QByteArray kThousandThreads = R"(import threading
import time

N = 1000


def work(i):
    time.sleep(0.3)
    print(f"worker {i} done")


threads = [threading.Thread(target=work, args=(i,), name=f"w{i}") for i in range(N)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("all joined")
)";

QStringList storyOf(const LaneInfo& lane, std::initializer_list<EventKind> keep)
{
    QStringList out;
    for (const Event& e : lane.events)
        if (std::find(keep.begin(), keep.end(), e.kind) != keep.end())
            out << QString::fromLatin1(eventKindName(e.kind));
    return out;
}

PythonRunOptions optionsFor(const QString& script)
{
    PythonRunOptions options;
    options.python = testPython();
    options.script = script;
    return options;
}

} // namespace

class TestRunControllerPython : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void thousandThreadsWithoutLoss();
    void badInputLeavesTheRunAlone();
    void restartRunsTheSameKindAgain();
    void pythonRunPausesAndTakesSpeedButDoesNotStep();

private:
    QTemporaryDir m_dir;
};

// A thousand threads alive at once, each with its own lane: the controller drains them in batches while
// the program runs (not once at the end), every batch lands in the store, and nothing is lost on the
// way: each lane has its whole story, the tracer's count of events sent matches what arrived (problems()
// would say otherwise), and the store counts no drop.
void TestRunControllerPython::thousandThreadsWithoutLoss()
{
    const QString script = writeFile(m_dir, QStringLiteral("thousand.py"), kThousandThreads);
    RunController runs;
    std::size_t batchEvents = 0;
    int batchesWhileRunning = 0;
    connect(&runs, &RunController::batchAppended, this, [&](const StoreChange& c) {
        batchEvents += c.endEvent - c.firstEvent;
        batchesWhileRunning += runs.runThreadsFinished() ? 0 : 1;
    });
    QSignalSpy finished(&runs, &RunController::finished);
    QVERIFY(runs.startPython(optionsFor(script)).ok());
    QVERIFY(runs.isRunning());
    QVERIFY(finished.wait(120000));
    QCOMPARE(finished.count(), 1);

    const PythonSource* python = runs.pythonSource();
    QVERIFY(python);
    QCOMPARE(python->problems(), QStringList());
    QCOMPARE(python->exitCode(), std::optional<int>(0));
    const TraceStore& store = *runs.store();
    QCOMPARE(store.droppedEvents(), 0u);
    QCOMPARE(batchEvents, store.eventCount());
    QVERIFY2(batchesWhileRunning > 1, qPrintable(QString::number(batchesWhileRunning)));
    QCOMPARE(store.laneCount(), std::size_t(kThreads + 1));

    int workers = 0;
    for (LaneId id = 1; id < store.laneCount(); ++id) {
        const LaneInfo& lane = store.lane(id);
        QVERIFY2(lane.name.startsWith(QLatin1Char('w')), qPrintable(lane.name));
        QCOMPARE(storyOf(lane, {EventKind::ThreadCreated, EventKind::RunBegin, EventKind::SleepBegin,
                                EventKind::SleepEnd, EventKind::Print, EventKind::RunEnd}),
                 (QStringList{"thread-created", "run-begin", "sleep-begin", "sleep-end", "print", "run-end"}));
        ++workers;
    }
    QCOMPARE(workers, kThreads);
    const LaneInfo& main = store.lane(0);
    QCOMPARE(storyOf(main, {EventKind::Start}).size(), kThreads);
    QCOMPARE(storyOf(main, {EventKind::JoinEnd}).size(), kThreads);
    QCOMPARE(storyOf(main, {EventKind::Print}), QStringList{"print"});
    QCOMPARE(store.metadata().source, QStringLiteral("python"));
    QVERIFY(store.metadata().interpreter.startsWith(QLatin1String("CPython 3.")));
}

// A script that does not exist: refused at once, and the run on screen (its store, its generation)
// stays as it was.
void TestRunControllerPython::badInputLeavesTheRunAlone()
{
    RunController runs;
    runs.start(uitest::chattyScenario(2, 3), {}, 100);
    QTRY_VERIFY(!runs.isRunning());
    const TraceStore* store = runs.store();
    const std::uint64_t generation = runs.generation();
    const Status started = runs.startPython(optionsFor(m_dir.filePath(QStringLiteral("missing.py"))));
    QVERIFY(!started.ok());
    QVERIFY2(started.error().contains(QStringLiteral("missing.py: no such file")), qPrintable(started.error()));
    QCOMPARE(runs.generation(), generation);
    QCOMPARE(runs.store(), store);
    QVERIFY(runs.scenario());
    QVERIFY(!runs.pythonOptions());
}

// Restart starts what ran last again: the scenario after an engine run, the same script and arguments
// after a Python run, at the speed given now.
void TestRunControllerPython::restartRunsTheSameKindAgain()
{
    RunController runs;
    QVERIFY(!runs.restart(1).ok()); // nothing ran yet
    runs.start(uitest::chattyScenario(1, 2), {}, 100);
    QTRY_VERIFY(!runs.isRunning());
    QVERIFY(runs.restart(50).ok());
    QCOMPARE(runs.scenario()->id, QStringLiteral("test-chatty"));
    QCOMPARE(runs.speed(), 50.0);
    QTRY_VERIFY(!runs.isRunning());

    const QString script = writeFile(m_dir, QStringLiteral("args.py"), "import sys\nprint(' '.join(sys.argv[1:]))\n");
    PythonRunOptions options = optionsFor(script);
    options.args = QStringList{QStringLiteral("a"), QStringLiteral("b c")};
    QVERIFY(runs.startPython(options).ok());
    QTRY_VERIFY_WITH_TIMEOUT(!runs.isRunning(), 30000);
    const std::uint64_t generation = runs.generation();
    QVERIFY(runs.restart(2).ok());
    QCOMPARE(runs.generation(), generation + 1);
    QVERIFY(!runs.scenario());
    QVERIFY(runs.pythonOptions());
    QCOMPARE(runs.pythonOptions()->script, script);
    QCOMPARE(runs.pythonOptions()->args, options.args);
    QCOMPARE(runs.speed(), 2.0);
    QTRY_VERIFY_WITH_TIMEOUT(!runs.isRunning(), 30000);
    QCOMPARE(runs.pythonSource()->capturedStdout(), QByteArray("a b c\n"));
    QCOMPARE(runs.store()->metadata().args, options.args);
}

// A Python run pauses and resumes (its tracer holds the threads) and takes a new speed, Max as the highest
// scaled speed (Threadline does not own CPython's waits), but takes no step. Once it has ended, a pause is
// harmless and leaves it unpaused.
void TestRunControllerPython::pythonRunPausesAndTakesSpeedButDoesNotStep()
{
    RunController runs;
    const QString script = writeFile(m_dir, QStringLiteral("nap.py"), "import time\ntime.sleep(30)\nprint('woke')\n");
    PythonRunOptions options = optionsFor(script);
    options.speed = 1;
    QVERIFY(runs.startPython(options).ok());
    QVERIFY(runs.isRunning());
    QVERIFY(!runs.hasLiveControls());
    QVERIFY(runs.canPause());
    QVERIFY(runs.setSpeed(kSpeedMax)); // the highest scaled speed: Max has no meaning for CPython
    QCOMPARE(runs.speed(), kMaxSpeed);
    QCOMPARE(runs.pythonSource()->metadata().speed, kMaxSpeed);
    QVERIFY(runs.setSpeed(1.0));
    QCOMPARE(runs.speed(), 1.0);
    QVERIFY(!runs.step());
    QVERIFY(!runs.stepThread(0));
    QVERIFY(!runs.isPaused());

    QSignalSpy paused(&runs, &RunController::pausedChanged);
    runs.pause();
    QVERIFY(runs.isPaused());
    QVERIFY(runs.pythonSource()->isPaused());
    runs.pause(); // already paused: no second signal
    runs.resume();
    QVERIFY(!runs.isPaused());
    QCOMPARE(paused.count(), 2);
    QCOMPARE(paused.at(0).at(0).toBool(), true);
    QCOMPARE(paused.at(1).at(0).toBool(), false);

    // A stop from a pause: the program is resumed to unwind, and the run no longer says paused.
    runs.pause();
    QSignalSpy finished(&runs, &RunController::finished);
    runs.stop();
    QVERIFY(!runs.isPaused());
    QVERIFY(finished.wait(30000));
    QVERIFY(runs.pythonSource()->problems().contains(QStringLiteral("stopped by SIGINT")));

    QVERIFY(!runs.canPause());
    runs.pause();
    QVERIFY(!runs.isPaused());
    runs.resume();
    QCOMPARE(paused.count(), 4);
}

QTEST_MAIN(TestRunControllerPython)
#include "tst_runcontrollerpython.moc"
