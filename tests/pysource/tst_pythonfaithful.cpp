// A traced program behaves as it does untraced: the same stdout and stderr bytes and exit code, the
// same thread names, active_count(), enumerate() and tracebacks. And bad input gets a clear message.

#include "pythonrun.h"

#include <QDeadlineTimer>
#include <QTest>
#include <QThread>

#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace tl;
using namespace tl::pytest;

namespace {

// The test programs' helper (they import sys and traceback): f's result, or the traceback of what it raised.
const QByteArray kAttempt = QByteArrayLiteral("def attempt(f):\n"
                                              "    try:\n"
                                              "        print('ok', f())\n"
                                              "    except Exception:\n"
                                              "        traceback.print_exc(file=sys.stdout)\n");

} // namespace

class tst_PythonFaithful : public QObject {
    Q_OBJECT

private:
    static void compareWithPlain(const QByteArray& code, const QStringList& args = {})
    {
        PythonRunOptions options;
        options.script = writeScript(code);
        options.args = args;
        pytest::compareWithPlain(options, QStringList{options.script} + args);
    }

private slots:
    void sameBytesAndExitCode_data()
    {
        QTest::addColumn<QByteArray>("code");
        QTest::addRow("names, counts, a traceback, exit 3")
            << QByteArray("import sys, threading, time, traceback, queue\n"
                          "print(threading.active_count(), [t.name for t in threading.enumerate()])\n"
                          "t = threading.Thread(target=time.sleep, args=(0.05,))\n"
                          "t.start()\n"
                          "print(t.name, threading.active_count(), sorted(x.name for x in threading.enumerate()))\n"
                          "t.join()\n"
                          "print(threading.Thread(target=print).name, threading.current_thread().name)\n"
                          "try:\n"
                          "    queue.Queue().get_nowait()\n"
                          "except queue.Empty:\n"
                          "    traceback.print_exc()\n"
                          "def inner():\n"
                          "    raise ValueError('deep')\n"
                          "try:\n"
                          "    inner()\n"
                          "except ValueError:\n"
                          "    traceback.print_exc(file=sys.stdout)\n"
                          "print(sys.argv[1:], __name__, sorted(k for k in globals() if k.startswith('__')))\n"
                          "sys.exit(3)\n");
        // The tracer's writer thread is not one of the program's.
        QTest::addRow("sys._current_frames and _current_exceptions")
            << QByteArray("import sys, threading\n"
                          "def listed():\n"
                          "    frames = sys._current_frames()\n"
                          "    errors = getattr(sys, '_current_exceptions', dict)()\n"
                          "    print(len(frames), frames[threading.get_ident()] is sys._getframe(), len(errors))\n"
                          "listed()\n"
                          "t = threading.Thread(target=listed)\n"
                          "t.start(); t.join()\n"
                          "import atexit\n" // called from C at exit, with no Python frame: no error, as untraced
                          "atexit.register(sys._current_frames)\n"
                          // Main in a traced sleep is at its own line; a raw thread with no Python frame has no entry.
                          "import _thread, itertools, time\n"
                          "ready, seen = [], []\n"
                          "def reader():\n"
                          "    while not ready: time.sleep(0.001)\n"
                          "    frame = sys._current_frames()[threading.main_thread().ident]\n"
                          "    seen.append((frame.f_code.co_name, frame.f_lineno))\n"
                          "t = threading.Thread(target=reader); t.start()\n"
                          "ready.append(1)\n"
                          "while not seen: time.sleep(0.01)\n"
                          "t.join(); print(seen)\n"
                          "raw = []\n"
                          "ident = _thread.start_new_thread(raw.extend, (itertools.starmap(sys._current_frames, [()]),))\n"
                          "while not raw: time.sleep(0.01)\n"
                          "print(ident in raw[0])\n");
        QTest::addRow("uncaught in a thread and in main")
            << QByteArray("import threading\n"
                          "def bad():\n"
                          "    raise KeyError('k')\n"
                          "t = threading.Thread(target=bad)\n"
                          "t.start(); t.join()\n"
                          "raise RuntimeError('main') from ValueError('cause')\n");
        // A thread _thread starts runs through the tracer's call_in_thread, which begins its lane: none of that
        // shows in its uncaught error's message, SystemExit's silence or start_new_thread's refusals. (Its stack:
        // tst_pythonspeedups, as the Python form of call_in_thread lies below the function.)
        QTest::addRow("a thread _thread starts")
            << QByteArray("import _thread, sys, traceback\n"
                          "freed = _thread.allocate_lock()\n"
                          "freed.acquire()\n"
                          "class F:\n"
                          "    def __call__(self, x, y=0):\n"
                          "        raise RuntimeError('boom %s %s' % (x, y))\n"
                          "    def __repr__(self):\n"
                          "        return 'F()'\n"
                          "    def __del__(self):  # once the thread has written its error's message\n"
                          "        freed.release()\n"
                          "def leaves():\n"
                          "    raise SystemExit(3)\n"
                          "_thread.start_new(leaves, ())\n"
                          "_thread.start_new_thread(F(), (1,), {'y': 2})\n"
                          "freed.acquire()\n"
                          "for bad in [(5, ()), (print, [1]), (print, (1,), []), (print,), ()]:\n"
                          "    try:\n"
                          "        _thread.start_new_thread(*bad)\n"
                          "    except TypeError:\n"
                          "        traceback.print_exc(file=sys.stdout)\n"
                          "try:\n"
                          "    _thread.start_new_thread(print, (1,), kwargs={})\n"
                          "except TypeError:\n"
                          "    traceback.print_exc(file=sys.stdout)\n");
        // What a _thread thread raised, when the program's unraisable hook raises too, and when it has none; the
        // wrapped functions' own refusals of arguments.
        QTest::addRow("a _thread thread's error with a failing hook, and none")
            << QByteArray(
                          "import _thread, sys\n"
                          "freed = _thread.allocate_lock()\n"
                          "freed.acquire()\n"
                          "class F:\n"
                          "    def __call__(self):\n"
                          "        raise ValueError('orig')\n"
                          "    def __repr__(self):\n"
                          "        return 'F()'\n"
                          "    def __del__(self):\n"
                          "        freed.release()\n"
                          "class Hook:\n"
                          "    def __call__(self, unraisable):\n"
                          "        raise RuntimeError('hook failed')\n"
                          "    def __repr__(self):\n"
                          "        return 'Hook()'\n"
                          "sys.unraisablehook = Hook()\n"
                          "_thread.start_new_thread(F(), ())\n"
                          "freed.acquire()\n"
                          "del sys.unraisablehook\n"
                          "_thread.start_new_thread(F(), ())\n"
                          "freed.acquire()\n"
                          // The report names the function by its repr (from 3.13 in the message): one that raises.
                          "class G(F):\n"
                          "    def __repr__(self):\n"
                          "        raise RuntimeError('no repr')\n"
                          "_thread.start_new_thread(G(), ())\n"
                          "freed.acquire()\n"
                          "for call in (lambda: _thread._count(1), lambda: sys._current_frames(x=1)):\n"
                          "    try:\n"
                          "        call()\n"
                          "    except TypeError as e:\n"
                          "        print(e)\n");
        // The tracer's writer thread is not counted (test.support's threading_setup() counts with _count()).
        QTest::addRow("_thread._count()")
            << QByteArray("import _thread, time\n"
                          "time.sleep(0.05)\n"
                          "print(_thread._count(), _thread._count.__name__, repr(_thread._count))\n");
        // The bootstrap turns bytecode writing on for the tracer's own imports only.
        QTest::addRow("bytecode setting")
            << QByteArray("import sys\nprint(sys.dont_write_bytecode, sys.flags.dont_write_bytecode)\n");
        // The tracer patches queue, socket and concurrent.futures only when the program imports them, and packs its
        // events without the struct module. (It imports threading, which from 3.13 on imports warnings.)
        QTest::addRow("modules the program did not import") << QByteArray(
            "import sys\n"
            "print([m for m in ('queue', 'socket', '_socket', 'concurrent.futures', 'resource', 'weakref',\n"
            "                   'importlib.machinery', 'struct') + ('warnings',) * (sys.version_info < (3, 13))\n"
            "       if m in sys.modules])\n"
            "import queue\nprint('queue' in sys.modules, 'socket' in sys.modules)\n");
        QTest::addRow("sys.exit with a message") << QByteArray("import sys\nprint('out')\nsys.exit('a message')\n");
        QTest::addRow("KeyboardInterrupt") << QByteArray("raise KeyboardInterrupt\n");
        // Paused, the sleep's first traced call holds, and the interrupt is raised inside the tracer: its
        // frames must not show between the program's line and the handler's (the tracer's control module is
        // driven as Threadline's pause and Stop drive it; untraced, the sleep is interrupted alike).
        QTest::addRow("an interrupt while paused")
            << QByteArray("import signal, sys, time\n"
                          "control = sys.modules.get('_threadline_tracer.control')\n"
                          "def ring(signum, frame):\n"
                          "    if control:\n"
                          "        control._set(False)\n"
                          "    raise KeyboardInterrupt\n"
                          "signal.signal(signal.SIGALRM, ring)\n"
                          "signal.setitimer(signal.ITIMER_REAL, 0.1)\n"
                          "if control:\n"
                          "    control._set(True)\n"
                          "time.sleep(5)\n");
        // A traced Lock and RLock read as the C ones: their type printed, isinstance, dispatch on their class, and
        // the messages that quote the type (a typo in a method's name used to say '_Lock' object).
        QTest::addRow("a lock's type and the messages that name it")
            << QByteArray("import _thread, functools, json, threading\n"
                          "@functools.singledispatch\n"
                          "def kind(x):\n"
                          "    return 'object'\n"
                          "@kind.register\n"
                          "def _(x: _thread.LockType):\n"
                          "    return 'lock'\n"
                          "for x in (threading.Lock(), threading.RLock()):\n"
                          "    print(type(x), x.__class__, type(x).__module__, type(x).__qualname__, kind(x))\n"
                          "    print(isinstance(x, _thread.LockType), isinstance(x, _thread.RLock))\n"
                          "    def assign():\n"
                          "        x.__class__ = int\n"
                          "    for bad in (lambda: json.dumps(x), lambda: x + 1, lambda: x.nope, assign, type(x)):\n"
                          "        try:\n"
                          "            print(type(bad()).__qualname__)\n"
                          "        except (TypeError, AttributeError) as e:\n"
                          "            print(e)\n"
                          "r = type(threading.RLock())(7)\n"
                          "print(r.acquire(), r._is_owned(), type(r) is type(threading.RLock()))\n"
                          "print(type(r).__mro__, type(threading.Lock()).__mro__)\n"
                          "class Counted(type(r)):\n"
                          "    pass\n"
                          "c = Counted()\n"
                          "print(c.acquire(), repr(c).split(' owner')[0], Counted.__mro__)\n"
                          "try:\n"
                          "    class Final(type(threading.Lock())):\n"
                          "        pass\n"
                          "except TypeError as e:\n"
                          "    print(e)\n"
                          "type(threading.Lock())()\n");
        // The tracer's wrappers read as the methods they stand for, and a deprecated alias still warns.
        QTest::addRow("patched methods, reprs and a deprecation")
            << QByteArray("import queue, re, threading\n"
                          "for m in (queue.Queue.put, queue.Queue.get, threading.Thread.start, threading.Thread.join,\n"
                          "          threading.Event.wait, threading.Semaphore.__enter__, threading.Condition.notify,\n"
                          "          threading.Barrier.wait, threading.Timer.cancel, threading.RLock):\n"
                          "    print(m.__module__, m.__qualname__, m.__name__, (m.__doc__ or '')[:40])\n"
                          "def shown(c):\n"
                          "    return re.sub('owner=[1-9][0-9]*', 'owner=ID', re.sub('0x[0-9a-f]+', 'ADDR', repr(c)))\n"
                          "c = threading.Condition()\n"
                          "print(shown(c))\n"
                          "with c:\n"
                          "    print(shown(c))\n"
                          "    c.notifyAll()\n");
        // A C function's replacement: its type printed, inspect.isbuiltin, and what inspect reads of a built-in (its
        // text signature) as for the C function.
        QTest::addRow("patched functions' signatures and names") << QByteArray(
            "import inspect, os, queue, threading, time\n"
            "for f in (threading.Thread.__init__, threading.Thread.join, threading.Condition.wait,\n"
            "          queue.Queue.put, queue.Queue._put, queue.LifoQueue._get, queue.PriorityQueue._put,\n"
            "          time.sleep, os._exit, os.close, os.closerange, threading.Lock):\n"
            "    try:\n"
            "        sig = inspect.signature(f)\n"
            "    except ValueError as e:\n"
            "        sig = e\n"
            "    print(f.__module__, f.__qualname__, sig, type(f), inspect.isbuiltin(f))\n"
            "for f in (time.sleep, os._exit, os.close, os.closerange, threading.Lock):\n" // read as built-ins
            "    for read in (lambda: inspect.signature(f, follow_wrapped=False), lambda: inspect.getfullargspec(f)):\n"
            "        try:\n"
            "            print(read())\n"
            "        except (TypeError, ValueError) as e:\n"
            "            print(type(e).__name__, e)\n");
        // One C function under two names: made apart (_thread's old start_new), equal and of one hash, not the same
        // object; made once (threading.Lock, os._exit), the same object.
        QTest::addRow("a C function under two names")
            << QByteArray("import _thread, os, posix, threading, time\n"
                          "a, b = _thread.start_new_thread, _thread.start_new\n"
                          "print(a == b, a != b, a is b, hash(a) == hash(b), {a: 1}.get(b))\n"
                          "print(threading.Lock is _thread.allocate_lock, os._exit is posix._exit)\n"
                          "print(_thread.allocate == _thread.allocate_lock, _thread.allocate is _thread.allocate_lock)\n"
                          "print(time.sleep == time.sleep, time.sleep == os._exit, time.sleep != a, a == len)\n");
        // threading.Lock is _thread.allocate_lock up to 3.12 and the C type _thread.lock from 3.13 on: a class there,
        // whose instances, traced or made by _thread, pass isinstance.
        QTest::addRow("threading.Lock as a function or as a type")
            << QByteArray("import _thread, copy, inspect, threading\n"
                          "L = threading.Lock\n"
                          "def attempt(f):\n"
                          "    try:\n"
                          "        print('ok', f())\n"
                          "    except Exception as e:\n"
                          "        print(type(e).__name__, e)\n"
                          "attempt(lambda: (repr(L), repr(type(L)), L.__module__, L.__qualname__, copy.copy(L) is L))\n"
                          "attempt(lambda: isinstance(L(), L))\n"
                          "attempt(lambda: isinstance(_thread.allocate_lock(), L))\n"
                          "attempt(lambda: issubclass(_thread.LockType, L))\n"
                          "attempt(lambda: L.acquire)\n"
                          "attempt(lambda: inspect.signature(L))\n"
                          "attempt(lambda: L(1))\n"
                          "try:\n"
                          "    class MyLock(L): pass\n"
                          "except TypeError as e:\n"
                          "    print('TypeError', e)\n");
        // A traceback the program prints itself has no entry of the tracer's: neither the wrapper's nor its
        // helpers'; and calls with arguments a C function does not take get its TypeError, not the wrapper's.
        QTest::addRow("errors the program catches, with their tracebacks")
            << QByteArray("import os, queue, sys, threading, time, traceback\n"
                          "def attempt(f):\n"
                          "    try:\n"
                          "        f()\n"
                          "    except Exception:\n"
                          "        traceback.print_exc(file=sys.stdout)\n"
                          "lock, rlock, cond = threading.Lock(), threading.RLock(), threading.Condition()\n"
                          "sq = queue.SimpleQueue()\n"
                          "for f in (lambda: lock.acquire(timeout=-2), lambda: lock.acquire(1, 2, 3),\n"
                          "          lambda: lock.release(1), lambda: lock.locked(1), lambda: rlock.acquire(x=1),\n"
                          "          lambda: rlock.release(1), lambda: rlock.release(), lambda: threading.Lock(1),\n"
                          "          lambda: threading.Semaphore(-1), lambda: threading.Semaphore().release(0),\n"
                          "          lambda: cond.wait(), lambda: cond.notify(), lambda: cond.notify_all(),\n"
                          "          lambda: threading.Condition(5), lambda: threading.Barrier(0),\n"
                          "          lambda: sq.put(), lambda: sq.get(1, 2, 3), lambda: sq.get(timeout=0.01),\n"
                          "          lambda: sq.put_nowait(), lambda: sq.get_nowait(1), lambda: queue.SimpleQueue(1),\n"
                          "          lambda: time.sleep(), lambda: time.sleep(1, 2), lambda: time.sleep(secs=1),\n"
                          "          lambda: os._exit('x'), lambda: os._exit(2 ** 40)):\n"
                          "    attempt(f)\n"
                          "sq.put_nowait(item=1)\n"
                          "print(sq.get(block=False))\n");
        // The tracer re-makes these methods' steps; the errors they raise themselves come from threading.py's lines.
        QTest::addRow("errors of the semaphores and barriers, with their tracebacks")
            << QByteArray("import sys, threading, traceback\n") + kAttempt +
                   QByteArray("def boom():\n"
                              "    raise KeyError('action')\n"
                              "timed, failing, aborted = threading.Barrier(2, timeout=0.01), "
                              "threading.Barrier(1, action=boom), threading.Barrier(2)\n"
                              "aborted.abort()\n"
                              "for f in (timed.wait, timed.wait, failing.wait, aborted.wait,\n"
                              "          lambda: threading.BoundedSemaphore(1).release(),\n"
                              "          lambda: threading.BoundedSemaphore(2).release(2),\n"
                              "          lambda: threading.Semaphore(1).acquire(False, 1)):\n"
                              "    attempt(f)\n");
        // queue.py compares a maxsize or a timeout only where it needs to; the C SimpleQueue converts its timeout.
        QTest::addRow("queues' maxsize and timeouts of every type")
            << QByteArray("import queue, sys, traceback\n") + kAttempt +
                   QByteArray("for m in ('x', 2.5, 2 ** 40, float('inf'), True, -3, None):\n"
                              "    q = queue.Queue(maxsize=m)\n"
                              "    for i in range(4):\n"
                              "        attempt(lambda: q.put(i, timeout=0.01))\n"
                              "    attempt(q.full)\n"
                              "bounded, lifo, simple = queue.Queue(1), queue.LifoQueue(), queue.SimpleQueue()\n"
                              "bounded.put(1)\n"
                              "for f in (lambda: bounded.put(2, timeout='x'), lambda: lifo.get(timeout='x'),\n"
                              "          lambda: simple.get(timeout='x'), lambda: simple.get(timeout=-1)):\n"
                              "    attempt(f)\n");
        // A lock's __exit__ and Condition's hooks raise the C lock's errors; a timeout past TIMEOUT_MAX is the
        // library's OverflowError, from its own lines; dir() of a lock lists the C lock's names.
        QTest::addRow("locks' exits, hooks and timeouts too large")
            << QByteArray("import _thread, sys, threading, traceback\n") + kAttempt +
                   QByteArray("lock, rlock, cond = threading.Lock(), threading.RLock(), threading.Condition()\n"
                              "print(dir(lock) == dir(_thread.allocate_lock()), dir(rlock) == dir(_thread.RLock()))\n"
                              "too_long = threading.TIMEOUT_MAX + 1\n"
                              "for f in (lambda: lock.__exit__(), lambda: rlock.__exit__(None, None, None),\n"
                              "          lambda: rlock._release_save(), lambda: threading.Event().wait(too_long),\n"
                              "          lambda: threading.Semaphore(0).acquire(timeout=too_long),\n"
                              "          lambda: threading.Barrier(2).wait(too_long)):\n"
                              "    attempt(f)\n"
                              "with cond:\n"
                              "    attempt(lambda: cond.wait(too_long))\n");
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
        QTest::addRow("a signal handler's frame and the handlers set")
            << QByteArray("import os, signal, threading, time, traceback\n"
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
        // threading.py compares such a timeout where the tracer's re-made waits would compare it otherwise.
        QTest::addRow("a timeout that is not a number")
            << QByteArray("import sys, threading, traceback\n") + kAttempt +
                   QByteArray("ev, cond, sem, bar = threading.Event(), threading.Condition(), threading.Semaphore(0), "
                              "threading.Barrier(2)\n"
                              "attempt(lambda: ev.wait('x'))\n"
                              "with cond:\n"
                              "    attempt(lambda: cond.wait('x'))\n"
                              "    attempt(lambda: cond.wait_for(lambda: False, 'x'))\n"
                              "attempt(lambda: sem.acquire(timeout='x'))\n"
                              "attempt(lambda: bar.wait('x'))\n"
                              "ev.set()\n"
                              "attempt(lambda: ev.wait('x'))\n");
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
        // os.close and os.closerange keep off the tracer's fds (closing.py): what the program sees of them is os's
        // own, errors included (tst_pythonstop checks that the trace goes on).
        QTest::addRow("closing every fd")
            << QByteArray("import os, sys, threading, traceback\n"
                          "errors = set()\n" // not how many: the fds a run inherits differ with who starts it
                          "for fd in range(3, 1024):\n"
                          "    try:\n"
                          "        os.close(fd)\n"
                          "    except OSError as e:\n"
                          "        errors.add((repr(e), e.errno, e.filename, e.__traceback__.tb_next))\n"
                          "print(errors)\n"
                          "os.closerange(3, 65536)\n"
                          "for call, bad in ((os.close, ()), (os.close, ('x',)), (os.close, (700,)),\n"
                          "                  (os.closerange, (3,)), (os.closerange, ('x', 5))):\n"
                          "    try:\n"
                          "        call(*bad)\n"
                          "    except (OSError, TypeError):\n"
                          "        traceback.print_exc(file=sys.stdout)\n"
                          "t = threading.Thread(target=print, args=('after',)); t.start(); t.join()\n");
        // CPython's test_queue imports queue with _queue blocked: queue.py falls back to its Python SimpleQueue.
        QTest::addRow("queue without _queue")
            << QByteArray("import sys\n"
                          "sys.modules['_queue'] = None\n"
                          "import queue\n"
                          "q, s = queue.Queue(), queue.SimpleQueue()\n"
                          "q.put(1); s.put(2)\n"
                          "print(q.get(), s.get(), type(s), queue.Empty.__module__)\n");
        // What the program lets go is freed at once, as untraced: no hook of the tracer's holds it in a cycle
        // (CPython's test_threading counted such finished Timers as dangling threads).
        QTest::addRow("primitives and threads freed by their reference count")
            << QByteArray("import gc, threading, weakref\n"
                          "gc.disable()\n"
                          "def dead(make):\n"
                          "    obj = make()\n"
                          "    ref = weakref.ref(obj)\n"
                          "    del obj\n"
                          "    return ref() is None\n"
                          "print(dead(threading.Condition), dead(lambda: threading.Condition(threading.Lock())),\n"
                          "      dead(lambda: threading.Condition(threading.RLock())), dead(threading.Semaphore),\n"
                          "      dead(threading.Event), dead(lambda: threading.Barrier(2)), dead(threading.Lock),\n"
                          "      dead(threading.RLock))\n"
                          "def timer():\n"
                          "    t = threading.Timer(0.01, print, ('fired',))\n"
                          "    t.start(); t.join()\n"
                          "    return t\n"
                          "def cancelled():\n"
                          "    t = threading.Timer(5, print, ('never',))\n"
                          "    t.start(); t.cancel(); t.join()\n"
                          "    return t\n"
                          "def thread():\n"
                          "    t = threading.Thread(target=print, args=('ran',))\n"
                          "    t.start(); t.join()\n"
                          "    return t\n"
                          "print(dead(timer), dead(cancelled), dead(thread))\n"
                          "import queue\n"
                          "print(dead(queue.Queue), dead(queue.SimpleQueue), dead(queue.PriorityQueue))\n"
                          "c = threading.Condition()\n"
                          "with c:\n"
                          "    c.wait(0.01)\n"
                          "ref = weakref.ref(c); del c; print(ref() is None)\n");
        // pickle saves a function as the name it bears: a replaced one must be found under that name (CPython's
        // test_concurrent_futures starts a spawn context's Manager, which pickles threading.Lock).
        QTest::addRow("pickled functions and a spawned manager")
            << QByteArray("import os, pickle, threading, time, _thread, multiprocessing\n"
                          "for f in (threading.Lock, threading.RLock, _thread.allocate_lock, time.sleep, os._exit,\n"
                          "          os.close, os.closerange, threading.Thread.start):\n"
                          "    data = pickle.dumps(f)\n"
                          "    print(data, pickle.loads(data) is f)\n"
                          "if __name__ == '__main__':\n"
                          "    with multiprocessing.get_context('spawn').Manager() as manager:\n"
                          "        with manager.Lock() as lock:\n"
                          "            print(\"a manager's lock\")\n");
        // A replaced C function still acts as one: kept on a class it is not bound (CPython's test_thread keeps
        // _thread.allocate_lock so), copy and pickle take it by its name, repr() shows a built-in.
        QTest::addRow("replaced C functions act as C functions")
            << QByteArray("import copy, os, pickle, sys, threading, time, _thread\n"
                          "class T:\n"
                          "    sleep, lock, tlock = time.sleep, _thread.allocate_lock, threading.Lock\n"
                          "T().sleep(0); print(T().lock().locked(), T().tlock().locked())\n"
                          "for f in (time.sleep, os._exit, os.close, threading.Lock, _thread.allocate_lock,\n"
                          "          sys.settrace, sys._current_frames, _thread.start_new_thread, _thread.start_new):\n"
                          "    print(repr(f), f.__name__, f.__qualname__, f.__module__, copy.copy(f) is f,\n"
                          "          pickle.loads(pickle.dumps(f)) is f)\n");
        // A task that raised: its work item, future and exception, and the worker, are freed with the executor.
        // (CPython's test_concurrent_futures counted such workers as dangling threads.)
        QTest::addRow("a pool freed at once after a task raised")
            << QByteArray("import gc, threading, time, weakref\n"
                          "from concurrent import futures\n"
                          "from concurrent.futures import ThreadPoolExecutor\n"
                          "gc.disable()\n"
                          "def run():\n"
                          "    with ThreadPoolExecutor(1) as ex:\n"
                          "        future = ex.submit(divmod, 2, 0)\n"
                          "        print(type(future.exception()).__name__)\n"
                          "        return weakref.ref(list(ex._threads)[0]), weakref.ref(future)\n"
                          "worker, future = run()\n"
                          "print(worker() is None, future() is None)\n"
                          "def late_error():\n"
                          "    time.sleep(0.05)\n"
                          "    raise ValueError\n"
                          "def first_exception():\n" // a wait() that blocked and returned: its waiter goes too
                          "    ex = ThreadPoolExecutor(1)\n"
                          "    done, _ = futures.wait([ex.submit(late_error), ex.submit(time.sleep, 0.1)],\n"
                          "                           return_when=futures.FIRST_EXCEPTION)\n"
                          "    ex.shutdown()\n"
                          "    return weakref.ref(list(ex._threads)[0]), len(done)\n"
                          "worker, done = first_exception()\n"
                          "print(worker() is None, done)\n");
        // CPython's test_concurrent_futures checks the generator holds no future it yielded (bpo-14406).
        QTest::addRow("as_completed keeps no future it has yielded")
            << QByteArray("import gc, weakref\n"
                          "from concurrent import futures\n"
                          "from concurrent.futures._base import Future, FINISHED, CANCELLED_AND_NOTIFIED\n"
                          "def made(state, result=None):\n"
                          "    f = Future(); f._state = state; f._result = result\n"
                          "    return f\n"
                          "pending = [Future(), made(CANCELLED_AND_NOTIFIED), made(FINISHED, 42)]\n"
                          "try:\n"
                          "    for future in futures.as_completed(pending, timeout=0):\n"
                          "        pending.remove(future)\n"
                          "        held = weakref.ref(future)\n"
                          "        del future\n"
                          "        gc.collect()\n"
                          "        print('freed', held() is None)\n"
                          "except futures.TimeoutError:\n"
                          "    print('timed out with', len(pending), 'pending')\n");
        // What the program throws into it, or its close(), reaches as_completed's own yield: its finally takes the
        // waiters off the futures at once, and the traceback is the library's.
        QTest::addRow("as_completed's throw and close")
            << QByteArray("import sys, traceback\n"
                          "from concurrent.futures import as_completed, Future\n"
                          "def started():\n"
                          "    done, pending = Future(), Future()\n"
                          "    done.set_result(1)\n"
                          "    g = as_completed([done, pending])\n"
                          "    next(g)\n"
                          "    return g, pending\n"
                          "g, pending = started()\n"
                          "try:\n"
                          "    g.throw(KeyError('k'))\n"
                          "except KeyError:\n"
                          "    traceback.print_exc(file=sys.stdout)\n"
                          "print('thrown', len(pending._waiters))\n"
                          "g, pending = started()\n"
                          "g.close()\n"
                          "print('closed', len(pending._waiters))\n"
                          "g, pending = started()\n"
                          "del g\n"
                          "print('collected', len(pending._waiters))\n");
        QTest::addRow("patched socket methods")
            << QByteArray("import socket\n"
                          "for m in (socket.socket.accept, socket.socket.recv, socket.socket.send,\n"
                          "          socket.socket.sendall, socket.socket.connect):\n"
                          "    print(m.__qualname__, m.__name__, (m.__doc__ or '')[:40])\n");
        // Called straight from C at exit, with no Python frame above them: nothing to name the line by.
        QTest::addRow("primitives released by atexit callbacks")
            << QByteArray("import atexit, queue, threading\n"
                          "lock, rlock, q = threading.Lock(), threading.RLock(), queue.Queue()\n"
                          "lock.acquire(); rlock.acquire()\n"
                          "atexit.register(lock.release); atexit.register(rlock.release); atexit.register(q.put, 1)\n"
                          "print('registered')\n");
        QTest::addRow("SyntaxError") << QByteArray("x = 1\nif x = 2:\n    pass\n");
        QTest::addRow("os._exit") << QByteArray("import os\nprint('flushed?', flush=True)\nos._exit(7)\n");
        QTest::addRow("time.sleep's own errors")
            << QByteArray("import time\n"
                          "for v in (float('inf'), 1e10, 9223372037, 2**64, -1, float('nan'), 'x', None):\n"
                          "    try:\n"
                          "        time.sleep(v)\n"
                          "    except Exception as e:\n"
                          "        print(repr(v), type(e).__name__, e)\n"
                          "time.sleep(0)\n"
                          "time.sleep(float('inf'))\n");
        QTest::addRow("a queue timeout and the stdout encoding")
            << QByteArray("import queue, sys\nprint(sys.stdout.encoding, sys.stdout.errors, repr(sys.stdout))\n"
                          "q = queue.Queue(maxsize=1)\nq.put(1)\ntry:\n    q.put(2, timeout=0.01)\n"
                          "except queue.Full as e:\n    print(type(e), repr(e))\n    raise\n");
    }
    void sameBytesAndExitCode()
    {
        QFETCH(QByteArray, code);
        compareWithPlain(code, {QStringLiteral("arg one"), QStringLiteral("2")});
    }

    // python3 ./x.py and ../x.py name the script by the working directory and the path as given, not normalized:
    // so do __file__, __loader__.path, a warning and a traceback under the tracer.
    void aRelativePathIsNamedAsPythonNamesIt_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addRow("./") << QStringLiteral("./tl_relative.py");
        QTest::addRow("../") << QStringLiteral("../%1/tl_relative.py").arg(QFileInfo(scratch().path()).fileName());
    }
    void aRelativePathIsNamedAsPythonNamesIt()
    {
        QFETCH(QString, path);
        writeScript("import sys, traceback, warnings\n"
                    "print(__file__, __loader__.path, sys.argv[0])\n"
                    "warnings.warn('here')\n"
                    "try:\n"
                    "    1 / 0\n"
                    "except ZeroDivisionError:\n"
                    "    traceback.print_exc()\n",
                    QStringLiteral("tl_relative.py"));
        PythonRunOptions options;
        options.script = path;
        options.workingDirectory = scratch().path();
        pytest::compareWithPlain(options, {path});
    }

