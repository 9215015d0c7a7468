#include "export/chrometraceexporter.h"
#include "mainwindowtestutil.h"
#include "scenarios/headlessrun.h"
#include "stats/statecomparison.h"
#include "support/imagetestutil.h"
#include "support/pythontestutil.h"
#include "timeline/timelinepainters.h"
#include "timeline/timelinewidget.h"
#include "timeline/viewstate.h"
#include "trace/eventtext.h"
#include "trace/stringtable.h"
#include "trace/tracestore.h"
#include "window/comparisonview.h"
#include "window/differencespanel.h"
#include "window/exporter.h"
#include "window/listingview.h"
#include "window/mainwindow.h"
#include "window/parameterform.h"
#include "window/programcontroller.h"
#include "window/runcontroller.h"
#include "window/selectiondetails.h"
#include "window/traceopener.h"
#include "window/windowactions.h"

#include <QAction>
#include <QDockWidget>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace tl;
using namespace tl::ui;
using namespace tl::ui::windowtest;

// Compare (issue 14) in the window: run B below run A on one time axis, zoom, pan and selection shared,
// and the Differences panel, for B a new engine run, a trace file or a CPython run.
class TestMainWindowCompare : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void aNewRunIsComparedOnOneAxis();
    void selectionFollowsTheThreadName();
    void aTraceFileIsComparedAndABrokenOneSaysWhy();
    void aPythonRunIsCompared();
    void aScriptsRunIsComparedWithItsNextRun();
    void closeStopsALiveRunB();
    void differentNamesShareOneAxis();
    void picturesHoldBothRuns();
    void aNewRunReplacesAFileStillBeingRead();
    void aShortRunsLengthIsReadInItsUnit();
    void anotherToolsTracesDifferBySliceName();
    void anotherToolsTraceAsBHasItsOwnLegend();
    void anotherToolsTracesShareTheirSliceColours();
    void runBsLegendFollowsRunA();

private:
    QTemporaryDir m_dir;
};

namespace {

constexpr int kTimeoutMs = 30000;
constexpr std::int64_t kS = 1'000'000'000;

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// Another tool's trace of one thread: a slice per name, one after another, each a microsecond shorter than the one
// before (the first the longest).
QByteArray sliceTrace(const QStringList& names)
{
    QStringList events;
    for (qsizetype i = 0; i < names.size(); ++i)
        events << QStringLiteral(R"({"name": "%1", "ph": "X", "ts": %2, "dur": %3, "pid": 1, "tid": 1})")
                      .arg(names[i])
                      .arg(i * 100)
                      .arg(90 - i);
    return QStringLiteral(R"({"traceEvents": [%1]})").arg(events.join(QStringLiteral(", "))).toUtf8();
}

// Opens trace `path` as run A and waits until it is read.
bool openAsA(MainWindow& w, const QString& path)
{
    QSignalSpy opened(w.opener(), &TraceOpener::opened);
    return w.openTrace(path) &&
           QTest::qWaitFor([&] { return opened.count() > 0 && !w.runs()->isRunning(); }, kTimeoutMs);
}

// Compares run A with trace `path` as run B and waits until B is read.
bool compareWithFile(MainWindow& w, const QString& path)
{
    QSignalSpy finished(w.comparison(), &ComparisonView::runFinished);
    return w.compareWithTrace(path) && finished.wait(kTimeoutMs);
}

// Lesson `id` run headless at max speed with its defaults, its Chrome trace written to `path`. Returns the
// run's event count, 0 if nothing was written.
std::size_t writeLessonTrace(const QString& id, const QString& path)
{
    const Scenario* scenario = findScenario(id);
    if (!scenario)
        return 0;
    const auto values = resolveParameters(scenario->parameters, QList<QPair<QString, QString>>{});
    const auto run = runHeadless(*scenario, *values, RunOptions{.speed = kSpeedMax});
    return writeFile(path, ChromeTraceExporter(*run).toJson()) ? run->eventCount() : 0;
}

// The window with A (sleeping-workers, two workers sleeping `seconds`) run to its end at max speed.
bool runA(MainWindow& w, const QString& seconds)
{
    QSignalSpy finished(w.runs(), &RunController::finished);
    return launchLesson(w, QStringLiteral("sleeping-workers"), {{"workers", "2"}, {"seconds", seconds}}, kSpeedMax) &&
           finished.wait(kTimeoutMs);
}

bool compareRunB(MainWindow& w, const QString& seconds)
{
    w.form()->setValues(*resolveParameters(w.shownScenario()->parameters,
                                           QList<QPair<QString, QString>>{{"workers", "2"}, {"seconds", seconds}}));
    QSignalSpy finished(w.comparison(), &ComparisonView::runFinished);
    w.actions()->compareRun->trigger();
    return finished.wait(kTimeoutMs);
}

std::optional<LaneId> laneNamed(const TraceStore& store, const QString& name)
{
    for (std::size_t i = 0; i < store.laneCount(); ++i) {
        if (store.laneName(static_cast<LaneId>(i)) == name)
            return static_cast<LaneId>(i);
    }
    return std::nullopt;
}

// The span of `lane` in `state`, first of them.
const Span* spanIn(const TraceStore& store, LaneId lane, LaneState state)
{
    for (const Span& span : store.lane(lane).spans) {
        if (span.state == state)
            return &span;
    }
    return nullptr;
}

} // namespace

