// A traced program behaves as it does untraced: the same stdout and stderr bytes and exit code, the same thread
// names, active_count(), enumerate() and tracebacks, the same script path. Modules and processes (-m, sys.modules,
// children, forks): tst_pythonmodules.
// The tracer's replacements of the library's functions: tst_pythonreplacements; the program's signal handlers
// and trace functions: tst_pythonhooks; bad input: tst_pythonbadinput.

#include "pythonrun.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QTest>
#include <QThread>

#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace tl;
using namespace tl::pytest;

class tst_PythonFaithful : public QObject {
    Q_OBJECT

private slots:
    void sameBytesAndExitCode_data()
    {
        QTest::addColumn<QByteArray>("code");
        QTest::addRow("names, counts, a traceback, exit 3")
            << QByteArray("import sys, threading, time, traceback, queue\n"
                          "print(threading.active_count(), [t.name for t in threading.enumerate()])\n"
                          "t = threading.Thread(target=time.sleep, args=(0.5,))\n" // alive at the next line
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
        QTest::addRow("sys._current_frames and _current_exceptions") << QByteArray(
            "import sys, threading\n"
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
        // A sys.excepthook that raises, is None, is gone or exits: CPython's own words around the default display.
        // The tracer called a raising hook twice and showed its own frames.
        QTest::addRow("sys.excepthook raises") << QByteArray("import sys\n"
                                                             "def hook(t, v, tb):\n"
                                                             "    print('in hook', t.__name__)\n"
                                                             "    raise RuntimeError('hook broke')\n"
                                                             "sys.excepthook = hook\n"
                                                             "raise ValueError('orig')\n");
        QTest::addRow("sys.excepthook is None") << QByteArray("import sys\n"
                                                              "sys.excepthook = None\n"
                                                              "raise ValueError('orig')\n");
        QTest::addRow("sys.excepthook is missing") << QByteArray("import sys\n"
                                                                 "del sys.excepthook\n"
                                                                 "raise ValueError('orig')\n");
        QTest::addRow("sys.excepthook exits") << QByteArray("import sys\n"
                                                            "def hook(*a):\n"
                                                            "    sys.exit(5)\n"
                                                            "sys.excepthook = hook\n"
                                                            "raise ValueError('orig')\n");
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
            << QByteArray("import _thread, sys\n"
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
        // sys.modules lists what it lists untraced, and the tracer's own package: the tracer patches threading, queue,
        // socket, signal and concurrent.futures as the program imports them, and keeps the C modules it needs itself
        // unlisted (as their names sort, a difference shows as the first one that differs).
        QTest::addRow("sys.modules, importing nothing")
            << QByteArray("import sys\n"
                          "print(sorted(m for m in sys.modules if not m.startswith('_threadline_tracer')))\n");
        QTest::addRow("sys.modules, with what the tracer follows") << QByteArray(
            "import sys, queue, socket, signal, concurrent.futures, threading\n"
            "with concurrent.futures.ThreadPoolExecutor(2) as pool:\n"
            "    print(pool.submit(pow, 2, 5).result())\n"
            "a, b = socket.socketpair()\n"
            "a.sendall(b'x'); print(b.recv(1))\n"
            "lock = threading.Lock(); rlock = threading.RLock(); cond = threading.Condition()\n"
            "sem = threading.BoundedSemaphore(2); event = threading.Event(); barrier = threading.Barrier(1)\n"
            "barrier.wait(); queue.Queue().put(1)\n"
            "timer = threading.Timer(0.01, print, ('timer',)); timer.start(); timer.join()\n"
            "print(sorted(m for m in sys.modules if not m.startswith('_threadline_tracer')))\n");
        // os._exit with an argument it refuses raises its TypeError and the program goes on: the wrapper's check of
        // the argument imports nothing.
        QTest::addRow("sys.modules, after os._exit refused an argument")
            << QByteArray("import os, sys\n"
                          "try:\n"
                          "    os._exit('x')\n"
                          "except TypeError as e:\n"
                          "    print(e)\n"
                          "print(sorted(m for m in sys.modules if not m.startswith('_threadline_tracer')))\n");
        QTest::addRow("sys.exit with a message") << QByteArray("import sys\nprint('out')\nsys.exit('a message')\n");
        QTest::addRow("KeyboardInterrupt") << QByteArray("raise KeyboardInterrupt\n");
        // At exit the program's globals go first, as untraced: start-up frames the tracer left in a cycle held them
        // (on 3.12 and newer, without the C speedups), and a global ThreadPool's __del__ ran after the modules it
        // needs were gone ("Exception ignored in: <function Pool.__del__").
        QTest::addRow("the globals at exit")
            << QByteArray("import atexit, gc, sys\n"
                          "from multiprocessing.pool import ThreadPool\n"
                          "pool = ThreadPool(2)\n"
                          "print(pool.map(abs, [-1, -2]))\n"
                          "def frames_holding_globals():\n"
                          "    held = gc.get_referrers(sys.modules['__main__'].__dict__)\n"
                          "    print(sum(type(r).__name__ == 'frame' for r in held))\n"
                          "atexit.register(frames_holding_globals)\n");
        // On 3.13, _thread.allocate_lock(1) said the C type's "lock expected 0 arguments" and RLock(1)'s
        // DeprecationWarning was dropped, raised at the tracer's line and not __main__'s.
        QTest::addRow("the lock factories' arguments")
            << QByteArray("import threading, _thread\n"
                          "for make in (threading.Lock, _thread.allocate_lock, threading.RLock):\n"
                          "    try:\n"
                          "        make(1)\n"
                          "        print('took it')\n"
                          "    except TypeError as e:\n"
                          "        print(e)\n"
                          "threading.RLock(1)\n");
        // A signal the program blocks goes to a thread that does not: the tracer's writer took it, and its default
        // action killed the process (exit 138).
        QTest::addRow("a blocked signal waited for")
            << QByteArray("import signal, threading, os\n"
                          "signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})\n"
                          "t = threading.Thread(target=lambda: print('got', signal.sigwait({signal.SIGUSR1})))\n"
                          "t.start()\n"
                          "os.kill(os.getpid(), signal.SIGUSR1)\n"
                          "t.join()\n");
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
        // Called straight from C at exit, with no Python frame above them: nothing to name the line by.
        QTest::addRow("primitives released by atexit callbacks")
            << QByteArray("import atexit, queue, threading\n"
                          "lock, rlock, q = threading.Lock(), threading.RLock(), queue.Queue()\n"
                          "lock.acquire(); rlock.acquire()\n"
                          "atexit.register(lock.release); atexit.register(rlock.release); atexit.register(q.put, 1)\n"
                          "print('registered')\n");
        // sys.stdout.write took keywords and said its own arity errors; a write failing in a thread had the tracer's
        // frame in its traceback; a print from a __del__ at the very end of finalization was lost.
        QTest::addRow("stdout's write as the C one's")
            << QByteArray("import sys, threading, traceback\n"
                          "for call in (lambda: sys.stdout.write(s='x\\n'), lambda: sys.stdout.write(),\n"
                          "             lambda: sys.stdout.write('a', 'b'), lambda: sys.stdout.write(7)):\n"
                          "    try:\n"
                          "        call()\n"
                          "    except TypeError:\n"
                          "        traceback.print_exc(file=sys.stdout)\n"
                          "t = threading.Thread(target=print, args=('x\\ud800y',))\n"
                          "t.start(); t.join()\n"
                          "class Noisy:\n"
                          "    def __del__(self):\n"
                          "        print('del at the end')\n"
                          "sys._noisy = Noisy()\n");
        // The second set_result's InvalidStateError had the tracer's frame once concurrent.futures.thread was loaded.
        QTest::addRow("a future settled twice")
            << QByteArray("import concurrent.futures as cf, sys, traceback\n"
                          "cf.ThreadPoolExecutor\n"
                          "f = cf.Future()\n"
                          "f.set_result(1)\n"
                          "for settle in (f.set_result, f.set_exception):\n"
                          "    try:\n"
                          "        settle(ValueError())\n"
                          "    except cf.InvalidStateError as e:\n" // its message holds the future's address
                          "        print(''.join(traceback.format_tb(e.__traceback__)), type(e).__name__)\n");
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
        // The file's name, not the path it was given by: the title goes onto slides (a user-reviewer's read
        // "/tmp/review-x/raise1.py in CPython 3.11.2"); the path is the script's metadata, below.
        QCOMPARE(meta.scenarioTitle, QStringLiteral("prog.py in %1").arg(meta.interpreter));
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
};

QTEST_GUILESS_MAIN(tst_PythonFaithful)
#include "tst_pythonfaithful.moc"
