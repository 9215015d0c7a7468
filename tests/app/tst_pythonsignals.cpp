// Signals to a headless Python run, through the real binary: the one Threadline was sent reaches the program, which
// ends as it would untraced, and the trace so far is written; and Threadline gone, however it went, takes the
// program with it.

#include "support/exportjson.h"
#include "support/processrun.h"
#include "support/pythontestutil.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>
#include <string.h>

using namespace tl::apptest;
using namespace tl::pytest;

class TestPythonSignals : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void interruptStopsTheProgramAndKeepsTheTrace_data();
    void interruptStopsTheProgramAndKeepsTheTrace();
    void aSecondSignalKillsAProgramThatWaitsOn();
    void statsOfAnInterruptedProgramExitWithItsCode();
    void aSignalThreadlineWasStartedIgnoringStaysIgnored_data();
    void aSignalThreadlineWasStartedIgnoringStaysIgnored();
    void theProgramDoesNotOutliveThreadline();

private:
    QTemporaryDir m_dir;
    QString m_out;
    QString script(const QString& name, const QByteArray& code) { return writeFile(m_dir, name, code); }
};

void TestPythonSignals::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_out = m_dir.filePath(QStringLiteral("out"));
    QVERIFY(QDir().mkpath(m_out));
}

void TestPythonSignals::interruptStopsTheProgramAndKeepsTheTrace_data()
{
    QTest::addColumn<int>("signal");
    QTest::addColumn<QByteArray>("handler");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("said");     // on stdout or stderr, the program's
    QTest::addColumn<bool>("closesItsTrace"); // ends by Python's own way out, not killed by the signal
    QTest::newRow("SIGINT") << int(SIGINT) << QByteArray() << 128 + SIGINT << QByteArray("KeyboardInterrupt") << true;
    // It was passed on as SIGINT: a KeyboardInterrupt traceback and exit 130 instead of the handler's clean exit.
    QTest::newRow("SIGTERM") << int(SIGTERM)
                             << QByteArray("import signal, sys\n"
                                           "def on_term(n, f):\n"
                                           "    print('graceful shutdown', flush=True)\n"
                                           "    sys.exit(7)\n"
                                           "signal.signal(signal.SIGTERM, on_term)\n")
                             << 7 << QByteArray("graceful shutdown") << true;
    // A clean shutdown longer than the window's Stop grace (2 s): it was killed at 2 s, exit 137, its end lost.
    QTest::newRow("SIGTERM, a slow shutdown") << int(SIGTERM)
                                              << QByteArray("import signal, sys, time\n"
                                                            "def on_term(n, f):\n"
                                                            "    print('shutting down', flush=True)\n"
                                                            "    time.sleep(2.5)\n"
                                                            "    print('clean exit', flush=True)\n"
                                                            "    sys.exit(0)\n"
                                                            "signal.signal(signal.SIGTERM, on_term)\n")
                                              << 0 << QByteArray("clean exit") << true;
    // The terminal closed: Threadline died of it and the program, in a group of its own, ran on.
    QTest::newRow("SIGHUP") << int(SIGHUP) << QByteArray() << 128 + SIGHUP << QByteArray("ready") << false;
}