void TestMainWindowCompare::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestMainWindowCompare::aNewRunIsComparedOnOneAxis()
{
    MainWindow w;
    showActive(w);
    QVERIFY(!w.comparison()->isVisible());
    QVERIFY(!w.actions()->closeComparison->isEnabled());
    QVERIFY(runA(w, "1"));
    QVERIFY(compareRunB(w, "3"));
    QVERIFY(w.comparison()->isVisible());
    QVERIFY(w.actions()->closeComparison->isEnabled());
    const TraceStore* a = w.runs()->store();
    const TraceStore* b = w.comparison()->runs()->store();
    QVERIFY(a && b && a != b);
    QCOMPARE(b->metadata().parameters.last().second.toString(), QStringLiteral("3"));
    QVERIFY(w.comparison()->titleText().contains(QStringLiteral("seconds=3")));
    // Named as the status bar names it (it said "engine" there, "C++ engine" below).
    QVERIFY2(w.comparison()->titleText().endsWith(QStringLiteral("C++ engine")),
             qPrintable(w.comparison()->titleText()));

    // One time axis, fitted to the longer run (B's 3 s), on both.
    QCOMPARE(w.comparison()->viewState()->range(), w.viewState()->range());
    QVERIFY(w.viewState()->range().to >= b->endTs());
    QCOMPARE(w.comparison()->timeline()->plotRect().left(), w.timeline()->plotRect().left());
    QCOMPARE(w.comparison()->timeline()->plotRect().width(), w.timeline()->plotRect().width());
    // Zoom and pan on either move both.
    w.timeline()->zoomIn();
    QCOMPARE(w.comparison()->viewState()->range(), w.viewState()->range());
    w.comparison()->timeline()->panBy(0.25);
    QCOMPARE(w.viewState()->range(), w.comparison()->viewState()->range());

    // The differences: B less A per thread and state, as the command line computes them.
    QDockWidget* dock = w.findChild<QDockWidget*>(QStringLiteral("differences"));
    QVERIFY(dock && dock->isVisible());
    const auto expected = stats::compareStateTimes(stats::computeStateTimes(*a), stats::computeStateTimes(*b));
    QCOMPARE(w.differences()->csv(), stats::stateComparisonCsv(expected));
    QCOMPARE(w.differences()->model()->rowCount(), static_cast<int>(expected.size()));
    bool sawSleep = false;
    for (const stats::StateDifference& row : w.differences()->rows()) {
        if (row.thread == QStringLiteral("Thread-1 (worker)") && row.state == LaneState::Sleeping) {
            QCOMPARE(row.a, 1 * kS);
            QCOMPARE(row.b, 3 * kS);
            sawSleep = true;
        }
    }
    QVERIFY(sawSleep);
}

