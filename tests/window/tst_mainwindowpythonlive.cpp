// The window's Python side, offscreen, against a real interpreter: a run as it goes and as it ends. The console's
// thread tags, a lock cycle selected once certain, Stop, a SyntaxError shown as Python shows it, a missing
// interpreter, a thousand threads live. Where a program comes from: tst_mainwindowpython.

#include "pysource/pythonsource.h"
#include "scenarios/scenario.h"
#include "timeline/timelinedescribe.h"
#include "timeline/timelinewidget.h"
#include "timeline/viewstate.h"
#include "trace/eventschema.h"
#include "trace/tracestore.h"
#include "window/consolepanel.h"
#include "window/eventlistmodel.h"
#include "window/eventlistpanel.h"
#include "window/listingview.h"
#include "window/mainwindow.h"
#include "window/parameterform.h"
#include "window/programcontroller.h"
#include "window/runcontroller.h"
#include "window/selectiondetails.h"
#include "window/statussummary.h"
#include "window/windowactions.h"
#include "windowpython.h"

#include <QAction>
#include <QComboBox>
#include <QFileInfo>
#include <QMessageBox>
#include <QProcess>
#include <QRegularExpression>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextCursor>

using namespace tl;
using namespace tl::ui;
using namespace tl::ui::windowtest;
using namespace tl::pytest;

class TestMainWindowPythonLive : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void consoleTagsEachLineWithItsThread();
    void aLockCycleShownPotentialIsSelectedOnceCertain();
    void stopEndsANeverEndingScript_data();
    void stopEndsANeverEndingScript();
    void syntaxErrorIsShownAsPythonShowsIt();
    void anEditedListingsSyntaxErrorNamesTheListing();
    void missingInterpreterIsADialog();
    void thousandThreadsLive();
    void stopOfADeadlockEndsCalmlyAndTellsTheStop();

private:
    QTemporaryDir m_dir;
};

void TestMainWindowPythonLive::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