// Ctrl+C or SIGTERM reaches Threadline (the program has a process group of its own): the program is stopped by
// that signal, ends as Python's would (its KeyboardInterrupt, its handler), and the trace so far is written.
void TestPythonSignals::interruptStopsTheProgramAndKeepsTheTrace()
{
    QFETCH(int, signal);
    QFETCH(QByteArray, handler);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, said);
    QFETCH(bool, closesItsTrace);
    const QString path = script(QStringLiteral("endless.py"),
                                handler + "import threading, time\n"
                                          "def tick():\n"
                                          "    while True:\n"
                                          "        time.sleep(0.05)\n"
                                          "threading.Thread(target=tick, name='ticker', daemon=True).start()\n"
                                          "print('ready', flush=True)\n"
                                          "while True:\n"
                                          "    time.sleep(0.05)\n");
    const QString out = m_out + QStringLiteral("/interrupted.json");
    QProcess process;
    QVERIFY(startThreadline(process, {"--python", testPython(), "--export", out, path}));
    QByteArray printed;
    if (!readStdoutUntil(process, printed, [](const QByteArray& p) { return p.contains("ready"); }))
        process.terminate(); // Threadline stops the program on its way out
    QVERIFY2(printed.contains("ready"), process.readAllStandardError().constData());
    QCOMPARE(process.state(), QProcess::Running);
    ::kill(static_cast<pid_t>(process.processId()), signal);
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), exitCode); // as python's own: 130 for its KeyboardInterrupt, the handler's
    const QByteArray err = process.readAllStandardError();
    const QByteArray output = printed + process.readAllStandardOutput() + err;
    QVERIFY2(output.contains(said), output.constData());
    const QString stopped = QStringLiteral("stopped by SIG%1").arg(QLatin1String(::sigabbrev_np(signal)));
    QVERIFY2(err.contains("threadline: " + stopped.toUtf8()), err.constData());
    const QJsonObject other = otherDataOf(out);
    const QStringList problems = strings(other.value("problems"));
    QCOMPARE(problems.value(problems.size() - 1), stopped);
    // Killed by the signal, the program could not close its trace: that is said first.
    QCOMPARE(problems.size(), closesItsTrace ? 1 : 2);
    QCOMPARE(other.value("stopped").toBool(), true);
    QFile json(out);
    QVERIFY(json.open(QIODevice::ReadOnly));
    QVERIFY(json.readAll().contains("\"ticker\""));
}

// `--stats SCRIPT.py` stopped by Ctrl+C prints where the time went until then and exits as the program did, as
// --export does: one that catches the KeyboardInterrupt and exits 5 exits 5 (it was made 130).
void TestPythonSignals::statsOfAnInterruptedProgramExitWithItsCode()
{
    const QString ready = m_out + QStringLiteral("/stats-ready");
    QFile::remove(ready);
    const QString path = script(QStringLiteral("caught.py"), "import sys, time\n"
                                                             "open(sys.argv[1], 'w').close()\n"
                                                             "try:\n"
                                                             "    while True:\n"
                                                             "        time.sleep(0.05)\n"
                                                             "except KeyboardInterrupt:\n"
                                                             "    sys.exit(5)\n");
    QProcess process;
    QVERIFY(startThreadline(process, {"--python", testPython(), "--stats", path, ready}));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(ready), 20000); // its prints would not tell: stdout is the CSV's
    ::kill(static_cast<pid_t>(process.processId()), SIGINT);
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    const QByteArray out = process.readAllStandardOutput();
    QCOMPARE(process.exitCode(), 5);
    QVERIFY2(out.startsWith("thread,state,seconds,share\n") && out.contains("\nMainThread,sleep,"), out.constData());
}

// The first signal is the program's to answer however it likes, for as long as it likes (no kill after a grace
// period: a clean shutdown may take longer); a second one, as a user presses Ctrl+C again, kills it. The trace is
// written either way.
void TestPythonSignals::aSecondSignalKillsAProgramThatWaitsOn()
{
    const QString path = script(QStringLiteral("stubborn.py"), "import signal, time\n"
                                                               "def on_term(n, f):\n"
                                                               "    print('ignored', flush=True)\n"
                                                               "signal.signal(signal.SIGTERM, on_term)\n"
                                                               "print('ready', flush=True)\n"
                                                               "while True:\n"
                                                               "    time.sleep(0.05)\n");
    const QString out = m_out + QStringLiteral("/stubborn.json");
    QProcess process;
    QVERIFY(startThreadline(process, {"--python", testPython(), "--export", out, path}));
    QByteArray printed;
    const auto waitFor = [&](const QByteArray& word) {
        return readStdoutUntil(process, printed, [&word](const QByteArray& p) { return p.contains(word); });
    };
    QVERIFY(waitFor("ready"));
    ::kill(static_cast<pid_t>(process.processId()), SIGTERM);
    QVERIFY(waitFor("ignored"));
    QVERIFY(!process.waitForFinished(2500)); // past the window's grace: still running, as untraced
    ::kill(static_cast<pid_t>(process.processId()), SIGTERM);
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 128 + SIGKILL);
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(err.contains("threadline: stopped: SIGTERM, then SIGKILL as asked again"), err.constData());
    QVERIFY(otherDataOf(out).value("stopped").toBool());
}

