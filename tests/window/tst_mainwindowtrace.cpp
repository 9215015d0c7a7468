#include "export/chrometraceexporter.h"
#include "scenarios/headlessrun.h"
#include "scenarios/scenario.h"
#include "timeline/timelinewidget.h"
#include "timeline/viewstate.h"
#include "trace/tracestore.h"
#include "window/droppedscript.h"
#include "window/listingview.h"
#include "window/mainwindow.h"
#include "window/recenttraces.h"
#include "window/runcontroller.h"
#include "window/runheader.h"
#include "window/traceopener.h"
#include "window/windowactions.h"

#include <QAction>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <algorithm>

using namespace tl;
using namespace tl::ui;

// Opening a trace file in the window, through the entry point File > Open Trace, Open Recent, a drop and
// `threadline FILE.json` all use (MainWindow::openTrace): a lesson's export and another tool's trace
// fill the store; a malformed file is a dialog naming where it is wrong, and the run on screen stays.
class TestMainWindowTrace : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init() { RecentTraces::clear(); }
    void opensALessonExport();
    void opensAForeignTrace();
    void aScriptsRunShowsItsScriptWhereItStillIs();
    void stoppedRunSaysStoppedAndRestartRereads();
    void restartOfAFileGoneKeepsTheRun();
    void malformedFileKeepsThePreviousRun();
    void cancelKeepsThePreviousRun();
    void truncatedFileWarnsInTheStatusBar();
    void fileCutBeforeItsFirstEventKeepsThePreviousRun();
    void openRecentListsAndReopens();
    void openRecentIsEnabledOnceAFileOpensAndForgetsOnesGone();
    void droppedTraceOpens();

private:
    QString path(const QString& name) const { return m_dir.filePath(name); }
    void write(const QString& name, const QByteArray& bytes) const
    {
        QFile f(path(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    }

    QTemporaryDir m_dir;
    QTemporaryDir m_settings;
    std::unique_ptr<TraceStore> m_lesson; // join-order, as run headless
    QByteArray m_export;                  // its export, lesson.json
};

namespace {

const QByteArray kForeign = R"({"traceEvents": [
    {"ph": "M", "name": "thread_name", "pid": 1, "tid": 4, "args": {"name": "worker"}},
    {"ph": "X", "name": "compute", "cat": "py", "pid": 1, "tid": 4, "ts": 100.5, "dur": 10},
    {"ph": "i", "name": "checkpoint", "pid": 1, "tid": 4, "ts": 105},
    {"ph": "X", "name": "io", "pid": 1, "tid": 5, "ts": 101, "dur": 3}
]})";

// Opens `file` and waits until it is read and on screen (true), or has failed (false).
bool openAndWait(MainWindow& w, const QString& file)
{
    QSignalSpy opened(w.opener(), &TraceOpener::opened);
    QSignalSpy failed(w.opener(), &TraceOpener::failed);
    if (!w.openTrace(file))
        return false;
    if (!QTest::qWaitFor([&] { return opened.count() + failed.count() > 0; }, 30000) || failed.count() > 0)
        return false;
    return QTest::qWaitFor([&] { return !w.runs()->isRunning(); }, 30000);
}

bool hasLane(const TraceStore& store, const QString& name)
{
    for (LaneId lane = 0; lane < store.laneCount(); ++lane)
        if (store.laneName(lane) == name)
            return true;
    return false;
}

QMessageBox* shownError(const MainWindow& w)
{
    for (QMessageBox* box : w.findChildren<QMessageBox*>())
        if (box->isVisible())
            return box;
    return nullptr;
}

} // namespace

