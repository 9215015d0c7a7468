// threading's synchronization primitives in a real interpreter under the tracer: what each records (Semaphore,
// Event, Barrier, Timer and signal handlers here; Lock, RLock and Condition in tst_pythonlocks), the wake words
// that become the timeline's arrows, the program's line of every use, what is left untraced, and that a traced
// program raises and prints exactly what it does untraced. Deadlocks and stalls they close: tst_pythondeadlock.

#include "pysource/tracerfiles.h"
#include "pythonrun.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <csignal>

using namespace tl;
using namespace tl::pytest;

class tst_PythonSync : public QObject {
    Q_OBJECT

private slots:
    // Each event of a primitive's use carries the program's line, in a thread's function and at the top level
    // alike: the tracer's own frames (a wrapper, the steps it re-makes) are skipped, the program's caller is not.
    void everyUseNamesTheProgramsLine_data()
    {
        QTest::addColumn<QByteArray>("make");
        QTest::addColumn<QByteArray>("use");
        QTest::addRow("Lock") << QByteArray("threading.Lock()") << QByteArray("p.acquire(); p.release()");
        QTest::addRow("RLock") << QByteArray("threading.RLock()") << QByteArray("p.acquire(); p.release()");
        QTest::addRow("Semaphore") << QByteArray("threading.Semaphore(1)") << QByteArray("p.acquire(); p.release()");
        QTest::addRow("BoundedSemaphore")
            << QByteArray("threading.BoundedSemaphore(1)") << QByteArray("p.acquire(); p.release()");
        QTest::addRow("Event") << QByteArray("threading.Event()") << QByteArray("p.wait(0.01); p.set(); p.clear()");
        QTest::addRow("Condition") << QByteArray("threading.Condition()")
                                   << QByteArray("with p: p.wait(0.01); p.notify()");
        QTest::addRow("Barrier") << QByteArray("threading.Barrier(1)") << QByteArray("p.wait()");
    }
    void everyUseNamesTheProgramsLine()
    {
        QFETCH(QByteArray, make);
        QFETCH(QByteArray, use);
        const Run r = runCode(QByteArray("import threading\n"
                                         "p = MAKE\n"
                                         "def work():\n"
                                         "    USE\n"
                                         "t = threading.Thread(target=work, name='w')\n"
                                         "t.start(); t.join()\n"
                                         "USE\n")
                                  .replace("MAKE", make)
                                  .replace("USE", use));
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        const std::initializer_list<EventKind> uses = {
            EventKind::AcquireBlocked, EventKind::Acquired,   EventKind::Released,         EventKind::CondWaitBegin,
            EventKind::CondWaitEnd,    EventKind::Notify,     EventKind::EventWaitBegin,   EventKind::EventWaitEnd,
            EventKind::EventSet,       EventKind::EventClear, EventKind::BarrierWaitBegin, EventKind::BarrierWaitEnd};
        for (const auto& [lane, line] :
             {std::pair{QStringLiteral("w"), 4}, std::pair{QStringLiteral("MainThread"), 7}}) {
            const LaneInfo* info = r.lane(lane);
            QVERIFY(info);
            int seen = 0;
            for (const EventKind kind : uses) {
                for (const int at : linesOf(*info, kind)) {
                    QCOMPARE(at, line);
                    ++seen;
                }
            }
            QVERIFY2(seen >= 2, qPrintable(lane)); // the use's begin and end, at least
        }
    }

