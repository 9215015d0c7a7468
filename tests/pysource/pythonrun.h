#pragma once

// Helpers for the tests that run real Python under the tracer: write a program, run it headless into a
// TraceStore, read lanes and their stories.

#include "pysource/childprocess.h"
#include "pysource/pythonsource.h"
#include "trace/tracerecorder.h"
#include "trace/tracestore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <initializer_list>
#include <memory>

namespace tl::pytest {

// The interpreter the tests run: $THREADLINE_TEST_PYTHON, else Debian's python3, else python3 on PATH.
inline QString python()
{
    const QString env = qEnvironmentVariable("THREADLINE_TEST_PYTHON");
    if (!env.isEmpty())
        return env;
    return QFileInfo::exists(QStringLiteral("/usr/bin/python3")) ? QStringLiteral("/usr/bin/python3")
                                                                 : QStringLiteral("python3");
}

inline QTemporaryDir& scratch()
{
    static QTemporaryDir dir;
    return dir;
}

// Writes `code` as scratch()/name and returns its path.
inline QString writeScript(const QByteArray& code, const QString& name = QStringLiteral("prog.py"))
{
    const QString path = scratch().filePath(name);
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write(code);
    return path;
}

struct Run {
    std::unique_ptr<PythonSource> source;
    std::unique_ptr<TraceStore> store;
    QString startError;
    bool finished = false;

    const LaneInfo* lane(const QString& name) const
    {
        for (LaneId id = 0; id < store->laneCount(); ++id)
            if (store->lane(id).name == name)
                return &store->lane(id);
        return nullptr;
    }
    QByteArray out() const { return source->capturedStdout(); }
    QByteArray err() const { return source->capturedStderr(); }
};

// A program running live, drained by the test as the GUI's timer would: for the live controls (pause,
// speed, stop), which act while it runs.
struct LiveRun : Run {
    std::unique_ptr<TraceRecorder> recorder; // null when the program did not start

