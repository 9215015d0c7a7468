// The window's Python side, offscreen, against a real interpreter: where a program comes from. Run in Python on a
// lesson, at Max, Edit and run the edits, Save As, Open and drop a script, Restart. What a run shows as it goes and
// how it ends: tst_mainwindowpythonlive.

#include "engine/speed.h"
#include "pysource/interpreterprobe.h"
#include "pysource/pythonsource.h"
#include "scenarios/headlessrun.h"
#include "scenarios/scenario.h"
#include "timeline/timelinedescribe.h"
#include "timeline/timelinewidget.h"
#include "timeline/viewstate.h"
#include "trace/tracestore.h"
#include "window/consolepanel.h"
#include "window/eventlistmodel.h"
#include "window/eventlistpanel.h"
#include "window/exporter.h"
#include "window/runheader.h"
#include "window/listingview.h"
#include "window/mainwindow.h"
#include "window/parameterform.h"
#include "window/programcontroller.h"
#include "window/runcontroller.h"
#include "window/scenariopicker.h"
#include "window/selectiondetails.h"
#include "window/statussummary.h"
#include "window/windowactions.h"
#include "windowpython.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QFileInfo>
#include <QMimeData>
#include <QStatusBar>
#include <QTest>
#include <QTextBlock>
#include <QTextCursor>
#include <QUrl>

#include <set>

using namespace tl;
using namespace tl::ui;
using namespace tl::ui::windowtest;
using namespace tl::pytest;

namespace {

using Overrides = QList<QPair<QString, QString>>;

std::set<QString> laneNames(const TraceStore& store)
{
    std::set<QString> names;
    for (LaneId id = 0; id < store.laneCount(); ++id)
        names.insert(store.lane(id).name);
    return names;
}

const LaneInfo* laneNamed(const TraceStore& store, const QString& name)
{
    for (LaneId id = 0; id < store.laneCount(); ++id)
        if (store.lane(id).name == name)
            return &store.lane(id);
    return nullptr;
}

// The id of the first event of `kind` on `lane` whose text (word a) is `text` (any text if empty).
EventId findEvent(const TraceStore& store, const LaneInfo& lane, EventKind kind, const QString& text = {})
{
    for (std::size_t i = 0; i < lane.events.size(); ++i)
        if (lane.events[i].kind == kind && (text.isEmpty() || store.text(lane.events[i].a) == text))
            return lane.events.id(i);
    return kNoEvent;
}

} // namespace

class TestMainWindowPython : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void runInPythonDrawsTheLessonsLanes_data();
    void runInPythonDrawsTheLessonsLanes();
    void maxSpeedRunsScaledAndSaysSo();
    void editedListingRunsAsTyped();
    void saveAsWritesTheListing();
    void openedScriptRunsAndHighlightsItsOwnLines();
    void droppedScriptOpensAndRuns();
    void restartRunsTheProgramAgain();

private:
    QTemporaryDir m_dir;
    QString m_interpreter; // "CPython 3.11.2"
};

void TestMainWindowPython::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const Result<InterpreterInfo> info = InterpreterProbe::probe(testPython());
    QVERIFY2(info.ok(), info.ok() ? "" : qPrintable(info.error()));
    m_interpreter = info->label();
}

void TestMainWindowPython::runInPythonDrawsTheLessonsLanes_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<Overrides>("overrides");
    QTest::newRow("hello") << "hello" << Overrides{};
    QTest::newRow("join-order") << "join-order" << Overrides{};
    // The form's values become the listing's constants: four producers, four producer lanes.
    QTest::newRow("producer-consumer, 4 producers")
        << "producer-consumer" << Overrides{{"producers", "4"}, {"items", "8"}};
}

