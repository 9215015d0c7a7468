// Stopping a traced program, and programs that end themselves abruptly: SIGINT first, a second SIGINT once the exit
// waits for threads (or after half the grace period), SIGKILL after the grace period, nothing left running, the trace
// so far kept, its open lanes ended and the run marked.

#include "pythonrun.h"
#include "trace/eventschema.h"

#include <QTest>

#include <signal.h>

using namespace tl;
using namespace tl::pytest;

namespace {

// Running, that is: not gone and not a zombie waiting to be reaped.
bool processAlive(qint64 pid)
{
    if (::kill(pid_t(pid), 0) != 0)
        return false;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close < 0 || close + 2 >= text.size() || text.at(close + 2) != 'Z';
}

// Starts `code`, waits until main's lane has an event of `kind` (asleep, waiting at exit), then stops it. A state,
// not a count of main's events: a count went stale when Thread.start() gained its start-wait events, and would have
// stopped the program before its thread existed.
Run stopWhenMainHas(const QByteArray& code, int graceMs, EventKind kind)
{
    LiveRun r = startLive(code, {.stopGraceMs = graceMs});
    if (!r.recorder)
        return r;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 20000 && (r.store->laneCount() == 0 || eventsOf(r.store->lane(0), kind).empty())) {
        r.recorder->drainOnce();
        r.source->waitForFinished(10);
    }
    r.source->requestStop();
    r.recorder->recordToCompletion();
    return r;
}

Run stopWhenAsleep(const QByteArray& code, int graceMs)
{
    return stopWhenMainHas(code, graceMs, EventKind::SleepBegin);
}

} // namespace

class tst_PythonStop : public QObject {
    Q_OBJECT

private slots:
    void sigintEndsASleepingProgram()
    {
        QElapsedTimer clock;
        clock.start();
        const Run r = stopWhenAsleep("import time\ntime.sleep(60)\n", 5000);
        QVERIFY(clock.elapsed() < 5000);
        QCOMPARE(r.source->exitCode().value_or(-1), 128 + SIGINT); // Python's own end by KeyboardInterrupt
        QVERIFY(r.source->problems().contains(QStringLiteral("stopped by SIGINT")));
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        QVERIFY(main);
        QCOMPARE(r.store->text(eventsOf(*main, EventKind::Error).at(0).a), QStringLiteral("KeyboardInterrupt"));
        // The stop's, not the program's error: drawn and told as the stop.
        QVERIFY(flagSet(eventsOf(*main, EventKind::Error).at(0), FlagRole::ByStop));
        QVERIFY(main->endTs != kOpenEnd);
        QVERIFY(r.err().endsWith("KeyboardInterrupt\n"));
    }

    // Stop while main waits at exit for a thread that is no daemon: the KeyboardInterrupt cuts the wait short (Python
    // says "Exception ignored in: <module 'threading'>") and the interpreter ends with the thread still running. It
    // is stopped, not "daemon cut at exit" (a reviewer); a daemon beside it is cut as a daemon.
    void aThreadLeftAtAnExitCutShortIsStoppedNotADaemonCut()
    {
        const QByteArray code = "import threading\n"
                                "threading.Thread(target=threading.Event().wait, name='waiter').start()\n"
                                "threading.Thread(target=threading.Event().wait, name='helper', daemon=True).start()\n"
                                "print('main done', flush=True)\n";
        const Run r = stopWhenMainHas(code, 5000, EventKind::ExitWaitBegin);
        QVERIFY2(r.err().contains("KeyboardInterrupt"), r.err().constData());
        const LaneInfo* waiter = r.lane(QStringLiteral("waiter"));
        const LaneInfo* helper = r.lane(QStringLiteral("helper"));
        QVERIFY(waiter && helper);
        QCOMPARE(story(*waiter).mid(story(*waiter).size() - 2), QStringList({"stopped", "run-end"}));
        QCOMPARE(story(*helper).mid(story(*helper).size() - 2), QStringList({"daemon-stopped", "run-end"}));
        QCOMPARE(eventsOf(*waiter, EventKind::Stopped).at(0).ts,
                 eventsOf(*r.lane(QStringLiteral("MainThread")), EventKind::Exit).at(0).ts); // cut at the exit
    }

