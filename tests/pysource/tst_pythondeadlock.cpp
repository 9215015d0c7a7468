// Deadlocks and stalls in a real interpreter under the tracer: a cycle of waits is named as it forms (within
// 100 ms), a wait no thread can end is a stall, and a headless run stops at either; what the sentence says of
// each thread's wait. The primitives' own events: tst_pythonsync.

#include "pysource/deadlockwatch.h"
#include "pythonrun.h"
#include "support/pythontestutil.h"
#include "trace/deadlocktext.h"

#include <QElapsedTimer>
#include <QTest>

#include <algorithm>

using namespace tl;
using namespace tl::pytest;

namespace {

// The promise is 100 ms from the wait that closes a cycle to the drain that names it. A sanitizer slows the
// reader's side (its thread, the parser and the drain) many times over, as it does wake-ups
// (support/wakelatency.h); a missed cycle is missed for good, so the looser bound still tells them apart.
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
constexpr double kDeadlockFoundWithinMs = 500;
#else
constexpr double kDeadlockFoundWithinMs = 100;
#endif

// The lesson's two threads: one() takes plain Lock a then b, two() b then a, each holding its first for 0.3 s, so
// that their cycle closes once both have started: two must take b before one comes back for it, with room for a
// late wake-up on a loaded machine. The script that uses it starts them.
constexpr const char* kOppositeLockOrder = "a = threading.Lock()\n"
                                           "b = threading.Lock()\n"
                                           "def one():\n"
                                           "    with a:\n"
                                           "        time.sleep(0.3)\n"
                                           "        with b:\n"
                                           "            pass\n"
                                           "def two():\n"
                                           "    with b:\n"
                                           "        time.sleep(0.3)\n"
                                           "        with a:\n"
                                           "            pass\n";

// Drains a program that hangs until `found` holds (or 20 s pass), then stops it and records the rest.
template <typename Found> void stopOnceFound(LiveRun& r, Found found)
{
    QElapsedTimer clock;
    clock.start();
    while (!found() && clock.elapsed() < 20000) {
        r.recorder->drainOnce();
        r.source->waitForFinished(10);
    }
    r.source->requestStop();
    r.recorder->recordToCompletion();
}

} // namespace

class tst_PythonDeadlock : public QObject {
    Q_OBJECT

private slots:
    void aDeadlockIsFoundAsItForms()
    {
        // The lesson's two locks in opposite order. The cycle must be named within 100 ms of the wait that
        // closed it: measured here as the trace time at the drain that first held it, less its moment.
        LiveRun r = startLive("import threading, time\n"
                              "a = threading.Lock()\n"
                              "b = threading.Lock()\n"
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
                              "t1 = threading.Thread(target=one)\n"
                              "t2 = threading.Thread(target=two)\n"
                              "t1.start(); t2.start()\n"
                              "t1.join(); t2.join()\n");
        QVERIFY2(r.recorder, qPrintable(r.startError));
        QElapsedTimer clock;
        clock.start();
        std::int64_t seenAt = -1;
        while (seenAt < 0 && clock.elapsed() < 20000) {
            r.recorder->drainOnce();
            if (deadlockCycles(*r.store).size() > 0)
                seenAt = r.source->nowTs();
            r.source->waitForFinished(10);
        }
        r.source->requestStop();
        r.recorder->recordToCompletion();
        const std::vector<DeadlockCycle> cycles = deadlockCycles(*r.store);
        QCOMPARE(cycles.size(), std::size_t(1));
        QVERIFY(!cycles[0].potential);
        const double latencyMs = double(seenAt - cycles[0].ts) / 1e6;
        QVERIFY2(latencyMs >= 0 && latencyMs < kDeadlockFoundWithinMs, qPrintable(QString::number(latencyMs)));
        QCOMPARE(
            deadlockSentence(*r.store, cycles[0]),
            QStringLiteral("Deadlock: Thread-1 (one) holds a and waits for b; Thread-2 (two) holds b and waits for a"));
        // The wait that closed it names its `with` on its own lane; the other lane's line is that thread's own to
        // write, so its deadlock event names none. Which thread closes it is the scheduler's choice (CI's
        // ThreadSanitizer stage once had Thread-1 block second): the members are in lane order, not closing order.
        std::vector<Event> named;
        for (EventId id : cycles[0].members)
            if (r.store->event(id).line != 0)
                named.push_back(r.store->event(id));
        QCOMPARE(named.size(), std::size_t(1));
        QVERIFY2(named[0].line == 7 || named[0].line == 12, qPrintable(QString::number(named[0].line)));
        qInfo("deadlock named %.1f ms after the wait that closed it", latencyMs);
    }

