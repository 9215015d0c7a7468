// The tracer's C speedups (_threadline_tracer/_speedups.c) against its Python functions, the reference: the
// Python the speedups were built for records with them, a tracer copy without them records in Python, and one
// program traced both ways records the same events, field for field, but for their times.

#include "pythonrun.h"

#include "pysource/tracerfiles.h"
#include "trace/eventschema.h"

#include <QProcess>
#include <QTest>

using namespace tl;
using namespace tl::pytest;

namespace {

// The ABI tag of the tests' interpreter ("cpython-311-x86_64-linux-gnu").
QString interpreterAbi()
{
    QProcess p;
    p.start(python(),
            {QStringLiteral("-c"), QStringLiteral("import sysconfig; print(sysconfig.get_config_var('SOABI'))")});
    p.waitForFinished(30'000);
    return QString::fromUtf8(p.readAllStandardOutput().trimmed());
}

// Every kind of event the hot paths record, in one deterministic order: each thread runs alone.
const QByteArray kProgram = "import queue, threading, time\n"
                            "q = queue.Queue()\n"
                            "lifo = queue.LifoQueue()\n"
                            "lock = threading.Lock()\n"
                            "r = threading.RLock()\n"
                            "ev = threading.Event()\n"
                            "cond = threading.Condition()\n"
                            "def work(n):\n"
                            "    with lock:\n"
                            "        q.put(n)\n"
                            "        lifo.put(n)\n"
                            "    with r:\n"
                            "        with r:\n"
                            "            print('worker', n)\n"
                            "for i in range(3):\n"
                            "    t = threading.Thread(target=work, args=(i,), name='w%d' % i)\n"
                            "    t.start()\n"
                            "    t.join()\n"
                            "while not q.empty():\n"
                            "    q.get()\n"
                            "    lifo.get_nowait()\n"
                            "q.task_done()\n"
                            "lock.acquire(False)\n"
                            "lock.release()\n"
                            "ev.set()\n"
                            "ev.wait()\n"
                            "with cond:\n"
                            "    cond.notify()\n"
                            "time.sleep(0.01)\n"
                            "def boom():\n"
                            "    raise ValueError('boom')\n"
                            "t = threading.Thread(target=boom, name='boom')\n"
                            "t.start()\n"
                            "t.join()\n";

// One word as the two emitters must agree on it: a string by its text, anything else by its value. The store's
// string ids are not the tracer's: the reader interns each STRING record as it parses it, and the source interns
// the script's path when it first drains the hello, so the same string may get a different id from run to run
// (CI saw "MainThread" as 1 in one run and 2 in the other).
QString wordOf(const TraceStore& store, const ArgSpec& spec, std::uint32_t word)
{
    return holdsString(spec.role) ? QStringLiteral("\"%1\"").arg(store.text(word)) : QString::number(word);
}

// A lane's events without their times: what the two emitters must agree on.
QStringList fieldsOf(const TraceStore& store, const LaneInfo& lane)
{
    QStringList out;
    for (const Event& e : lane.events) {
        const EventSchema& schema = schemaOf(e.kind);
        out << QStringLiteral("%1 a=%2 b=%3 c=%4 flags=%5 line=%6")
                   .arg(kindName(e.kind), wordOf(store, schema.a, e.a), wordOf(store, schema.b, e.b),
                        wordOf(store, schema.c, e.c))
                   .arg(e.flags)
                   .arg(e.line);
    }
    return out;
}

} // namespace

class tst_PythonSpeedups : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // The row's program, traced with the speedups, gives the bytes and exit code it gives untraced.
    static void runsAsUntraced()
    {
        if (const QString why = whyNoSpeedups(); !why.isEmpty())
            QSKIP(qPrintable(why));
        QFETCH(QByteArray, code);
        PythonRunOptions options;
        options.script = writeScript(code);
        compareWithPlain(options, {options.script}, QStringLiteral("c"));
    }

    QString m_pythonOnly; // threadline_trace.py of a copy without the speedups

    // Why the tests' interpreter does not load this build's speedups; empty when it does.
    static QString whyNoSpeedups()
    {
        const QString abi = TracerFiles::speedupsAbi();
        if (abi.isEmpty())
            return QStringLiteral("this build carries no C speedups (a sanitizer or fuzz build, or no python3-dev)");
        if (interpreterAbi() != abi)
            return QStringLiteral("the tests' interpreter is not the Python the speedups were built for");
        return {};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const Result<QString> copy = TracerFiles::writePythonOnlyCopy(m_dir.path());
        QVERIFY2(copy, qPrintable(copy ? QString() : copy.error()));
        m_pythonOnly = copy.value();
    }