    // Stop while main joins a thread that waits for ever (the commonest hang): on 3.11 and 3.12 the interrupted join
    // calls the thread stopped (bpo-45274), which it is not; it ran on to the exit, and had no end there (a reviewer).
    // It is stopped at the exit (or, where the exit waits for it, at the hard kill), as the daemon beside it is cut.
    void aThreadJoinedWhenStoppedEndsStopped()
    {
        const QByteArray code = "import threading\n"
                                "ev = threading.Event()\n"
                                "t = threading.Thread(target=ev.wait, name='waiter')\n"
                                "t.start()\n"
                                "threading.Thread(target=ev.wait, name='helper', daemon=True).start()\n"
                                "t.join()\n";
        const Run r = stopWhenMainHas(code, 2000, EventKind::JoinBegin);
        const LaneInfo* waiter = r.lane(QStringLiteral("waiter"));
        const LaneInfo* helper = r.lane(QStringLiteral("helper"));
        QVERIFY(waiter && helper);
        QCOMPARE(story(*waiter).mid(story(*waiter).size() - 2), QStringList({"stopped", "run-end"}));
        QVERIFY(helper->endTs != kOpenEnd);
        QVERIFY(story(*helper).constLast() == QStringLiteral("run-end"));
    }

    // A worker's os._exit cuts main where it stood: stopped, with one run-end (it had two), and a pool's worker made
    // by a daemon thread is a daemon as its maker is (its start is not traced: it was "stopped", a reviewer).
    void osExitInAWorkerCutsMainAndKnowsAPoolsDaemons()
    {
        const Run r = runCode("import os, threading, time\n"
                              "from concurrent.futures import ThreadPoolExecutor\n"
                              "ready = threading.Event()\n"
                              "def maker():\n"
                              "    pool = ThreadPoolExecutor(1, thread_name_prefix='dpool')\n"
                              "    pool.submit(time.sleep, 30)\n"
                              "    ready.set()\n"
                              "    time.sleep(30)\n"
                              "threading.Thread(target=maker, name='maker', daemon=True).start()\n"
                              "def quit():\n"
                              "    ready.wait()\n"
                              "    time.sleep(0.3)\n"
                              "    os._exit(4)\n"
                              "threading.Thread(target=quit, name='quitter').start()\n"
                              "time.sleep(30)\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 4);
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        const LaneInfo* worker = r.lane(QStringLiteral("dpool_0"));
        QVERIFY(main && worker);
        QCOMPARE(story(*main).mid(story(*main).size() - 3), QStringList({"sleep-begin", "stopped", "run-end"}));
        QCOMPARE(story(*worker).mid(story(*worker).size() - 2), QStringList({"daemon-stopped", "run-end"}));
    }

    // Stop as Ctrl+C twice at a terminal: main sleeps and a thread that is no daemon waits for ever. The SIGINT
    // ends main, the exit waits for the thread (threading._shutdown), and a second SIGINT ends that wait, as
    // CPython untraced does (a KeyboardInterrupt in _shutdown, then the end by SIGINT). Every Stop
    // of such a program ended in SIGKILL after the grace period, with its trace cut ("the trace ends early").
    void aSecondSigintEndsTheExitsWaitAndTheTraceCloses()
    {
        const QByteArray code = "import threading, time\n"
                                "threading.Thread(target=threading.Event().wait, name='waiter').start()\n"
                                "time.sleep(60)\n";
        QElapsedTimer clock;
        clock.start();
        const Run r = stopWhenAsleep(code, 20000);
        QVERIFY2(clock.elapsed() < 10000, "waited for the SIGKILL"); // well before the grace period
        QCOMPARE(r.source->exitCode().value_or(-1), 128 + SIGINT);
        QCOMPARE(r.source->problems(),
                 QStringList{
                     QStringLiteral("stopped by SIGINT, then a second SIGINT as it waited at exit for its threads")});
        // The second KeyboardInterrupt, raised in threading._shutdown: 3.11 and 3.12 print it after "Exception ignored
        // in: <module 'threading'>", 3.13 as a plain traceback.
        QVERIFY2(r.err().contains(", in _shutdown\n") && r.err().trimmed().endsWith("KeyboardInterrupt:"),
                 r.err().constData());
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        const LaneInfo* waiter = r.lane(QStringLiteral("waiter"));
        QVERIFY(main && waiter);
        const std::vector<Event> errors = eventsOf(*main, EventKind::Error);
        QCOMPARE(errors.size(), std::size_t{1});
        QVERIFY(flagSet(errors.at(0), FlagRole::ByStop));
        // Its wait at exit, which the second SIGINT ended (Python's "Exception ignored" prints follow it), then the
        // exit that the tracer wrote itself: the trace is whole.
        const QStringList told = story(*main);
        QVERIFY2(told.indexOf("exit-wait-begin") >= 0 &&
                     told.indexOf("exit-wait-begin") < told.indexOf("exit-wait-end"),
                 qPrintable(told.join(' ')));
        QCOMPARE(told.mid(told.size() - 2), QStringList({"exit", "run-end"}));
        QCOMPARE(story(*waiter).mid(story(*waiter).size() - 2), QStringList({"stopped", "run-end"}));
    }

    // A program that makes its own error of the stop's KeyboardInterrupt has failed by its own error: that one stays
    // an error.
    void theProgramsOwnErrorAfterAStopStaysAnError()
    {
        const Run r = stopWhenAsleep("import time\n"
                                     "try:\n"
                                     "    time.sleep(60)\n"
                                     "except KeyboardInterrupt:\n"
                                     "    raise RuntimeError('cleanup failed')\n",
                                     5000);
        QCOMPARE(r.source->exitCode().value_or(-1), 1);
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        QVERIFY(main);
        const std::vector<Event> errors = eventsOf(*main, EventKind::Error);
        QCOMPARE(errors.size(), std::size_t{1});
        QCOMPARE(r.store->text(errors.at(0).a), QStringLiteral("RuntimeError"));
        QVERIFY(!flagSet(errors.at(0), FlagRole::ByStop));
    }

    void sigkillAfterTheGracePeriod()
    {
        // A program that ignores SIGINT, with a non-daemon thread that never ends: the SIGINT raises nothing, so no
        // second one is sent (a program that caught the first keeps its grace period for its own cleanup). The grace
        // period ends it with SIGKILL, which also takes the program's own child process.
        const QByteArray code = "import signal, subprocess, threading, time\n"
                                "child = subprocess.Popen(['sleep', '60'])\n"
                                "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                                "print(child.pid, flush=True)\n"
                                "def forever():\n"
                                "    while True:\n"
                                "        time.sleep(0.05)\n"
                                "threading.Thread(target=forever, name='forever').start()\n"
                                "time.sleep(60)\n";
        QElapsedTimer clock;
        clock.start();
        const Run r = stopWhenAsleep(code, 300); // main sleeps once start() has seen `forever` run
        QVERIFY(clock.elapsed() < 10000);
        QCOMPARE(r.source->exitCode().value_or(-1), 128 + SIGKILL);
        QVERIFY2(r.source->problems()
                     .join(QLatin1Char('\n'))
                     .contains(QLatin1String("stopped: SIGINT, then SIGKILL after 300 ms")),
                 qPrintable(r.source->problems().join(QLatin1Char('\n'))));
        const LaneInfo* endless = r.lane(QStringLiteral("forever"));
        QVERIFY(endless);
        QCOMPARE(story(*endless).mid(story(*endless).size() - 2), QStringList({"stopped", "run-end"}));
        for (LaneId id = 0; id < r.store->laneCount(); ++id)
            QVERIFY(r.store->lane(id).endTs != kOpenEnd);
        const qint64 childPid = r.out().trimmed().toLongLong();
        QVERIFY(childPid > 0);
        QTRY_VERIFY(!processAlive(childPid));
        QVERIFY(!processAlive(r.source->hello()->pid));
    }

    void osExitCutsEveryThread()
    {
        const Run r = runCode("import os, threading, time\n"
                              "threading.Thread(target=time.sleep, args=(60,), name='sleeper').start()\n"
                              "print('before', flush=True)\n"
                              "os._exit(5)\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 5);
        QCOMPARE(r.out(), QByteArray("before\n"));
        QVERIFY(r.source->problems().contains(
            QStringLiteral("the program called os._exit(5): its threads ended where they stood")));
        const LaneInfo* sleeper = r.lane(QStringLiteral("sleeper"));
        QVERIFY(sleeper);
        // No daemon: os._exit did not wait for it, so it stopped where it stood (not "daemon cut at exit").
        QCOMPARE(story(*sleeper).mid(story(*sleeper).size() - 2), QStringList({"stopped", "run-end"}));
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        QCOMPARE(story(*main).mid(story(*main).size() - 2), QStringList({"exit", "run-end"}));
        QCOMPARE(r.store->droppedEvents(), 0u);
    }

    // os.execv replaced the program with the events not yet sent: the worker's end, main's join and print were lost,
    // the ended worker drawn as cut, "the trace ends early". An exec that will run ends the trace first.
    void anExecEndsTheTraceFirst()
    {
        const Run r = runCode("import os, sys, threading, time\n"
                              "t = threading.Thread(target=time.sleep, args=(0.05,), name='worker')\n"
                              "t.start(); t.join()\n"
                              "print('exec', flush=True)\n"
                              "os.execv(sys.executable, [sys.executable, '-c', 'print(\"after\")'])\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        QCOMPARE(r.out(), QByteArray("exec\nafter\n"));
        QCOMPARE(r.source->problems(), QStringList({"the program called os.execv(): what it became is not traced"}));
        QCOMPARE(story(*r.lane(QStringLiteral("worker"))).last(), QStringLiteral("run-end"));
        QVERIFY(!story(*r.lane(QStringLiteral("worker"))).contains(QStringLiteral("daemon-stopped")));
        const QStringList main = story(*r.lane(QStringLiteral("MainThread")));
        QVERIFY(main.contains(QStringLiteral("join-end")));
        QCOMPARE(main.mid(main.size() - 3), QStringList({"print", "exit", "run-end"}));
    }

    // An exec that cannot run raises its own error, at the program's line, and the trace goes on.
    void anExecThatFailsLeavesTheTraceOpen()
    {
        const Run r = runCode("import os\n"
                              "try:\n"
                              "    os.execv('/nonexistent/program', ['x'])\n"
                              "except OSError as e:\n"
                              "    print(type(e).__name__, e.errno)\n"
                              "print('still traced')\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        QCOMPARE(r.out(), QByteArray("FileNotFoundError 2\nstill traced\n"));
        QCOMPARE(printsOf(*r.store, *r.lane(QStringLiteral("MainThread"))),
                 QStringList({"FileNotFoundError 2", "still traced"}));
        QCOMPARE(r.source->problems(), QStringList());
    }

    // Daemon code and a child's preparation close every fd above stderr: the tracer's channel is not among them.
    void aProgramThatClosesEveryFdKeepsItsTrace()
    {
        const Run r = runCode("import os, threading\n"
                              "os.closerange(3, 65536)\n"
                              "t = threading.Thread(target=print, args=('after',), name='t')\n"
                              "t.start(); t.join()\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        QCOMPARE(r.source->problems(), QStringList());
        const LaneInfo* t = r.lane(QStringLiteral("t"));
        QVERIFY(t);
        QCOMPARE(printsOf(*r.store, *t), QStringList({"after"}));
        QCOMPARE(story(*t).last(), QStringLiteral("run-end"));
        QCOMPARE(r.store->droppedEvents(), 0u);
    }

    void aProgramThatKillsItselfKeepsItsTrace()
    {
        const Run r = runCode("import os, signal, threading, time\n"
                              "threading.Thread(target=time.sleep, args=(60,), name='sleeper').start()\n"
                              "print('last words')\n"
                              "time.sleep(0.1)\n"
                              "os.kill(os.getpid(), signal.SIGKILL)\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 128 + SIGKILL);
        const QString problems = r.source->problems().join(QLatin1Char('\n'));
        QVERIFY2(problems.contains(QLatin1String("killed by SIGKILL")), qPrintable(problems));
        QVERIFY2(problems.contains(QLatin1String("the trace ends early")), qPrintable(problems));
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        const LaneInfo* sleeper = r.lane(QStringLiteral("sleeper"));
        QVERIFY(main && sleeper);
        QCOMPARE(printsOf(*r.store, *main), QStringList({"last words"}));
        QCOMPARE(r.store->text(eventsOf(*main, EventKind::Error).at(0).a), QStringLiteral("Killed"));
        QCOMPARE(story(*sleeper).mid(story(*sleeper).size() - 2), QStringList({"stopped", "run-end"}));
        // The kill ended the threads where they stood, 0.1 s into main's sleep: their states last until then (they
        // were cut at main's sleep-begin, the last event the stream sent, and --stats lost the sleeps).
        const std::int64_t sleepBegan = eventsOf(*main, EventKind::SleepBegin).at(0).ts;
        const std::int64_t ended = eventsOf(*sleeper, EventKind::RunEnd).at(0).ts;
        QVERIFY2(ended - sleepBegan >= 100'000'000, qPrintable(QString::number(ended - sleepBegan)));
        QCOMPARE(eventsOf(*main, EventKind::RunEnd).at(0).ts, ended);
    }

    void destroyingTheSourceStopsTheProgram()
    {
        PythonRunOptions options;
        options.python = python();
        options.script = writeScript("import time\nprint('up', flush=True)\ntime.sleep(60)\n");
        options.stopGraceMs = 500;
        qint64 pid = 0;
        QElapsedTimer clock;
        {
            PythonSource source(options);
            QVERIFY(source.start());
            QTRY_VERIFY(source.hello().has_value());
            pid = source.hello()->pid;
            QVERIFY(processAlive(pid));
            clock.start();
        }
        QVERIFY(clock.elapsed() < 5000);
        QTRY_VERIFY(!processAlive(pid));
    }
};

QTEST_GUILESS_MAIN(tst_PythonStop)
#include "tst_pythonstop.moc"