void TestPythonSignals::aSignalThreadlineWasStartedIgnoringStaysIgnored_data()
{
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGHUP, under nohup") << int(SIGHUP);
    QTest::newRow("SIGINT, a background job") << int(SIGINT);
    QTest::newRow("SIGTERM") << int(SIGTERM);
}

// `nohup threadline ... &`, then the terminal closes: the program, which python3 would start with SIGHUP ignored and
// which would run on, was handed SIGHUP's default and ended by the stop Threadline made of it, exit 129; so with
// SIGINT in a background job, where python3 installs no KeyboardInterrupt. Found by a reviewer. Compared with
// python3 started and signalled the same way.
void TestPythonSignals::aSignalThreadlineWasStartedIgnoringStaysIgnored()
{
    QFETCH(int, signal);
    const QString path =
        script(QStringLiteral("ignoring.py"), "import signal, sys, time\n"
                                              "number = int(sys.argv[1])\n"
                                              "print('handler', signal.getsignal(number), flush=True)\n"
                                              "time.sleep(1)\n"
                                              "print('survived', flush=True)\n");
    const QString out = m_out + QStringLiteral("/ignoring.json");
    const QStringList args{path, QString::number(signal)};
    struct Ended {
        int exitCode = -1;
        QByteArray out;
    };
    const auto signalled = [signal](QProcess& process) {
        QByteArray printed;
        if (!readStdoutUntil(process, printed, [](const QByteArray& p) { return p.contains('\n'); }))
            return Ended{};
        ::kill(static_cast<pid_t>(process.processId()), signal);
        if (!process.waitForFinished(30000))
            return Ended{};
        return Ended{process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                     printed + process.readAllStandardOutput()};
    };
    QProcess python;
    startWithStopSignals(python, testPython(), args, {signal});
    QVERIFY(python.waitForStarted());
    const Ended untraced = signalled(python);
    QCOMPARE(untraced.exitCode, 0);
    QVERIFY2(untraced.out.endsWith("survived\n"), untraced.out.constData());

    QProcess process;
    QVERIFY(startThreadline(process, QStringList{"--python", testPython(), "--export", out} + args, Display::None,
                            {signal}));
    const Ended traced = signalled(process);
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(traced.exitCode == 0, err.constData());
    QCOMPARE(traced.out, untraced.out);
    QVERIFY2(!err.contains("stopped"), err.constData());
    QCOMPARE(otherDataOf(out).value("stopped").toBool(), false);
}

// Threadline killed (or crashed) while the program runs: the program, in the process group Threadline made for it,
// ran on for ever, its trace and output read by no one. The tracer sees it has lost its parent and ends the group.
void TestPythonSignals::theProgramDoesNotOutliveThreadline()
{
    const QString path = script(QStringLiteral("forever.py"), "import os, threading, time\n"
                                                              "def tick():\n"
                                                              "    while True:\n"
                                                              "        time.sleep(0.05)\n"
                                                              "threading.Thread(target=tick, daemon=True).start()\n"
                                                              "print('pid', os.getpid(), flush=True)\n"
                                                              "while True:\n"
                                                              "    time.sleep(0.05)\n");
    QProcess process;
    QVERIFY(
        startThreadline(process, {"--python", testPython(), "--export", m_out + QStringLiteral("/gone.json"), path}));
    QByteArray printed;
    readStdoutUntil(process, printed, [](const QByteArray& p) { return p.contains('\n'); });
    const qint64 program = printed.trimmed().split(' ').value(1).toLongLong();
    QVERIFY2(program > 0 && processRuns(static_cast<pid_t>(program)), printed.constData());
    process.kill();
    QVERIFY(process.waitForFinished(30000));
    QElapsedTimer gone;
    gone.start();
    while (processRuns(static_cast<pid_t>(program)) && gone.elapsed() < 10000)
        QTest::qWait(20);
    const bool stillRunning = processRuns(static_cast<pid_t>(program));
    if (stillRunning)
        ::kill(static_cast<pid_t>(program), SIGKILL); // leave nothing behind, then fail
    QVERIFY2(!stillRunning, "the program outlived Threadline");
    qInfo("the program ended %lld ms after Threadline was killed", gone.elapsed());
}

QTEST_GUILESS_MAIN(TestPythonSignals)
#include "tst_pythonsignals.moc"
