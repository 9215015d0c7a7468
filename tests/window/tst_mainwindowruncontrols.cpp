#include "mainwindowtestutil.h"
#include "py/currentthread.h"
#include "py/pythonapi.h"
#include "py/resourceerrors.h"
#include "py/thread.h"
#include "pysource/pythonsource.h"
#include "scenarios/scenario.h"
#include "support/coretestutil.h"
#include "support/pythontestutil.h"
#include "support/uitestutil.h"
#include "timeline/timelinewidget.h"
#include "timeline/viewstate.h"
#include "trace/tracestore.h"
#include "window/eventfilterproxy.h"
#include "window/eventlistmodel.h"
#include "window/eventlistpanel.h"
#include "window/listingview.h"
#include "window/mainwindow.h"
#include "window/runcontroller.h"
#include "window/runheader.h"
#include "window/scenariopicker.h"
#include "window/statussummary.h"
#include "window/windowactions.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace tl;
using namespace tl::ui;
using namespace tl::ui::windowtest;

namespace {

constexpr int kTimeoutMs = 20000;

// Launches sleeping-workers with `workers` workers sleeping `seconds`, at `speed`.
bool launchSleepers(MainWindow& w, int workers, double seconds, double speed)
{
    return launchLesson(
        w, QStringLiteral("sleeping-workers"),
        {{QStringLiteral("workers"), QString::number(workers)}, {QStringLiteral("seconds"), QString::number(seconds)}},
        speed);
}

// Pauses through the action and waits until every thread is held or waits, and all it published is drained.
bool pauseAndSettle(MainWindow& w)
{
    w.actions()->pause->trigger();
    if (!QTest::qWaitFor([&] { return w.runs()->isPaused() && w.runs()->isQuiet(); }, kTimeoutMs))
        return false;
    w.runs()->drainNow();
    return true;
}

// Every one of sleeping-workers' `workers` lanes has begun its sleep.
bool allAsleep(const MainWindow& w, LaneId workers)
{
    const TraceStore* store = w.runs()->store();
    if (store->laneCount() != workers + 1)
        return false;
    for (LaneId lane = 1; lane <= workers; ++lane)
        if (test::eventsOf(*store, lane, EventKind::SleepBegin).empty())
            return false;
    return true;
}

bool mainWaitsAtExit(const MainWindow& w)
{
    return test::inOpenSpan(*w.runs()->store(), QStringLiteral("MainThread"), LaneState::ExitWait);
}

std::uint64_t eventCount(const MainWindow& w)
{
    return w.runs()->store()->eventCount();
}

} // namespace

// The window's side of issue 10: live speed changes, pause and resume, step and step thread, stop from a
// pause, on a real MainWindow and the engine's run of a lesson.
class TestMainWindowRunControls : public QObject {
    Q_OBJECT
private slots:
    void pauseHoldsTheTraceStill();
    void stepAddsOneEventAndSelectsIt();
    void rightStepsOnlyWhilePaused();
    void stepThreadStepsTheSelectedLane();
    void stopEndsAPausedRun();
    void aRunShortOfThreadsIsStoppedAndSaysWhy();
    void speedChangeMidRunTakesEffect();
    void bracketKeysChangeTheLiveSpeed();
    void launchAtMaxPicksTheMaxPreset();
    void typingASpaceDoesNotPause();
    void pythonRunTakesSpeedButNoStep();
    void shortcutsHelpListsTheRunControls();
};

void TestMainWindowRunControls::pauseHoldsTheTraceStill()
{
    MainWindow w;
    showActive(w);
    // A ticking run publishes events all the time and never ends: only the pause can hold its trace still. (A
    // chatty run of 2 x 1,000,000 prints outran the window's drain: under load it had published its last event
    // before the pause came, and ended while "paused".)
    w.runs()->start(uitest::tickingScenario(2), {}, 1);
    QTRY_VERIFY_WITH_TIMEOUT(eventCount(w) > 100, kTimeoutMs);
    QVERIFY(pauseAndSettle(w));
    const std::uint64_t held = eventCount(w);
    const std::int64_t now = w.runs()->nowTs();
    const TimeRange range = w.viewState()->range();
    const int rows = w.eventList()->model()->rowCount();
    QTest::qWait(300);
    QCOMPARE(eventCount(w), held);
    QCOMPARE(w.runs()->nowTs(), now);        // the clock stands still
    QCOMPARE(w.viewState()->range(), range); // so following does not scroll
    QCOMPARE(w.eventList()->model()->rowCount(), rows);
    QVERIFY(w.runs()->isRunning());
    QCOMPARE(w.summary()->stateText(), QStringLiteral("❚❚ paused"));
    QCOMPARE(w.header()->stateText(), QStringLiteral("paused"));
    QVERIFY(w.windowTitle().contains(QStringLiteral("paused")));
    QCOMPARE(w.actions()->pause->text(), QStringLiteral("&Resume"));

    w.actions()->pause->trigger(); // resume
    QVERIFY(!w.runs()->isPaused());
    QTRY_VERIFY_WITH_TIMEOUT(eventCount(w) > held + 100, kTimeoutMs);
    QCOMPARE(w.summary()->stateText(), QStringLiteral("● live"));
    QCOMPARE(w.actions()->pause->text(), QStringLiteral("&Pause"));
    w.actions()->stop->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kTimeoutMs);
}