// Run in Python on a lesson: the same lanes as the engine's run with the form's values, labelled with
// the interpreter in the title and the status bar.
void TestMainWindowPython::runInPythonDrawsTheLessonsLanes()
{
    QFETCH(QString, id);
    QFETCH(Overrides, overrides);
    const Scenario* scenario = findScenario(id);
    QVERIFY(scenario);
    const Result<ParameterValues> values = resolveParameters(scenario->parameters, overrides);
    QVERIFY(values.ok());
    const auto engine = runHeadless(*scenario, *values, RunOptions{.speed = 100});

    Window win;
    MainWindow& w = win.w;
    QVERIFY(w.selectScenario(id));
    w.form()->setValues(*values);
    w.actions()->setSpeedFactor(100);
    QVERIFY(w.actions()->runPython->isEnabled());
    w.actions()->runPython->trigger();
    QVERIFY(w.runs()->pythonSource());
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kRunTimeoutMs);
    QVERIFY(boxes(w).isEmpty());

    const TraceStore& store = *w.runs()->store();
    QCOMPARE(w.runs()->pythonSource()->problems(), QStringList());
    QCOMPARE(laneNames(store), laneNames(*engine));
    const TraceMetadata& meta = store.metadata();
    QCOMPARE(meta.scenarioId, id);
    QCOMPARE(meta.source, QStringLiteral("python"));
    QCOMPARE(meta.interpreter, m_interpreter);
    QCOMPARE(meta.speed, 100.0);
    QCOMPARE(meta.parameters, values->ordered());
    QCOMPARE(w.windowTitle(), QStringLiteral("%1 in %2 (finished) — Threadline").arg(id, m_interpreter));
    QCOMPARE(w.summary()->sourceText(), m_interpreter);
    QVERIFY(w.summary()->sourceToolTip().contains(meta.script));
    // Nothing selected: the details say what ran.
    QVERIFY(w.details()->toPlainText().contains(QStringLiteral("Script")));
    // The listing shows the constants the run used, unedited (the form's, not the ones it showed before).
    QCOMPARE(w.listing()->toPlainText(), scenario->listingWith(*values));
    QVERIFY(!w.listing()->document()->isModified());
    // Selecting an event highlights its line in the lesson's listing.
    const LaneInfo& main = store.lane(0);
    const EventId start = findEvent(store, main, EventKind::Start);
    QVERIFY(start != kNoEvent);
    QVERIFY(store.event(start).line > 0);
    w.viewState()->setSelection(Selection::ofEvent(0, start));
    QCOMPARE(w.listing()->highlightedLine(), int(store.event(start).line));
    QVERIFY(w.listing()
                ->document()
                ->findBlockByNumber(store.event(start).line - 1)
                .text()
                .contains(QStringLiteral(".start()")));
}

// Max has no meaning for CPython (Threadline does not own its waits): a Python run picked at Max runs
// at the highest scaled speed, and says so in the status bar, the header and the trace's metadata.
void TestMainWindowPython::maxSpeedRunsScaledAndSaysSo()
{
    Window win;
    MainWindow& w = win.w;
    QVERIFY(w.selectScenario(QStringLiteral("hello")));
    w.actions()->setSpeedFactor(kSpeedMax);
    QVERIFY(w.runInPython());
    QVERIFY2(w.statusBar()->currentMessage().contains(QStringLiteral("highest scaled speed, %1x").arg(kMaxSpeed)),
             qPrintable(w.statusBar()->currentMessage()));
    QCOMPARE(w.runs()->speed(), kMaxSpeed);
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kRunTimeoutMs);
    QCOMPARE(w.runs()->store()->metadata().speed, kMaxSpeed);
    QVERIFY(!w.runs()->store()->metadata().isMaxSpeed());
}