    void moduleRunsAsPythonDashM()
    {
        writeScript("import sys\nprint(__name__, sys.argv, sys.path[0] == __import__('os').getcwd())\n"
                    "raise SystemExit(4)\n",
                    QStringLiteral("tl_mod_under_test.py"));
        const Plain plain = runPlain({QStringLiteral("-m"), QStringLiteral("tl_mod_under_test"), QStringLiteral("x")},
                                     scratch().path());
        PythonRunOptions options;
        options.module = QStringLiteral("tl_mod_under_test");
        options.args = {QStringLiteral("x")};
        options.workingDirectory = scratch().path();
        const Run traced = run(options);
        QVERIFY2(traced.startError.isEmpty(), qPrintable(traced.startError));
        QCOMPARE(traced.out(), plain.out);
        QCOMPARE(traced.err(), plain.err);
        QCOMPARE(traced.source->exitCode().value_or(-1), 4);
        QCOMPARE(traced.store->metadata().scenarioId, QStringLiteral("tl_mod_under_test"));
    }

    // A program's child processes run untraced (the channel is close-on-exec and a fork's child stops writing):
    // they behave as without Threadline, and only the parent's threads are in the trace.
    void childProcessesAreNotTraced()
    {
        const QByteArray code =
            "import multiprocessing, subprocess, sys, threading\n"
            "def square(x):\n"
            "    return x * x\n"
            "if __name__ == '__main__':\n"
            "    with multiprocessing.get_context('fork').Pool(2) as pool:\n"
            "        print(pool.map(square, range(5)))\n"
            "    p = multiprocessing.get_context('spawn').Process(target=square, args=(3,))\n"
            "    p.start(); p.join(); print('spawned', p.exitcode)\n"
            "    child = [sys.executable, '-c', 'import threading; print(threading.active_count())']\n"
            "    print('child says', subprocess.run(child, capture_output=True, text=True).stdout)\n";
        compareWithPlain(code);
        const Run r = runCode(code);
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        QVERIFY2(r.source->problems().isEmpty(), qPrintable(r.source->problems().join(QLatin1Char('\n'))));
        QStringList names;
        for (LaneId id : r.store->laneOrder())
            names << r.store->laneName(id);
        names.sort();
        // main, and the parent's own helper threads of the fork pool; nothing from the five children.
        QCOMPARE(names, QStringList({"MainThread", "Thread-1 (_handle_workers)", "Thread-2 (_handle_tasks)",
                                     "Thread-3 (_handle_results)"}));
    }