void TestMainWindowRunControls::stepAddsOneEventAndSelectsIt()
{
    MainWindow w;
    showActive(w);
    // Sleeps long enough that the pause comes before any wakes, however loaded the machine: the 12 steps
    // below then never reach the run's end (6 wakes, prints and ends are 18 events), where it is no longer
    // paused. With 3 workers of 2 s, a pause late under load left fewer than 12 events.
    QVERIFY(launchSleepers(w, 6, 30, 1));
    QVERIFY(pauseAndSettle(w));
    // Under load the pause may fall after every worker is asleep: then a step jumps the clock to a wake,
    // and a jump is paced at the speed (30 s of wall time at 1x, seen in a loaded ctest run). At 100x it
    // takes 0.3 s; what the steps let through is the same at any speed.
    w.actions()->setSpeedFactor(100);
    QCOMPARE(w.runs()->speed(), 100.0);
    QVERIFY(w.runs()->isPaused());
    QSignalSpy stepped(w.runs(), &RunController::stepped);
    bool sawListingLine = false;
    for (int n = 1; n <= 12 && w.runs()->isRunning(); ++n) {
        const std::uint64_t before = eventCount(w);
        QTest::keyClick(w.timeline(), Qt::Key_N);
        QTRY_COMPARE_WITH_TIMEOUT(stepped.count(), n, kTimeoutMs);
        // Exactly one event came through, and it is the one selected.
        QCOMPARE(eventCount(w), before + 1);
        const auto id = static_cast<EventId>(before);
        QCOMPARE(stepped.last().at(0).value<EventId>(), id);
        const Event& event = w.runs()->store()->event(id);
        QCOMPARE(w.viewState()->selection(), Selection::ofEvent(event.lane, id));
        // The event list's current row is that event; the listing highlights its line.
        EventListPanel* list = w.eventList();
        const QModelIndex current = list->table()->currentIndex();
        QVERIFY(current.isValid());
        QCOMPARE(list->model()->idAt(list->proxy()->mapToSource(current).row()), id);
        if (event.line > 0) {
            QCOMPARE(w.listing()->highlightedLine(), int(event.line));
            sawListingLine = true;
        }
        QVERIFY(w.runs()->isPaused());
        // Nothing more comes through until the next step.
        QVERIFY(QTest::qWaitFor([&] { return w.runs()->isQuiet(); }, kTimeoutMs));
        w.runs()->drainNow();
        QCOMPARE(eventCount(w), before + 1);
    }
    QVERIFY(sawListingLine);
    QCOMPARE(w.summary()->stateText(), QStringLiteral("❚❚ paused"));
    w.actions()->stop->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kTimeoutMs);
}

// Right pans the timeline; only while paused does it step (N always does).
void TestMainWindowRunControls::rightStepsOnlyWhilePaused()
{
    MainWindow w;
    showActive(w);
    QVERIFY(launchSleepers(w, 2, 600, 1));
    // So a step's event is a wake-up, ten minutes on: every worker asleep and main in its exit-wait (before
    // that, a step would let main's next event through at once).
    QTRY_VERIFY_WITH_TIMEOUT(allAsleep(w, 2) && mainWaitsAtExit(w), kTimeoutMs);
    QSignalSpy stepped(w.runs(), &RunController::stepped);
    const TimeRange before = w.viewState()->range();
    QTest::keyClick(w.timeline(), Qt::Key_Right);
    QVERIFY(!w.runs()->isPaused());
    QVERIFY(w.viewState()->range().from > before.from); // panned
    QCOMPARE(stepped.count(), 0);

    QVERIFY(pauseAndSettle(w));
    // Max while paused: the step's jump over the ten minutes of sleep are instant, and the run stays paused.
    w.actions()->setSpeedFactor(kSpeedMax);
    QVERIFY(w.runs()->isPaused());
    const std::uint64_t held = eventCount(w);
    const TimeRange pausedRange = w.viewState()->range();
    QTest::keyClick(w.timeline(), Qt::Key_Right);
    QTRY_COMPARE_WITH_TIMEOUT(stepped.count(), 1, kTimeoutMs);
    QCOMPARE(eventCount(w), held + 1);
    // Stepped, not panned: the view shows the stepped event (ten minutes on), wherever it was.
    const std::int64_t at = w.runs()->store()->event(static_cast<EventId>(held)).ts;
    QVERIFY(at > pausedRange.to);
    QVERIFY(w.viewState()->range().from <= at && at <= w.viewState()->range().to);
    w.actions()->stop->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kTimeoutMs);
}