void TestMainWindowTrace::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(m_settings.isValid());
    // The recent list goes to a settings file of the test's own, never the user's.
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
    const Scenario* scenario = findScenario(QStringLiteral("join-order"));
    QVERIFY(scenario);
    // Not the defaults: the listing shown for the file must carry the values it ran with.
    const auto values = resolveParameters(scenario->parameters, QList<QPair<QString, QString>>{{"foo_seconds", "3"}});
    QVERIFY(values);
    m_lesson = runHeadless(*scenario, *values, RunOptions{.speed = 200});
    m_export = ChromeTraceExporter(*m_lesson).toJson();
    write(QStringLiteral("lesson.json"), m_export);
    write(QStringLiteral("foreign.json"), kForeign);
    write(QStringLiteral("broken.json"), R"({"traceEvents": [{"ph": "X" "ts": 1}]})");
    write(QStringLiteral("truncated.json"), m_export.left(m_export.size() / 2));
    write(QStringLiteral("cut-early.json"), R"({"traceEvents": [{"ph": "M", "name": "thread_name", "pid": 1, )"
                                            R"("tid": 2, "args": {"name": "worker"}}, {"ph": "X", "na)");
}

void TestMainWindowTrace::opensALessonExport()
{
    MainWindow w;
    QVERIFY(openAndWait(w, path(QStringLiteral("lesson.json"))));
    const TraceStore* store = w.runs()->store();
    QVERIFY(store);
    QCOMPARE(store->laneCount(), m_lesson->laneCount());
    QCOMPARE(store->eventCount(), m_lesson->eventCount());
    QCOMPARE(store->flows().size(), m_lesson->flows().size());
    QCOMPARE(store->metadata().scenarioId, QStringLiteral("join-order"));
    QVERIFY(w.runs()->fileSource());
    QVERIFY(!w.runs()->scenario());
    // What was opened, exported again, is the same file: nothing was lost on the way to the screen.
    QVERIFY(ChromeTraceExporter(*store).toJson() == m_export);
    QVERIFY2(w.windowTitle().startsWith(QStringLiteral("lesson.json — join-order")), qPrintable(w.windowTitle()));
    QVERIFY2(w.header()->toolTip().contains(QStringLiteral("lesson.json")), qPrintable(w.header()->toolTip()));
    QVERIFY(!shownError(w));
    // The listing is the lesson's, with the values of the run; an event lights its line as a live run's does.
    QVERIFY2(w.listing()->toPlainText().contains(QStringLiteral("FOO_SECONDS = 3\n")), qPrintable(w.listing()->toPlainText()));
    const LaneInfo& foo = store->lane(1);
    const auto sleep = std::find_if(foo.events.ids().begin(), foo.events.ids().end(),
                                    [&](EventId id) { return store->event(id).kind == EventKind::SleepBegin; });
    QVERIFY(sleep != foo.events.ids().end());
    w.viewState()->setSelection(Selection::ofEvent(1, *sleep));
    QVERIFY(store->event(*sleep).line > 0);
    QCOMPARE(w.listing()->highlightedLine(), int(store->event(*sleep).line));
}

void TestMainWindowTrace::opensAForeignTrace()
{
    MainWindow w;
    QVERIFY(openAndWait(w, path(QStringLiteral("foreign.json"))));
    const TraceStore* store = w.runs()->store();
    QCOMPARE(store->laneCount(), std::size_t{2});
    QVERIFY(store->eventCount() >= 3);
    QVERIFY(hasLane(*store, QStringLiteral("worker")));
    QVERIFY2(w.windowTitle().startsWith(QStringLiteral("foreign.json")), qPrintable(w.windowTitle()));
    QVERIFY(w.statusBar()->currentMessage().startsWith(QStringLiteral("Opened foreign.json")));
    // Named once, by its file; no speed or parameters it never had; the listing says why it is empty.
    QCOMPARE(w.header()->titleText(), QStringLiteral("foreign.json"));
    QVERIFY2(!w.header()->detailText().contains(QStringLiteral("foreign.json")), qPrintable(w.header()->detailText()));
    QVERIFY(!w.header()->detailText().contains(QStringLiteral("1x")));
    QVERIFY2(w.listing()->toPlainText().startsWith(QStringLiteral("# foreign.json is a trace, not a run\n")),
             qPrintable(w.listing()->toPlainText()));
}