// Edit makes the listing an editor; Run in Python then runs exactly what was typed, from a private file.
void TestMainWindowPython::editedListingRunsAsTyped()
{
    Window win;
    MainWindow& w = win.w;
    QVERIFY(w.selectScenario(QStringLiteral("hello")));
    QVERIFY(w.listing()->isReadOnly());
    w.actions()->editListing->setChecked(true);
    QVERIFY(!w.listing()->isReadOnly());
    QVERIFY(!w.program()->isEdited());
    w.listing()->setFocus();
    QTest::keyClick(w.listing(), Qt::Key_A, Qt::ControlModifier);
    const QString typed = QStringLiteral("import threading; t = threading.Thread(target=print, args=('edited!',), "
                                         "name='typist'); t.start(); t.join()");
    QTest::keyClicks(w.listing(), typed);
    QCOMPARE(w.listing()->toPlainText(), typed);
    QVERIFY(w.program()->isEdited());
    QCOMPARE(w.findChild<QDockWidget*>(QStringLiteral("listing"))->windowTitle(),
             QStringLiteral("Listing — hello.py (edited)"));

    // Run (F5), as Run in Python: the engine re-creates only the lesson as written, and ran it, the edits ignored
    // (found by a reviewer).
    w.actions()->run->trigger();
    QVERIFY(w.runs()->store() && w.runs()->store()->metadata().source == QStringLiteral("python"));
    QVERIFY2(w.statusBar()->currentMessage().contains(QStringLiteral("edited listing runs in CPython")),
             qPrintable(w.statusBar()->currentMessage()));
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kRunTimeoutMs);
    const TraceStore& store = *w.runs()->store();
    const LaneInfo* typist = laneNamed(store, QStringLiteral("typist"));
    QVERIFY(typist);
    QVERIFY(findEvent(store, *typist, EventKind::Print, QStringLiteral("edited!")) != kNoEvent);
    QCOMPARE(store.metadata().scenarioId, QStringLiteral("hello (edited)"));
    QCOMPARE(w.header()->titleText().count(QStringLiteral("(edited)")), 1); // said twice, by the id and the title
    QVERIFY(store.metadata().parameters.isEmpty()); // the form's values do not overwrite what was typed
    // The program that ran is the typed text, in a file of Threadline's, not the lesson's resource.
    QFile ran(store.metadata().script);
    QVERIFY(ran.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(ran.readAll()), typed);
    QCOMPARE(QFileInfo(store.metadata().script).fileName(), QStringLiteral("hello.py"));
    QVERIFY(w.program()->isEdited());
    QVERIFY(w.console()->toPlainText().contains(QStringLiteral("typist")));

    // Leaving the lesson and coming back keeps the edits.
    QVERIFY(w.selectScenario(QStringLiteral("daemon")));
    QVERIFY(!w.program()->isEdited());
    QVERIFY(w.selectScenario(QStringLiteral("hello")));
    QCOMPARE(w.listing()->toPlainText(), typed);
    QVERIFY(w.program()->isEdited());
    // Picking the lesson in the list runs the lesson, its kept edits or not: only Run runs the edits.
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kRunTimeoutMs);
    QVERIFY(w.picker()->setCurrentScenario(QStringLiteral("daemon")));
    QVERIFY(w.picker()->setCurrentScenario(QStringLiteral("hello")));
    QVERIFY(w.program()->isEdited());
    QCOMPARE(w.runs()->store()->metadata().source, QStringLiteral("engine"));
    QCOMPARE(w.runs()->store()->metadata().scenarioId, QStringLiteral("hello"));
}

void TestMainWindowPython::saveAsWritesTheListing()
{
    Window win;
    MainWindow& w = win.w;
    QVERIFY(w.selectScenario(QStringLiteral("join-order")));
    w.actions()->editListing->setChecked(true);
    QTextCursor end(w.listing()->document());
    end.movePosition(QTextCursor::End);
    end.insertText(QStringLiteral("print('saved and edited')\n"));
    QVERIFY(w.program()->isEdited());
    const QString path = m_dir.filePath(QStringLiteral("saved.py"));
    QVERIFY(w.saveListingAs(path));
    QFile saved(path);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(saved.readAll()), w.listing()->toPlainText());
    QVERIFY(!w.program()->isEdited());
    QCOMPARE(w.program()->origin().kind, ProgramController::Origin::Kind::Script);
    QCOMPARE(w.program()->origin().path, QFileInfo(path).absoluteFilePath());
    QCOMPARE(w.findChild<QDockWidget*>(QStringLiteral("listing"))->windowTitle(), QStringLiteral("Listing — saved.py"));
    // A directory that does not exist: a dialog, nothing written, the listing unchanged.
    const QString nowhere = m_dir.filePath(QStringLiteral("no/such/dir/x.py"));
    QVERIFY(!w.saveListingAs(nowhere));
    QVERIFY(!QFile::exists(nowhere));
    QTRY_VERIFY(!boxes(w).isEmpty());
    QCOMPARE(w.program()->origin().path, QFileInfo(path).absoluteFilePath());
}