    void aSemaphoreCountsAndABoundedOneRefusesTooManyReleases()
    {
        const Run r = runCode("import threading, time\n"
                              "s = threading.Semaphore(1)\n"
                              "def w():\n"
                              "    with s:\n"
                              "        pass\n"
                              "s.acquire()\n"
                              "t = threading.Thread(target=w, name='w')\n"
                              "t.start()\n"
                              "time.sleep(0.3)\n"
                              "s.release()\n"
                              "t.join()\n"
                              "b = threading.BoundedSemaphore(1)\n"
                              "try:\n"
                              "    b.release()\n"
                              "except ValueError as e:\n"
                              "    print(e)\n"
                              "print(s.acquire(timeout=0.05), s.acquire(timeout=0.05))\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        QCOMPARE(r.out(), QByteArray("Semaphore released too many times\nTrue False\n"));
        QCOMPARE(primitives(r), QStringList({"s:3", "b:4"}));
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        const LaneInfo* w = r.lane(QStringLiteral("w"));
        QVERIFY(main && w);
        QCOMPARE(story(*w, kSyncKinds), QStringList({"acquire-blocked", "acquired", "released"}));
        QCOMPARE(eventsOf(*w, EventKind::Acquired).at(0).c, 0u); // the value after
        QCOMPARE(eventsOf(*w, EventKind::Released).at(0).c, 1u);
        QCOMPARE(eventsOf(*w, EventKind::Acquired).at(0).b, eventsOf(*main, EventKind::Released).at(0).b);
        QCOMPARE(story(*main, kSyncKinds),
                 QStringList({"acquired", "released", "acquired", "acquire-blocked", "acquired"}));
        QCOMPARE(eventsOf(*main, EventKind::Acquired).back().flags, EventFlag::TimedOut);
    }

    // Two releases in a row, each waking one of two waiters: each waiter's acquired takes the word of the release
    // whose notify woke it (the longest waiting first), not the last release's.
    void eachReleaseWakesTheWaiterItNotifies()
    {
        const Run r = runCode("import threading, time\n"
                              "sem = threading.Semaphore(0)\n"
                              "def w():\n"
                              "    sem.acquire()\n"
                              "ws = [threading.Thread(target=w, name=f'w{i}') for i in range(2)]\n"
                              "for t in ws:\n"
                              "    t.start()\n"
                              "    time.sleep(0.1)\n"
                              "sem.release()\n"
                              "sem.release()\n"
                              "for t in ws:\n"
                              "    t.join()\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        QVERIFY(main);
        const std::vector<Event> releases = eventsOf(*main, EventKind::Released);
        QCOMPARE(releases.size(), std::size_t(2));
        QCOMPARE(releases[0].line, 9);
        QVERIFY(releases[0].b != 0 && releases[1].b != 0 && releases[0].b != releases[1].b);
        for (int i = 0; i < 2; ++i) {
            const LaneInfo* w = r.lane(QStringLiteral("w%1").arg(i));
            QVERIFY(w);
            QCOMPARE(story(*w, kSyncKinds), QStringList({"acquire-blocked", "acquired"}));
            QCOMPARE(eventsOf(*w, EventKind::Acquired).at(0).b, releases[static_cast<std::size_t>(i)].b);
        }
    }

    void aSetReleasesEveryWaiter()
    {
        const Run r = runCode("import threading, time\n"
                              "e = threading.Event()\n"
                              "seen = []\n"
                              "def w():\n"
                              "    seen.append(e.wait())\n"
                              "ts = [threading.Thread(target=w, name='w%d' % i) for i in range(2)]\n"
                              "for t in ts:\n"
                              "    t.start()\n"
                              "time.sleep(0.3)\n"
                              "e.set()\n"
                              "for t in ts:\n"
                              "    t.join()\n"
                              "print(seen)\n"
                              "print(e.wait(0.01))\n"
                              "e.clear()\n"
                              "print(e.wait(0.05))\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        QCOMPARE(r.out(), QByteArray("[True, True]\nTrue\nFalse\n"));
        QCOMPARE(primitives(r), QStringList{"e:5"});
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        QVERIFY(main);
        // A wait on a set event returns at once: nothing to show.
        QCOMPARE(story(*main, kSyncKinds), QStringList({"set", "clear", "event-wait-begin", "event-wait-end"}));
        const Event set = eventsOf(*main, EventKind::EventSet).at(0);
        QCOMPARE(set.c, 2u);
        QCOMPARE(eventsOf(*main, EventKind::EventWaitEnd).at(0).flags, EventFlag::TimedOut);
        for (const QString& name : {QStringLiteral("w0"), QStringLiteral("w1")}) {
            const LaneInfo* w = r.lane(name);
            QVERIFY(w);
            QCOMPARE(story(*w, kSyncKinds), QStringList({"event-wait-begin", "event-wait-end"}));
            QCOMPARE(eventsOf(*w, EventKind::EventWaitEnd).at(0).b, set.b);
        }
        QCOMPARE(flowsOfKind(r, Flow::Kind::Set), 2);
    }

    void aBarrierReleasesEveryPartyAndATimeoutBreaksIt()
    {
        const Run r = runCode("import threading, time\n"
                              "b = threading.Barrier(3)\n"
                              "seen = []\n"
                              "def w():\n"
                              "    seen.append(b.wait())\n"
                              "ts = [threading.Thread(target=w, name='w%d' % i) for i in range(2)]\n"
                              "for t in ts:\n"
                              "    t.start()\n"
                              "time.sleep(0.3)\n"
                              "last = b.wait()\n"
                              "for t in ts:\n"
                              "    t.join()\n"
                              "print(sorted(seen + [last]), last)\n"
                              "br = threading.Barrier(2, timeout=0.05)\n"
                              "try:\n"
                              "    br.wait()\n"
                              "except threading.BrokenBarrierError:\n"
                              "    print('broken', br.broken)\n"
                              "try:\n"
                              "    br.wait()\n"
                              "except threading.BrokenBarrierError:\n"
                              "    print('still broken')\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        QCOMPARE(r.out(), QByteArray("[0, 1, 2] 2\nbroken True\nstill broken\n"));
        QCOMPARE(primitives(r), QStringList({"b:6", "br:6"}));
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        QVERIFY(main);
        const std::initializer_list<EventKind> barrier = {EventKind::BarrierWaitBegin, EventKind::BarrierWaitEnd,
                                                          EventKind::BarrierBroken};
        // The last wait: a broken barrier lets nobody in (Barrier._enter), a wait that ends as it begins.
        QCOMPARE(story(*main, barrier),
                 QStringList({"barrier-wait-begin", "barrier-wait-end", "barrier-wait-begin", "broken",
                              "barrier-wait-end", "barrier-wait-begin", "barrier-wait-end"}));
        QCOMPARE(eventsOf(*main, EventKind::BarrierWaitEnd).at(2).flags, EventFlag::TimedOut);
        QCOMPARE(eventsOf(*main, EventKind::BarrierWaitEnd).at(2).c, kNoValue);
        QCOMPARE(eventsOf(*main, EventKind::BarrierWaitBegin).at(2).c, 50u);
        const Event release = eventsOf(*main, EventKind::BarrierWaitBegin).at(0);
        QVERIFY(release.b != 0);
        QCOMPARE(eventsOf(*main, EventKind::BarrierWaitEnd).at(0).c, 2u);
        QCOMPARE(eventsOf(*main, EventKind::BarrierWaitEnd).at(1).flags, EventFlag::TimedOut);
        QCOMPARE(eventsOf(*main, EventKind::BarrierWaitBegin).at(1).c, 50u); // the constructor's timeout
        for (const QString& name : {QStringLiteral("w0"), QStringLiteral("w1")}) {
            const LaneInfo* w = r.lane(name);
            QVERIFY(w);
            QCOMPARE(story(*w, barrier), QStringList({"barrier-wait-begin", "barrier-wait-end"}));
            QCOMPARE(eventsOf(*w, EventKind::BarrierWaitEnd).at(0).b, release.b);
        }
        QCOMPARE(flowsOfKind(r, Flow::Kind::Barrier), 2);
    }

    // An action that raises breaks the barrier; the last arrival's wait ends by its exception, as the engine's does.
    // It was left open, main's band running on to its next event (a sleep's begin 0.3 s later).
    void aBarrierActionThatRaisesEndsTheWait()
    {
        const Run r = runCode("import threading, time\n"
                              "def action():\n"
                              "    raise ValueError('action')\n"
                              "b = threading.Barrier(2, action=action)\n"
                              "def w():\n"
                              "    try:\n"
                              "        b.wait()\n"
                              "    except threading.BrokenBarrierError:\n"
                              "        print('broken')\n"
                              "t = threading.Thread(target=w, name='w')\n"
                              "t.start()\n"
                              "time.sleep(0.1)\n"
                              "try:\n"
                              "    b.wait()\n"
                              "except ValueError as e:\n"
                              "    print(e)\n"
                              "time.sleep(0.3)\n"
                              "t.join()\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        QVERIFY(main);
        const std::initializer_list<EventKind> barrier = {EventKind::BarrierWaitBegin, EventKind::BarrierWaitEnd,
                                                          EventKind::BarrierBroken};
        QCOMPARE(story(*main, barrier), QStringList({"barrier-wait-begin", "broken", "barrier-wait-end"}));
        const Event end = eventsOf(*main, EventKind::BarrierWaitEnd).at(0);
        QCOMPARE(end.flags, std::uint8_t(EventFlag::TimedOut | EventFlag::Interrupted));
        QVERIFY(end.ts < eventsOf(*main, EventKind::SleepBegin).at(1).ts);
    }

    void aTimerFiresOrIsCancelled()
    {
        const Run r = runCode("import threading\n"
                              "t = threading.Timer(0.05, lambda: print('fired'))\n"
                              "t.start()\n"
                              "t.join()\n"
                              "c = threading.Timer(10, lambda: print('never'))\n"
                              "c.start()\n"
                              "c.cancel()\n"
                              "c.join()\n"
                              "t.cancel()\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        QCOMPARE(r.out(), QByteArray("fired\n"));
        // As the engine's Timer: its `finished` Event is a primitive, waited on by the timer's own lane.
        QCOMPARE(primitives(r), QStringList({"Thread-1.finished:5", "Thread-2.finished:5"}));
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        const LaneInfo* fires = r.lane(QStringLiteral("Thread-1"));
        const LaneInfo* cancelled = r.lane(QStringLiteral("Thread-2"));
        QVERIFY(main && fires && cancelled);
        const std::initializer_list<EventKind> timer = {EventKind::EventWaitBegin, EventKind::EventWaitEnd,
                                                        EventKind::TimerFired, EventKind::EventSet,
                                                        EventKind::TimerCancelled};
        QCOMPARE(story(*fires, timer), QStringList({"event-wait-begin", "event-wait-end", "timer-fired", "set"}));
        QCOMPARE(eventsOf(*fires, EventKind::EventWaitEnd).at(0).flags, EventFlag::TimedOut);
        QCOMPARE(story(*cancelled, timer), QStringList({"event-wait-begin", "event-wait-end", "set"}));
        // A cancel after the timer fired says nothing; the one before it names the timer it stopped.
        QCOMPARE(story(*main, timer), QStringList({"timer-cancelled", "set", "set"}));
        QCOMPARE(eventsOf(*main, EventKind::TimerCancelled).at(0).a, cancelled->id);
        QCOMPARE(eventsOf(*cancelled, EventKind::EventWaitEnd).at(0).b, eventsOf(*main, EventKind::EventSet).at(0).b);
    }

    // A repeating timer (a Timer subclass whose run() calls its function every interval) was said to be cancelled
    // before "its function never runs", after it had run three times.
    void aTimerWithARunOfItsOwnIsNotSaidNeverToRun()
    {
        const Run r = runCode("import threading, time\n"
                              "class RepeatTimer(threading.Timer):\n"
                              "    def run(self):\n"
                              "        while not self.finished.wait(self.interval):\n"
                              "            self.function(*self.args, **self.kwargs)\n"
                              "t = RepeatTimer(0.05, lambda: print('tick'))\n"
                              "t.start()\n"
                              "time.sleep(0.18)\n"
                              "t.cancel()\n"
                              "t.join()\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        // About three ticks: how many is the machine's timing; that its function ran is the point.
        QVERIFY2(r.out().startsWith("tick\n") && r.out().count("tick\n") * 5 == r.out().size(), r.out().constData());
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        QVERIFY(main);
        QVERIFY(eventsOf(*main, EventKind::TimerCancelled).empty());
        QCOMPARE(eventsOf(*main, EventKind::EventSet).size(), std::size_t(1)); // the cancel: finished.set()
    }

    void timeoutsScaleOnceAtSpeed()
    {
        // At 20x each 2 s timeout waits 0.1 s of wall time, and the events say 2 s: scaled once, at the
        // outermost call (Condition.wait_for's inner wait gets what is left, already scaled).
        PythonRunOptions options;
        options.speed = 20;
        QElapsedTimer wall;
        wall.start();
        const Run r = runCode("import threading, time\n"
                              "t0 = time.monotonic()\n"
                              "lock = threading.Lock()\n"
                              "lock.acquire()\n"
                              "print(lock.acquire(timeout=2))\n"
                              "cond = threading.Condition()\n"
                              "with cond:\n"
                              "    print(cond.wait_for(lambda: False, 2))\n"
                              "sem = threading.Semaphore(0)\n"
                              "print(sem.acquire(timeout=2))\n"
                              "ev = threading.Event()\n"
                              "print(ev.wait(2))\n"
                              "print(0.3 < time.monotonic() - t0 < 3)\n",
                              options);
        QCOMPARE(r.out(), QByteArray("False\nFalse\nFalse\nFalse\nTrue\n"));
        QVERIFY(wall.elapsed() < 6000);
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        QVERIFY(main);
        const auto blocked = eventsOf(*main, EventKind::AcquireBlocked);
        const auto acquired = eventsOf(*main, EventKind::Acquired);
        QCOMPARE(blocked.size(), std::size_t(2)); // the lock and the semaphore
        for (const Event& e : blocked)
            QCOMPARE(e.c, 2000u);
        const auto timedOut = std::count_if(acquired.begin(), acquired.end(),
                                            [](const Event& e) { return e.flags == EventFlag::TimedOut; });
        QCOMPARE(timedOut, 2);
        const auto condWaits = eventsOf(*main, EventKind::CondWaitBegin);
        QVERIFY(!condWaits.empty());
        QVERIFY2(condWaits.at(0).c > 1500 && condWaits.at(0).c <= 2000, qPrintable(QString::number(condWaits.at(0).c)));
        QCOMPARE(eventsOf(*main, EventKind::EventWaitBegin).at(0).c, 2000u);
        const Event eventEnd = eventsOf(*main, EventKind::EventWaitEnd).at(0);
        const Event eventBegin = eventsOf(*main, EventKind::EventWaitBegin).at(0);
        // 2 s of scenario time, late by the OS's wake-up times the speed (53 ms once on the loaded CI
        // machine: 1.05 s here); unscaled it would be 40 s, scaled twice 0.1 s.
        const double waited = seconds(eventEnd.ts - eventBegin.ts);
        QVERIFY2(waited > 1.4 && waited < 2.0 + 20 * 0.250, qPrintable(QString::number(waited)));
    }

    // Each signal.signal() is recorded with the signal's and the handler's names, and whether the handler is
    // the program's own (the watch's stall is potential while one is set); the names cost no code of the
    // program's (an object with __index__ is not asked again).
    void aSignalHandlerSetIsRecordedWithItsNames_data()
    {
        QTest::addColumn<bool>("pythonOnly"); // the tracer's Python emitter, as a sanitizer build has only it
        QTest::addRow("as built") << false;
        QTest::addRow("Python emitter") << true;
    }
    void aSignalHandlerSetIsRecordedWithItsNames()
    {
        QFETCH(bool, pythonOnly);
        QTemporaryDir copyDir;
        PythonRunOptions options;
        if (pythonOnly) {
            const Result<QString> copy = TracerFiles::writePythonOnlyCopy(copyDir.path());
            QVERIFY2(copy, qPrintable(copy ? QString() : copy.error()));
            options.tracer = copy.value();
        }
        const Run r = runCode("import signal\n"
                              "def ring(signum, frame): pass\n"
                              "class Number:\n"
                              "    def __index__(self):\n"
                              "        print('index')\n"
                              "        return signal.SIGUSR2\n"
                              "signal.signal(signal.SIGUSR1, ring)\n"
                              "signal.signal(signal.SIGUSR1, signal.SIG_DFL)\n"
                              "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
                              "signal.signal(Number(), print)\n"
                              "signal.signal(signal.SIGRTMIN + 1, signal.SIG_IGN)\n"
                              "try:\n"
                              "    signal.signal(signal.SIGKILL, ring)\n"
                              "except OSError:\n"
                              "    pass\n",
                              options);
        QCOMPARE(r.source->hello()->emitter, pythonOnly ? QStringLiteral("python") : r.source->hello()->emitter);
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        const LaneInfo& main = *r.lane(QStringLiteral("MainThread"));
        QCOMPARE(printsOf(*r.store, main), QStringList({"index"})); // once, by CPython itself
        QStringList set;
        for (const Event& e : eventsOf(main, EventKind::SignalHandler))
            set << QStringLiteral("%1 %2 %3 line %4").arg(r.store->text(e.a), r.store->text(e.b)).arg(e.c).arg(e.line);
        QCOMPARE(set, QStringList({"SIGUSR1 ring 1 line 7", "SIGUSR1 SIG_DFL 0 line 8",
                                   "SIGINT default_int_handler 0 line 9", "a signal print 1 line 10",
                                   QStringLiteral("signal %1 SIG_IGN 0 line 11").arg(SIGRTMIN + 1)}));
    }

    void theStandardLibrarysOwnPrimitivesAreNotTraced()
    {
        // Queue's mutex and conditions, an Event's and a Semaphore's inner Condition, an executor's.
        const Run r = runCode("import concurrent.futures, queue, threading\n"
                              "q = queue.Queue()\n"
                              "q.put(1)\n"
                              "q.get()\n"
                              "with concurrent.futures.ThreadPoolExecutor(2) as ex:\n"
                              "    ex.submit(print, 'done').result()\n"
                              "ev = threading.Event()\n"
                              "sem = threading.Semaphore()\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        QCOMPARE(primitives(r), QStringList({"ev:5", "sem:3"}));
    }

    void errorsAndResultsAreCPythonsOwn()
    {
        const QByteArray code = "import threading\n"
                                "def attempt(f):\n"
                                "    try:\n"
                                "        print(repr(f()))\n"
                                "    except Exception as e:\n"
                                "        print(type(e).__name__ + ': ' + str(e))\n"
                                "lock, rlock = threading.Lock(), threading.RLock()\n"
                                "cond = threading.Condition()\n"
                                "attempt(lambda: lock.release())\n"
                                "attempt(lambda: rlock.release())\n"
                                "attempt(lambda: lock.acquire(False, 1))\n"
                                "attempt(lambda: lock.acquire(timeout=-2))\n"
                                "attempt(lambda: lock.acquire(timeout=0))\n"
                                "attempt(lambda: lock.acquire(timeout=1e30))\n"
                                "attempt(lambda: lock.acquire(timeout='1'))\n"
                                "attempt(lambda: cond.wait())\n"
                                "attempt(lambda: cond.notify())\n"
                                "attempt(lambda: threading.Semaphore(-1))\n"
                                "attempt(lambda: threading.Semaphore().acquire(False, 1))\n"
                                "attempt(lambda: threading.Semaphore().release(0))\n"
                                "attempt(lambda: threading.Event().wait(0))\n"
                                "with cond:\n"
                                "    attempt(lambda: cond.wait(0.01))\n"
                                "    attempt(lambda: cond.wait_for(lambda: False, 0.01))\n"
                                "    attempt(lambda: rlock.acquire() and rlock.acquire())\n"
                                "    attempt(lambda: rlock._is_owned())\n";
        const Run traced = runCode(code);
        const Plain plain = runPlain({writeScript(code, QStringLiteral("plain.py"))});
        QCOMPARE(plain.code, 0);
        QCOMPARE(traced.source->exitCode().value_or(-1), 0);
        QCOMPARE(QString::fromUtf8(traced.out()), QString::fromUtf8(plain.out));
        QVERIFY(plain.out.contains("RuntimeError: release unlocked lock\n"));
        QVERIFY(plain.out.contains("RuntimeError: cannot release un-acquired lock\n"));
    }
};

QTEST_GUILESS_MAIN(tst_PythonSync)
#include "tst_pythonsync.moc"