    // The wait that closes a cycle in a module the script imports: its deadlock event names that module's line and
    // file, as the wait's own event does (it named the line alone, read as the script's).
    void aDeadlockInAnImportedModuleNamesItsFile()
    {
        const QString module = writeScript(QByteArray("import threading, time\n") + kOppositeLockOrder,
                                           QStringLiteral("opposite_locks.py"));
        LiveRun r = startLive("import threading, opposite_locks\n"
                              "t1 = threading.Thread(target=opposite_locks.one)\n"
                              "t2 = threading.Thread(target=opposite_locks.two)\n"
                              "t1.start(); t2.start()\n"
                              "t1.join(); t2.join()\n");
        QVERIFY2(r.recorder, qPrintable(r.startError));
        stopOnceFound(r, [&] { return firstDeadlock(*r.store).has_value(); });
        const std::vector<DeadlockCycle> cycles = deadlockCycles(*r.store);
        QCOMPARE(cycles.size(), std::size_t(1));
        QStringList named;
        for (EventId id : cycles[0].members) {
            if (const Event& e = r.store->event(id); e.line != 0)
                named << QStringLiteral("%1:%2").arg(r.store->text(r.store->fileOf(id))).arg(e.line);
        }
        QCOMPARE(named.size(), 1);
        QVERIFY2(named[0] == module + QStringLiteral(":7") || named[0] == module + QStringLiteral(":12"),
                 qPrintable(named[0]));
    }

    // A plain Lock may be released by any thread: main waits on one it holds, for `opener` to open it. CPython
    // runs it to its end; the watch may call it potential, never a deadlock (it did, and a headless run was
    // stopped with exit code 3).
    void aLockAnotherThreadOpensIsNoDeadlock()
    {
        const Run r = runCode(tl::pytest::kLockOpenedByAnotherThread);
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        QCOMPARE(printsOf(*r.store, *r.lane(QStringLiteral("MainThread"))), QStringList({"opened"}));
        const std::vector<DeadlockCycle> cycles = deadlockCycles(*r.store);
        QCOMPARE(cycles.size(), std::size_t(1));
        QVERIFY(cycles[0].potential);
        QCOMPARE(deadlockSentence(*r.store, cycles[0]),
                 QStringLiteral("Potential deadlock: MainThread holds go and waits for go"));
        QVERIFY(!firstDeadlock(*r.store));
    }

