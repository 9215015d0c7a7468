#include "pythonbench.h"

#include "pysource/pythonsource.h"
#include "pysource/tracerfiles.h"
#include "trace/tracerecorder.h"
#include "trace/tracestore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <vector>

namespace tl::bench {

namespace {

// Each micro program prints its loop's seconds on its last stdout line.
const char* const kQueue = "import queue, sys, time\n"
                           "n = int(sys.argv[1])\n"
                           "q = queue.Queue()\n"
                           "t = time.perf_counter()\n"
                           "for i in range(n):\n"
                           "    q.put(i)\n"
                           "    q.get()\n"
                           "print(time.perf_counter() - t)\n";
const char* const kLock = "import sys, threading, time\n"
                          "n = int(sys.argv[1])\n"
                          "lock = threading.Lock()\n"
                          "t = time.perf_counter()\n"
                          "for i in range(n):\n"
                          "    lock.acquire()\n"
                          "    lock.release()\n"
                          "print(time.perf_counter() - t)\n";
const char* const kThread = "import sys, threading, time\n"
                            "n = int(sys.argv[1])\n"
                            "def f():\n"
                            "    pass\n"
                            "t = time.perf_counter()\n"
                            "for i in range(n):\n"
                            "    th = threading.Thread(target=f)\n"
                            "    th.start()\n"
                            "    th.join()\n"
                            "print(time.perf_counter() - t)\n";

// The lessons' sleeps, shortened so that the eight listings take a few seconds (the same copy runs
// both ways): NAME -> value, replacing the listing's `NAME = ...` line.
const std::map<QString, QList<QPair<QString, QString>>> kLessonConstants = {
    {QStringLiteral("hello"), {}},
    {QStringLiteral("subclass"), {{"SECONDS", "1"}}},
    {QStringLiteral("producer-consumer"), {{"ITEMS", "10"}, {"INTERVAL", "0.1"}, {"WORK", "0.25"}}},
    {QStringLiteral("sleeping-workers"), {{"SECONDS", "1"}}},
    {QStringLiteral("pool-queue"), {{"THINK", "0.1"}}},
    {QStringLiteral("pool-executor"), {{"THINK", "0.1"}}},
    {QStringLiteral("daemon"), {{"INTERVAL", "0.25"}, {"MAIN_SECONDS", "0.9"}}},
    {QStringLiteral("join-order"), {{"FOO_SECONDS", "1"}, {"BAR_SECONDS", "0.5"}}},
};

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

struct Timed {
    double loopSeconds = 0; // what the program printed (micro programs)
    double wallSeconds = 0; // spawn to exit
    std::uint64_t events = 0;
    int exitCode = 0;
};

double lastLine(const QByteArray& out)
{
    const QList<QByteArray> lines = out.trimmed().split('\n');
    return lines.isEmpty() ? -1 : lines.last().toDouble();
}

std::optional<Timed> runPlain(const QString& python, const QString& script, const QStringList& args)
{
    QProcess p;
    QElapsedTimer wall;
    wall.start();
    p.start(python, QStringList{script} + args);
    p.closeWriteChannel();
    // hello.py ends by its RuntimeError, exit code 1: what counts is that the traced run ends alike.
    if (!p.waitForFinished(600'000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() > 1) {
        std::fprintf(stderr, "untraced %s failed: %s\n", qPrintable(script), p.readAllStandardError().constData());
        return std::nullopt;
    }
    Timed t;
    t.wallSeconds = double(wall.nsecsElapsed()) / 1e9;
    t.loopSeconds = lastLine(p.readAllStandardOutput());
    t.exitCode = p.exitCode();
    return t;
}

std::optional<Timed> runTraced(const QString& python, const QString& tracer, const QString& script,
                               const QStringList& args, int expectedExitCode)
{
    PythonRunOptions options;
    options.python = python;
    options.tracer = tracer;
    options.script = script;
    options.args = args;
    QElapsedTimer wall;
    wall.start();
    PythonSource source(options);
    TraceStore store(std::const_pointer_cast<StringTable>(source.strings()));
    if (const Status started = source.start(); !started) {
        std::fprintf(stderr, "traced %s: %s\n", qPrintable(script), qPrintable(started.error()));
        return std::nullopt;
    }
    // As the window does: drain every few milliseconds into a store.
    TraceRecorder(source, store).recordToCompletion(5);
    Timed t;
    t.wallSeconds = double(wall.nsecsElapsed()) / 1e9;
    t.loopSeconds = lastLine(source.capturedStdout());
    t.events = store.eventCount();
    if (source.exitCode().value_or(-1) != expectedExitCode || !source.problems().isEmpty() ||
        source.droppedEvents() != 0) {
        std::fprintf(stderr, "traced %s: exit %d, %s\n", qPrintable(script), source.exitCode().value_or(-1),
                     qPrintable(source.problems().join(QStringLiteral("; "))));
        return std::nullopt;
    }
    return t;
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& text)
{
    QFile f(dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size())
        return {};
    return f.fileName();
}

QByteArray withConstants(QByteArray text, const QList<QPair<QString, QString>>& constants)
{
    for (const auto& [name, value] : constants) {
        const QRegularExpression line(QStringLiteral("^%1 = [^#\\n]*").arg(name), QRegularExpression::MultilineOption);
        text = QString::fromUtf8(text).replace(line, QStringLiteral("%1 = %2").arg(name, value)).toUtf8();
    }
    return text;
}

} // namespace

PythonBench::PythonBench(PythonBenchOptions options)
    : m_options(std::move(options))
{
}

namespace {

// Every micro program loops over pairs of two traced operations: a put and a get, an acquire and a release, a
// start and a join. The goal is per operation; per pair is what a loop iteration costs.
constexpr int kOpsPerPair = 2;

struct Micro {
    const char* key;
    QString script;
    int pairs;
    std::vector<double> plain;
    std::vector<std::vector<double>> traced; // per tracer
    std::uint64_t events = 0;
};

struct Lesson {
    QString id, script;
    std::vector<double> plain;
    std::vector<std::vector<double>> traced; // per tracer
};

// (interpreter, emitter) that a run of `script` with `tracer` reports in its hello.
std::pair<QString, QString> probe(const QString& python, const QString& tracer, const QString& script)
{
    PythonRunOptions options;
    options.python = python;
    options.script = script;
    options.args = {QStringLiteral("1")};
    options.tracer = tracer;
    PythonSource source(options);
    TraceStore store(std::const_pointer_cast<StringTable>(source.strings()));
    if (!source.start())
        return {};
    TraceRecorder(source, store).recordToCompletion(5);
    const auto hello = source.hello();
    return {source.interpreter(), hello ? hello->emitter : QString()};
}

// [fastest, slowest] of the runs' loop times, in us per pair: how far the runs of one program spread, which an
// added cost must stand out of (the untraced thread loop alone has moved by a third between runs on this VM).
QJsonArray perPairRange(const std::vector<double>& seconds, int pairs)
{
    if (seconds.empty())
        return {};
    const auto [fastest, slowest] = std::minmax_element(seconds.begin(), seconds.end());
    return {*fastest / pairs * 1e6, *slowest / pairs * 1e6};
}

// The figures of tracer number `t`: per micro program and per lesson.
void addFigures(QJsonObject& out, const std::vector<Micro>& micros, const std::vector<Lesson>& lessons, std::size_t t)
{
    for (const Micro& m : micros) {
        const double plain = median(m.plain), traced = median(m.traced[t]);
        const double perPair = (traced - plain) / m.pairs * 1e6;
        out.insert(QLatin1String(m.key), QJsonObject{{"pairs", m.pairs},
                                                     {"events_per_run", double(m.events)},
                                                     {"untraced_s", plain},
                                                     {"traced_s", traced},
                                                     {"untraced_us_per_pair_range", perPairRange(m.plain, m.pairs)},
                                                     {"traced_us_per_pair_range", perPairRange(m.traced[t], m.pairs)},
                                                     {"us_added_per_pair", perPair},
                                                     {"us_added_per_op", perPair / kOpsPerPair},
                                                     {"ratio", plain > 0 ? traced / plain : 0}});
    }
    QJsonObject lessonJson;
    for (const Lesson& l : lessons) {
        const double plain = median(l.plain), traced = median(l.traced[t]);
        lessonJson.insert(
            l.id, QJsonObject{{"untraced_s", plain}, {"traced_s", traced}, {"ratio", plain > 0 ? traced / plain : 0}});
    }
    if (!lessons.empty())
        out.insert(QStringLiteral("lessons"), lessonJson);
}

} // namespace

std::string PythonBench::run()
{
    QTemporaryDir dir;
    std::vector<Micro> micros = {{"queue", writeFile(dir, "queue_pairs.py", kQueue), m_options.pairs, {}, {}},
                                 {"lock", writeFile(dir, "lock_pairs.py", kLock), m_options.pairs, {}, {}},
                                 {"thread", writeFile(dir, "thread_pairs.py", kThread), m_options.threads, {}, {}}};
    std::vector<Lesson> lessons;
    if (m_options.lessons) {
        for (const auto& [id, constants] : kLessonConstants) {
            QFile listing(QStringLiteral(":/listings/%1.py").arg(id));
            if (!listing.open(QIODevice::ReadOnly)) {
                std::fprintf(stderr, "no listing %s in this build\n", qPrintable(id));
                return {};
            }
            lessons.push_back(
                {id, writeFile(dir, id + QStringLiteral(".py"), withConstants(listing.readAll(), constants)), {}, {}});
        }
    }

    // Threadline's own tracer; when it records in C, also a copy without the speedups, in the same runs.
    std::vector<QString> tracers{QString()};
    const auto [interpreter, emitter] = probe(m_options.python, tracers[0], micros[0].script);
    if (emitter == QLatin1String("c")) {
        const Result<QString> copy = TracerFiles::writePythonOnlyCopy(dir.filePath(QStringLiteral("tracer")));
        if (!copy) {
            std::fprintf(stderr, "%s\n", qPrintable(copy.error()));
            return {};
        }
        tracers.push_back(copy.value());
    }
    for (Micro& m : micros)
        m.traced.resize(tracers.size());
    for (Lesson& l : lessons)
        l.traced.resize(tracers.size());

    for (int r = 0; r < m_options.runs; ++r) {
        std::fprintf(stderr, "run %d/%d\n", r + 1, m_options.runs);
        for (Micro& m : micros) {
            const QStringList args{QString::number(m.pairs)};
            const auto plain = runPlain(m_options.python, m.script, args);
            if (!plain)
                return {};
            m.plain.push_back(plain->loopSeconds);
            for (std::size_t t = 0; t < tracers.size(); ++t) {
                const auto traced = runTraced(m_options.python, tracers[t], m.script, args, plain->exitCode);
                if (!traced)
                    return {};
                m.traced[t].push_back(traced->loopSeconds);
                m.events = traced->events;
            }
        }
        for (Lesson& l : lessons) {
            const auto plain = runPlain(m_options.python, l.script, {});
            if (!plain)
                return {};
            l.plain.push_back(plain->wallSeconds);
            for (std::size_t t = 0; t < tracers.size(); ++t) {
                const auto traced = runTraced(m_options.python, tracers[t], l.script, {}, plain->exitCode);
                if (!traced)
                    return {};
                l.traced[t].push_back(traced->wallSeconds);
            }
        }
    }

    QJsonObject python{{"interpreter", interpreter}, {"emitter", emitter}, {"runs", m_options.runs}};
    addFigures(python, micros, lessons, 0);
    if (tracers.size() > 1) {
        QJsonObject pythonEmitter;
        addFigures(pythonEmitter, micros, lessons, 1);
        python.insert(QStringLiteral("python_emitter"), pythonEmitter);
    }
    return QJsonDocument(QJsonObject{{"python", python}}).toJson(QJsonDocument::Indented).toStdString();
}

} // namespace tl::bench