    // A module of the program's own that has the name of one the tracer patches on import (a student's
    // queue.py beside the script) is the program's: left alone, as Python would import it.
    void programsOwnQueueModuleIsLeftAlone()
    {
        writeScript("NAME = 'mine'\n", QStringLiteral("ownqueue/queue.py"));
        const QString script =
            writeScript("import queue, threading\nprint(queue.NAME, hasattr(queue, 'Queue'))\n"
                        "t = threading.Thread(target=print, args=('thread',))\nt.start(); t.join()\n",
                        QStringLiteral("ownqueue/prog.py"));
        const Plain plain = runPlain({script});
        QCOMPARE(plain.out, QByteArray("mine False\nthread\n"));
        PythonRunOptions options;
        options.script = script;
        const Run traced = run(options);
        QVERIFY2(traced.startError.isEmpty(), qPrintable(traced.startError));
        QCOMPARE(traced.out(), plain.out);
        QCOMPARE(traced.err(), plain.err);
        QCOMPARE(traced.source->exitCode().value_or(-1), plain.code);
    }

    // A forked child is not traced: it keeps none of the run's speed (its sleeps last what they ask, as
    // without Threadline), and it drops the events its code still makes instead of keeping them for ever.
    void forkedChildIsUntracedAtAnySpeed()
    {
        PythonRunOptions options;
        options.speed = 4.0;
        const Run r = runCode("import os, queue, time\n"
                              "from _threadline_tracer import channel\n"
                              "pid = os.fork()\n"
                              "if pid == 0:\n"
                              "    t = time.monotonic()\n"
                              "    time.sleep(0.2)\n"
                              "    slept = time.monotonic() - t\n"
                              "    q = queue.Queue()\n"
                              "    for i in range(1000):\n"
                              "        q.put(i); q.get()\n"
                              "    kept = sum(len(lane.buf) for lane in channel._buffers.values())\n"
                              "    os._exit(0 if slept >= 0.19 and kept == 0 else 1)\n"
                              "_, status = os.waitpid(pid, 0)\n"
                              "print('child', os.waitstatus_to_exitcode(status))\n",
                              options);
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        QCOMPARE(r.out(), QByteArray("child 0\n"));
        QVERIFY2(r.source->problems().isEmpty(), qPrintable(r.source->problems().join(QLatin1Char('\n'))));
    }