// A script's run saved and opened again showed "it has no program to show" beside the path of the script it ran (a
// user-reviewer): the script, where it still is, is the listing, and an event lights its line; a script gone since
// leaves the note.
void TestMainWindowTrace::aScriptsRunShowsItsScriptWhereItStillIs()
{
    const Scenario* scenario = findScenario(QStringLiteral("join-order"));
    QVERIFY(scenario);
    const QString script = path(QStringLiteral("sequence.py"));
    write(QStringLiteral("sequence.py"), scenario->listing().toUtf8());
    TraceMetadata meta = m_lesson->metadata();
    const TraceMetadata clean = meta;
    meta.source = QString::fromLatin1(TraceMetadata::kPython);
    meta.scenarioId = QStringLiteral("sequence.py");
    meta.scenarioTitle = QStringLiteral("sequence.py in CPython 3.11.2");
    meta.parameters.clear();
    meta.script = script;
    m_lesson->setMetadata(meta);
    write(QStringLiteral("script-run.json"), ChromeTraceExporter(*m_lesson).toJson());
    m_lesson->setMetadata(clean);

    MainWindow w;
    QVERIFY(openAndWait(w, path(QStringLiteral("script-run.json"))));
    const TraceStore* store = w.runs()->store();
    QVERIFY(store->metadata().isPython());
    QCOMPARE(w.listing()->toPlainText(), scenario->listing());
    const LaneInfo& foo = store->lane(1);
    const auto sleep = std::find_if(foo.events.ids().begin(), foo.events.ids().end(),
                                    [&](EventId id) { return store->event(id).kind == EventKind::SleepBegin; });
    QVERIFY(sleep != foo.events.ids().end());
    QVERIFY(store->event(*sleep).line > 0);
    w.viewState()->setSelection(Selection::ofEvent(1, *sleep));
    QCOMPARE(w.listing()->highlightedLine(), int(store->event(*sleep).line));

    QVERIFY(QFile::remove(script));
    MainWindow again;
    QVERIFY(openAndWait(again, path(QStringLiteral("script-run.json"))));
    QVERIFY2(again.listing()->toPlainText().startsWith(QStringLiteral("# script-run.json is a trace, not a run\n")),
             qPrintable(again.listing()->toPlainText()));
}

// A trace of a run stopped by Ctrl+C shows as stopped, not finished; Restart reads the file again.
void TestMainWindowTrace::stoppedRunSaysStoppedAndRestartRereads()
{
    TraceMetadata meta = m_lesson->metadata();
    meta.stopped = true;
    TraceMetadata clean = m_lesson->metadata();
    m_lesson->setMetadata(meta);
    write(QStringLiteral("stopped.json"), ChromeTraceExporter(*m_lesson).toJson());
    m_lesson->setMetadata(clean);
    MainWindow w;
    QVERIFY(openAndWait(w, path(QStringLiteral("stopped.json"))));
    QVERIFY(w.runs()->store()->metadata().stopped);
    QVERIFY2(w.header()->toolTip().endsWith(QStringLiteral("stopped")), qPrintable(w.header()->toolTip()));
    QVERIFY(w.actions()->restart->isEnabled());
    const std::uint64_t generation = w.runs()->generation();
    QSignalSpy opened(w.opener(), &TraceOpener::opened);
    w.actions()->restart->trigger();
    QVERIFY(opened.wait(30000));
    QCOMPARE(w.runs()->generation(), generation + 1);
    QVERIFY(QTest::qWaitFor([&] { return !w.runs()->isRunning(); }, 30000));
    QCOMPARE(w.runs()->store()->eventCount(), m_lesson->eventCount());
}

// Restart of a trace whose file was deleted since replaced the run with an empty one, with no word of why.
void TestMainWindowTrace::restartOfAFileGoneKeepsTheRun()
{
    write(QStringLiteral("gone.json"), ChromeTraceExporter(*m_lesson).toJson());
    MainWindow w;
    QVERIFY(openAndWait(w, path(QStringLiteral("gone.json"))));
    const TraceStore* before = w.runs()->store();
    QVERIFY(QFile::remove(path(QStringLiteral("gone.json"))));
    QSignalSpy failed(w.opener(), &TraceOpener::failed);
    w.actions()->restart->trigger();
    QVERIFY(failed.wait(30000));
    QCOMPARE(w.runs()->store(), before);
    QCOMPARE(w.runs()->store()->eventCount(), m_lesson->eventCount());
    QMessageBox* box = shownError(w);
    QVERIFY(box);
    QVERIFY2(box->text().contains(QStringLiteral("gone.json")), qPrintable(box->text()));
}

