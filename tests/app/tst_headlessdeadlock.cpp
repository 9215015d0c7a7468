#include "support/processrun.h"
#include "support/pythontestutil.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace tl::apptest;

namespace {

const QString kClauses =
    QStringLiteral("Thread-1 (one) holds a and waits for b; Thread-2 (two) holds b and waits for a");
const QString kCycle = QStringLiteral("Deadlock: ") + kClauses;
// The problem a deadlock's stop stores says "deadlock" once: it read "stopped at a deadlock: Deadlock: one holds ...".
const QString kStoppedAtIt = QStringLiteral("stopped at a deadlock: ") + kClauses;

QJsonObject readJson(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

// The trace's instants named `name`.
int instantsNamed(const QJsonObject& root, const char* name)
{
    int count = 0;
    for (const QJsonValue& v : root.value("traceEvents").toArray()) {
        const QJsonObject e = v.toObject();
        count += e.value("ph") == QLatin1String("i") && e.value("name") == QLatin1String(name) ? 1 : 0;
    }
    return count;
}

} // namespace

// A lesson that deadlocks, run headless through the real binary: with no one to press Stop, the run is
// stopped at the cycle, the trace is written with its marker, one stderr line names it, and the exit code
// is 3. The same lesson in a consistent lock order exits 0.
class TestHeadlessDeadlock : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void deadlockStopsWritesAndExits3();
    void consistentOrderExits0();
    void statsOfADeadlockExit3();
    void thePythonListingDeadlocksAlike();
    void thePictureDrawsTheStopNotAnError();
    void aLockAnotherThreadOpensRunsToItsEnd();
    void aRawThreadOpensALockBeforeItsFirstTracedCall();
    void aCycleOfDaemonsStopsTheRunOnlyOnceMainWaitsOnIt_data();
    void aCycleOfDaemonsStopsTheRunOnlyOnceMainWaitsOnIt();
    void aForgottenSentinelStopsTheRunWhereCPythonHangs_data();
    void aForgottenSentinelStopsTheRunWhereCPythonHangs();
    void aSignalHandlerThatFeedsTheQueueLetsTheRunGoOn();
    void aChildThatInterruptsMainLetsTheRunGoOn();
    void theReadmesForgottenSentinelIsAStall();

private:
    QTemporaryDir m_dir;
};

void TestHeadlessDeadlock::deadlockStopsWritesAndExits3()
{
    const QString out = m_dir.filePath(QStringLiteral("deadlock.json"));
    QElapsedTimer wall;
    wall.start();
    // At speed 1: the cycle forms after 0.1 s of real time, and the run would hang for ever after it.
    const ProcessOutcome run = runThreadline({"--scenario", "deadlock", "--speed", "1", "--export", out});
    const qint64 ms = wall.elapsed();
    QVERIFY(!run.crashed);
    QCOMPARE(run.exitCode, 3);
    QCOMPARE(run.errText(),
             QStringLiteral("threadline: %1; the run was stopped, writing what was recorded to %2\n").arg(kCycle, out));
    QCOMPARE(run.outText(), QString()); // nobody got both locks: nothing printed
    const QJsonObject root = readJson(out);
    QVERIFY(!root.isEmpty());
    QCOMPARE(instantsNamed(root, "deadlock"), 2);
    QCOMPARE(instantsNamed(root, "stopped"), 3); // every lane unwound, main from its join
    const QJsonObject other = root.value("otherData").toObject();
    QCOMPARE(other.value("stopped"), QJsonValue(true));
    QCOMPARE(other.value("problems").toArray(), QJsonArray({kStoppedAtIt}));
    qInfo("deadlock lesson headless at speed 1: %lld ms from start to exit", ms);
}

void TestHeadlessDeadlock::consistentOrderExits0()
{
    const QString out = m_dir.filePath(QStringLiteral("consistent.json"));
    const ProcessOutcome run =
        runThreadline({"--scenario", "deadlock", "--set", "consistent_order=true", "--quiet", "--export", out});
    QVERIFY(!run.crashed);
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.errText(), QString());
    const QJsonObject root = readJson(out);
    QCOMPARE(instantsNamed(root, "deadlock"), 0);
    QCOMPARE(instantsNamed(root, "stopped"), 0);
    QVERIFY(!root.value("otherData").toObject().contains("stopped")); // written only for a stopped run
}