    void theBuildsPythonRecordsInC()
    {
        if (const QString why = whyNoSpeedups(); !why.isEmpty())
            QSKIP(qPrintable(why));
        const Run r = runCode("print('hi')\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        QCOMPARE(r.source->hello()->emitter, QStringLiteral("c"));
    }

    void aCopyWithoutThemRecordsInPython()
    {
        PythonRunOptions options;
        options.tracer = m_pythonOnly;
        const Run r = runCode("print('hi')\n", options);
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        QCOMPARE(r.out(), QByteArray("hi\n"));
        QCOMPARE(r.source->hello()->emitter, QStringLiteral("python"));
    }

    void bothRecordTheSameEvents()
    {
        if (const QString why = whyNoSpeedups(); !why.isEmpty())
            QSKIP(qPrintable(why));
        const Run c = runCode(kProgram);
        PythonRunOptions options;
        options.tracer = m_pythonOnly;
        const Run py = runCode(kProgram, options);
        QCOMPARE(c.source->hello()->emitter, QStringLiteral("c"));
        QCOMPARE(py.source->hello()->emitter, QStringLiteral("python"));
        QCOMPARE(c.source->exitCode().value_or(-1), 0);
        QCOMPARE(c.out(), py.out());
        QCOMPARE(c.store->laneCount(), py.store->laneCount());
        QCOMPARE(c.store->laneCount(), LaneId(5)); // main, w0-w2, boom
        for (LaneId id = 0; id < c.store->laneCount(); ++id) {
            QCOMPARE(c.store->lane(id).name, py.store->lane(id).name);
            QCOMPARE(fieldsOf(*c.store, c.store->lane(id)), fieldsOf(*py.store, py.store->lane(id)));
        }
        // The program's own lines, not 0: the search for the program's frame found it both ways.
        QCOMPARE(linesOf(*c.lane(QStringLiteral("w0")), EventKind::PutDone), QList<int>({10, 11}));
        QCOMPARE(linesOf(*c.lane(QStringLiteral("MainThread")), EventKind::SleepBegin), QList<int>({29}));
    }

    // With the speedups the script is parsed from its file as `python3 SCRIPT` parses it (run_file), not from
    // its bytes as compile() would: these scripts read otherwise there, and must read as Python reads them.
    void theScriptReadsAsPythonReadsIt_data()
    {
        QTest::addColumn<QByteArray>("code");
        QTest::addRow("a NUL byte") << QByteArray("print(1)\0print(2)\nprint(3)\n", 24);
        QTest::addRow("a NUL byte in a later line") << QByteArray("print(1)\nx = 1\0\nprint(3)\n", 25);
        QTest::addRow("Latin-1 with no encoding declaration") << QByteArray("print('ok')\n# caf\xe9\n");
        QTest::addRow("Latin-1, declared") << QByteArray("# -*- coding: latin-1 -*-\nprint('caf\xe9')\n");
        QTest::addRow("a UTF-8 BOM") << QByteArray("\xef\xbb\xbfprint('bom')\n");
        QTest::addRow("a __future__ import")
            << QByteArray("from __future__ import annotations\ndef f(x: Undefined) -> int: pass\n"
                          "print(f.__annotations__)\n");
    }

    // With the speedups the program's stack is its own: its module's frame is the bottom one, as untraced.
    void theProgramsStackIsItsOwn_data()
    {
        QTest::addColumn<QByteArray>("code");
        QTest::addRow("traceback.print_stack")
            << QByteArray("import traceback\ndef f():\n    traceback.print_stack()\nf()\n");
        QTest::addRow("inspect.stack, f_back, _getframe")
            << QByteArray("import inspect, sys\nb = sys._getframe().f_back\nprint(len(inspect.stack()), b and b.f_code.co_name)\n"
                          "try:\n    sys._getframe(1)\nexcept ValueError as e:\n    print(e)\n");
        QTest::addRow("a warning's stacklevel") << QByteArray("import warnings\nwarnings.warn('top', stacklevel=2)\n");
        // A handler's caller is the frame the signal came in: the tracer's frame-skipping wrapper (signals.py) is C
        // here, and leaves no frame between them.
        QTest::addRow("a signal handler's stack")
            << QByteArray("import os, signal, sys, traceback, warnings\n"
                          "class Alarm(Exception):\n"
                          "    pass\n"
                          "def handler(signum, frame):\n"
                          "    traceback.print_stack()\n"
                          "    print(sys._getframe(1) is frame, frame.f_code.co_name)\n"
                          "    warnings.warn('in the handler', stacklevel=2)\n"
                          "    raise Alarm()\n"
                          "signal.signal(signal.SIGUSR1, handler)\n"
                          "def plain():\n"
                          "    os.kill(os.getpid(), signal.SIGUSR1)\n"
                          "try:\n"
                          "    plain()\n"
                          "except Alarm:\n"
                          "    traceback.print_exc()\n"
                          "plain()\n");
        QTest::addRow("a RecursionError's depth")
            << QByteArray("import sys\ndef caught(n):\n    try:\n        return caught(n + 1)\n"
                          "    except RecursionError:\n        return n\n"
                          "print(sys.getrecursionlimit(), caught(0))\nsys.setrecursionlimit(80)\nprint(caught(0))\n"
                          "def f(n):\n    return f(n + 1)\nf(0)\n");
        // A thread _thread starts runs its function through the tracer's call_in_thread: C here, and on the
        // thread's own stack, depth included.
        QTest::addRow("a _thread thread's stack")
            << QByteArray("import _thread, sys, traceback, warnings\n"
                          "done = _thread.allocate_lock()\n"
                          "done.acquire()\n"
                          "def caught(n):\n"
                          "    try:\n"
                          "        return caught(n + 1)\n"
                          "    except RecursionError:\n"
                          "        return n\n"
                          "def raw():\n"
                          "    traceback.print_stack()\n"
                          "    print(sys._getframe().f_back, caught(0))\n"
                          "    warnings.warn('in a raw thread', stacklevel=2)\n"
                          "    done.release()\n"
                          "_thread.start_new_thread(raw, ())\n"
                          "done.acquire()\n");
        // A trace function set from C (PyEval_SetTrace, as CPython's test_sys_settrace sets one with _testcapi) sees
        // every call: the program's reading of hooks, and sys.settrace(None), call no Python function of the tracer's.
        QTest::addRow("a C trace function around sys.settrace and gettrace")
            << QByteArray("import sys, _testcapi\n"
                          "def f():\n"
                          "    return sys.gettrace(), sys.getprofile()\n"
                          "events = []\n"
                          "_testcapi.settrace_to_record(events); f(); sys.settrace(None)\n"
                          "print([(what, line - f.__code__.co_firstlineno) for what, line, arg in events])\n");
    }
    void theProgramsStackIsItsOwn() { runsAsUntraced(); }

    // A module run as `python3 -m` runs it: runpy's frames are the bottom of its stack, and the tracer's are not.
    void theModulesStackIsItsOwn_data() { theProgramsStackIsItsOwn_data(); }
    void theModulesStackIsItsOwn()
    {
        if (const QString why = whyNoSpeedups(); !why.isEmpty())
            QSKIP(qPrintable(why));
        QFETCH(QByteArray, code);
        writeScript(code, QStringLiteral("tl_stack_module.py"));
        PythonRunOptions options;
        options.module = QStringLiteral("tl_stack_module");
        options.workingDirectory = scratch().path();
        compareWithPlain(options, {QStringLiteral("-m"), options.module}, QStringLiteral("c"));
    }

    // A script run with the form's values is compiled from its edited tree, and its stack is its own all the same.
    void withConstantsTheStackIsItsOwnToo()
    {
        if (const QString why = whyNoSpeedups(); !why.isEmpty())
            QSKIP(qPrintable(why));
        const QByteArray body = "import traceback\ndef f():\n    traceback.print_stack()\nf()\nprint(ITEMS)\n";
        const QString script = writeScript("ITEMS = 7\n" + body);
        const Plain plain = runPlain({script});
        QVERIFY(plain.out.endsWith("7\n"));
        writeScript("ITEMS = 3\n" + body);
        PythonRunOptions options;
        options.script = script;
        options.constants = {{QStringLiteral("ITEMS"), QStringLiteral("7")}};
        const Run traced = run(options);
        QCOMPARE(traced.out(), plain.out);
        QCOMPARE(traced.err(), plain.err);
        QCOMPARE(traced.source->exitCode().value_or(-99), plain.code);
    }

    void theScriptReadsAsPythonReadsIt() { runsAsUntraced(); }
};

QTEST_GUILESS_MAIN(tst_PythonSpeedups)
#include "tst_pythonspeedups.moc"