// Each console line is tagged with the thread that wrote it; stderr is in the error colour.
void TestMainWindowPythonLive::consoleTagsEachLineWithItsThread()
{
    const QString script = writeFile(m_dir, QStringLiteral("console.py"),
                                     "import sys, threading\n"
                                     "def alpha():\n"
                                     "    print('from alpha')\n"
                                     "def beta():\n"
                                     "    sys.stderr.write('from beta\\n')\n"
                                     "for f in (alpha, beta):\n"
                                     "    t = threading.Thread(target=f, name=f.__name__, daemon=f is beta)\n"
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
    // A line names its thread by its name alone: a daemon's tag says nothing more (it pushed the text aside).
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
void TestMainWindowPythonLive::aLockCycleShownPotentialIsSelectedOnceCertain()
{
    const QString script = writeFile(m_dir, QStringLiteral("cycle.py"),
                                     "import threading, time\n"
                                     "a = threading.Lock()\n"
                                     "b = threading.Lock()\n"
                                     "def one():\n"
                                     "    with a:\n"
                                     "        time.sleep(0.3)\n" // two takes b meanwhile, however late it wakes
                                     "        with b: pass\n"
                                     "def two():\n"
                                     "    with b:\n"
                                     "        time.sleep(0.3)\n"
                                     "        with a: pass\n"
                                     "x = threading.Thread(target=one); y = threading.Thread(target=two)\n"
                                     "x.start(); y.start()\n"
                                     "time.sleep(0.9)\n"
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

void TestMainWindowPythonLive::stopEndsANeverEndingScript_data()
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
        << "stopped: SIGINT, then SIGKILL after 2000 ms";
}

// Stop ends a program that never ends by itself, and nothing of it is left running.
void TestMainWindowPythonLive::stopEndsANeverEndingScript()
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
void TestMainWindowPythonLive::syntaxErrorIsShownAsPythonShowsIt()
{
    const QString script = writeFile(m_dir, QStringLiteral("broken.py"),
                                     "import threading\n"
                                     "\n"
                                     "values = [1, 2,\n"
                                     "print(values)\n");
    const QString pythonSays = pythonStderrOf(script);
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
    QVERIFY(dialog->text().contains(QStringLiteral("did not run</b>: Python could not compile it.")));
    QVERIFY(dialog->text().contains(QStringLiteral("SyntaxError")));
    QVERIFY(dialog->text().contains(pythonSays.split(QLatin1Char('\n')).last().toHtmlEscaped()));
    // The console holds the same lines, as Python printed them.
    for (const QString& line : pythonSays.split(QLatin1Char('\n')))
        QVERIFY2(w.console()->toPlainText().contains(line), qPrintable(line));
    dialog->close();
}

// An edited listing runs from a private file: Python's report named it ("/tmp/threadline-programs-oShcSk/hello/
// hello.py"), a path the user never saw, in a folder gone with the run. Found by a reviewer. It names the listing,
// as python3 beside it reports the same text, otherwise byte for byte.
void TestMainWindowPythonLive::anEditedListingsSyntaxErrorNamesTheListing()
{
    const QByteArray typed = "import threading\nt = threading.Thread(target=print\nt.start()\n";
    QTemporaryDir beside;
    QVERIFY(beside.isValid());
    const QString file = writeFile(beside, QStringLiteral("hello.py"), typed);
    QString pythonSays = pythonStderrOf(file);
    QVERIFY2(pythonSays.contains(QStringLiteral("File \"%1\"").arg(file)), qPrintable(pythonSays));
    pythonSays.replace(file, QStringLiteral("hello.py"));

    Window win;
    MainWindow& w = win.w;
    QVERIFY(w.selectScenario(QStringLiteral("hello")));
    w.actions()->editListing->setChecked(true);
    QTextCursor all(w.listing()->document());
    all.select(QTextCursor::Document);
    all.insertText(QString::fromUtf8(typed));
    QVERIFY(w.program()->isEdited());
    QVERIFY(w.runInPython());
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kRunTimeoutMs);
    const auto report = w.program()->syntaxError();
    QVERIFY(report);
    QCOMPARE(report->text, pythonSays);
    auto* dialog = w.findChild<QMessageBox*>(QStringLiteral("syntaxErrorDialog"));
    QVERIFY(dialog);
    QVERIFY(!dialog->text().contains(QStringLiteral("threadline-programs")));
    dialog->close();
}

void TestMainWindowPythonLive::missingInterpreterIsADialog()
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

// The live window takes a thousand CPython threads: every event reaches the event list, every print the
// console, every thread the filter, none dropped.
void TestMainWindowPythonLive::thousandThreadsLive()
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

// Stop of a lock cycle that main joins: SIGINT ends main's join, the exit waits for the two threads, and a second
// SIGINT ends that wait, as Ctrl+C twice at a terminal. Every such Stop ended "(exit code 137): the trace ends early
// ...; stopped: SIGINT, then SIGKILL after 2000 ms". The KeyboardInterrupt is the stop's, not the program's error.
void TestMainWindowPythonLive::stopOfADeadlockEndsCalmlyAndTellsTheStop()
{
    const QString script = writeFile(m_dir, QStringLiteral("cycle.py"),
                                     "import threading, time\n"
                                     "a = threading.Lock(); b = threading.Lock()\n"
                                     "def one():\n"
                                     "    with a:\n"
                                     "        time.sleep(0.2)\n"
                                     "        with b:\n"
                                     "            pass\n"
                                     "def two():\n"
                                     "    with b:\n"
                                     "        time.sleep(0.2)\n"
                                     "        with a:\n"
                                     "            pass\n"
                                     "t1 = threading.Thread(target=one); t2 = threading.Thread(target=two)\n"
                                     "t1.start(); t2.start(); t1.join(); t2.join()\n");
    Window win;
    MainWindow& w = win.w;
    QVERIFY(w.openScript(script));
    QTRY_VERIFY_WITH_TIMEOUT(w.summary()->deadlockText().startsWith(QLatin1String("Deadlock: ")), kRunTimeoutMs);
    w.actions()->stop->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kRunTimeoutMs);
    QCOMPARE(w.statusBar()->currentMessage(),
             QStringLiteral("The run was stopped (exit code 130): stopped by SIGINT, then a second SIGINT as it waited "
                            "at exit for its threads"));
    QVERIFY(boxes(w).isEmpty());
    const TraceStore& store = *w.runs()->store();
    int errors = 0;
    for (const Event& e : store.laneEvents(0)) {
        if (e.kind == EventKind::Error) {
            ++errors;
            QVERIFY(flagSet(e, FlagRole::ByStop));
        }
    }
    QCOMPARE(errors, 1);
}

QTEST_MAIN(TestMainWindowPythonLive)
#include "tst_mainwindowpythonlive.moc"