void TestMainWindowRunControls::stepThreadStepsTheSelectedLane()
{
    MainWindow w;
    showActive(w);
    // Ten-minute sleeps, so that the pause comes before any worker wakes however loaded the machine (with 1 s
    // sleeps a late pause could leave the lane fewer than the three events stepped below).
    QVERIFY(launchSleepers(w, 3, 600, 1));
    // Pause once every worker is asleep: each then has a next event (its wake-up).
    QTRY_VERIFY_WITH_TIMEOUT(allAsleep(w, 3), kTimeoutMs);
    QVERIFY(pauseAndSettle(w));
    w.actions()->setSpeedFactor(kSpeedMax); // a step's jump over the ten minutes is then instant
    QVERIFY(w.runs()->isPaused());
    const TraceStore& store = *w.runs()->store();
    const LaneId worker = 2;
    QVERIFY(store.lane(worker).name.contains(QStringLiteral("worker")));
    w.viewState()->setSelection(Selection::ofSpan(worker, store.lane(worker).spans.front().opening));
    QSignalSpy stepped(w.runs(), &RunController::stepped);
    for (int n = 1; n <= 3; ++n) {
        const std::uint64_t before = eventCount(w);
        QTest::keyClick(w.timeline(), Qt::Key_N, Qt::ShiftModifier);
        QTRY_COMPARE_WITH_TIMEOUT(stepped.count(), n, kTimeoutMs);
        // The first step finds the worker asleep, not held: the others run on until its wake-up (theirs, a moment
        // earlier, among them); then it is held at each event, and a step lets that one through.
        std::vector<EventId> ofWorker;
        for (auto id = static_cast<EventId>(before); id < eventCount(w); ++id) {
            if (store.event(id).lane == worker)
                ofWorker.push_back(id);
        }
        QCOMPARE(ofWorker.size(), std::size_t{1});
        if (n > 1)
            QCOMPARE(eventCount(w), before + 1);
        QCOMPARE(w.viewState()->selection(), Selection::ofEvent(worker, ofWorker.front()));
    }
    w.actions()->stop->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kTimeoutMs);
}

void TestMainWindowRunControls::stopEndsAPausedRun()
{
    MainWindow w;
    showActive(w);
    QVERIFY(launchSleepers(w, 3, 600, 1));
    QTRY_VERIFY_WITH_TIMEOUT(eventCount(w) > 5, kTimeoutMs);
    QVERIFY(pauseAndSettle(w));
    QSignalSpy finished(w.runs(), &RunController::finished);
    QVERIFY(w.actions()->stop->isEnabled());
    w.actions()->stop->trigger();
    QVERIFY(finished.wait(kTimeoutMs));
    QVERIFY(!w.runs()->isRunning());
    QVERIFY(!w.runs()->isPaused());
    QCOMPARE(w.summary()->stateText(), QStringLiteral("■ stopped"));
    QVERIFY(!w.actions()->pause->isEnabled());
    QCOMPARE(w.actions()->pause->text(), QStringLiteral("&Pause"));
}

