// Lock, RLock and Condition in a real interpreter under the tracer: a contended lock's wait and what ended it, an
// acquire, a try and a release at the program's line, a timed acquire, a notify and the wait it woke (with CPython's
// races between a timeout and a notify), and a lock that refuses copy and pickle as CPython's. The other primitives:
// tst_pythonsync.

#include "pythonrun.h"

#include <QTest>

using namespace tl;
using namespace tl::pytest;

class tst_PythonLocks : public QObject {
    Q_OBJECT

private slots:
    void aContendedLockShowsTheWaitAndWhatEndedIt()
    {
        const Run r = runCode("import threading, time\n"
                              "a = threading.Lock()\n"
                              "def worker():\n"
                              "    with a:\n"
                              "        print('worker has a')\n"
                              "a.acquire()\n"
                              "t = threading.Thread(target=worker, name='w')\n"
                              "t.start()\n"
                              "time.sleep(0.3)\n"
                              "a.release()\n"
                              "t.join()\n"
                              "print(a.acquire(False), a.acquire(False), a.locked())\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        QCOMPARE(r.out(), QByteArray("worker has a\nTrue False True\n"));
        QCOMPARE(primitives(r), QStringList{"a:0"});
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        const LaneInfo* w = r.lane(QStringLiteral("w"));
        QVERIFY(main && w);
        // A try that fails shows nothing, as in the engine.
        QCOMPARE(story(*main, kSyncKinds), QStringList({"acquired", "released", "acquired"}));
        QCOMPARE(story(*w, kSyncKinds), QStringList({"acquire-blocked", "acquired", "released"}));
        const Event released = eventsOf(*main, EventKind::Released).at(0);
        const Event acquired = eventsOf(*w, EventKind::Acquired).at(0);
        QVERIFY(released.b != 0);
        QCOMPARE(acquired.b, released.b);
        QVERIFY(released.ts <= acquired.ts);
        QCOMPARE(eventsOf(*w, EventKind::AcquireBlocked).at(0).line, 4);
        QCOMPARE(eventsOf(*main, EventKind::Released).at(0).line, 10);
        QCOMPARE(flowsOfKind(r, Flow::Kind::Release), 1);
    }

    // The second condition named "cond" is "cond#2", and so is its own lock's owner: "cond#2's lock" (it was
    // "cond's lock#2", where the deadlock's words said "cond#2's lock").
    void aSecondConditionsLockTakesItsNumber()
    {
        const Run r = runCode("import threading\n"
                              "cond = threading.Condition()\n"
                              "def make():\n"
                              "    cond = threading.Condition()\n"
                              "make()\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        QStringList names;
        for (const Event& e : eventsOf(r.store->lane(0), EventKind::SyncCreated))
            names << r.store->syncName(e.a);
        QCOMPARE(names, QStringList({"cond's lock", "cond", "cond#2's lock", "cond#2"}));
    }

    // A primitive is named by the line that makes it, read as Python splits lines (a lone carriage return ends one),
    // and with the program's own open(): a program that replaces builtins.open as it makes a lock (unittest.mock's
    // mock_open) sees no call of the tracer's and gets its lock. Both failed once the tracer read the line itself.
    void aPrimitiveIsNamedByItsLine()
    {
        const Run cr = runCode("import threading\rlk = threading.Lock()\rcond: threading.Condition = "
                               "threading.Condition()\rprint('ok')\r");
        QCOMPARE(cr.out(), QByteArray("ok\n"));
        QCOMPARE(primitives(cr), QStringList({"lk:0", "cond's lock:1", "cond:2"}));

        // On a line of several statements each primitive takes its own statement's target; one made as an argument
        // of another call is not named after that call's target.
        const Run several =
            runCode("import threading\n"
                    "a = threading.Lock(); b = threading.Lock(); n = 1\n"
                    "t = threading.Thread(target=bool, args=(threading.Event(),)); t.start(); t.join()\n"
                    "x = y = threading.Semaphore(); z: threading.Barrier = threading.Barrier(1)\n");
        QCOMPARE(several.source->exitCode().value_or(-1), 0);
        QCOMPARE(primitives(several), QStringList({"a:0", "b:0", "event:5", "x:3", "z:6"}));

        const QByteArray mocked = "import threading\n"
                                  "from unittest import mock\n"
                                  "class Cache:\n"
                                  "    def __init__(self, path):\n"
                                  "        self.lock = threading.Lock()\n"
                                  "        with open(path) as f:\n"
                                  "            self.data = f.read()\n"
                                  "with mock.patch('builtins.open', mock.mock_open(read_data='hello')) as m:\n"
                                  "    c = Cache('/x')\n"
                                  "    m.assert_called_once_with('/x')\n"
                                  "print(c.data)\n";
        compareWithPlain(mocked);
        QCOMPARE(primitives(runCode(mocked)), QStringList{"self.lock:0"});
    }

    // An uncontended acquire, a try and a release are shown at the program's line that called them, at
    // the top level and in a thread's function alike (`with` names its own line for both).
    void acquireAndReleaseNameTheProgramsLine_data()
    {
        QTest::addColumn<QByteArray>("make");
        QTest::addRow("Lock") << QByteArray("threading.Lock()");
        QTest::addRow("RLock") << QByteArray("threading.RLock()");
    }
    void acquireAndReleaseNameTheProgramsLine()
    {
        QFETCH(QByteArray, make);
        const Run r = runCode(QByteArray("import threading\n"
                                         "a = MAKE\n"
                                         "def work():\n"
                                         "    with a:\n"
                                         "        pass\n"
                                         "    a.acquire(False)\n"
                                         "    a.release()\n"
                                         "a.acquire()\n"
                                         "a.release()\n"
                                         "t = threading.Thread(target=work, name='w')\n"
                                         "t.start()\n"
                                         "t.join()\n")
                                  .replace("MAKE", make));
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        const LaneInfo* w = r.lane(QStringLiteral("w"));
        QVERIFY(main && w);
        QCOMPARE(linesOf(*main, EventKind::Acquired), QList<int>{8});
        QCOMPARE(linesOf(*main, EventKind::Released), QList<int>{9});
        QCOMPARE(linesOf(*w, EventKind::Acquired), QList<int>({4, 6}));
        QCOMPARE(linesOf(*w, EventKind::Released), QList<int>({4, 7}));
    }

    void aTimedAcquireTimesOut()
    {
        const Run r = runCode("import threading\n"
                              "r = threading.RLock()\n"
                              "def other():\n"
                              "    print(r.acquire(timeout=0.05))\n"
                              "with r:\n"
                              "    with r:\n"
                              "        t = threading.Thread(target=other, name='o')\n"
                              "        t.start()\n"
                              "        t.join()\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        QCOMPARE(r.out(), QByteArray("False\n"));
        QCOMPARE(primitives(r), QStringList{"r:1"});
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        const LaneInfo* o = r.lane(QStringLiteral("o"));
        QVERIFY(main && o);
        // The RLock's count after each call: 1, 2, then 1 and 0 on the way out.
        QList<std::uint32_t> counts;
        for (const Event& e : main->events)
            if (e.kind == EventKind::Acquired || e.kind == EventKind::Released)
                counts << e.c;
        QCOMPARE(counts, QList<std::uint32_t>({1, 2, 1, 0}));
        QCOMPARE(story(*o, kSyncKinds), QStringList({"acquire-blocked", "acquired"}));
        QCOMPARE(eventsOf(*o, EventKind::AcquireBlocked).at(0).c, 50u);
        QCOMPARE(eventsOf(*o, EventKind::Acquired).at(0).flags, EventFlag::TimedOut);
    }

    void aNotifyWakesTheWaitItNamed()
    {
        const Run r = runCode("import threading, time\n"
                              "cond = threading.Condition()\n"
                              "ready = []\n"
                              "def waiter():\n"
                              "    with cond:\n"
                              "        while not ready:\n"
                              "            cond.wait()\n"
                              "        print('woken')\n"
                              "t = threading.Thread(target=waiter, name='w')\n"
                              "t.start()\n"
                              "time.sleep(0.3)\n"
                              "with cond:\n"
                              "    ready.append(1)\n"
                              "    cond.notify()\n"
                              "    cond.notify_all()\n"
                              "t.join()\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        QCOMPARE(r.out(), QByteArray("woken\n"));
        // The Condition's own RLock is a primitive of its own, as in the engine.
        QCOMPARE(primitives(r), QStringList({"cond's lock:1", "cond:2"}));
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        const LaneInfo* w = r.lane(QStringLiteral("w"));
        QVERIFY(main && w);
        QCOMPARE(story(*main, {EventKind::Notify, EventKind::NotifyAll}), QStringList({"notify", "notify_all"}));
        const Event notify = eventsOf(*main, EventKind::Notify).at(0);
        QCOMPARE(notify.c, 1u);
        QCOMPARE(eventsOf(*main, EventKind::NotifyAll).at(0).c, 0u); // nobody left to wake
        QCOMPARE(eventsOf(*main, EventKind::NotifyAll).at(0).b, 0u);
        QCOMPARE(story(*w, {EventKind::Released, EventKind::CondWaitBegin, EventKind::CondWaitEnd}),
                 QStringList({"released", "cond-wait-begin", "cond-wait-end", "released"}));
        QCOMPARE(eventsOf(*w, EventKind::CondWaitEnd).at(0).b, notify.b);
        QCOMPARE(eventsOf(*w, EventKind::CondWaitBegin).at(0).line, 7);
        QCOMPARE(eventsOf(*w, EventKind::Acquired).size(), std::size_t(2)); // the with, and wait's return
        QCOMPARE(flowsOfKind(r, Flow::Kind::Notify), 1);
    }

    // CPython's wait() returns False when its acquire of the waiter lock timed out, even if a notify then
    // released that lock and took it off the queue before the wait took the condition's lock back (notify's
    // count includes it). The notifier holds the GIL past the timeout, so that the timed-out wait cannot run
    // again before the notify: it used to show as woken, with an arrow from the notify.
    void aNotifyAfterTheTimeoutLeavesTheWaitTimedOut()
    {
        const Run r = runCode("import sys, threading, time\n"
                              "cond = threading.Condition()\n"
                              "waiting = threading.Event()\n"
                              "def waiter():\n"
                              "    with cond:\n"
                              "        waiting.set()\n"
                              "        print(cond.wait(0.2))\n"
                              "def notifier():\n"
                              "    waiting.wait()\n"
                              "    with cond:\n" // taken once the wait has let it go
                              "        sys.setswitchinterval(30)\n"
                              "        end = time.monotonic() + 0.5\n"
                              "        while time.monotonic() < end:\n"
                              "            pass\n"
                              "        cond.notify()\n"
                              "    sys.setswitchinterval(0.005)\n"
                              "w = threading.Thread(target=waiter, name='w')\n"
                              "n = threading.Thread(target=notifier, name='n')\n"
                              "w.start()\n"
                              "n.start()\n"
                              "w.join()\n"
                              "n.join()\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        QCOMPARE(r.out(), QByteArray("False\n"));
        const LaneInfo* w = r.lane(QStringLiteral("w"));
        const LaneInfo* n = r.lane(QStringLiteral("n"));
        QVERIFY(w && n);
        // The case under test happened: the notify came after the timeout and still released the waiter.
        QCOMPARE(eventsOf(*n, EventKind::Notify).at(0).c, 1u);
        const Event end = eventsOf(*w, EventKind::CondWaitEnd).at(0);
        QCOMPARE(end.flags, EventFlag::TimedOut);
        QCOMPARE(end.b, 0u);
        QCOMPARE(flowsOfKind(r, Flow::Kind::Notify), 0);
    }

    // The other way round: a notify released the waiter lock but did not dequeue it (interrupted between the two,
    // CPython's gh-92530), the wait woke, and a second notify released and dequeued the lock the wait now holds.
    // wait() returns True; the queue and the lock's state alone would say timed out. A trace function stops the
    // wait just before it takes the condition's lock back, while the second notify runs.
    void aWaitWokenByAnInterruptedNotifyShowsWoken()
    {
        const Run r = runCode(
            "import inspect, sys, threading\n"
            "cond = threading.Condition()\n"
            "at_restore, resume = threading.Event(), threading.Event()\n"
            "WAIT_CODE = getattr(threading.Condition.wait, '__wrapped__', threading.Condition.wait).__code__\n"
            "source, first = inspect.getsourcelines(threading.Condition.wait)\n"
            "restore = first + next(i for i, s in enumerate(source) if 'self._acquire_restore(saved_state)' in s)\n"
            "def stop_at_restore(frame, event, arg):\n"
            "    if event == 'line' and frame.f_lineno == restore:\n"
            "        sys.settrace(None)\n"
            "        at_restore.set()\n"
            "        resume.wait()\n"
            "    return stop_at_restore\n"
            "def calls(frame, event, arg):\n"
            "    return stop_at_restore if frame.f_code is WAIT_CODE else None\n"
            "def waiter():\n"
            "    with cond:\n"
            "        sys.settrace(calls)\n"
            "        print(cond.wait(30))\n"
            "w = threading.Thread(target=waiter, name='w')\n"
            "w.start()\n"
            "while not cond._waiters:\n"
            "    pass\n"
            "with cond:\n"
            "    cond._waiters[0].release()\n" // the first notify's release, without its dequeue
            "at_restore.wait()\n"
            "with cond:\n"
            "    cond.notify()\n"
            "resume.set()\n"
            "w.join()\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        QCOMPARE(r.out(), QByteArray("True\n"));
        const LaneInfo* w = r.lane(QStringLiteral("w"));
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        QVERIFY(w && main);
        const Event end = eventsOf(*w, EventKind::CondWaitEnd).at(0);
        QCOMPARE(end.flags, 0u);
        QCOMPARE(end.b, eventsOf(*main, EventKind::Notify).at(0).b);
        QCOMPARE(flowsOfKind(r, Flow::Kind::Notify), 1);
    }
    // A lock is not copied nor pickled, traced or not: a Python class with slots would be, by copy.copy().
    void locksRefuseCopyAndPickleAsCPythons()
    {
        PythonRunOptions options;
        options.script = writeScript("import copy, pickle, threading, traceback\n"
                                     "for make in threading.Lock, threading.RLock:\n"
                                     "    for copier in copy.copy, copy.deepcopy, pickle.dumps:\n"
                                     "        try:\n"
                                     "            copier(make())\n"
                                     "        except TypeError:\n"
                                     "            traceback.print_exc(limit=-1)\n"
                                     "copy.copy(threading.Condition())\n");
        compareWithPlain(options, {options.script});
    }
};

QTEST_GUILESS_MAIN(tst_PythonLocks)
#include "tst_pythonlocks.moc"