    // A thread a C library starts has no lane until its first traced call: here it sleeps in C for 0.5 s (a ctypes
    // callback), then opens the Lock main waits on, or sets its Event. Found by a reviewer: the watch named a
    // deadlock (the Lock) or a stall (the Event), and a headless run stopped a program that ends well. The
    // program's threads, counted as Linux lists them, show one the trace has not: both are potential at most.
    void aThreadACLibraryStartedMayOpenTheWait_data()
    {
        QTest::addColumn<QByteArray>("setUp");
        QTest::addColumn<QByteArray>("open");
        QTest::addColumn<QByteArray>("wait");
        QTest::addRow("Lock") << QByteArray("go = threading.Lock()\ngo.acquire()\n") << QByteArray("go.release()")
                              << QByteArray("go.acquire()");
        QTest::addRow("Event") << QByteArray("go = threading.Event()\n") << QByteArray("go.set()")
                               << QByteArray("go.wait()");
    }
    void aThreadACLibraryStartedMayOpenTheWait()
    {
        QFETCH(QByteArray, setUp);
        QFETCH(QByteArray, open);
        QFETCH(QByteArray, wait);
        const Run r = runCode("import ctypes, threading\n"
                              "libc = ctypes.CDLL(None)\n" +
                              setUp +
                              "@ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p)\n"
                              "def body(arg):\n"
                              "    libc.usleep(500000)\n"
                              "    " +
                              open +
                              "\n"
                              "tid = ctypes.c_ulong()\n"
                              "libc.pthread_create(ctypes.byref(tid), None, body, None)\n" +
                              wait +
                              "\n"
                              "print('opened')\n"
                              "libc.pthread_join(tid, None)\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        QCOMPARE(printsOf(*r.store, *r.lane(QStringLiteral("MainThread"))), QStringList({"opened"}));
        QVERIFY(!firstDeadlock(*r.store));
        for (const Event& e : r.store->eventsByTime()) {
            if (e.kind == EventKind::Deadlock || e.kind == EventKind::Stall)
                QVERIFY(e.flags & EventFlag::Potential);
        }
    }

    // Main gives up on RLock b (Ctrl+C in its acquire) and later lets a go for the worker, which holds b and waits
    // for a. The interrupted wait was never ended on the RLock (the Lock's was): the trace kept main waiting for b,
    // the watch found a deadlock, and the headless run stopped a program that ends well.
    void anInterruptedRLockWaitEnds()
    {
        const Run r = runCode("import threading, os, signal, time\n"
                              "a = threading.RLock()\n"
                              "b = threading.RLock()\n"
                              "go = threading.Event()\n"
                              "def worker():\n"
                              "    with b:\n"
                              "        time.sleep(0.6)\n" // main's wait for b is over by then
                              "        with a:\n"
                              "            print('worker got a')\n"
                              "a.acquire()\n"
                              "t = threading.Thread(target=worker, name='worker'); t.start()\n"
                              "time.sleep(0.2)\n" // the worker has b by then, and keeps it while it waits for a
                              "threading.Timer(0.1, os.kill, args=(os.getpid(), signal.SIGINT)).start()\n"
                              "try:\n"
                              "    b.acquire()\n"
                              "except KeyboardInterrupt:\n"
                              "    print('main: skipped b')\n"
                              "threading.Timer(0.5, go.set).start()\n"
                              "go.wait()\n"
                              "a.release()\n"
                              "t.join()\n"
                              "print('done')\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        QCOMPARE(printsOf(*r.store, *r.lane(QStringLiteral("MainThread"))), QStringList({"main: skipped b", "done"}));
        QVERIFY(!firstDeadlock(*r.store));
        const std::vector<Event> acquired = eventsOf(*r.lane(QStringLiteral("MainThread")), EventKind::Acquired);
        QVERIFY(std::any_of(acquired.begin(), acquired.end(),
                            [](const Event& e) { return (e.flags & EventFlag::Interrupted) != 0; }));
    }

    // The lesson's cycle while main still sleeps: main could still open either Lock, so it is potential; the
    // moment main blocks in its join nothing runs, and the same two threads' cycle is a deadlock.
    void aLockCycleIsCertainOnceTheLastThreadBlocks()
    {
        LiveRun r = startLive(QByteArray("import threading, time\n") + kOppositeLockOrder +
                              "t1 = threading.Thread(target=one)\n"
                              "t2 = threading.Thread(target=two)\n"
                              "t1.start(); t2.start()\n"
                              "time.sleep(0.9)\n"
                              "t1.join()\n");
        QVERIFY2(r.recorder, qPrintable(r.startError));
        stopOnceFound(r, [&] { return firstDeadlock(*r.store).has_value(); });
        const std::vector<DeadlockCycle> cycles = deadlockCycles(*r.store);
        QCOMPARE(cycles.size(), std::size_t(2));
        QVERIFY(cycles[0].potential);
        QVERIFY(!cycles[1].potential);
        const QString both =
            QStringLiteral("Thread-1 (one) holds a and waits for b; Thread-2 (two) holds b and waits for a");
        QCOMPARE(deadlockSentence(*r.store, cycles[0]), QStringLiteral("Potential deadlock: ") + both);
        QCOMPARE(deadlockSentence(*r.store, cycles[1]), QStringLiteral("Deadlock: ") + both);
        const std::vector<Event> joins = eventsOf(*r.lane(QStringLiteral("MainThread")), EventKind::JoinBegin);
        QCOMPARE(joins.size(), std::size_t(1));
        QCOMPARE(cycles[1].ts, joins[0].ts); // certain at main's join, not before
        QVERIFY2(seconds(cycles[1].ts - cycles[0].ts) > 0.3,
                 qPrintable(QString::number(seconds(cycles[1].ts - cycles[0].ts))));
    }

    // A thread blocked in a queue's get or put with no timeout waits for another thread, as an acquire does: with
    // it so, nothing runs once the cycle closes, and the cycle is certain. With a timeout the thread comes back by
    // itself (here to end): potential until then, certain after.
    void aQueueWaitWithNoTimeoutLeavesNothingRunning_data()
    {
        QTest::addColumn<QByteArray>("queue");
        QTest::addColumn<QByteArray>("wait");
        QTest::addColumn<bool>("timed");
        QTest::addRow("get") << QByteArray("queue.Queue()") << QByteArray("q.get()") << false;
        QTest::addRow("put on a full queue")
            << QByteArray("queue.Queue(1); q.put(0)") << QByteArray("q.put(1)") << false;
        QTest::addRow("SimpleQueue get") << QByteArray("queue.SimpleQueue()") << QByteArray("q.get()") << false;
        QTest::addRow("get with a timeout") << QByteArray("queue.Queue()") << QByteArray("q.get(timeout=0.8)") << true;
    }
    void aQueueWaitWithNoTimeoutLeavesNothingRunning()
    {
        QFETCH(QByteArray, queue);
        QFETCH(QByteArray, wait);
        QFETCH(bool, timed);
        QByteArray script = QByteArray("import queue, threading, time\n") + kOppositeLockOrder +
                            "q = QUEUE\n"
                            "def waiter():\n"
                            "    try:\n"
                            "        WAIT\n"
                            "    except queue.Empty:\n"
                            "        pass\n"
                            "threading.Thread(target=waiter, daemon=True).start()\n"
                            "t1 = threading.Thread(target=one)\n"
                            "t2 = threading.Thread(target=two)\n"
                            "t1.start(); t2.start()\n"
                            "t1.join()\n";
        LiveRun r = startLive(script.replace("QUEUE", queue).replace("WAIT", wait));
        QVERIFY2(r.recorder, qPrintable(r.startError));
        stopOnceFound(r, [&] {
            const std::vector<DeadlockCycle> cycles = deadlockCycles(*r.store);
            return std::any_of(cycles.begin(), cycles.end(), [](const DeadlockCycle& c) { return !c.potential; });
        });
        const std::vector<Event> blocked =
            eventsOf(*r.lane(QStringLiteral("Thread-1 (waiter)")),
                     wait.startsWith("q.put") ? EventKind::PutBlocked : EventKind::GetBlocked);
        QCOMPARE(blocked.size(), std::size_t(1));
        QCOMPARE(blocked[0].b, timed ? 800u : kNoValue); // the timeout, in scenario ms
        const std::vector<DeadlockCycle> cycles = deadlockCycles(*r.store);
        QCOMPARE(cycles.size(), std::size_t(timed ? 2 : 1));
        QCOMPARE(cycles.front().potential, timed);
        QVERIFY(!cycles.back().potential);
        if (timed) // certain once the waiter's get has timed out and its thread has ended
            QVERIFY2(seconds(cycles.back().ts - blocked[0].ts) > 0.7,
                     qPrintable(QString::number(seconds(cycles.back().ts - blocked[0].ts))));
    }

    // A program with no cycle whose every thread waits for ever, here a worker on one primitive and main
    // joining it: CPython hangs. The watch names the stall once nothing runs, in the words of each wait.
    void aWaitNoThreadCanEndIsAStall_data()
    {
        QTest::addColumn<QByteArray>("setup");
        QTest::addColumn<QByteArray>("wait");
        QTest::addColumn<QString>("words");
        QTest::addRow("Event") << QByteArray("ev = threading.Event()") << QByteArray("ev.wait()")
                               << QStringLiteral("waits for ev to be set");
        QTest::addRow("Condition") << QByteArray("cond = threading.Condition()") << QByteArray("with cond: cond.wait()")
                                   << QStringLiteral("waits for a notify on cond");
        QTest::addRow("Semaphore") << QByteArray("sem = threading.Semaphore(0)") << QByteArray("sem.acquire()")
                                   << QStringLiteral("waits for sem");
        QTest::addRow("Barrier") << QByteArray("barrier = threading.Barrier(2)") << QByteArray("barrier.wait()")
                                 << QStringLiteral("waits at barrier");
        QTest::addRow("Queue.join") << QByteArray("q = queue.Queue(); q.put(1)") << QByteArray("q.join()")
                                    << QStringLiteral("waits for every task of q to be done");
        QTest::addRow("get") << QByteArray("q = queue.Queue()") << QByteArray("q.get()")
                             << QStringLiteral("waits for an item on q");
        QTest::addRow("put") << QByteArray("q = queue.Queue(1); q.put(0)") << QByteArray("q.put(1)")
                             << QStringLiteral("waits for room on q");
    }
    void aWaitNoThreadCanEndIsAStall()
    {
        QFETCH(QByteArray, setup);
        QFETCH(QByteArray, wait);
        QFETCH(QString, words);
        QByteArray script = "import queue, threading\n"
                            "SETUP\n"
                            "def worker():\n"
                            "    WAIT\n"
                            "t = threading.Thread(target=worker)\n"
                            "t.start()\n"
                            "t.join()\n";
        LiveRun r = startLive(script.replace("SETUP", setup).replace("WAIT", wait));
        QVERIFY2(r.recorder, qPrintable(r.startError));
        std::int64_t seenAt = -1;
        stopOnceFound(r, [&] {
            seenAt = r.source->nowTs();
            return firstDeadlock(*r.store).has_value();
        });
        // After the Stop's SIGINT, 3.11 and 3.12 end (join's KeyboardInterrupt lets the thread's lock go, bpo-45274);
        // 3.13 goes on to wait at exit, as untraced, and that is a second stall.
        const std::vector<DeadlockCycle> cycles = deadlockCycles(*r.store);
        QVERIFY(!cycles.empty());
        QVERIFY(cycles[0].stall);
        // Not before the watch's quiet spell, and within a drain or so after it.
        const double latencyMs = double(seenAt - cycles[0].ts) / 1e6;
        QVERIFY2(latencyMs >= double(DeadlockWatch::kStallQuietMs) &&
                     latencyMs < double(DeadlockWatch::kStallQuietMs) + kDeadlockFoundWithinMs,
                 qPrintable(QString::number(latencyMs)));
        qInfo("stall named %.1f ms after the last thread stopped", latencyMs);
        QVERIFY(!cycles[0].potential);
        QCOMPARE(deadlockSentence(*r.store, cycles[0]),
                 QStringLiteral("Deadlock: every thread waits, and none is left to wake another: Thread-1 (worker) ") +
                     words + QStringLiteral("; MainThread waits for Thread-1 (worker) to end"));
        // Named at the moment the last runner stopped: main's join, or the worker's wait if it began later.
        const std::vector<Event> joins = eventsOf(*r.lane(QStringLiteral("MainThread")), EventKind::JoinBegin);
        QCOMPARE(joins.size(), std::size_t(1));
        const Span* workerWait = deadlockedWait(*r.lane(QStringLiteral("Thread-1 (worker)")), cycles[0].ts);
        QVERIFY(workerWait != nullptr);
        QCOMPARE(cycles[0].ts, std::max(joins[0].ts, workerWait->begin));
    }

    // threading's exit hooks (threading._register_atexit, concurrent.futures' way to stop its workers) run in main
    // before it waits for the threads: a hook that works a while without a traced call, then wakes the worker main
    // will wait for, is no stall. Main's exit-wait begins after the hook.
    void aThreadingExitHookIsNoStall()
    {
        const Run r = runCode("import queue, threading, time\n"
                              "q = queue.Queue()\n"
                              "def worker():\n"
                              "    while (item := q.get()) is not None:\n"
                              "        print('item', item)\n"
                              "t = threading.Thread(target=worker, name='lib-worker')\n"
                              "t.start()\n"
                              "def hook():\n"
                              "    end = time.perf_counter() + 0.4\n"
                              "    while time.perf_counter() < end:\n"
                              "        pass\n"
                              "    print('hook')\n"
                              "    q.put(None)\n"
                              "threading._register_atexit(hook)\n"
                              "q.put(1)\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        QCOMPARE(r.out(), QByteArray("item 1\nhook\n"));
        QVERIFY(deadlockCycles(*r.store).empty());
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        QVERIFY(main);
        const std::vector<Event> waits = eventsOf(*main, EventKind::ExitWaitBegin);
        QCOMPARE(waits.size(), std::size_t(1));
        const std::vector<Event> prints = eventsOf(*main, EventKind::Print);
        QCOMPARE(prints.size(), std::size_t(1));
        QVERIFY(waits[0].ts > prints[0].ts);
    }

    // Eight consumers share a queue, and main forgets the sentinels: after the last item, the consumers that
    // took one wait again, and those that did not have waited since before the puts. Every one waits for good
    // once the queue is empty (its depth, not when its last put came, says so).
    void aPoolOfConsumersWithNoSentinelIsAStall()
    {
        LiveRun r = startLive("import queue, threading\n"
                              "jobs = queue.Queue()\n"
                              "def consumer():\n"
                              "    while (item := jobs.get()) is not None:\n"
                              "        pass\n"
                              "threads = [threading.Thread(target=consumer) for _ in range(8)]\n"
                              "for t in threads:\n"
                              "    t.start()\n"
                              "for i in range(50):\n"
                              "    jobs.put(i)\n"
                              "for t in threads:\n"
                              "    t.join()\n");
        QVERIFY2(r.recorder, qPrintable(r.startError));
        stopOnceFound(r, [&] { return firstDeadlock(*r.store).has_value(); });
        // Stop's SIGINT ends main's join, and main then waits at exit for the consumers; the second SIGINT ends
        // that wait at once, and the interpreter closes the trace itself, the consumers stopped at its exit. (It
        // waited there until the hard kill, long enough for the watch to name a second stall, at exit; only a
        // machine slower than the watch's 100 ms may still name it.)
        const std::vector<DeadlockCycle> cycles = deadlockCycles(*r.store);
        QVERIFY(!cycles.empty() && cycles.size() <= 2);
        QCOMPARE(r.source->problems(),
                 QStringList{
                     QStringLiteral("stopped by SIGINT, then a second SIGINT as it waited at exit for its threads")});
        const LaneInfo* consumer = r.lane(QStringLiteral("Thread-1 (consumer)"));
        QVERIFY(consumer);
        QCOMPARE(story(*consumer).mid(story(*consumer).size() - 2), QStringList({"stopped", "run-end"}));
        QVERIFY(cycles[0].stall);
        QCOMPARE(cycles[0].members.size(), std::size_t(9));
        QCOMPARE(deadlockSentence(*r.store, cycles[0]),
                 QStringLiteral("Deadlock: every thread waits, and none is left to wake another: Thread-1 (consumer), "
                                "Thread-2 (consumer) and 6 more threads wait for an item on jobs; MainThread waits for "
                                "Thread-1 (consumer) to end"));
    }

    void aJoinAndAConditionWaitCloseCyclesToo()
    {
        // main holds a lock and joins a thread blocked on it; later a thread waits on a condition whose
        // lock's holder joins it, and when its wait times out it blocks taking that lock back: a third
        // cycle, as in the engine. Every one has a wait with a timeout: potential, each ends by itself.
        const Run r = runCode("import threading, time\n"
                              "lock = threading.Lock()\n"
                              "def blocked():\n"
                              "    with lock:\n"
                              "        pass\n"
                              "with lock:\n"
                              "    t = threading.Thread(target=blocked, name='blocked')\n"
                              "    t.start()\n"
                              "    time.sleep(0.1)\n"
                              "    t.join(timeout=0.3)\n"
                              "t.join()\n"
                              "cond = threading.Condition()\n"
                              "def waiter():\n"
                              "    with cond:\n"
                              "        cond.wait(0.3)\n"
                              "w = threading.Thread(target=waiter, name='waiter')\n"
                              "w.start()\n"
                              "time.sleep(0.15)\n"
                              "with cond:\n"
                              "    w.join(timeout=0.5)\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        const std::vector<DeadlockCycle> cycles = deadlockCycles(*r.store);
        QCOMPARE(cycles.size(), std::size_t(3));
        QVERIFY(cycles[0].potential && cycles[1].potential && cycles[2].potential);
        QCOMPARE(deadlockSentence(*r.store, cycles[0]),
                 QStringLiteral("Potential deadlock: MainThread holds lock and waits for blocked to end; blocked "
                                "waits for lock"));
        QCOMPARE(deadlockSentence(*r.store, cycles[1]),
                 QStringLiteral("Potential deadlock: MainThread holds cond's lock and waits for waiter to end; "
                                "waiter waits for a notify on cond"));
        QCOMPARE(deadlockSentence(*r.store, cycles[2]),
                 QStringLiteral("Potential deadlock: MainThread holds cond's lock and waits for waiter to end; "
                                "waiter waits for cond's lock"));
    }
};

QTEST_GUILESS_MAIN(tst_PythonDeadlock)
#include "tst_pythondeadlock.moc"