// Issue 9: when the system refuses a thread, the run is stopped (its sleeper too), a dialog says why, and
// the window takes the next run. The refusal is reported as Thread.start() reports it.
void TestMainWindowRunControls::aRunShortOfThreadsIsStoppedAndSaysWhy()
{
    MainWindow w;
    showActive(w);
    Scenario shortOfThreads;
    shortOfThreads.id = QStringLiteral("test-short-of-threads");
    shortOfThreads.title = QStringLiteral("Short of threads");
    shortOfThreads.main = [](const ParameterValues&) {
        Thread::create([] { tl::sleep(600); }, {.name = QStringLiteral("sleeper")})->start();
        throw noThreadError(requireCurrentThread("Thread.start()"));
    };
    QSignalSpy finished(w.runs(), &RunController::finished);
    w.runs()->start(shortOfThreads, {}, 1);
    QVERIFY(finished.wait(kTimeoutMs));
    QCOMPARE(w.summary()->stateText(), QStringLiteral("■ stopped"));
    const QString why =
        QStringLiteral("stopped: the system would not give a thread (RuntimeError: can't start new thread)");
    QCOMPARE(w.runs()->store()->metadata().problems, QStringList{why});
    QCOMPARE(w.statusBar()->currentMessage(),
             QStringLiteral("Stopped: the system would not give a thread (RuntimeError: can't start new thread)"));
    QMessageBox* box = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((box = w.findChild<QMessageBox*>()) != nullptr, kTimeoutMs);
    QCOMPARE(box->windowTitle(), QStringLiteral("The run was stopped"));
    QVERIFY(box->text().startsWith(why));
    box->close();

    // The window stays usable: the next run goes to its end.
    QVERIFY(launchSleepers(w, 2, 0.1, 100));
    QVERIFY(finished.wait(kTimeoutMs));
    QVERIFY(!w.runs()->store()->metadata().stopped);
    QCOMPARE(w.summary()->stateText(), QStringLiteral("■ finished"));
}

// A 1x run of 60 s sleeps switched to Max ends at once, with its sleeps still exactly 60 s long.
void TestMainWindowRunControls::speedChangeMidRunTakesEffect()
{
    MainWindow w;
    showActive(w);
    QVERIFY(launchSleepers(w, 3, 60, 1));
    QTRY_VERIFY_WITH_TIMEOUT(allAsleep(w, 3), kTimeoutMs);
    QVERIFY(w.runs()->isRunning());
    // Timed from the switch, not the launch: how long the window took to see every worker asleep is the
    // machine's load, not the speed's effect.
    QElapsedTimer wall;
    wall.start();
    w.actions()->setSpeedFactor(kSpeedMax);
    QVERIFY(std::isinf(w.runs()->speed()));
    QVERIFY(w.header()->detailText().contains(QStringLiteral("max")));
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kTimeoutMs);
    QVERIFY2(wall.elapsed() < 10000, qPrintable(QString::number(wall.elapsed())));
    const TraceStore& store = *w.runs()->store();
    for (LaneId lane = 1; lane < 4; ++lane) {
        const std::vector<Event> begins = test::eventsOf(store, lane, EventKind::SleepBegin);
        const std::vector<Event> ends = test::eventsOf(store, lane, EventKind::SleepEnd);
        QCOMPARE(begins.size(), std::size_t{1});
        QCOMPARE(ends.size(), std::size_t{1});
        QVERIFY(std::abs(ends[0].ts - begins[0].ts - 60'000'000'000) < 1'000'000); // exact, within 1 ms
    }
    QVERIFY(std::isinf(store.metadata().speed));
}

void TestMainWindowRunControls::bracketKeysChangeTheLiveSpeed()
{
    MainWindow w;
    showActive(w);
    QVERIFY(launchSleepers(w, 2, 600, 1));
    QCOMPARE(w.runs()->speed(), 1.0);
    QTest::keyClick(w.timeline(), Qt::Key_BracketLeft);
    QCOMPARE(w.actions()->speedFactor(), 0.5);
    QCOMPARE(w.runs()->speed(), 0.5);
    QTest::keyClick(w.timeline(), Qt::Key_BracketRight);
    QTest::keyClick(w.timeline(), Qt::Key_BracketRight);
    QCOMPARE(w.runs()->speed(), 2.0);
    QVERIFY(w.header()->detailText().contains(QStringLiteral("2x")));
    w.actions()->stop->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kTimeoutMs);
}

// `threadline --scenario ID --speed max` opens on the Max preset and runs at max, not at the fastest factor.
void TestMainWindowRunControls::launchAtMaxPicksTheMaxPreset()
{
    MainWindow w;
    showActive(w);
    QVERIFY(launchSleepers(w, 2, 600, kSpeedMax));
    QVERIFY(std::isinf(w.actions()->speedFactor()));
    QCOMPARE(w.actions()->speed->currentText(), QStringLiteral("Max"));
    QVERIFY(std::isinf(w.runs()->speed()));
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kTimeoutMs); // ten minutes of sleep, jumped at once
    QTest::keyClick(w.timeline(), Qt::Key_BracketRight);          // already the fastest
    QVERIFY(std::isinf(w.actions()->speedFactor()));
    QTest::keyClick(w.timeline(), Qt::Key_BracketLeft);
    QCOMPARE(w.actions()->speedFactor(), 100.0);
}