void TestMainWindowCompare::selectionFollowsTheThreadName()
{
    // Sleeps of 2 s (A) and 3 s (B): the middle of either is inside the other run's sleep of that thread.
    MainWindow w;
    showActive(w);
    QVERIFY(runA(w, "2"));
    QVERIFY(compareRunB(w, "3"));
    const TraceStore& a = *w.runs()->store();
    const TraceStore& b = *w.comparison()->runs()->store();
    const QString name = QStringLiteral("Thread-2 (worker)");
    const auto laneA = laneNamed(a, name);
    const auto laneB = laneNamed(b, name);
    QVERIFY(laneA && laneB);
    const Span* sleepA = spanIn(a, *laneA, LaneState::Sleeping);
    const Span* sleepB = spanIn(b, *laneB, LaneState::Sleeping);
    QVERIFY(sleepA && sleepB);

    // A's sleep picked: B selects the same thread at that moment (A's sleep's middle, 1 s), its sleep too.
    w.viewState()->setSelection(Selection::ofSpan(*laneA, sleepA->opening));
    QCOMPARE(w.comparison()->viewState()->selection(), Selection::ofSpan(*laneB, sleepB->opening));
    // And back: B's sleep (middle 1.5 s) picked selects A's.
    w.comparison()->viewState()->setSelection(Selection::ofSpan(*laneB, sleepB->opening));
    QCOMPARE(w.viewState()->selection(), Selection::ofSpan(*laneA, sleepA->opening));
    // A moment the other run's thread did not live to: nothing there. B's main exits at 3 s, A's at 2 s.
    const EventView mainB = b.laneEvents(0);
    const auto exitB =
        std::find_if(mainB.begin(), mainB.end(), [](const Event& e) { return e.kind == EventKind::Exit; });
    QVERIFY(exitB != mainB.end() && exitB->ts > a.endTs());
    w.comparison()->viewState()->setSelection(Selection::ofEvent(0, exitB.id()));
    QVERIFY(w.viewState()->selection().isNone());
    // Details describes what was picked, in B: it described A's mirrored pick (here, none).
    const QString details = w.details()->toPlainText();
    QVERIFY2(details.contains(QStringLiteral("Selection in run B")) && details.contains(QStringLiteral("exit")) &&
                 details.contains(formatTimestamp(exitB->ts)),
             qPrintable(details));
    // B ran the listing on screen: its pick lights its line there, though A has nothing at that moment (it lit none).
    const EventView threadB = b.laneEvents(*laneB);
    const auto wokeB =
        std::find_if(threadB.begin(), threadB.end(), [](const Event& e) { return e.kind == EventKind::SleepEnd; });
    QVERIFY(wokeB != threadB.end() && wokeB->line != 0 && wokeB->ts > a.endTs());
    w.comparison()->viewState()->setSelection(Selection::ofEvent(*laneB, wokeB.id()));
    QVERIFY(w.viewState()->selection().isNone());
    QCOMPARE(w.listing()->highlightedLine(), int(wokeB->line));
    // Nothing picked on one: nothing on the other.
    w.viewState()->setSelection(Selection::ofSpan(*laneA, sleepA->opening));
    QCOMPARE(w.listing()->highlightedLine(), int(a.event(sleepA->opening).line)); // A's pick: A's line
    QVERIFY2(!w.details()->toPlainText().contains(QStringLiteral("in run B")), qPrintable(w.details()->toPlainText()));
    QVERIFY(w.details()->toPlainText().contains(formatTimestamp(sleepA->begin)));
    w.viewState()->clearSelection();
    QVERIFY(w.comparison()->viewState()->selection().isNone());
    // A new B keeps A's pick, and mirrors it once its lanes are there.
    w.viewState()->setSelection(Selection::ofSpan(*laneA, sleepA->opening));
    QVERIFY(compareRunB(w, "3"));
    QCOMPARE(w.viewState()->selection(), Selection::ofSpan(*laneA, sleepA->opening));
    const Selection mirrored = w.comparison()->viewState()->selection();
    QVERIFY(!mirrored.isNone());
    QCOMPARE(w.comparison()->runs()->store()->laneName(mirrored.lane), name);
}