void TestMainWindowTrace::malformedFileKeepsThePreviousRun()
{
    MainWindow w;
    QVERIFY(openAndWait(w, path(QStringLiteral("lesson.json"))));
    const TraceStore* before = w.runs()->store();
    const std::uint64_t generation = w.runs()->generation();
    QSignalSpy failed(w.opener(), &TraceOpener::failed);
    QVERIFY(w.openTrace(path(QStringLiteral("broken.json"))));
    QVERIFY(failed.wait(30000));
    QCOMPARE(w.runs()->store(), before);
    QCOMPARE(w.runs()->generation(), generation);
    QCOMPARE(w.runs()->store()->laneCount(), m_lesson->laneCount());
    QMessageBox* box = shownError(w);
    QVERIFY(box);
    QVERIFY2(box->text().contains(QStringLiteral("invalid JSON at byte 28, in event 1")), qPrintable(box->text()));
    QVERIFY(box->text().contains(QStringLiteral("broken.json")));
    QVERIFY(!RecentTraces::list().contains(path(QStringLiteral("broken.json"))));
}

void TestMainWindowTrace::cancelKeepsThePreviousRun()
{
    MainWindow w;
    QVERIFY(openAndWait(w, path(QStringLiteral("foreign.json"))));
    const TraceStore* before = w.runs()->store();
    QSignalSpy cancelled(w.opener(), &TraceOpener::cancelled);
    QSignalSpy opened(w.opener(), &TraceOpener::opened);
    QVERIFY(w.openTrace(path(QStringLiteral("lesson.json"))));
    QVERIFY(w.opener()->isLoading());
    w.opener()->cancel();
    QCOMPARE(cancelled.count(), 1);
    QVERIFY(!w.opener()->isLoading());
    QTest::qWait(3 * TraceOpener::kPollMs); // a late poll must not open it after all
    QCOMPARE(opened.count(), 0);
    QCOMPARE(w.runs()->store(), before);
}

void TestMainWindowTrace::truncatedFileWarnsInTheStatusBar()
{
    MainWindow w;
    QVERIFY(openAndWait(w, path(QStringLiteral("truncated.json"))));
    QVERIFY(w.runs()->store()->eventCount() > 0);
    const QString message = w.statusBar()->currentMessage();
    QVERIFY2(message.contains(QStringLiteral("warning")), qPrintable(message));
    QVERIFY(!shownError(w)); // a warning, not an error
    // Not "finished" (a reviewer): the waits it leaves open may be open only because their ends were cut.
    QCOMPARE(w.header()->stateText(), QStringLiteral("cut short"));
    QCOMPARE(w.summary()->stateText(), QStringLiteral("■ cut short"));
    // A whole file is finished.
    QVERIFY(openAndWait(w, path(QStringLiteral("lesson.json"))));
    QCOMPARE(w.header()->stateText(), QStringLiteral("finished"));
}

// A file cut short before its first event opened as an empty picture, its warning in the status bar only (a
// reviewer): it is an error, as on the command line, and the run shown stays.
void TestMainWindowTrace::fileCutBeforeItsFirstEventKeepsThePreviousRun()
{
    MainWindow w;
    QVERIFY(openAndWait(w, path(QStringLiteral("lesson.json"))));
    const TraceStore* before = w.runs()->store();
    QSignalSpy failed(w.opener(), &TraceOpener::failed);
    QVERIFY(w.openTrace(path(QStringLiteral("cut-early.json"))));
    QVERIFY(failed.wait(30000));
    QCOMPARE(w.runs()->store(), before);
    QMessageBox* box = shownError(w);
    QVERIFY(box);
    QVERIFY2(box->text().contains(QStringLiteral("with nothing to draw before it")), qPrintable(box->text()));
    QVERIFY(!RecentTraces::list().contains(path(QStringLiteral("cut-early.json"))));
}

