// The tracer's replacements of the library's functions and methods read and fail as the originals: a lock's type,
// reprs, signatures and names, pickling, the errors and tracebacks of the primitives, queues and pools, and what
// the program lets go freed at once. Each program gives the same bytes and exit code traced and untraced.

#include "pythonrun.h"

#include <QDir>
#include <QProcess>
#include <QTest>

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

class tst_PythonReplacements : public QObject {
    Q_OBJECT

private slots:
    void sameBytesAndExitCode_data()
    {
        QTest::addColumn<QByteArray>("code");
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
        QTest::addRow("a C function under two names") << QByteArray(
            "import _thread, os, posix, threading, time\n"
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
                          // A wait() that blocked and returned: its waiter goes too. The second task ends only
                          // once the wait has returned: a main thread woken late on a loaded machine found it done
                          // too ("True 2" untraced, "True 1" traced, in a CI run).
                          "def first_exception():\n"
                          "    ex = ThreadPoolExecutor(1)\n"
                          "    release = threading.Event()\n"
                          "    done, _ = futures.wait([ex.submit(late_error), ex.submit(release.wait)],\n"
                          "                           return_when=futures.FIRST_EXCEPTION)\n"
                          "    release.set()\n"
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
        // What a program may do to a traced object that the tracer's own parts must not change: pickle a semaphore
        // (whose condition the tracer re-classes), ask an RLock its count (3.12 on), put items a PriorityQueue cannot
        // compare (the traceback ends at queue.py's _put), override a Condition's notify or a Thread's is_alive
        // (notify_all calls the one, join never the other), and give a thread a target whose __name__ is no str.
        QTest::addRow("what a program may do to a traced object")
            << QByteArray("import copy, pickle, queue, sys, threading, traceback\n"
                          "from concurrent.futures import ThreadPoolExecutor\n"
                          "for sem in (threading.Semaphore(), threading.BoundedSemaphore()):\n"
                          "    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):\n"
                          "        try:\n"
                          "            pickle.dumps(sem, protocol)\n"
                          "        except TypeError as e:\n"
                          "            print(protocol, 'TypeError', e)\n"
                          "    try:\n"
                          "        copy.deepcopy(sem)\n"
                          "    except TypeError as e:\n"
                          "        print('deepcopy TypeError', e)\n"
                          "r = threading.RLock()\n"
                          "with r, r:\n"
                          "    print(getattr(r, '_recursion_count', lambda: 'none before 3.12')())\n"
                          "print(getattr(r, '_recursion_count', lambda: 'none before 3.12')())\n"
                          "pq = queue.PriorityQueue()\n"
                          "try:\n"
                          "    pq.put((1, object())); pq.put((1, object()))\n"
                          "except TypeError:\n"
                          "    traceback.print_exc(file=sys.stdout)\n"
                          "class LoggingCondition(threading.Condition):\n"
                          "    def notify(self, n=1):\n"
                          "        print('notify', n)\n"
                          "        super().notify(n)\n"
                          "c = LoggingCondition()\n"
                          "with c:\n"
                          "    c.notify_all()\n"
                          "class Worker(threading.Thread):\n"
                          "    calls = 0\n"
                          "    def is_alive(self):\n"
                          "        Worker.calls += 1\n"
                          "        return super().is_alive()\n"
                          "w = Worker(target=print, args=('work',))\n"
                          "w.start(); w.join(timeout=5)\n"
                          "print('is_alive calls:', Worker.calls)\n"
                          "class Job:\n"
                          "    __name__ = 7\n"
                          "    def __call__(self):\n"
                          "        print('job ran')\n"
                          "t = threading.Thread(target=Job())\n"
                          "print(t.name)\n"
                          "t.start(); t.join()\n"
                          "with ThreadPoolExecutor(1) as pool:\n"
                          "    pool.submit(Job()).result()\n");
        // Untraced, the script's path is in sys.path_importer_cache (with None: no path hook takes it); traced, it
        // was missing, and the tracer's own folders were there (a reviewer). A queue's hook imports more of them.
        QTest::addRow("the importer cache") << QByteArray("import queue, sys\n"
                                                          "for path, importer in sys.path_importer_cache.items():\n"
                                                          "    print(path, type(importer).__name__)\n");
        QTest::addRow("patched socket methods")
            << QByteArray("import socket\n"
                          "for m in (socket.socket.accept, socket.socket.recv, socket.socket.send,\n"
                          "          socket.socket.sendall, socket.socket.connect):\n"
                          "    print(m.__qualname__, m.__name__, (m.__doc__ or '')[:40])\n");
    }
    void sameBytesAndExitCode()
    {
        QFETCH(QByteArray, code);
        compareWithPlain(code, {QStringLiteral("arg one"), QStringLiteral("2")});
    }

    // A timeout the library refuses, or takes as it is, reaches it as the program gave it, at any speed: NaN (which
    // Event.wait and Condition.wait take, and a join refuses), an int too large for a float, and one past
    // TIMEOUT_MAX, which scaled at 10x would have been a wait of days instead of the OverflowError.
    void timeoutsTheLibraryRefusesOrTakesAsTheyAre_data()
    {
        QTest::addColumn<double>("speed");
        QTest::addRow("1x") << 1.0;
        QTest::addRow("10x") << 10.0;
    }
    void timeoutsTheLibraryRefusesOrTakesAsTheyAre()
    {
        QFETCH(double, speed);
        PythonRunOptions options;
        options.speed = speed;
        options.script = writeScript("import threading\n"
                                     "def attempt(f):\n"
                                     "    try:\n"
                                     "        print(f())\n"
                                     "    except Exception as e:\n"
                                     "        print(type(e).__name__, e)\n"
                                     "cond = threading.Condition()\n"
                                     "def cond_wait(timeout):\n"
                                     "    with cond:\n"
                                     "        return cond.wait(timeout)\n"
                                     "t = threading.Thread(target=bool)\n"
                                     "t.start()\n"
                                     "for timeout in (float('nan'), 10 ** 400, threading.TIMEOUT_MAX * 1.5):\n"
                                     "    attempt(lambda: threading.Event().wait(timeout))\n"
                                     "    attempt(lambda: cond_wait(timeout))\n"
                                     "    attempt(lambda: t.join(timeout))\n");
        compareWithPlain(options, QStringList{options.script});
    }

    // Below 1x a timeout is made longer: threading.TIMEOUT_MAX (or a sleep of 5e9 s) waited at 0.1x raised
    // OverflowError in every primitive (a user-tester), where untraced it blocks. The longest timeout the library
    // takes stays one it takes.
    // `python3 app.pyz` and `python3 app/` run the archive's or the directory's __main__.py, with sys.path[0] the
    // archive or directory and sys.argv[0] as given; one with no __main__ is Python's own error. The tracer compiled a
    // zipapp as source: a SyntaxError at its "PK" (a user-tester).
    void aZipappOrADirectoryRunsItsMainModule_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addRow("a directory") << QStringLiteral("app");
        QTest::addRow("a zipapp") << QStringLiteral("app.pyz");
        QTest::addRow("a directory without __main__") << QStringLiteral("empty");
    }
    void aZipappOrADirectoryRunsItsMainModule()
    {
        QFETCH(QString, name);
        const QDir dir(scratch().path());
        QVERIFY(dir.mkpath(QStringLiteral("app")) && dir.mkpath(QStringLiteral("empty")));
        writeScript("import sys, threading\n"
                    "print(sys.argv, sys.path[0], __name__, __file__, __spec__.name)\n"
                    "print([(path, repr(importer)) for path, importer in sys.path_importer_cache.items()])\n"
                    "t = threading.Thread(target=print, args=('in a thread',), name='helper')\n"
                    "t.start()\n"
                    "t.join()\n"
                    "raise SystemExit(4)\n",
                    QStringLiteral("app/__main__.py"));
        if (!dir.exists(QStringLiteral("app.pyz"))) {
            QProcess zipapp;
            zipapp.setWorkingDirectory(dir.path());
            zipapp.start(python(), {QStringLiteral("-m"), QStringLiteral("zipapp"), QStringLiteral("app"),
                                    QStringLiteral("-o"), QStringLiteral("app.pyz")});
            QVERIFY(zipapp.waitForFinished(30'000) && zipapp.exitCode() == 0);
        }
        PythonRunOptions options;
        options.workingDirectory = dir.path();
        options.script = dir.filePath(name);
        options.args = {QStringLiteral("x")};
        compareWithPlain(options, {options.script, QStringLiteral("x")});
    }

    void aWaitOfTimeoutMaxBlocksBelowOneX()
    {
        PythonRunOptions options;
        options.speed = 0.1;
        options.script = writeScript("import queue, threading, time\n"
                                     "M = threading.TIMEOUT_MAX\n"
                                     "def attempt(label, f):\n"
                                     "    def waits():\n"
                                     "        try:\n"
                                     "            f()\n"
                                     "            print(label, 'returned')\n"
                                     "        except Exception as e:\n"
                                     "            print(label, type(e).__name__, e)\n"
                                     "    threading.Thread(target=waits, daemon=True).start()\n"
                                     "lock = threading.Lock()\n"
                                     "lock.acquire()\n"
                                     "attempt('sleep', lambda: time.sleep(5e9))\n"
                                     "attempt('event', lambda: threading.Event().wait(M))\n"
                                     "attempt('lock', lambda: lock.acquire(timeout=M))\n"
                                     "attempt('get', lambda: queue.Queue().get(timeout=M))\n"
                                     "attempt('semaphore', lambda: threading.Semaphore(0).acquire(timeout=M))\n"
                                     "time.sleep(0.02)\n"
                                     "print('main done')\n");
        compareWithPlain(options, QStringList{options.script});
    }
};

QTEST_GUILESS_MAIN(tst_PythonReplacements)
#include "tst_pythonreplacements.moc"