void TestMainWindowCompare::aTraceFileIsComparedAndABrokenOneSaysWhy()
{
    const QString good = m_dir.filePath(QStringLiteral("join-order.json"));
    const QString broken = m_dir.filePath(QStringLiteral("broken.json"));
    const std::size_t events = writeLessonTrace(QStringLiteral("join-order"), good);
    QVERIFY(events > 0);
    QVERIFY(writeFile(broken, R"({"traceEvents": [{"ph": "X" "ts": 1}]})"));
    MainWindow w;
    showActive(w);
    QVERIFY(launchLesson(w, QStringLiteral("join-order"), {}, kSpeedMax));
    QSignalSpy finished(w.comparison(), &ComparisonView::runFinished);
    QVERIFY(w.compareWithTrace(good));
    QVERIFY(finished.wait(kTimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kTimeoutMs);
    const TraceStore* b = w.comparison()->runs()->store();
    QCOMPARE(b->eventCount(), events);
    QVERIFY(w.comparison()->titleText().contains(QStringLiteral("join-order.json")));
    // The same lesson at the same values: every thread's states are there in both.
    QVERIFY(!w.differences()->rows().empty());
    for (const stats::StateDifference& row : w.differences()->rows())
        QVERIFY2(row.a > 0 && row.b > 0, qPrintable(row.thread));

    QSignalSpy failed(w.comparison(), &ComparisonView::failed);
    QVERIFY(w.compareWithTrace(broken));
    QVERIFY(failed.wait(kTimeoutMs));
    QVERIFY(failed.first().first().toString().contains(QStringLiteral("broken.json")));
    QMessageBox* box = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((box = w.findChild<QMessageBox*>()) != nullptr, kTimeoutMs);
    QCOMPARE(box->windowTitle(), QStringLiteral("The run to compare with cannot be shown"));
    QVERIFY(w.comparison()->isComparing()); // the B shown before stays
    delete box;

    // Closed, then a broken file: the comparison closed came back, its old B beside the error about another file.
    w.actions()->closeComparison->trigger();
    QVERIFY(!w.comparison()->isComparing());
    QVERIFY(w.compareWithTrace(broken));
    QVERIFY(failed.wait(kTimeoutMs));
    QVERIFY(!w.comparison()->isComparing());
    QVERIFY(w.comparison()->isHidden());
}

void TestMainWindowCompare::aPythonRunIsCompared()
{
    MainWindow w;
    w.program()->launcher().setInterpreter(tl::pytest::testPython());
    showActive(w);
    QVERIFY(runA(w, "0.5"));
    // At 1x: CPython's waits are its own, so a scaled run's scenario time scales its wall-clock jitter too.
    w.actions()->setSpeedFactor(1);
    QSignalSpy finished(w.comparison(), &ComparisonView::runFinished);
    w.actions()->comparePython->trigger();
    QVERIFY(finished.wait(kTimeoutMs));
    const TraceStore* b = w.comparison()->runs()->store();
    QVERIFY(b->metadata().isPython());
    QVERIFY2(w.comparison()->titleText().contains(QStringLiteral("CPython")), qPrintable(w.comparison()->titleText()));
    // The engine's and CPython's runs of one listing: the same threads, each sleeping its 0.5 s.
    for (const QString& name : {QStringLiteral("Thread-1 (worker)"), QStringLiteral("Thread-2 (worker)")}) {
        bool sawSleep = false;
        for (const stats::StateDifference& row : w.differences()->rows()) {
            if (row.thread == name && row.state == LaneState::Sleeping) {
                QVERIFY2(std::abs(row.difference()) < 20'000'000, qPrintable(QString::number(row.difference())));
                sawSleep = true;
            }
        }
        QVERIFY2(sawSleep, qPrintable(name));
    }
}

// Compare With Python Run runs what the listing shows: beside a script it was greyed out, and two runs of one's own
// script could be compared only through a saved file (a user-reviewer).
void TestMainWindowCompare::aScriptsRunIsComparedWithItsNextRun()
{
    MainWindow w;
    w.program()->launcher().setInterpreter(tl::pytest::testPython());
    showActive(w);
    const QString script = m_dir.filePath(QStringLiteral("napper.py"));
    QVERIFY(writeFile(script, "import threading, time\n"
                              "t = threading.Thread(target=time.sleep, args=(0.1,), name='napper')\n"
                              "t.start()\n"
                              "t.join()\n"));
    QVERIFY(w.openScript(script));
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kTimeoutMs);
    QVERIFY(w.runs()->store()->metadata().isPython());
    QVERIFY(w.actions()->comparePython->isEnabled());
    QSignalSpy finished(w.comparison(), &ComparisonView::runFinished);
    w.actions()->comparePython->trigger();
    QVERIFY(finished.wait(kTimeoutMs));
    const TraceStore* b = w.comparison()->runs()->store();
    QVERIFY(b->metadata().isPython());
    QCOMPARE(b->metadata().script, QFileInfo(script).absoluteFilePath());
    QVERIFY(laneNamed(*b, QStringLiteral("napper")));
}