void TestHeadlessDeadlock::statsOfADeadlockExit3()
{
    const ProcessOutcome run = runThreadline({"--scenario", "deadlock", "--stats"});
    QVERIFY(!run.crashed);
    QCOMPARE(run.exitCode, 3);
    QCOMPARE(run.errText(), QStringLiteral("threadline: %1; the run was stopped\n").arg(kCycle));
    QVERIFY(run.outText().startsWith(QStringLiteral("thread,state,seconds,share\n")));
}

// The lesson's own listing in CPython under the tracer: the same cycle, found from the program's events,
// stops the run the same way. Stopping a program whose threads are stuck in acquire takes SIGINT (main leaves its
// join) and a second SIGINT (its exit waits for them for ever), as Ctrl+C twice at a terminal: the interpreter then
// ends on its own, by SIGINT, with its trace closed. It took SIGKILL, which cut the trace ("the trace ends early").
// CPython's report of the KeyboardInterrupt is the program's own stderr and stays; the picture draws it as the stop.
void TestHeadlessDeadlock::thePythonListingDeadlocksAlike()
{
    const QString out = m_dir.filePath(QStringLiteral("deadlock-python.json"));
    const ProcessOutcome run = runThreadline({"--python", tl::pytest::testPython(), "--export", out,
                                              QStringLiteral(THREADLINE_LISTINGS_DIR "/deadlock.py")});
    QVERIFY(!run.crashed);
    QCOMPARE(run.exitCode, 3);
    const QStringList lines = run.errText().split(QLatin1Char('\n'));
    const QStringList ours = lines.filter(QRegularExpression(QStringLiteral("^threadline: ")));
    QVERIFY2(!ours.isEmpty(), qPrintable(run.errText()));
    QCOMPARE(ours.first(), QStringLiteral("threadline: %1; the run was stopped (the KeyboardInterrupt above is "
                                          "Threadline's SIGINT), writing what was recorded to %2")
                               .arg(kCycle, out));
    QVERIFY2(lines.first().startsWith(QLatin1String("Traceback")) &&
                 lines.contains(QStringLiteral("KeyboardInterrupt")),
             qPrintable(run.errText()));
    const QJsonObject root = readJson(out);
    QCOMPARE(instantsNamed(root, "deadlock"), 2);
    const QJsonObject other = root.value("otherData").toObject();
    QCOMPARE(other.value("source"), QJsonValue(QStringLiteral("python")));
    QCOMPARE(other.value("stopped"), QJsonValue(true));
    QCOMPARE(other.value("problems").toArray(),
             QJsonArray({QStringLiteral("stopped by SIGINT, then a second SIGINT as it waited at exit for its threads"),
                         kStoppedAtIt}));
    // The stop's KeyboardInterrupt is written as the stop's.
    int errors = 0;
    for (const QJsonValue& v : root.value("traceEvents").toArray()) {
        const QJsonObject e = v.toObject();
        if (e.value("name") != QLatin1String("error"))
            continue;
        ++errors;
        QCOMPARE(e.value("args").toObject().value("type"), QJsonValue(QStringLiteral("KeyboardInterrupt")));
        QCOMPARE(e.value("args").toObject().value("stop"), QJsonValue(true));
    }
    QCOMPARE(errors, 1);
}

// The picture of a deadlock's stop: MainThread's KeyboardInterrupt is Threadline's SIGINT, and is drawn as the stop,
// in words that say so. The export drew a red cross with a "KeyboardInterrupt" callout, which read as the program's
// crash on a slide, while the window's Stop told of a stop.
void TestHeadlessDeadlock::thePictureDrawsTheStopNotAnError()
{
    const QString out = m_dir.filePath(QStringLiteral("deadlock-python.svg"));
    const ProcessOutcome run = runThreadline({"--python", tl::pytest::testPython(), "--export", out,
                                              QStringLiteral(THREADLINE_LISTINGS_DIR "/deadlock.py")});
    QVERIFY(!run.crashed);
    QCOMPARE(run.exitCode, 3);
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray svg = file.readAll();
    QVERIFY2(svg.contains("stopped by Threadline (KeyboardInterrupt)"), svg.left(2000).constData());
    QVERIFY(!svg.contains(">KeyboardInterrupt<"));
}

