// The window's Python side, offscreen, against a real interpreter: Run in Python on a lesson, Edit and
// run the edits, Save As, Open and drop a script, the console's thread tags, Stop, a SyntaxError, an
// interpreter that is missing, a thousand threads live.

#include "engine/speed.h"
#include "pysource/interpreterprobe.h"
#include "pysource/pythonsource.h"
#include "scenarios/headlessrun.h"
#include "scenarios/scenario.h"
#include "support/pythontestutil.h"
#include "timeline/timelinedescribe.h"
#include "timeline/timelinewidget.h"
#include "timeline/viewstate.h"
#include "trace/tracestore.h"
#include "window/consolepanel.h"
#include "window/eventlistmodel.h"
#include "window/eventlistpanel.h"
#include "window/listingview.h"
#include "window/mainwindow.h"
#include "window/parameterform.h"
#include "window/programcontroller.h"
#include "window/runcontroller.h"
#include "window/scenariopicker.h"
#include "window/selectiondetails.h"
#include "window/statussummary.h"
#include "window/windowactions.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QFileInfo>
#include <QMessageBox>
#include <QMimeData>
#include <QProcess>
#include <QRegularExpression>
#include <QStatusBar>
#include <QTest>
#include <QTextBlock>
#include <QTextCursor>
#include <QUrl>

#include <set>

using namespace tl;
using namespace tl::ui;
using namespace tl::pytest;

namespace {

constexpr int kRunTimeoutMs = 60000;
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

// A window whose Python runs use the tests' interpreter.
struct Window {
    MainWindow w;
    Window()
    {
        w.program()->launcher().setInterpreter(testPython());
        w.show();
    }
};

// The window-modal boxes the window opened (reportError and the SyntaxError dialog).
QList<QMessageBox*> boxes(const MainWindow& w)
{
    return w.findChildren<QMessageBox*>();
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
    void consoleTagsEachLineWithItsThread();
    void aLockCycleShownPotentialIsSelectedOnceCertain();
    void stopEndsANeverEndingScript_data();
    void stopEndsANeverEndingScript();
    void syntaxErrorIsShownAsPythonShowsIt();
    void missingInterpreterIsADialog();
    void restartRunsTheProgramAgain();
    void thousandThreadsLive();

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

    QVERIFY(w.runInPython());
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kRunTimeoutMs);
    const TraceStore& store = *w.runs()->store();
    const LaneInfo* typist = laneNamed(store, QStringLiteral("typist"));
    QVERIFY(typist);
    QVERIFY(findEvent(store, *typist, EventKind::Print, QStringLiteral("edited!")) != kNoEvent);
    QCOMPARE(store.metadata().scenarioId, QStringLiteral("hello (edited)"));
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
    const LaneInfo* reader = laneNamed(store, QStringLiteral("reader"));
    QVERIFY(reader);
    const EventId reading = findEvent(store, *reader, EventKind::Print, QStringLiteral("reading"));
    const EventId shouted = findEvent(store, *reader, EventKind::Print, QStringLiteral("from the helper"));
    QVERIFY(reading != kNoEvent && shouted != kNoEvent);
    QCOMPARE(store.event(reading).line, 5);
    QCOMPARE(store.event(shouted).line, 2); // helper.py's line 2
    w.viewState()->setSelection(Selection::ofEvent(reader->id, reading));
    QCOMPARE(w.listing()->highlightedLine(), 5);
    w.viewState()->setSelection(Selection::ofEvent(reader->id, shouted));
    QCOMPARE(w.listing()->highlightedLine(), 0);
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

// Each console line is tagged with the thread that wrote it; stderr is in the error colour.
void TestMainWindowPython::consoleTagsEachLineWithItsThread()
{
    const QString script = writeFile(m_dir, QStringLiteral("console.py"),
                                     "import sys, threading\n"
                                     "def alpha():\n"
                                     "    print('from alpha')\n"
                                     "def beta():\n"
                                     "    sys.stderr.write('from beta\\n')\n"
                                     "for f in (alpha, beta):\n"
                                     "    t = threading.Thread(target=f, name=f.__name__)\n"
                                     "    t.start()\n"
                                     "    t.join()\n"
                                     "print('from main')\n");
    Window win;
    MainWindow& w = win.w;
    QVERIFY(w.openScript(script));
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kRunTimeoutMs);
    const QStringList lines = w.console()->toPlainText().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 3);
    const QRegularExpression tagged(QStringLiteral("^\\d+\\.\\d{6} s\\s+(\\S+)\\s+(.*)$"));
    QStringList seen;
    for (const QString& line : lines) {
        const QRegularExpressionMatch m = tagged.match(line);
        QVERIFY2(m.hasMatch(), qPrintable(line));
        seen << m.captured(1) + QLatin1Char('|') + m.captured(2);
    }
    QCOMPARE(seen, (QStringList{"alpha|from alpha", "beta|from beta", "MainThread|from main"}));
    // beta's line went to stderr: the error colour.
    const QTextBlock beta = w.console()->document()->findBlockByNumber(1);
    QColor colour;
    for (auto it = beta.begin(); !it.atEnd(); ++it)
        colour = it.fragment().charFormat().foreground().color();
    QCOMPARE(colour, QColor(0xd5, 0x5e, 0x00));
}