    void forwardedOutputIsStillTraced()
    {
        // A headless run writes the program's output straight to Threadline's own stdout and stderr; the
        // trace still has every line, tagged with its thread.
        PythonRunOptions options;
        options.forwardOutput = true;
        const Run r = runCode("import sys\nprint('forwarded line')\nprint('to stderr', file=sys.stderr)\n", options);
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        QCOMPARE(r.out(), QByteArray());
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        QVERIFY(main);
        QCOMPARE(printsOf(*r.store, *main), QStringList({"forwarded line", "to stderr"}));
    }

    // A script that is a pipe (a FIFO here; `python3 <(...)` alike) gives its bytes once: the tracer reads it
    // once, as python3 does, and runs what it read (reading it a second time waited for a writer for ever).
    void aScriptFromAPipeIsReadOnce()
    {
        const QString fifo = scratch().filePath(QStringLiteral("piped.py"));
        QFile::remove(fifo);
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        std::thread writer([&fifo] {
            // Opened without blocking, retried until Python opens its end: a run that never does ends the test.
            QDeadlineTimer deadline(20'000);
            int fd = -1;
            while (fd < 0 && !deadline.hasExpired()) {
                fd = ::open(QFile::encodeName(fifo).constData(), O_WRONLY | O_NONBLOCK);
                if (fd < 0)
                    QThread::msleep(5);
            }
            if (fd >= 0) {
                const char code[] = "print('from a pipe')\n";
                (void)!::write(fd, code, sizeof code - 1);
                ::close(fd);
            }
        });
        PythonRunOptions options;
        options.script = fifo;
        const Run r = run(options, 20'000);
        writer.join();
        QCOMPARE(r.out(), QByteArray("from a pipe\n"));
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
    }

    void syntaxErrorIsAnErrorOnItsLine()
    {
        const Run r = runCode("x = 1\nif x = 2:\n    pass\n");
        QVERIFY2(r.source->exitCode().value_or(-1) == 1, r.err().constData());
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        QVERIFY(main);
        const auto errors = eventsOf(*main, EventKind::Error);
        QCOMPARE(errors.size(), std::size_t(1));
        QCOMPARE(r.store->text(errors[0].a), QStringLiteral("SyntaxError"));
        QCOMPARE(errors[0].line, 2);
        QVERIFY(r.err().contains("SyntaxError"));
    }

    void metadataNamesTheRun()
    {
        PythonRunOptions options;
        options.args = {QStringLiteral("a")};
        options.speed = 2;
        const Run r = runCode("pass\n", options);
        const TraceMetadata meta = r.store->metadata();
        QCOMPARE(meta.scenarioId, QStringLiteral("prog.py"));
        QVERIFY(meta.scenarioTitle.contains(QLatin1String("CPython 3.")));
        QCOMPARE(meta.speed, 2.0);
        // What ran it is metadata of its own, not a lesson parameter.
        QVERIFY(meta.parameters.isEmpty());
        QCOMPARE(meta.source, QStringLiteral("python"));
        QVERIFY(meta.isPython());
        QVERIFY(meta.interpreter.startsWith(QLatin1String("CPython 3.")));
        QCOMPARE(meta.interpreter, r.source->interpreter());
        QCOMPARE(meta.executable, QFileInfo(python()).absoluteFilePath());
        QCOMPARE(meta.script, scratch().filePath(QStringLiteral("prog.py")));
        QVERIFY(meta.module.isEmpty());
        QCOMPARE(meta.args, QStringList({QStringLiteral("a")}));
        QVERIFY(r.source->interpreter().startsWith(QLatin1String("CPython 3.")));
    }

    void badInput_data()
    {
        QTest::addColumn<QString>("python");
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("module");
        QTest::addColumn<QString>("message");
        const QString dir = scratch().path();
        QTest::addRow("missing script") << QString() << dir + "/nope.py" << QString() << "nope.py: no such file";
        QTest::addRow("a directory") << QString() << dir << QString() << "is a directory, not a Python script";
        QTest::addRow("no interpreter") << "python3-not-installed" << writeScript("pass\n") << QString()
                                        << "no Python interpreter \"python3-not-installed\" on PATH: install one";
        QTest::addRow("no such interpreter path")
            << dir + "/bin/python9" << writeScript("pass\n") << QString() << "cannot run " + dir + "/bin/python9";
        QTest::addRow("neither script nor module")
            << QString() << QString() << QString() << "give a script or a module";
    }
    void badInput()
    {
        QFETCH(QString, python);
        QFETCH(QString, script);
        QFETCH(QString, module);
        QFETCH(QString, message);
        PythonRunOptions options;
        if (!python.isEmpty())
            options.python = python;
        options.script = script;
        options.module = module;
        PythonSource source(options);
        const Status started = source.start();
        QVERIFY(!started);
        QVERIFY2(started.error().contains(message), qPrintable(started.error()));
        QVERIFY(source.isFinished());
        QCOMPARE(source.problems(), QStringList{started.error()});
        std::vector<Event> events;
        QCOMPARE(source.drain(events), std::size_t(0));
    }

    void unreadableScript()
    {
        if (::geteuid() == 0)
            QSKIP("root reads any file");
        const QString path = writeScript("pass\n", QStringLiteral("locked.py"));
        QFile::setPermissions(path, QFileDevice::WriteOwner);
        PythonRunOptions options;
        options.script = path;
        PythonSource source(options);
        const Status started = source.start();
        QVERIFY(!started);
        QVERIFY2(started.error().contains(QLatin1String("cannot read it")), qPrintable(started.error()));
    }

    void interpreterTooOld()
    {
        // A Python older than 3.11 on the machine (pyenv keeps some), run as the tracer's script directly (the
        // probe refuses it before that): the tracer says so and stops.
        QString old;
        for (const QString& v : {QStringLiteral("2.7.18"), QStringLiteral("3.6.15"), QStringLiteral("3.10.13")})
            if (QFileInfo::exists(QStringLiteral("/root/.pyenv/versions/%1/bin/python").arg(v)))
                old = QStringLiteral("/root/.pyenv/versions/%1/bin/python").arg(v);
        if (old.isEmpty())
            QSKIP("no Python older than 3.11 here");
        PythonRunOptions options;
        options.python = old;
        options.script = writeScript("print('never')\n");
        const Run r = run(options);
        QVERIFY(r.startError.isEmpty());
        QCOMPARE(r.source->exitCode().value_or(-1), 2);
        QVERIFY2(r.err().contains("the tracer needs Python 3.11 or newer"), r.err().constData());
        QVERIFY(
            r.source->problems().join(QLatin1Char('\n')).contains(QLatin1String("before Threadline's tracer started")));
        QCOMPARE(r.store->eventCount(), 0u);
    }
};

QTEST_GUILESS_MAIN(tst_PythonFaithful)
#include "tst_pythonfaithful.moc"