// A plain Lock may be opened by a thread other than its holder: main waits on one it holds, and `opener`
// releases it. CPython prints "opened" and exits 0; so must the headless run, which stopped it as a deadlock
// (exit 3) when the watch took a Lock's holder for its only releaser.
void TestHeadlessDeadlock::aLockAnotherThreadOpensRunsToItsEnd()
{
    const QString script =
        tl::pytest::writeFile(m_dir, QStringLiteral("opener.py"), tl::pytest::kLockOpenedByAnotherThread);
    QVERIFY(!script.isEmpty());
    const QString out = m_dir.filePath(QStringLiteral("opener.json"));
    const ProcessOutcome run = runThreadline({"--python", tl::pytest::testPython(), "--export", out, script});
    QVERIFY(!run.crashed);
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(!run.errText().contains(QLatin1String("threadline:")), qPrintable(run.errText()));
    const QJsonObject root = readJson(out);
    QCOMPARE(instantsNamed(root, "deadlock"), 1); // the potential one, marked
    const QJsonObject other = root.value("otherData").toObject();
    QVERIFY(!other.value("stopped").toBool());
}

// The forgotten sentinel: a consumer loops on jobs.get() until it gets None, and main never puts None. No
// cycle, but every thread waits for ever: CPython hangs (checked here, for 2 s), and the headless run names
// the stall and stops (exit 3), whether main joins the consumer or reaches the end of its program. With the
// sentinel put, or with a daemon consumer, CPython exits 0, and so does the run, with no stall.
void TestHeadlessDeadlock::aForgottenSentinelStopsTheRunWhereCPythonHangs_data()
{
    QTest::addColumn<QByteArray>("end");
    QTest::addColumn<bool>("daemon");
    QTest::addColumn<QString>("mainWaits"); // empty: the program ends
    QTest::addRow("main joins") << QByteArray("t.join()\n") << false
                                << QStringLiteral("MainThread waits for Thread-1 (consumer) to end");
    QTest::addRow("main ends") << QByteArray("print('main done')\n") << false
                               << QStringLiteral("MainThread waits at exit for the threads that are not daemons");
    QTest::addRow("sentinel put") << QByteArray("jobs.put(None)\nt.join()\n") << false << QString();
    QTest::addRow("daemon consumer") << QByteArray("print('main done')\n") << true << QString();
}

void TestHeadlessDeadlock::aForgottenSentinelStopsTheRunWhereCPythonHangs()
{
    QFETCH(QByteArray, end);
    QFETCH(bool, daemon);
    QFETCH(QString, mainWaits);
    const QString name =
        QStringLiteral("sentinel-%1").arg(QString::fromLatin1(QTest::currentDataTag()).replace(' ', '-'));
    const QString script = tl::pytest::writeFile(m_dir, name + QStringLiteral(".py"),
                                                 "import queue, threading\n"
                                                 "jobs = queue.Queue()\n"
                                                 "def consumer():\n"
                                                 "    while (item := jobs.get()) is not None:\n"
                                                 "        pass\n"
                                                 "t = threading.Thread(target=consumer, daemon=" +
                                                     QByteArray(daemon ? "True" : "False") +
                                                     ")\n"
                                                     "t.start()\n"
                                                     "for i in range(3):\n"
                                                     "    jobs.put(i)\n" +
                                                     end);
    QVERIFY(!script.isEmpty());
    const bool hangs = !mainWaits.isEmpty();
    const ProcessOutcome untraced = runProgram(tl::pytest::testPython(), {script}, programEnvironment(Display::None),
                                               {}, hangs ? 2000 : kRunTimeoutMs);
    QCOMPARE(untraced.crashed, hangs); // still running at 2 s, and killed
    const QString out = m_dir.filePath(name + QStringLiteral(".json"));
    QElapsedTimer clock;
    clock.start();
    const ProcessOutcome run = runThreadline({"--python", tl::pytest::testPython(), "--export", out, script});
    QVERIFY(!run.crashed);
    const QJsonObject root = readJson(out);
    const QJsonObject other = root.value("otherData").toObject();
    if (!hangs) {
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out, untraced.out);
        QCOMPARE(instantsNamed(root, "stall"), 0);
        QVERIFY(!other.value("stopped").toBool());
        return;
    }
    QCOMPARE(run.exitCode, 3);
    QCOMPARE(run.outText(), end.startsWith("print") ? QStringLiteral("main done\n") : QString());
    const QString stall = QStringLiteral("threadline: Deadlock: every thread waits, and none is left to wake another: "
                                         "Thread-1 (consumer) waits for an item on jobs; %1; the run was stopped")
                              .arg(mainWaits);
    QVERIFY2(run.errText().contains(stall), qPrintable(run.errText()));
    // One a waiting thread; twice where main, its join ended by the Stop's SIGINT, goes on to wait at exit for the
    // consumer (from 3.13 on: 3.11 and 3.12's join lets the thread's lock go then, bpo-45274), as untraced.
    const int stalls = instantsNamed(root, "stall");
    QVERIFY2(stalls == 2 || (stalls == 4 && mainWaits.contains("to end")), qPrintable(QString::number(stalls)));
    QCOMPARE(instantsNamed(root, "deadlock"), 0);
    QVERIFY(other.value("stopped").toBool());
    QVERIFY2(clock.elapsed() < 30000, qPrintable(QString::number(clock.elapsed())));
}