// Two threads take two Locks in opposite order while main still sleeps: main could open either, so the
// cycle is potential, and its marker is selected; once main blocks in its join it is a deadlock, which the
// status bar names and whose marker takes the selection's place.
void TestMainWindowPython::aLockCycleShownPotentialIsSelectedOnceCertain()
{
    const QString script = writeFile(m_dir, QStringLiteral("cycle.py"),
                                     "import threading, time\n"
                                     "a = threading.Lock()\n"
                                     "b = threading.Lock()\n"
                                     "def one():\n"
                                     "    with a:\n"
                                     "        time.sleep(0.1)\n"
                                     "        with b: pass\n"
                                     "def two():\n"
                                     "    with b:\n"
                                     "        time.sleep(0.1)\n"
                                     "        with a: pass\n"
                                     "x = threading.Thread(target=one); y = threading.Thread(target=two)\n"
                                     "x.start(); y.start()\n"
                                     "time.sleep(0.6)\n"
                                     "x.join()\n");
    Window win;
    MainWindow& w = win.w;
    QVERIFY(w.openScript(script));
    const QString cycle =
        QStringLiteral("Thread-1 (one) holds a and waits for b; Thread-2 (two) holds b and waits for a");
    QTRY_COMPARE_WITH_TIMEOUT(w.summary()->deadlockText(), QStringLiteral("Potential deadlock: ") + cycle,
                              kRunTimeoutMs);
    const TraceStore& store = *w.runs()->store();
    const Event* first = selectedEvent(store, w.viewState()->selection());
    QVERIFY(first && first->kind == EventKind::Deadlock && (first->flags & EventFlag::Potential));
    QTRY_COMPARE_WITH_TIMEOUT(w.summary()->deadlockText(), QStringLiteral("Deadlock: ") + cycle, kRunTimeoutMs);
    const Event* now = selectedEvent(store, w.viewState()->selection());
    QVERIFY(now && now->kind == EventKind::Deadlock && !(now->flags & EventFlag::Potential));
    QVERIFY2(w.details()->toPlainText().contains(QStringLiteral("Deadlock: ") + cycle),
             qPrintable(w.details()->toPlainText()));
    w.actions()->stop->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kRunTimeoutMs);
}

void TestMainWindowPython::stopEndsANeverEndingScript_data()
{
    QTest::addColumn<QByteArray>("code");
    QTest::addColumn<QString>("problem");
    QTest::newRow("main sleeps forever: SIGINT ends it") << QByteArray("import time\n"
                                                                       "print('ready', flush=True)\n"
                                                                       "while True:\n"
                                                                       "    time.sleep(0.05)\n")
                                                         << "stopped by SIGINT";
    QTest::newRow("a worker spins and SIGINT is ignored: SIGKILL after the grace period")
        << QByteArray("import signal, threading, time\n"
                      "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                      "def spin():\n"
                      "    while True:\n"
                      "        time.sleep(0.05)\n"
                      "threading.Thread(target=spin, name='spinner').start()\n"
                      "print('ready', flush=True)\n")
        << "SIGINT, then SIGKILL";
}

// Stop ends a program that never ends by itself, and nothing of it is left running.
void TestMainWindowPython::stopEndsANeverEndingScript()
{
    QFETCH(QByteArray, code);
    QFETCH(QString, problem);
    const QString script = writeFile(m_dir, QStringLiteral("forever.py"), code);
    Window win;
    MainWindow& w = win.w;
    QVERIFY(w.openScript(script));
    // Stopped once it stands where the row says, not while the interpreter is still starting.
    QTRY_VERIFY_WITH_TIMEOUT(w.runs()->pythonSource()->capturedStdout().contains("ready"), kRunTimeoutMs);
    QVERIFY(w.runs()->pythonSource()->hello().has_value());
    const auto pid = static_cast<pid_t>(w.runs()->pythonSource()->hello()->pid);
    QVERIFY(processRuns(pid));
    QVERIFY(w.actions()->stop->isEnabled());
    w.actions()->stop->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kRunTimeoutMs);
    QVERIFY(!processRuns(pid));
    QCOMPARE(w.summary()->stateText(), QStringLiteral("■ stopped"));
    QVERIFY(!w.actions()->stop->isEnabled());
    const QStringList problems = w.runs()->store()->metadata().problems;
    QVERIFY2(problems.join(QLatin1Char('|')).contains(problem), qPrintable(problems.join(QLatin1Char('|'))));
    QVERIFY(boxes(w).isEmpty()); // a stop asked for is no error
    QVERIFY(w.windowTitle().contains(QStringLiteral("(stopped)")));
    // Every lane ended: the trace so far is kept and closed.
    const TraceStore& store = *w.runs()->store();
    for (LaneId id = 0; id < store.laneCount(); ++id)
        QVERIFY2(store.lane(id).openSpans.empty(), qPrintable(store.lane(id).name));
}

