// The program's own signal handlers and trace functions under the tracer: the frames and handlers they are given,
// the exceptions they raise in a traced wait, and that none sees a frame of the tracer's. Each program gives the
// same bytes and exit code traced and untraced.

#include "pythonrun.h"

#include <QTest>

using namespace tl;
using namespace tl::pytest;

class tst_PythonHooks : public QObject {
    Q_OBJECT

private slots:
    void sameBytesAndExitCode_data()
    {
        QTest::addColumn<QByteArray>("code");
        // A signal handler that raises while a lock's acquire, an event's or a condition's wait waits: the program's
        // traceback, threading.py's lines in it, no tracer entry.
        QTest::addRow("an exception from a signal handler in a wait")
            << QByteArray("import signal, sys, threading, traceback\n"
                          "class Alarm(Exception):\n"
                          "    pass\n"
                          "def ring(signum, frame):\n"
                          "    raise Alarm()\n"
                          "signal.signal(signal.SIGALRM, ring)\n"
                          "for lock in (threading.Lock(), threading.RLock()):\n"
                          "    holder = threading.Thread(target=lock.acquire)\n"
                          "    holder.start(); holder.join()\n"
                          "    signal.setitimer(signal.ITIMER_REAL, 0.05)\n"
                          "    try:\n"
                          "        lock.acquire(timeout=5)\n"
                          "    except Alarm:\n"
                          "        traceback.print_exc(file=sys.stdout)\n"
                          "cond = threading.Condition()\n"
                          "empty = threading.BoundedSemaphore(1); empty.acquire()\n"
                          "for wait in (lambda: threading.Event().wait(5), lambda: cond.wait(5),\n"
                          "             lambda: threading.Semaphore(0).acquire(timeout=5), empty.acquire):\n"
                          "    signal.setitimer(signal.ITIMER_REAL, 0.05)\n"
                          "    try:\n"
                          "        with cond:\n"
                          "            wait()\n"
                          "    except Alarm:\n"
                          "        traceback.print_exc(file=sys.stdout)\n");
        // A handler gets the frame CPython gives it: the program's line in a traced sleep or lock acquire (the
        // wrapper's, before), threading.py's in a library wait; and signal() and getsignal() give back the program's
        // handlers, never the tracer's wrappers, with CPython's errors. (Further out, a library wait's f_back may
        // be a wrapper's: signals.py says so.)
        QTest::addRow("a signal handler's frame and the handlers set") << QByteArray(
            "import os, signal, threading, time, traceback\n"
            "class Alarm(Exception):\n"
            "    pass\n"
            "def ring(signum, frame):\n"
            "    code = frame.f_code\n"
            "    print(os.path.basename(code.co_filename), code.co_name, frame.f_lineno)\n"
            "    raise Alarm()\n"
            "print(signal.signal(signal.SIGALRM, ring), signal.getsignal(signal.SIGALRM) is ring)\n"
            "held = threading.Lock(); held.acquire()\n"
            "for wait in (lambda: time.sleep(30), lambda: held.acquire(timeout=30),\n"
            "             lambda: threading.Event().wait(30)):\n"
            "    signal.setitimer(signal.ITIMER_REAL, 0.2)\n"
            "    try:\n"
            "        wait()\n"
            "    except Alarm:\n"
            "        pass\n"
            "print(signal.signal(signal.SIGALRM, signal.SIG_IGN) is ring, signal.getsignal(signal.SIGALRM))\n"
            "print(signal.signal(signal.SIGALRM, print), signal.getsignal(signal.SIGALRM) is print)\n"
            "for bad in ((999, ring), (signal.SIGALRM, 'x')):\n"
            "    try:\n"
            "        signal.signal(*bad)\n"
            "    except (ValueError, TypeError):\n"
            "        traceback.print_exc(limit=-1)\n"
            "class Number:\n" // a signal number by __index__, hashable or not
            "    __hash__ = None\n"
            "    def __index__(self):\n"
            "        return signal.SIGUSR1\n"
            "print(signal.signal(Number(), ring), signal.getsignal(signal.SIGUSR1) is ring)\n"
            "print(signal.signal(signal.SIGUSR1, signal.SIG_DFL) is ring)\n"
            "t = threading.Thread(target=signal.signal, args=(signal.SIGALRM, ring))\n"
            "t.start(); t.join()\n"
            "print(signal.getsignal(signal.SIGALRM) is print)\n");
        // Python's own SIGINT handler is set as it is; a handler's KeyboardInterrupt ends a traced sleep with the
        // program's lines only, and the process by SIGINT.
        QTest::addRow("SIGINT's own handler, and a handler that raises it")
            << QByteArray("import signal, time\n"
                          "h = signal.signal(signal.SIGINT, signal.default_int_handler)\n"
                          "print(h is signal.default_int_handler, signal.getsignal(signal.SIGINT) is h)\n"
                          "signal.signal(signal.SIGINT, lambda s, f: print('got', f.f_lineno))\n"
                          "signal.raise_signal(signal.SIGINT)\n"
                          "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
                          "signal.signal(signal.SIGALRM, lambda s, f: signal.raise_signal(signal.SIGINT))\n"
                          "signal.setitimer(signal.ITIMER_REAL, 0.2)\n"
                          "time.sleep(30)\n");
        // A trace or profile function of the program's sees its frames and the library's, not the tracer's.
        QTest::addRow("the program's trace and profile functions")
            << QByteArray("import queue, sys, threading, time\n"
                          "calls, tracers = [], set()\n"
                          "def hook(frame, event, arg):\n"
                          "    if '_threadline_tracer' in frame.f_code.co_filename:\n"
                          "        tracers.add(frame.f_code.co_name)\n"
                          "    if event == 'call':\n"
                          "        calls.append(frame.f_code.co_name)\n"
                          "    return hook if event == 'call' else None\n"
                          "def work():\n"
                          "    time.sleep(0)\n"
                          "for set_hook in (threading.settrace, threading.setprofile):\n"
                          "    set_hook(hook)\n"
                          "    t = threading.Thread(target=work)\n"
                          "    t.start(); t.join()\n"
                          "    set_hook(None)\n"
                          "    print(calls); calls.clear()\n"
                          "sys.settrace(hook)\n"
                          "print(sys.gettrace() is hook)\n"
                          "q = queue.Queue(); q.put(1); q.get(); lock = threading.Lock()\n"
                          "with lock:\n"
                          "    work()\n"
                          "sys.settrace(None)\n"
                          "sys.setprofile(hook); print(sys.getprofile() is hook); sys.setprofile(None)\n"
                          "print(sorted(tracers), sys.gettrace(), sys.getprofile(), threading.gettrace())\n");
        // Thread.start and join() ask the thread's state without a call of the library's that a hook would see
        // (a join with a timeout still asks is_alive(), which hooks.py says).
        QTest::addRow("a trace function around a thread's start and join")
            << QByteArray("import sys, threading\n"
                          "calls = []\n"
                          "def hook(frame, event, arg):\n"
                          "    if event == 'call':\n"
                          "        calls.append(frame.f_code.co_name)\n"
                          "def work():\n"
                          "    pass\n"
                          "t = threading.Thread(target=work)\n"
                          "sys.settrace(hook)\n"
                          "t.start(); t.join()\n"
                          "sys.settrace(None)\n"
                          "print(calls)\n");
        // CPython takes any object as a hook and raises when it calls it, then unsets the hook; a hook that
        // raises is unset too. Neither is called for the tracer's frames (a print reaches its stdout's Python
        // write), and what the program's traceback shows of it is CPython's: no frame of the tracer's filter.
        QTest::addRow("hooks that are not callable, or raise")
            << QByteArray("import sys, traceback\n"
                          "def f():\n"
                          "    return 1\n"
                          "def raising(frame, event, arg):\n"
                          "    raise ValueError(event)\n"
                          "for hook in (5, raising):\n"
                          "    sys.settrace(hook)\n"
                          "    print('set', sys.gettrace() is hook)\n"
                          "    try:\n"
                          "        f()\n"
                          "    except Exception:\n"
                          "        traceback.print_exc()\n"
                          "    print('after', sys.gettrace())\n"
                          "    sys.setprofile(hook)\n"
                          "    try:\n"
                          "        print('profiled')\n"
                          "    except Exception:\n"
                          "        traceback.print_exc()\n"
                          "    print('after', sys.getprofile())\n");
    }
    void sameBytesAndExitCode()
    {
        QFETCH(QByteArray, code);
        compareWithPlain(code, {QStringLiteral("arg one"), QStringLiteral("2")});
    }