void TestMainWindowTrace::openRecentListsAndReopens()
{
    MainWindow w;
    QVERIFY(openAndWait(w, path(QStringLiteral("foreign.json"))));
    QVERIFY(openAndWait(w, path(QStringLiteral("lesson.json"))));
    QCOMPARE(RecentTraces::list(),
             (QStringList{path(QStringLiteral("lesson.json")), path(QStringLiteral("foreign.json"))}));
    QMenu* menu = w.actions()->recentTraces;
    emit menu->aboutToShow();
    QVERIFY(menu->isEnabled());
    QList<QAction*> entries;
    for (QAction* a : menu->actions())
        if (!a->data().toString().isEmpty())
            entries << a;
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries[0]->text(), QStringLiteral("lesson.json"));
    QCOMPARE(entries[1]->data().toString(), path(QStringLiteral("foreign.json")));
    // Picking an entry opens it, and it moves to the top.
    QSignalSpy opened(w.opener(), &TraceOpener::opened);
    entries[1]->trigger();
    QVERIFY(opened.wait(30000));
    QVERIFY(QTest::qWaitFor([&] { return !w.runs()->isRunning(); }, 30000));
    QVERIFY(hasLane(*w.runs()->store(), QStringLiteral("worker")));
    QCOMPARE(RecentTraces::list().first(), path(QStringLiteral("foreign.json")));
    for (int i = 0; i < RecentTraces::kMax + 3; ++i)
        RecentTraces::add(path(QStringLiteral("t%1.json").arg(i)));
    QCOMPARE(RecentTraces::list().size(), RecentTraces::kMax);
}

// With nothing recent at launch the menu was disabled for the whole session (a disabled menu never shows, so never
// filled itself); a file deleted since stayed in it for ever.
void TestMainWindowTrace::openRecentIsEnabledOnceAFileOpensAndForgetsOnesGone()
{
    MainWindow w;
    QMenu* menu = w.actions()->recentTraces;
    QVERIFY(!menu->isEnabled());
    write(QStringLiteral("soon-gone.json"), ChromeTraceExporter(*m_lesson).toJson());
    QVERIFY(openAndWait(w, path(QStringLiteral("soon-gone.json"))));
    QVERIFY(menu->isEnabled());
    QCOMPARE(menu->actions().first()->data().toString(), path(QStringLiteral("soon-gone.json")));
    QVERIFY(QFile::remove(path(QStringLiteral("soon-gone.json"))));
    QSignalSpy failed(w.opener(), &TraceOpener::failed);
    menu->actions().first()->trigger();
    QVERIFY(failed.wait(30000));
    QVERIFY(RecentTraces::list().isEmpty());
    QVERIFY(!menu->isEnabled());
}

void TestMainWindowTrace::droppedTraceOpens()
{
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path(QStringLiteral("notes.txt"))),
                  QUrl::fromLocalFile(path(QStringLiteral("foreign.json")))});
    QCOMPARE(droppedTrace(&mime), path(QStringLiteral("foreign.json")));
    QCOMPARE(droppedScript(&mime), QString());
    QMimeData gz;
    gz.setUrls({QUrl::fromLocalFile(QStringLiteral("/tmp/run.JSON.GZ"))});
    QCOMPARE(droppedTrace(&gz), QStringLiteral("/tmp/run.JSON.GZ"));

    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy opened(w.opener(), &TraceOpener::opened);
    // As a file manager drags: enter over the timeline, then drop, through the window's platform window.
    const QPointF at = w.timeline()->mapTo(&w, w.timeline()->rect().center());
    QMimeData text;
    text.setUrls({QUrl::fromLocalFile(path(QStringLiteral("notes.txt")))});
    QDragEnterEvent refused(at.toPoint(), Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(w.windowHandle(), &refused);
    QVERIFY(!refused.isAccepted());
    QDragEnterEvent enter(at.toPoint(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(w.windowHandle(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(w.windowHandle(), &drop);
    QVERIFY(drop.isAccepted());
    QVERIFY(opened.wait(30000));
    QVERIFY(QTest::qWaitFor([&] { return !w.runs()->isRunning(); }, 30000));
    QCOMPARE(w.runs()->store()->laneCount(), std::size_t{2});
}

QTEST_MAIN(TestMainWindowTrace)
#include "tst_mainwindowtrace.moc"