// The same stall, but main has set a SIGALRM handler that puts the sentinel, and a timer sends SIGALRM: only a
// signal is left to wake the program, and one comes. CPython prints both lines and exits 0; so must the headless
// run, which names the stall potential and goes on.
void TestHeadlessDeadlock::aSignalHandlerThatFeedsTheQueueLetsTheRunGoOn()
{
    const QString script = tl::pytest::writeFile(m_dir, QStringLiteral("alarm.py"),
                                                 "import queue, signal, threading\n"
                                                 "jobs = queue.Queue()\n"
                                                 "def consumer():\n"
                                                 "    while (item := jobs.get()) is not None:\n"
                                                 "        pass\n"
                                                 "    print('consumer done')\n"
                                                 "signal.signal(signal.SIGALRM, lambda signum, frame: jobs.put(None))\n"
                                                 "signal.setitimer(signal.ITIMER_REAL, 0.5)\n"
                                                 "t = threading.Thread(target=consumer)\n"
                                                 "t.start()\n"
                                                 "t.join()\n"
                                                 "print('main done')\n");
    QVERIFY(!script.isEmpty());
    const ProcessOutcome untraced = runProgram(tl::pytest::testPython(), {script}, programEnvironment(Display::None));
    QCOMPARE(untraced.exitCode, 0);
    const QString out = m_dir.filePath(QStringLiteral("alarm.json"));
    const ProcessOutcome run = runThreadline({"--python", tl::pytest::testPython(), "--export", out, script});
    QVERIFY(!run.crashed);
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, untraced.out);
    QVERIFY2(!run.errText().contains(QLatin1String("threadline:")), qPrintable(run.errText()));
    const QJsonObject root = readJson(out);
    QVERIFY(!root.value("otherData").toObject().value("stopped").toBool());
    int potentialStalls = 0;
    QJsonObject handler;
    for (const QJsonValue& v : root.value("traceEvents").toArray()) {
        const QJsonObject e = v.toObject();
        if (e.value("name") == QLatin1String("stall"))
            potentialStalls += e.value("args").toObject().value("potential").toBool() ? 1 : 0;
        if (e.value("name") == QLatin1String("signal.handler"))
            handler = e.value("args").toObject();
    }
    QCOMPARE(potentialStalls, 2);
    QCOMPARE(instantsNamed(root, "stall"), 2);
    QCOMPARE(handler.value("signal").toString(), QStringLiteral("SIGALRM"));
    QCOMPARE(handler.value("handler").toString(), QStringLiteral("<lambda>"));
    QCOMPARE(handler.value("own").toInt(), 1);
}