    // A wait a handler's exception ends ends its band then: each blocked wait gets its end, flagged as ended by an
    // exception (nothing was got, put, acquired or joined), not left open to the run's end.
    void aWaitAnExceptionEndsEndsItsBand()
    {
        const QByteArray code =
            "import queue, signal, threading\n"
            "from concurrent.futures import Future\n"
            "class Stop(Exception):\n"
            "    pass\n"
            "def ring(signum, frame):\n"
            "    raise Stop()\n"
            "signal.signal(signal.SIGALRM, ring)\n"
            "lock = threading.Lock(); lock.acquire()\n"
            "full = queue.Queue(1); full.put(0)\n"
            "unfinished = queue.Queue(); unfinished.put(1)\n"
            "gate = threading.Event()\n"
            "t = threading.Thread(target=gate.wait); t.start()\n"
            "cond = threading.Condition()\n"
            "def cond_wait(timeout=None):\n"
            "    with cond:\n"
            "        return cond.wait(timeout)\n"
            "for wait in (queue.Queue().get, lambda: full.put(1), lock.acquire,\n"
            "             threading.Event().wait, threading.Semaphore(0).acquire,\n"
            "             threading.Barrier(2).wait, t.join, unfinished.join, queue.SimpleQueue().get,\n"
            "             cond_wait, Future().result):\n"
            "    signal.setitimer(signal.ITIMER_REAL, 0.05)\n"
            "    try:\n"
            "        wait()\n"
            "    except Stop:\n"
            "        print('stopped')\n"
            "try:\n" // a wait that times out in an except clause: the exception handled is not the wait's
            "    raise ValueError()\n"
            "except ValueError:\n"
            "    print(cond_wait(0.01))\n"
            "gate.set(); t.join()\n";
        const Run r = runCode(code);
        QCOMPARE(r.out(), QByteArray("stopped\n").repeated(11) + "False\n");
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        QVERIFY(main);
        const auto endedByException = [&](EventKind kind) {
            const std::vector<Event> ends = eventsOf(*main, kind);
            return std::count_if(ends.begin(), ends.end(), [](const Event& e) {
                return e.flags == (EventFlag::TimedOut | EventFlag::Interrupted);
            });
        };
        QCOMPARE(endedByException(EventKind::GetDone), 2);
        QCOMPARE(endedByException(EventKind::PutDone), 1);
        QCOMPARE(endedByException(EventKind::Acquired), 2); // the Lock and the Semaphore
        QCOMPARE(endedByException(EventKind::EventWaitEnd), 1);
        QCOMPARE(endedByException(EventKind::BarrierWaitEnd), 1);
        QCOMPARE(endedByException(EventKind::JoinEnd), 1);
        QCOMPARE(endedByException(EventKind::CondWaitEnd), 1);
        QCOMPARE(endedByException(EventKind::FutureWaitEnd), 1);
        QCOMPARE(eventsOf(*main, EventKind::CondWaitEnd).back().flags, EventFlag::TimedOut);
        QCOMPARE(eventsOf(*main, EventKind::QueueJoinEnd).size(), std::size_t(1));
        // Every wait's band ended before the next began: none is open when main joins t at last.
        const std::int64_t lastJoin = eventsOf(*main, EventKind::JoinBegin).back().ts;
        for (const Span& span : main->spans) {
            if (span.state != LaneState::Running && span.begin < lastJoin)
                QVERIFY2(span.end <= lastJoin, qPrintable(laneStateName(span.state)));
        }
    }
};

QTEST_GUILESS_MAIN(tst_PythonHooks)
#include "tst_pythonhooks.moc"