    // Drains for `ms` of wall time.
    void drainFor(int ms)
    {
        QElapsedTimer clock;
        clock.start();
        do {
            recorder->drainOnce();
            source->waitForFinished(5);
        } while (clock.elapsed() < ms);
    }
    // Drains until `ready(store)` holds (true) or `timeoutMs` of wall time have passed (false).
    template <class Ready> bool drainUntil(const Ready& ready, int timeoutMs)
    {
        QElapsedTimer clock;
        clock.start();
        while (!ready(*store)) {
            if (clock.elapsed() > timeoutMs || source->isFinished())
                return false;
            drainFor(5);
        }
        return true;
    }
    bool finish(int timeoutMs)
    {
        QElapsedTimer clock;
        clock.start();
        while (!source->isFinished() && clock.elapsed() < timeoutMs)
            drainFor(10);
        recorder->drainOnce();
        finished = source->isFinished();
        return finished;
    }
};

// Starts the program (the tests' interpreter unless `options` names another) with a recorder on it.
inline LiveRun startRun(PythonRunOptions options)
{
    LiveRun r;
    if (options.python.isEmpty() || options.python == QLatin1String("python3"))
        options.python = python();
    r.source = std::make_unique<PythonSource>(options);
    r.store = std::make_unique<TraceStore>(std::const_pointer_cast<StringTable>(r.source->strings()));
    const Status started = r.source->start();
    if (!started) {
        r.startError = started.error();
        return r;
    }
    r.recorder = std::make_unique<TraceRecorder>(*r.source, *r.store);
    return r;
}

struct LiveOptions {
    double speed = 1.0;
    int stopGraceMs = 2000;
};

// A program's first lines that close every fd above stderr below Python, where the tracer cannot keep its own (its
// channel and control socket) from the program as it does from os.close and os.closerange.
inline const QByteArray kCloseEveryFdInC = QByteArrayLiteral("import ctypes, os, time\n"
                                                             "libc = ctypes.CDLL(None)\n"
                                                             "for fd in range(3, 1024):\n"
                                                             "    libc.close(fd)\n");

inline LiveRun startLive(const QByteArray& code, LiveOptions live = {})
{
    PythonRunOptions options;
    options.script = writeScript(code);
    options.speed = live.speed;
    options.stopGraceMs = live.stopGraceMs;
    return startRun(std::move(options));
}

// Runs the program to its end (or stops it after timeoutMs of wall time), recording as the GUI would.
inline Run run(PythonRunOptions options, int timeoutMs = 60000)
{
    LiveRun r = startRun(std::move(options));
    if (!r.recorder)
        return r;
    QElapsedTimer clock;
    clock.start();
    while (!r.source->isFinished()) {
        r.recorder->drainOnce();
        if (clock.elapsed() > timeoutMs)
            r.source->requestStop();
        r.source->waitForFinished(10);
    }
    r.recorder->drainOnce();
    r.store->setMetadata(r.source->metadata());
    r.finished = true;
    return r;
}

inline Run runCode(const QByteArray& code, PythonRunOptions options = {}, int timeoutMs = 60000)
{
    options.script = writeScript(code);
    return run(std::move(options), timeoutMs);
}

inline QString kindName(EventKind kind)
{
    const std::string_view name = eventKindName(kind);
    return QString::fromUtf8(name.data(), qsizetype(name.size()));
}

// The lane's event kinds, keeping only `keep` (all if empty), by name.
inline QStringList story(const LaneInfo& lane, std::initializer_list<EventKind> keep = {})
{
    QStringList out;
    for (const Event& e : lane.events)
        if (keep.size() == 0 || std::find(keep.begin(), keep.end(), e.kind) != keep.end())
            out << kindName(e.kind);
    return out;
}

inline std::vector<Event> eventsOf(const LaneInfo& lane, EventKind kind)
{
    std::vector<Event> out;
    for (const Event& e : lane.events)
        if (e.kind == kind)
            out.push_back(e);
    return out;
}

// The listing lines of the lane's events of one kind, in order.
inline QList<int> linesOf(const LaneInfo& lane, EventKind kind)
{
    QList<int> out;
    for (const Event& e : eventsOf(lane, kind))
        out << e.line;
    return out;
}

inline QStringList printsOf(const TraceStore& store, const LaneInfo& lane)
{
    QStringList out;
    for (const Event& e : eventsOf(lane, EventKind::Print))
        out << store.text(e.a);
    return out;
}

// The synchronization events of tst_pythonsync and tst_pythonlocks' stories.
inline const std::initializer_list<EventKind> kSyncKinds = {
    EventKind::AcquireBlocked, EventKind::Acquired, EventKind::Released,   EventKind::CondWaitBegin,
    EventKind::CondWaitEnd,    EventKind::Notify,   EventKind::NotifyAll,  EventKind::EventWaitBegin,
    EventKind::EventWaitEnd,   EventKind::EventSet, EventKind::EventClear,
};

// The run's primitives as "name:type", in creation order.
inline QStringList primitives(const Run& r)
{
    QStringList out;
    for (LaneId id = 0; id < r.store->laneCount(); ++id) {
        for (const Event& e : eventsOf(r.store->lane(id), EventKind::SyncCreated))
            out << QStringLiteral("%1:%2").arg(r.store->text(e.b)).arg(e.c);
    }
    return out;
}

// How many of the run's arrows are of `kind`.
inline int flowsOfKind(const Run& r, Flow::Kind kind)
{
    int n = 0;
    for (const Flow& f : r.store->flows())
        n += f.kind == kind;
    return n;
}

inline double seconds(std::int64_t ns)
{
    return double(ns) / 1e9;
}

// The same program, untraced: (stdout, stderr, exit code), for behaviour comparisons. Spawned as
// PythonSource spawns (posix_spawn, stdin on /dev/null), minus the tracer and its fd: QProcess forks,
// which ThreadSanitizer refuses in a process with threads.
struct Plain {
    QByteArray out, err;
    int code = -1;
};
inline Plain runPlain(const QStringList& arguments, const QString& workingDirectory = {})
{
    ChildProcess child;
    ChildProcess::Spec spec;
    spec.program = python();
    spec.arguments = arguments;
    spec.workingDirectory = workingDirectory;
    spec.channel = false;
    Plain plain;
    if (!child.start(spec))
        return plain;
    while (child.stdoutFd() >= 0 || child.stderrFd() >= 0) {
        pollfd fds[2] = {{child.stdoutFd(), POLLIN, 0}, {child.stderrFd(), POLLIN, 0}};
        if (::poll(fds, 2, 1000) <= 0)
            continue;
        char buffer[65536];
        for (int i = 0; i < 2; ++i) {
            if (fds[i].revents == 0)
                continue;
            const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
            if (n > 0)
                (i == 0 ? plain.out : plain.err).append(buffer, n);
            else if (i == 0)
                child.closeStdout();
            else
                child.closeStderr();
        }
    }
    child.waitForExit();
    // A program ended by a signal: 128 + its number, as a shell (and PythonSource::exitCode()) says.
    const int status = child.status().value_or(0);
    plain.code = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
    return plain;
}

// The program traced gives the bytes and the exit code that `python3 plainArguments...` gives untraced, in the
// same working directory; and, when `emitter` is given, records with that emitter ("c": the C speedups).
inline void compareWithPlain(const PythonRunOptions& options, const QStringList& plainArguments,
                             const QString& emitter = {})
{
    const Plain plain = runPlain(plainArguments, options.workingDirectory);
    const Run traced = run(options);
    QVERIFY2(traced.startError.isEmpty(), qPrintable(traced.startError));
    if (!emitter.isEmpty())
        QCOMPARE(traced.source->hello()->emitter, emitter);
    QCOMPARE(traced.out(), plain.out);
    QCOMPARE(traced.err(), plain.err);
    QVERIFY2(
        traced.source->exitCode() == plain.code,
        qPrintable(traced.source->problems().join(QLatin1Char('\n')) +
                   QStringLiteral(" plain %1 traced %2").arg(plain.code).arg(traced.source->exitCode().value_or(-99))));
}

// `code`, written as a script and run with `args`, gives traced the bytes and exit code it gives untraced.
inline void compareWithPlain(const QByteArray& code, const QStringList& args = {})
{
    PythonRunOptions options;
    options.script = writeScript(code);
    options.args = args;
    compareWithPlain(options, QStringList{options.script} + args);
}

} // namespace tl::pytest