// Main waits for an Event nobody sets, until Ctrl+C, and a child process it started sends that SIGINT. CPython
// prints the line and exits 0. The headless run named a certain stall at once, stopped the program with exit 3 and
// its SIGINT to the group interrupted the child too (a user-tester): while a child is alive, the stall is potential.
void TestHeadlessDeadlock::aChildThatInterruptsMainLetsTheRunGoOn()
{
    const QString script = tl::pytest::writeFile(
        m_dir, QStringLiteral("watchdog.py"),
        "import os, subprocess, sys, threading\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import os, sys, time; time.sleep(0.5); '\n"
        "                          'os.kill(int(sys.argv[1]), 2)', str(os.getpid())])\n"
        "try:\n"
        "    threading.Event().wait()\n"
        "except KeyboardInterrupt:\n"
        "    print('interrupted by the child')\n"
        "print('child exit code', child.wait())\n");
    QVERIFY(!script.isEmpty());
    const ProcessOutcome untraced = runProgram(tl::pytest::testPython(), {script}, programEnvironment(Display::None));
    QCOMPARE(untraced.exitCode, 0);
    const QString out = m_dir.filePath(QStringLiteral("watchdog.json"));
    const ProcessOutcome run = runThreadline({"--python", tl::pytest::testPython(), "--export", out, script});
    QVERIFY(!run.crashed);
    QVERIFY2(run.exitCode == 0, qPrintable(run.errText()));
    QCOMPARE(run.out, untraced.out);
    const QJsonObject root = readJson(out);
    QVERIFY(!root.value("otherData").toObject().value("stopped").toBool());
    for (const QJsonValue& v : root.value("traceEvents").toArray()) {
        const QJsonObject e = v.toObject();
        if (e.value("name") == QLatin1String("stall"))
            QVERIFY(e.value("args").toObject().value("potential").toBool());
    }
}

// The README's picture of a stall is of docs/forgotten-sentinel.py, exported as it says: that program must
// stall as the README tells, and the picture be written.
void TestHeadlessDeadlock::theReadmesForgottenSentinelIsAStall()
{
    const QString picture = m_dir.filePath(QStringLiteral("stall.png"));
    const ProcessOutcome run = runThreadline(
        {"--python", tl::pytest::testPython(), "--export", picture, QStringLiteral(THREADLINE_SENTINEL_PROGRAM)});
    QVERIFY(!run.crashed);
    QCOMPARE(run.exitCode, 3);
    QVERIFY2(run.errText().contains(QStringLiteral("threadline: Deadlock: every thread waits, and none is left to wake "
                                                   "another: consumer waits for an item on jobs; MainThread waits for "
                                                   "consumer to end; the run was stopped")),
             qPrintable(run.errText()));
    QVERIFY(QFileInfo(picture).size() > 0);
}

QTEST_GUILESS_MAIN(TestHeadlessDeadlock)
#include "tst_headlessdeadlock.moc"

// Two daemons in an RLock cycle while main sleeps. Daemons are cut at exit, so CPython prints "main done"
// and exits 0: so must the headless run, which stopped it as a deadlock (exit 3). If main then joins one of
// them, the program hangs, and the run is stopped with main's wait named after the cycle.
void TestHeadlessDeadlock::aCycleOfDaemonsStopsTheRunOnlyOnceMainWaitsOnIt_data()
{
    QTest::addColumn<bool>("joins");
    QTest::addColumn<bool>("raw");       // started by _thread.start_new_thread, which threading counts as daemons
    QTest::addColumn<bool>("attribute"); // made daemons by `t.daemon = True` between Thread() and start()
    QTest::addRow("main ends") << false << false << false;
    QTest::addRow("main joins a daemon") << true << false << false;
    QTest::addRow("_thread threads, main ends") << false << true << false;
    QTest::addRow("t.daemon = True, main joins a daemon") << true << false << true;
}