// A SyntaxError: the program never ran; its line is highlighted, and the dialog and the console show
// Python's own report, byte for byte what python3 prints for the same file.
void TestMainWindowPython::syntaxErrorIsShownAsPythonShowsIt()
{
    const QString script = writeFile(m_dir, QStringLiteral("broken.py"),
                                     "import threading\n"
                                     "\n"
                                     "values = [1, 2,\n"
                                     "print(values)\n");
    QProcess plain;
    plain.start(testPython(), {QFileInfo(script).absoluteFilePath()});
    QVERIFY(plain.waitForFinished(30000));
    QString pythonSays = QString::fromUtf8(plain.readAllStandardError());
    while (pythonSays.endsWith(QLatin1Char('\n')))
        pythonSays.chop(1);
    QVERIFY2(pythonSays.contains(QStringLiteral("SyntaxError")), qPrintable(pythonSays));

    Window win;
    MainWindow& w = win.w;
    QVERIFY(w.openScript(script));
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kRunTimeoutMs);
    QCOMPARE(w.runs()->pythonSource()->exitCode(), std::optional<int>(1));
    const auto report = w.program()->syntaxError();
    QVERIFY(report);
    QCOMPARE(report->type, QStringLiteral("SyntaxError"));
    QCOMPARE(report->text, pythonSays);
    QCOMPARE(w.listing()->highlightedLine(), 3);
    QCOMPARE(w.viewState()->selection(), Selection::ofEvent(0, report->event));
    auto* dialog = w.findChild<QMessageBox*>(QStringLiteral("syntaxErrorDialog"));
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QVERIFY(dialog->text().contains(QStringLiteral("SyntaxError")));
    QVERIFY(dialog->text().contains(pythonSays.split(QLatin1Char('\n')).last().toHtmlEscaped()));
    // The console holds the same lines, as Python printed them.
    for (const QString& line : pythonSays.split(QLatin1Char('\n')))
        QVERIFY2(w.console()->toPlainText().contains(line), qPrintable(line));
    dialog->close();
}

void TestMainWindowPython::missingInterpreterIsADialog()
{
    Window win;
    MainWindow& w = win.w;
    w.program()->launcher().setInterpreter(QStringLiteral("python3-not-installed"));
    QVERIFY(w.selectScenario(QStringLiteral("hello")));
    const std::uint64_t generation = w.runs()->generation();
    QVERIFY(!w.runInPython());
    QCOMPARE(w.runs()->generation(), generation);
    QCOMPARE(boxes(w).size(), 1);
    QVERIFY2(boxes(w).front()->text().contains(QStringLiteral("apt install python3")),
             qPrintable(boxes(w).front()->text()));
    QVERIFY(boxes(w).front()->isVisible());
}

void TestMainWindowPython::restartRunsTheProgramAgain()
{
    const QString script = writeFile(m_dir, QStringLiteral("again.py"), "print('again')\n");
    Window win;
    MainWindow& w = win.w;
    QVERIFY(w.openScript(script));
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kRunTimeoutMs);
    QVERIFY(w.actions()->restart->isEnabled());
    const std::uint64_t generation = w.runs()->generation();
    w.actions()->restart->trigger();
    QCOMPARE(w.runs()->generation(), generation + 1);
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

// The live window takes a thousand CPython threads: every event reaches the event list, every print the
// console, every thread the filter, none dropped.
void TestMainWindowPython::thousandThreadsLive()
{
    const QString script = writeFile(m_dir, QStringLiteral("thousand.py"),
                                     "import threading, time\n"
                                     "def work(i):\n"
                                     "    time.sleep(0.3)\n"
                                     "    print('done', i)\n"
                                     "ts = [threading.Thread(target=work, args=(i,)) for i in range(1000)]\n"
                                     "for t in ts:\n"
                                     "    t.start()\n"
                                     "for t in ts:\n"
                                     "    t.join()\n");
    Window win;
    MainWindow& w = win.w;
    PythonRunOptions options;
    options.python = testPython();
    options.script = script;
    QVERIFY(w.launchPython(options));
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), 120000);
    const TraceStore& store = *w.runs()->store();
    QCOMPARE(w.runs()->pythonSource()->problems(), QStringList());
    QCOMPARE(store.droppedEvents(), 0u);
    QCOMPARE(store.laneCount(), std::size_t(1001));
    QCOMPARE(w.eventList()->model()->rowCount(), int(store.eventCount()));
    QCOMPARE(w.console()->lineCount(), 1000);
    QCOMPARE(w.eventList()->threadFilter()->count(), 1002);
    QCOMPARE(w.summary()->droppedText(), QStringLiteral("0 dropped"));
    QVERIFY(w.summary()->threadsText().startsWith(QStringLiteral("0 / 1001")));
}

QTEST_MAIN(TestMainWindowPython)
#include "tst_mainwindowpython.moc"