// Text fields take printable keys first: a space typed in the lane finder is text, not a pause.
void TestMainWindowRunControls::typingASpaceDoesNotPause()
{
    MainWindow w;
    showActive(w);
    QVERIFY(launchSleepers(w, 2, 600, 1));
    w.actions()->findLane->trigger();
    QLineEdit* finder = w.header()->finder();
    QTest::keyClick(finder, Qt::Key_Space);
    QTest::keyClick(finder, Qt::Key_N);
    QTest::keyClick(finder, Qt::Key_BracketRight);
    QCOMPARE(finder->text(), QStringLiteral(" n]"));
    QVERIFY(!w.runs()->isPaused());
    QVERIFY(!w.runs()->isStepping());
    QCOMPARE(w.runs()->speed(), 1.0);
    // The same key on the timeline pauses.
    QTest::keyClick(w.timeline(), Qt::Key_Space);
    QVERIFY(w.runs()->isPaused());
    w.actions()->stop->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kTimeoutMs);
}

// A CPython run takes a new speed at once (its tracer paces its sleeps anew) but no step. Space pauses and
// resumes it (its tracer holds the threads). A run whose tracer cannot be told keeps its speed, and the
// status bar says the one picked is for the next run.
void TestMainWindowRunControls::pythonRunTakesSpeedButNoStep()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    PythonRunOptions options;
    options.python = pytest::testPython();
    options.script = pytest::writeFile(dir, QStringLiteral("nap.py"), "import time\ntime.sleep(60)\n");
    options.speed = 1;
    MainWindow w;
    showActive(w);
    QVERIFY(w.runs()->startPython(options).ok());
    QVERIFY(w.runs()->isRunning());
    QVERIFY(w.actions()->pause->isEnabled());
    QVERIFY(!w.actions()->step->isEnabled());
    QVERIFY(!w.actions()->stepThread->isEnabled());
    w.actions()->setSpeedFactor(5);
    QCOMPARE(w.runs()->speed(), 5.0);
    QVERIFY2(w.statusBar()->currentMessage().contains(QStringLiteral("Speed 5x, from now on")),
             qPrintable(w.statusBar()->currentMessage()));
    QTest::keyClick(w.timeline(), Qt::Key_Space);
    QVERIFY(w.runs()->isPaused());
    QTest::keyClick(w.timeline(), Qt::Key_N); // Step is disabled: nothing happens
    QVERIFY(!w.runs()->isStepping());
    QTest::keyClick(w.timeline(), Qt::Key_Space);
    QVERIFY(!w.runs()->isPaused());
    QSignalSpy finished(w.runs(), &RunController::finished);
    w.actions()->stop->trigger();
    QVERIFY(finished.wait(kTimeoutMs));

    // The program closes every fd above stderr below Python (os.closerange would leave the tracer's), its tracer's
    // control socket too.
    options.script = pytest::writeFile(dir, QStringLiteral("deaf.py"),
                                       "import ctypes, time\nlibc = ctypes.CDLL(None)\nfor fd in range(3, 1024):\n"
                                       "    libc.close(fd)\nprint('closed', flush=True)\ntime.sleep(60)\n");
    QVERIFY(w.runs()->startPython(options).ok());
    QTRY_VERIFY_WITH_TIMEOUT(w.runs()->pythonSource()->capturedStdout().contains("closed"), kTimeoutMs);
    w.actions()->setSpeedFactor(2);
    QCOMPARE(w.runs()->speed(), 1.0);
    QVERIFY2(
        w.statusBar()->currentMessage().contains(QStringLiteral("cannot change speed; 2x applies to the next run")),
        qPrintable(w.statusBar()->currentMessage()));
    w.actions()->stop->trigger();
    QVERIFY(finished.wait(kTimeoutMs));
}

void TestMainWindowRunControls::shortcutsHelpListsTheRunControls()
{
    MainWindow w;
    const QString help = w.actions()->shortcutsHtml();
    for (const QString& key : {QStringLiteral("Space"), QStringLiteral("<b>N</b>"), QStringLiteral("Shift+N"),
                               QStringLiteral("<b>[, "), QStringLiteral("<b>], ")})
        QVERIFY2(help.contains(key), qPrintable(key));
    QVERIFY(help.contains(QStringLiteral("Pause the run")));
    QVERIFY(help.contains(QStringLiteral("while paused, Right steps")));
}

QTEST_MAIN(TestMainWindowRunControls)
#include "tst_mainwindowruncontrols.moc"