// An opened script runs in Python; an event in it highlights its own line; an event in a module it imports
// (another file) highlights nothing in this listing.
void TestMainWindowPython::openedScriptRunsAndHighlightsItsOwnLines()
{
    writeFile(m_dir, QStringLiteral("open/helper.py"), "def shout():\n    print('from the helper')\n");
    const QString script = writeFile(m_dir, QStringLiteral("open/prog.py"),
                                     "import threading\n"
                                     "import helper\n"
                                     "\n"
                                     "def read():\n"
                                     "    print('reading')\n"
                                     "    helper.shout()\n"
                                     "\n"
                                     "t = threading.Thread(target=read, name='reader')\n"
                                     "t.start()\n"
                                     "t.join()\n");
    Window win;
    MainWindow& w = win.w;
    QVERIFY(w.selectScenario(QStringLiteral("hello")));
    QVERIFY(w.openScript(script));
    QFile file(script);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(w.listing()->toPlainText(), QString::fromUtf8(file.readAll()));
    QVERIFY(!w.picker()->currentScenario());
    QVERIFY(w.actions()->run->isEnabled()); // Run runs the script in Python: it has no engine version
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kRunTimeoutMs);
    const TraceStore& store = *w.runs()->store();
    QCOMPARE(store.metadata().script, QFileInfo(script).absoluteFilePath());
    // The header names the script once: its title names it already.
    QCOMPARE(w.header()->titleText().count(QStringLiteral("prog.py")), 1);
    const LaneInfo* reader = laneNamed(store, QStringLiteral("reader"));
    QVERIFY(reader);
    const EventId reading = findEvent(store, *reader, EventKind::Print, QStringLiteral("reading"));
    const EventId shouted = findEvent(store, *reader, EventKind::Print, QStringLiteral("from the helper"));
    QVERIFY(reading != kNoEvent && shouted != kNoEvent);
    QCOMPARE(store.event(reading).line, 5);
    QCOMPARE(store.event(shouted).line, 2); // helper.py's line 2
    w.viewState()->setSelection(Selection::ofEvent(reader->id, reading));
    QCOMPARE(w.listing()->highlightedLine(), 5);
    QVERIFY(w.details()->toPlainText().contains(QStringLiteral("Listing line\n5")));
    w.viewState()->setSelection(Selection::ofEvent(reader->id, shouted));
    QCOMPARE(w.listing()->highlightedLine(), 0);
    // The details name the other file and its line, which the listing does not show.
    const QString helper = QFileInfo(QFileInfo(script).dir(), QStringLiteral("helper.py")).absoluteFilePath();
    QVERIFY2(w.details()->toPlainText().contains(QStringLiteral("Source\n%1, line 2").arg(helper)),
             qPrintable(w.details()->toPlainText()));
    QVERIFY(!w.details()->toPlainText().contains(QStringLiteral("Listing line")));
    const EventId start = findEvent(store, store.lane(0), EventKind::Start);
    w.viewState()->setSelection(Selection::ofEvent(0, start));
    QCOMPARE(w.listing()->highlightedLine(), 9);
    // Run (F5) on a script runs it in Python again.
    const std::uint64_t generation = w.runs()->generation();
    w.actions()->run->trigger();
    QCOMPARE(w.runs()->generation(), generation + 1);
    QVERIFY(w.runs()->pythonSource());
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kRunTimeoutMs);
    // Picking a lesson shows its listing again.
    QVERIFY(w.selectScenario(QStringLiteral("daemon")));
    QCOMPARE(w.program()->origin().kind, ProgramController::Origin::Kind::Lesson);
    QVERIFY(w.listing()->toPlainText().contains(QStringLiteral("daemon=True")));
}