void TestHeadlessDeadlock::aCycleOfDaemonsStopsTheRunOnlyOnceMainWaitsOnIt()
{
    QFETCH(bool, joins);
    QFETCH(bool, raw);
    QFETCH(bool, attribute);
    const QByteArray threads = raw         ? "import _thread\n"
                                             "_thread.start_new_thread(t1, ())\n"
                                             "_thread.start_new_thread(t2, ())\n"
                               : attribute ? "d1 = threading.Thread(target=t1)\n"
                                             "d2 = threading.Thread(target=t2)\n"
                                             "d1.daemon = True\n"
                                             "d2.daemon = True\n"
                                             "d1.start()\n"
                                             "d2.start()\n"
                                           : "d1 = threading.Thread(target=t1, daemon=True)\n"
                                             "d1.start()\n"
                                             "threading.Thread(target=t2, daemon=True).start()\n";
    const QString name = QStringLiteral("daemons%1%2%3").arg(joins).arg(raw).arg(attribute);
    const QString script =
        tl::pytest::writeFile(m_dir, name + QStringLiteral(".py"),
                              "import threading, time\n"
                              "a = threading.RLock()\n"
                              "b = threading.RLock()\n"
                              "def t1():\n"
                              "    with a:\n"
                              "        time.sleep(0.3)\n" // t2 takes b meanwhile, even woken late on a loaded machine
                              "        with b: pass\n"
                              "def t2():\n"
                              "    with b:\n"
                              "        time.sleep(0.3)\n"
                              "        with a: pass\n" +
                                  threads + "time.sleep(0.9)\n" + (joins ? "d1.join()\n" : "print('main done')\n"));
    QVERIFY(!script.isEmpty());
    const QString out = m_dir.filePath(name + QStringLiteral(".json"));
    const ProcessOutcome run = runThreadline({"--python", tl::pytest::testPython(), "--export", out, script});
    QVERIFY(!run.crashed);
    const QString cycle = QStringLiteral("Deadlock: Thread-1 (t1) holds a and waits for b; Thread-2 (t2) holds b and "
                                         "waits for a");
    const QJsonObject root = readJson(out);
    const QJsonObject other = root.value("otherData").toObject();
    if (!joins) {
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.outText(), QStringLiteral("main done\n"));
        QVERIFY2(!run.errText().contains(QLatin1String("threadline:")), qPrintable(run.errText()));
        QCOMPARE(instantsNamed(root, "deadlock"), 2); // the cycle is still shown
        QCOMPARE(instantsNamed(root, "daemon-stopped"), 2);
        QVERIFY(!other.value("stopped").toBool());
        return;
    }
    QCOMPARE(run.exitCode, 3);
    QVERIFY2(run.errText().contains(QStringLiteral("threadline: %1; MainThread waits for Thread-1 (t1) to end; the run "
                                                   "was stopped")
                                        .arg(cycle)),
             qPrintable(run.errText()));
    QCOMPARE(instantsNamed(root, "deadlock"), 3);
    QVERIFY(other.value("stopped").toBool());
}

// A thread _thread starts works for longer than the watch's quiet spell before its first traced call, then
// opens the Lock main waits on. CPython prints "opened"; the watch called the wait certain (exit 3), as the
// thread got its lane only at that first call. Now its lane begins with it, and it counts as running.
void TestHeadlessDeadlock::aRawThreadOpensALockBeforeItsFirstTracedCall()
{
    const QString script = tl::pytest::writeFile(m_dir, QStringLiteral("rawopener.py"),
                                                 "import _thread, threading, time\n"
                                                 "go = threading.Lock()\n"
                                                 "go.acquire()\n"
                                                 "def opener():\n"
                                                 "    t0 = time.perf_counter()\n"
                                                 "    while time.perf_counter() - t0 < 0.3:\n"
                                                 "        pass\n"
                                                 "    go.release()\n"
                                                 "_thread.start_new_thread(opener, ())\n"
                                                 "go.acquire()\n"
                                                 "print('opened')\n");
    QVERIFY(!script.isEmpty());
    const QString out = m_dir.filePath(QStringLiteral("rawopener.json"));
    const ProcessOutcome run = runThreadline({"--python", tl::pytest::testPython(), "--export", out, script});
    QVERIFY(!run.crashed);
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.outText(), QStringLiteral("opened\n"));
    const QJsonObject root = readJson(out);
    QCOMPARE(instantsNamed(root, "deadlock"), 1); // the potential one, marked
    QVERIFY(!root.value("otherData").toObject().value("stopped").toBool());
}
