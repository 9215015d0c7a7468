// What a traced program finds of modules and processes, as untraced: python -m, sys.modules after the parameter
// form's values, a module of its own named as one the tracer patches (queue.py, threading.py), threading imported
// before the tracer, child processes and forks. The rest of a traced program's faithfulness: tst_pythonfaithful.

#include "pythonrun.h"

#include <QDir>
#include <QFileInfo>
#include <QScopeGuard>
#include <QTest>

using namespace tl;
using namespace tl::pytest;

class tst_PythonModules : public QObject {
    Q_OBJECT

private slots:
    void moduleRunsAsPythonDashM()
    {
        writeScript("import sys\nprint(__name__, sys.argv, sys.path[0] == __import__('os').getcwd())\n"
                    "print(sorted(m for m in sys.modules if not m.startswith('_threadline_tracer')))\n"
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

    // While runpy finds the module, sys.argv[0] is "-m": a package's __init__ sees it so, and the module itself its
    // file. Traced, the package saw the module's name (a user-tester).
    void aPackageOfDashMSeesDashMAsItIsImported()
    {
        QVERIFY(QDir(scratch().path()).mkpath(QStringLiteral("tl_pkg_under_test")));
        writeScript("import sys\nprint('package', sys.argv)\n", QStringLiteral("tl_pkg_under_test/__init__.py"));
        writeScript("import os, sys\nprint('module', os.path.basename(sys.argv[0]), sys.argv[1:])\n",
                    QStringLiteral("tl_pkg_under_test/main.py"));
        const QStringList dashM{QStringLiteral("-m"), QStringLiteral("tl_pkg_under_test.main"), QStringLiteral("x")};
        QCOMPARE(runPlain(dashM, scratch().path()).out, QByteArray("package ['-m', 'x']\nmodule main.py ['x']\n"));
        PythonRunOptions options;
        options.module = dashM[1];
        options.args = {dashM[2]};
        options.workingDirectory = scratch().path();
        compareWithPlain(options, dashM);
    }

    // The parameter form's values (--set) are put into the script with Python's ast, whose imports (contextlib, enum,
    // functools, ...) the program does not find in sys.modules, as untraced.
    void constantsLeaveSysModulesAsUntraced()
    {
        const QByteArray code = "X = 1\n"
                                "import sys\n"
                                "print(sorted(m for m in sys.modules if not m.startswith('_threadline_tracer')))\n";
        PythonRunOptions options;
        options.script = writeScript(code);
        options.constants = {{QStringLiteral("X"), QStringLiteral("2")}};
        compareWithPlain(options, {options.script});
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

    // A threading.py of the program's own is the program's too; a thread _thread starts then finds no record of
    // threading's to be named by (the tracer once read the module's _active and failed in the new thread).
    void programsOwnThreadingModuleIsLeftAlone()
    {
        // Its _shutdown keeps CPython's exit quiet: without it 3.13 hints at the shadowing in its message, from the
        // interpreter's first sys.path entry, which is the tracer's folder traced (README).
        writeScript("VALUE = 1\ndef _shutdown():\n    pass\n", QStringLiteral("ownthreading/threading.py"));
        const QString script = writeScript("import _thread, threading\n"
                                           "done = _thread.allocate_lock(); done.acquire()\n"
                                           "_thread.start_new_thread(lambda: done.release(), ())\n"
                                           "done.acquire(); print('ok', threading.VALUE)\n",
                                           QStringLiteral("ownthreading/prog.py"));
        PythonRunOptions options;
        options.script = script;
        compareWithPlain(options, {script});
        QCOMPARE(run(options).out(), QByteArray("ok 1\n"));
    }

    // threading imported before the tracer runs (by a sitecustomize) is patched all the same, and its Lock is still
    // _thread's one factory, which pickle finds by its name (multiprocessing's Manager pickles threading.Lock).
    void threadingImportedBeforeTheTracer()
    {
        const QString site = writeScript("import threading\n", QStringLiteral("early/sitecustomize.py"));
        const QByteArray before = qgetenv("PYTHONPATH");
        qputenv("PYTHONPATH", QFileInfo(site).absolutePath().toUtf8());
        const auto restore = qScopeGuard([&before] {
            if (before.isNull())
                qunsetenv("PYTHONPATH");
            else
                qputenv("PYTHONPATH", before);
        });
        const QByteArray code =
            "import _thread, pickle, sys, threading\n"
            "print(threading.Lock is _thread.allocate_lock, len(pickle.dumps(threading.Lock)) > 0)\n"
            "lock = threading.Lock()\n"
            "with lock:\n"
            "    print('held')\n";
        compareWithPlain(code);
        QCOMPARE(primitives(runCode(code)), QStringList{"lock:0"});
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
};

QTEST_GUILESS_MAIN(tst_PythonModules)
#include "tst_pythonmodules.moc"