namespace {

// A drag as the platform delivers it: to the window, which routes it to the widget under the pointer
// that accepts drops (or an ancestor). Returns whether the drop was taken.
bool dragAndDrop(MainWindow& w, QWidget* over, const QString& path)
{
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    const QPointF at = over->mapTo(&w, over->rect().center());
    QDragEnterEvent enter(at.toPoint(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(w.windowHandle(), &enter);
    if (!enter.isAccepted())
        return false;
    QDropEvent dropped(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(w.windowHandle(), &dropped);
    return dropped.isAccepted();
}

} // namespace

// A .py dropped on the window (the timeline here) or on the listing, read-only or being edited, opens
// and runs; any other file is refused.
void TestMainWindowPython::droppedScriptOpensAndRuns()
{
    const QString script = writeFile(m_dir, QStringLiteral("dropped.py"), "print('dropped in')\n");
    const QString text = writeFile(m_dir, QStringLiteral("notes.txt"), "not python\n");
    Window win;
    MainWindow& w = win.w;
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.selectScenario(QStringLiteral("hello")));
    const std::uint64_t generation = w.runs()->generation();
    QVERIFY(!dragAndDrop(w, w.timeline(), text));
    QCOMPARE(w.runs()->generation(), generation);
    QVERIFY(dragAndDrop(w, w.timeline(), script));
    QCOMPARE(w.runs()->generation(), generation + 1);
    QCOMPARE(w.listing()->toPlainText(), QStringLiteral("print('dropped in')\n"));
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kRunTimeoutMs);
    QCOMPARE(w.runs()->pythonSource()->capturedStdout(), QByteArray("dropped in\n"));

    const QString second = writeFile(m_dir, QStringLiteral("second.py"), "print('second')\n");
    QVERIFY(dragAndDrop(w, w.listing()->viewport(), second));
    QCOMPARE(w.runs()->generation(), generation + 2);
    QCOMPARE(w.listing()->toPlainText(), QStringLiteral("print('second')\n"));
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kRunTimeoutMs);
    // While the listing is an editor it takes text drops itself; a .py still opens rather than pastes.
    w.actions()->editListing->setChecked(true);
    QVERIFY(dragAndDrop(w, w.listing()->viewport(), script));
    QCOMPARE(w.runs()->generation(), generation + 3);
    QCOMPARE(w.listing()->toPlainText(), QStringLiteral("print('dropped in')\n"));
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kRunTimeoutMs);
}

void TestMainWindowPython::restartRunsTheProgramAgain()
{
    const QString script = writeFile(m_dir, QStringLiteral("again.py"), "print('again')\n");
    Window win;
    MainWindow& w = win.w;
    QVERIFY(w.openScript(script));
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kRunTimeoutMs);
    QVERIFY(w.actions()->restart->isEnabled());
    QTRY_VERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("has finished")));
    const std::uint64_t generation = w.runs()->generation();
    w.actions()->restart->trigger();
    QCOMPARE(w.runs()->generation(), generation + 1);
    QCOMPARE(w.statusBar()->currentMessage(), QString()); // the last run's end is not this one's
    // An export is proposed under the script's name, without its .py.
    QCOMPARE(QFileInfo(w.exporter()->proposal(ExportFormat::Png).path).fileName(),
             QStringLiteral("again-timeline.png"));
    QCOMPARE(w.runs()->pythonOptions()->script, QFileInfo(script).absoluteFilePath());
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kRunTimeoutMs);
    QCOMPARE(w.runs()->pythonSource()->capturedStdout(), QByteArray("again\n"));
    // And after an engine run, restart runs the engine again.
    QVERIFY(w.selectScenario(QStringLiteral("hello")));
    w.actions()->setSpeedFactor(100);
    QVERIFY(w.runSelected());
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kRunTimeoutMs);
    w.actions()->restart->trigger();
    QVERIFY(w.runs()->scenario());
    QVERIFY(!w.runs()->pythonSource());
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kRunTimeoutMs);
}

QTEST_MAIN(TestMainWindowPython)
#include "tst_mainwindowpython.moc"