void TestMainWindowCompare::closeStopsALiveRunB()
{
    MainWindow w;
    showActive(w);
    QVERIFY(runA(w, "1"));
    w.form()->setValues(*resolveParameters(w.shownScenario()->parameters,
                                           QList<QPair<QString, QString>>{{"workers", "2"}, {"seconds", "600"}}));
    w.actions()->setSpeedFactor(1);
    w.actions()->compareRun->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(w.comparison()->runs()->isRunning(), kTimeoutMs);
    QVERIFY(w.differences()->summaryLabel()->text().contains(QStringLiteral("still going")));
    // The event list and the console are A's, and say so while B is shown: a pick on B lit A's event of that thread
    // there, under Details saying "Selection in run B" (found by a reviewer).
    const auto titleOf = [&w](const char* name) {
        return w.findChild<QDockWidget*>(QLatin1String(name))->windowTitle();
    };
    QCOMPARE(titleOf("events"), QStringLiteral("Events — run A"));
    QCOMPARE(titleOf("console"), QStringLiteral("Console — run A"));
    QSignalSpy closed(w.comparison(), &ComparisonView::closed);
    w.actions()->closeComparison->trigger();
    QCOMPARE(closed.size(), 1);
    QVERIFY(!w.comparison()->isVisible());
    QVERIFY(!w.findChild<QDockWidget*>(QStringLiteral("differences"))->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(!w.comparison()->runs()->isRunning(), 5000); // stopped, not run for 600 s
    QVERIFY(!w.actions()->closeComparison->isEnabled());
    QCOMPARE(titleOf("events"), QStringLiteral("Events"));
    QCOMPARE(titleOf("console"), QStringLiteral("Console"));
    // A stays as it was.
    QVERIFY(w.runs()->store()->eventCount() > 0);
}

// A pool's long worker names against short ones: both plots still start at one x, and A's column goes
// back to its own width when the comparison is closed.
void TestMainWindowCompare::differentNamesShareOneAxis()
{
    const QString path = m_dir.filePath(QStringLiteral("pool.json"));
    QVERIFY(writeLessonTrace(QStringLiteral("pool-executor"), path) > 0);

    MainWindow w;
    showActive(w);
    QVERIFY(runA(w, "1"));
    const int own = w.timeline()->plotRect().left();
    QSignalSpy finished(w.comparison(), &ComparisonView::runFinished);
    QVERIFY(w.compareWithTrace(path));
    QVERIFY(finished.wait(kTimeoutMs));
    QVERIFY(w.comparison()->timeline()->naturalNameWidth() > w.timeline()->naturalNameWidth());
    QTRY_COMPARE(w.comparison()->timeline()->plotRect().left(), w.timeline()->plotRect().left());
    QCOMPARE(w.comparison()->timeline()->plotRect().width(), w.timeline()->plotRect().width());
    QVERIFY(w.timeline()->plotRect().left() > own);
    w.actions()->closeComparison->trigger();
    QTRY_COMPARE(w.timeline()->plotRect().left(), own);
    // The view of both whole runs becomes one of A's whole run, not a sliver of B's longer axis.
    const std::int64_t endA = w.runs()->store()->endTs();
    QVERIFY2(w.viewState()->range().to < endA + endA / 10, qPrintable(QString::number(w.viewState()->range().to)));
}

// Export and Copy Picture while comparing drew run A alone, on its own axis, though the screen showed both (the
// command line's --compare --export draws both): a picture holds A above B; a trace file is A's alone.
void TestMainWindowCompare::picturesHoldBothRuns()
{
    const QString path = m_dir.filePath(QStringLiteral("pool-b.json"));
    QVERIFY(writeLessonTrace(QStringLiteral("pool-executor"), path) > 0);
    MainWindow w;
    showActive(w);
    QVERIFY(runA(w, "1"));
    ExportRequest request;
    request.format = ExportFormat::Png;
    request.path = m_dir.filePath(QStringLiteral("alone.png"));
    QVERIFY(w.exporter()->exportFile(request).ok());
    const QImage alone(request.path);
    QSignalSpy finished(w.comparison(), &ComparisonView::runFinished);
    QVERIFY(w.compareWithTrace(path));
    QVERIFY(finished.wait(kTimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kTimeoutMs);
    request.path = m_dir.filePath(QStringLiteral("both.png"));
    QVERIFY(w.exporter()->exportFile(request).ok());
    const QImage both(request.path);
    QVERIFY2(both.height() > alone.height() + 100,
             qPrintable(QStringLiteral("%1 %2").arg(both.height()).arg(alone.height())));
    request.format = ExportFormat::Svg;
    request.path = m_dir.filePath(QStringLiteral("both.svg"));
    QVERIFY(w.exporter()->exportFile(request).ok());
    QFile svg(request.path);
    QVERIFY(svg.open(QIODevice::ReadOnly));
    const QByteArray text = svg.readAll();
    QVERIFY(text.contains("ThreadPoolExecutor-0_0")); // B's lanes, which A (join-order) has none of
    request.format = ExportFormat::ChromeJson;
    request.path = m_dir.filePath(QStringLiteral("a.json"));
    QVERIFY(w.exporter()->exportFile(request).ok());
    QFile json(request.path);
    QVERIFY(json.open(QIODevice::ReadOnly));
    QVERIFY(!json.readAll().contains("ThreadPoolExecutor"));
}

// Compare With New Run while a trace file for B is still being read: the run is B, and the file, once
// read, does not replace it.
void TestMainWindowCompare::aNewRunReplacesAFileStillBeingRead()
{
    const QString path = m_dir.filePath(QStringLiteral("pending.json"));
    QVERIFY(writeLessonTrace(QStringLiteral("join-order"), path) > 0);

    MainWindow w;
    showActive(w);
    QVERIFY(runA(w, "1"));
    QVERIFY(w.compareWithTrace(path)); // read in the background; polled every TraceOpener::kPollMs
    QVERIFY(compareRunB(w, "2"));
    QTest::qWait(5 * TraceOpener::kPollMs);
    QVERIFY(!w.comparison()->runs()->fileSource());
    QCOMPARE(w.comparison()->runs()->store()->metadata().scenarioId, QStringLiteral("sleeping-workers"));
}

// hello against itself: the header said "A lasts 0.001 s, B 0.000 s" over a table in microseconds.
void TestMainWindowCompare::aShortRunsLengthIsReadInItsUnit()
{
    auto strings = std::make_shared<StringTable>();
    const auto runOf = [&](std::int64_t endNs) {
        auto store = std::make_unique<TraceStore>(strings);
        const std::vector<Event> events{
            {0, 0, 0, EventKind::ThreadCreated, 0, 0, 0, strings->intern(QStringLiteral("MainThread")), 0},
            {0, 0, 0, EventKind::RunBegin, 0, 0, 0, 0, 0},
            {endNs, 0, 0, EventKind::RunEnd, 0, 0, 0, 0, 0}};
        store->append(events);
        return store;
    };
    const auto a = runOf(1'420'000);
    const auto b = runOf(452'000);
    DifferencesPanel panel;
    panel.refresh(a.get(), false, b.get(), false);
    const QString text = panel.summaryLabel()->text();
    QVERIFY2(text.contains(QStringLiteral("A lasts 1.42\u00a0ms, B 452.0\u00a0µs")), qPrintable(text)); // unbroken
}

// Two traces of another tool's: their differences name the slices (every row said "slice", the UI reviewer).
void TestMainWindowCompare::anotherToolsTracesDifferBySliceName()
{
    auto strings = std::make_shared<StringTable>();
    const auto traceOf = [&](std::int64_t parseNs) {
        auto store = std::make_unique<TraceStore>(strings);
        TraceMetadata meta;
        meta.file = QStringLiteral("/tmp/profile.json");
        store->setMetadata(meta);
        const StringId parse = strings->intern(QStringLiteral("parse"));
        const StringId gc = strings->intern(QStringLiteral("gc"));
        store->append(std::vector<Event>{{0, 0, 0, EventKind::SliceBegin, 0, 0, parse, 0, 0},
                                         {parseNs, 0, 0, EventKind::SliceEnd, 0, 0, parse, 0, 0},
                                         {parseNs, 0, 0, EventKind::SliceBegin, 0, 0, gc, 0, 0},
                                         {parseNs + 1000, 0, 0, EventKind::SliceEnd, 0, 0, gc, 0, 0}});
        return store;
    };
    const auto a = traceOf(3000);
    const auto b = traceOf(5000);
    DifferencesPanel panel;
    panel.refresh(a.get(), false, b.get(), false);
    QCOMPARE(panel.model()->headerData(1, Qt::Horizontal).toString(), QStringLiteral("Slice"));
    QCOMPARE(panel.model()->rowCount(), 2);
    QCOMPARE(panel.model()->item(0, 1)->text(), QStringLiteral("parse"));
    QCOMPARE(panel.model()->item(1, 1)->text(), QStringLiteral("gc"));
    QVERIFY(panel.summaryLabel()->text().contains(QStringLiteral("slice name")));
}

// B another tool's trace: its names are not A's, so its timeline has its own legend. So has a lesson's run as B, of
// what B shows: A's lists only what A shows (a queue lesson as B had its blocked put in no legend, a user-tester).
void TestMainWindowCompare::anotherToolsTraceAsBHasItsOwnLegend()
{
    const QString path = m_dir.filePath(QStringLiteral("profile.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"traceEvents": [{"name": "delta", "ph": "X", "ts": 0, "dur": 300, "pid": 1, "tid": 1}]})");
    file.close();
    MainWindow w;
    showActive(w);
    QVERIFY(runA(w, "1"));
    QSignalSpy finished(w.comparison(), &ComparisonView::runFinished);
    QVERIFY(w.compareWithTrace(path));
    QVERIFY(finished.wait(kTimeoutMs));
    QVERIFY(w.comparison()->timeline()->legendVisible());
    QCOMPARE(w.comparison()->timeline()->legendTexts(), QStringList{QStringLiteral("delta")});
    QVERIFY(compareRunB(w, "2"));
    QVERIFY(w.comparison()->timeline()->legendVisible());
    QCOMPARE(w.comparison()->timeline()->legendTexts(), legendTexts(legendOf(w.comparison()->runs()->store())));
    QVERIFY(w.comparison()->timeline()->legendTexts().contains(QStringLiteral("sleeping")));
}

// Two traces of another tool's: a name reads in one colour in both timelines. In A, "x" loses its own colour to a
// longer name that has it; B, which has only x, painted it in its own colour all the same (a reviewer).
void TestMainWindowCompare::anotherToolsTracesShareTheirSliceColours()
{
    QString rival;
    for (int i = 0; rival.isEmpty(); ++i) {
        const QString name = QStringLiteral("rival %1").arg(i);
        if (TimelineTheme::sliceColor(name) == TimelineTheme::sliceColor(u"x"))
            rival = name;
    }
    const QString pathA = m_dir.filePath(QStringLiteral("colours-a.json"));
    const QString pathB = m_dir.filePath(QStringLiteral("colours-b.json"));
    QVERIFY(writeFile(pathA, sliceTrace({rival, QStringLiteral("x")})));
    QVERIFY(writeFile(pathB, sliceTrace({QStringLiteral("x")})));
    MainWindow w;
    showActive(w);
    QVERIFY(openAsA(w, pathA));
    QVERIFY(compareWithFile(w, pathB));

    const QColor xInA = sliceColoursOf(legendOf(w.runs()->store())).value(QStringLiteral("x"));
    QVERIFY(xInA.isValid());
    QVERIFY(xInA != TimelineTheme::sliceColor(u"x"));
    const QImage shot = w.comparison()->timeline()->viewport()->grab().toImage();
    QVERIFY(uitest::pixelsOf(shot, xInA) > 0);
    QCOMPARE(uitest::pixelsOf(shot, TimelineTheme::sliceColor(u"x")), 0);
}

// B's legend lists what A leaves free: with A's eight names it lists only the one it shares; with another A of one
// name, all its eight, on more rows. B's layout follows at once, with nothing of B's own changed (a reviewer: the
// legend kept the height it had under the A before, until B was resized).
void TestMainWindowCompare::runBsLegendFollowsRunA()
{
    QStringList eight{QStringLiteral("x")};
    QStringList longNames{QStringLiteral("x")};
    for (int i = 1; i < 8; ++i) {
        eight << QStringLiteral("a%1").arg(i);
        longNames << QStringLiteral("a slice whose name is long enough to fill a row, number %1").arg(i);
    }
    const QString pathA = m_dir.filePath(QStringLiteral("eight-a.json"));
    const QString pathA2 = m_dir.filePath(QStringLiteral("one-a.json"));
    const QString pathB = m_dir.filePath(QStringLiteral("long-b.json"));
    QVERIFY(writeFile(pathA, sliceTrace(eight)));
    QVERIFY(writeFile(pathA2, sliceTrace({QStringLiteral("x")})));
    QVERIFY(writeFile(pathB, sliceTrace(longNames)));
    MainWindow w;
    showActive(w);
    QVERIFY(openAsA(w, pathA));
    QVERIFY(compareWithFile(w, pathB));
    TimelineWidget* b = w.comparison()->timeline();
    QCOMPARE(b->legendTexts(), (QStringList{QStringLiteral("x"), QStringLiteral("and 7 more names")}));
    const int plotHeight = b->plotRect().height();

    QVERIFY(openAsA(w, pathA2));
    QVERIFY(w.comparison()->isComparing());
    QCOMPARE(b->legendTexts(), longNames);
    QVERIFY2(b->plotRect().height() < plotHeight,
             qPrintable(QStringLiteral("%1 then %2").arg(plotHeight).arg(b->plotRect().height())));
}

QTEST_MAIN(TestMainWindowCompare)
#include "tst_mainwindowcompare.moc"
