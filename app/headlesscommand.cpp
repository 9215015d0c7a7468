#include "headlesscommand.h"

#include "commandline.h"
#include "headlesspython.h"
#include "import/traceloader.h"
#include "scenarios/headlessrun.h"
#include "scenarios/scenario.h"
#include "stats/statecomparison.h"
#include "stats/statetimes.h"
#include "stats/statetimescsv.h"
#include "stopsignals.h"
#include "timeline/imageexport.h"
#include "trace/deadlocktext.h"
#include "window/exportwriter.h"
#include "window/screenshot.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>

namespace tl {

namespace {

// Whether all of `text` was written.
bool writeTo(std::FILE* stream, const QString& text)
{
    const QByteArray bytes = text.toLocal8Bit();
    const std::size_t size = static_cast<std::size_t>(bytes.size());
    return std::fwrite(bytes.constData(), 1, size, stream) == size && std::fflush(stream) == 0;
}

// What goes to stdout: the help, the lessons, a CSV. Written short (a full disk, a closed pipe) is a failure that
// says why, as python3's print says it, not exit 0 with the output lost.
int writeResult(const QString& text, int exitCode = kExitOk)
{
    errno = 0;
    if (writeTo(stdout, text))
        return exitCode;
    const int error = errno;
    writeTo(stderr,
            QStringLiteral("threadline: cannot write to stdout: %1\n").arg(qt_error_string(error != 0 ? error : EIO)));
    return kExitFailed;
}

// "stopped by SIGINT", for the signal a headless run was stopped by.
QString stoppedBy(int signal)
{
    return QStringLiteral("stopped by SIG%1").arg(QLatin1String(::sigabbrev_np(signal)));
}

// A trace file read for the command line: a file that cannot be read (a file cut short before its first event
// among them) is bad input (one line, exit 2, and nullptr); what it holds that could not be read as it stood is said
// on stderr, one line each.
std::unique_ptr<TraceStore> loadForCommand(const QString& path)
{
    Result<import::LoadedTrace> loaded = import::loadTraceFile(path);
    if (!loaded) {
        writeTo(stderr, QStringLiteral("threadline: %1\n").arg(loaded.error()));
        return nullptr;
    }
    for (const QString& warning : loaded->warnings)
        writeTo(stderr, QStringLiteral("threadline: %1: %2\n").arg(path, warning));
    return std::move(loaded.value().store);
}

// A trace file drawn or converted, or drawn above the run it is compared with.
int exportTraceFile(const CommandLineRequest& request)
{
    const std::unique_ptr<TraceStore> store = loadForCommand(request.tracePath);
    if (!store)
        return kExitBadInput;
    Status written = tl::success();
    if (request.comparePath.isEmpty()) {
        written = ui::writeExport(*store, request.exportPath, request.format, request.picture());
    } else {
        const std::unique_ptr<TraceStore> other = loadForCommand(request.comparePath);
        if (!other)
            return kExitBadInput;
        written = ui::exportComparisonImage(*store, *other, request.exportPath, request.format, request.picture());
    }
    if (!written) {
        writeTo(stderr, QStringLiteral("threadline: %1\n").arg(written.error()));
        return kExitFailed;
    }
    return kExitOk;
}

// 1 when not even MainThread could start (the trace's problems say why, one line each), and 1, as python3
// exits, when an error escaped the lesson's main (hello's second start()): written, and its traceback on
// stderr. An error that ended another thread is no failure of the program, as in CPython.
int runExitCode(const TraceStore& store)
{
    if (store.laneCount() == 0) {
        for (const QString& problem : store.metadata().problems)
            writeTo(stderr, QStringLiteral("threadline: %1\n").arg(problem));
        return kExitFailed;
    }
    const LaneInfo& main = store.lane(0);
    const bool mainRaised =
        std::any_of(main.events.begin(), main.events.end(), [](const Event& e) { return e.kind == EventKind::Error; });
    return mainRaised ? kExitMainRaised : kExitOk;
}

// A run that was stopped with no signal was stopped at a deadlock (runHeadless): one line names the cycle.
// Returns the exit code the run earns: kExitDeadlock then, else `otherwise`.
int reportDeadlock(const TraceStore& store, const QString& writingTo, int otherwise)
{
    if (!store.metadata().stopped || StopSignals::signalNumber() != 0)
        return otherwise;
    const std::optional<DeadlockCycle> cycle = firstDeadlock(store);
    if (!cycle)
        return otherwise;
    const QString sentence = deadlockSentence(store, *cycle);
    writeTo(stderr, writingTo.isEmpty()
                        ? QStringLiteral("threadline: %1; the run was stopped\n").arg(sentence)
                        : QStringLiteral("threadline: %1; the run was stopped, writing what was recorded to %2\n")
                              .arg(sentence, writingTo));
    return kExitDeadlock;
}

// A lesson run's own problems, when no signal stopped it and no deadlock did (those say their own line):
// the system refused it a thread or a descriptor (ScenarioRun), which stopped it if it had not ended. One
// line each, and the run failed, whatever its main did.
int reportProblems(const TraceStore& store, const QString& writingTo, int otherwise)
{
    const TraceMetadata& meta = store.metadata();
    if (StopSignals::signalNumber() != 0 || otherwise == kExitDeadlock || store.laneCount() == 0 ||
        meta.problems.isEmpty())
        return otherwise;
    for (const QString& problem : meta.problems)
        writeTo(stderr,
                writingTo.isEmpty()
                    ? QStringLiteral("threadline: %1\n").arg(problem)
                    : QStringLiteral("threadline: %1; writing what was recorded to %2\n").arg(problem, writingTo));
    return kExitFailed;
}

int exportRun(const CommandLineRequest& request)
{
    if (!request.tracePath.isEmpty())
        return exportTraceFile(request);
    RunOptions options;
    options.speed = request.speed;
    options.echoPrints = !request.quiet;
    options.echoErrors = true; // --quiet keeps the prints off stdout, never what went wrong off stderr
    // Ctrl+C or SIGTERM stops the run and still writes what it recorded, as for a Python program; the
    // handler stays until the file is committed, so a second Ctrl+C cannot cut the write short.
    const StopSignals stopOnSignals;
    QString echoFailure;
    const auto store =
        runHeadless(*request.scenario, request.parameters, options, &StopSignals::stopAsked, &echoFailure);
    int exitCode =
        reportProblems(*store, request.exportPath, reportDeadlock(*store, request.exportPath, runExitCode(*store)));
    // The prints are in the trace, but the terminal lost them: a failure (python3 -c 'print(1)' > /dev/full exits 1).
    if (!echoFailure.isEmpty()) {
        writeTo(stderr,
                QStringLiteral("threadline: the lesson's output was lost: %1; writing what was recorded to %2\n")
                    .arg(echoFailure, request.exportPath));
        exitCode = exitCode == 0 ? kExitFailed : exitCode;
    }
    if (store->metadata().stopped && StopSignals::signalNumber() != 0) {
        TraceMetadata meta = store->metadata();
        meta.problems << stoppedBy(StopSignals::signalNumber());
        store->setMetadata(meta);
        writeTo(stderr, QStringLiteral("threadline: %1; writing what was recorded to %2\n")
                            .arg(meta.problems.last(), request.exportPath));
    }
    // The window's own dispatcher: the same files, the same errors; pictures are drawn offscreen.
    const Status written = ui::writeExport(*store, request.exportPath, request.format, request.picture());
    if (!written) {
        writeTo(stderr, QStringLiteral("threadline: %1\n").arg(written.error()));
        return kExitFailed;
    }
    return StopSignals::exitCode(exitCode);
}

// Where the time went, as CSV on stdout: the lesson or Python program run headless (its prints kept off stdout, which
// holds the CSV alone) or the trace file read; or how the run B it is compared with differs from it.
int printStats(const CommandLineRequest& request)
{
    std::unique_ptr<TraceStore> store;
    // Ctrl+C stops the lesson and prints where the time went until then, as an export writes what was recorded.
    const StopSignals stopOnSignals;
    int ran = kExitOk; // a file's; a run's as --export gives it (1 for hello's RuntimeError, as python3's)
    if (!request.tracePath.isEmpty()) {
        store = loadForCommand(request.tracePath);
        if (!store)
            return kExitBadInput;
    } else if (request.python) {
        std::optional<RecordedProgram> run = recordPythonProgram(request, QStringLiteral("printing what was recorded"));
        if (!run) {
            writeTo(stderr, QStringLiteral("threadline: no statistics: no trace was recorded\n"));
            return kExitFailed;
        }
        store = std::move(run->store);
        ran = run->exitCode;
    } else {
        RunOptions options;
        options.speed = request.speed;
        options.echoPrints = false;
        options.echoErrors = true; // what went wrong on stderr, as --export and python3 say it; stdout is the CSV's
        store = runHeadless(*request.scenario, request.parameters, options, &StopSignals::stopAsked);
        if (store->metadata().stopped && StopSignals::signalNumber() != 0)
            writeTo(stderr, QStringLiteral("threadline: %1; printing what was recorded\n")
                                .arg(stoppedBy(StopSignals::signalNumber())));
        ran = reportProblems(*store, {}, reportDeadlock(*store, {}, runExitCode(*store)));
    }
    if (!request.comparePath.isEmpty()) {
        const std::unique_ptr<TraceStore> other = loadForCommand(request.comparePath);
        if (!other)
            return kExitBadInput;
        const stats::StateTimes a = stats::computeStateTimes(*store);
        const stats::StateTimes b = stats::computeStateTimes(*other);
        return StopSignals::exitCode(
            writeResult(stats::stateComparisonCsv(stats::compareStateTimes(a, b), stats::bothBySlice(a, b))));
    }
    const int written = writeResult(stats::stateTimesCsv(stats::computeStateTimes(*store)), ran);
    // A program's exit code is its own, as --export gives it: one that caught the Ctrl+C and called sys.exit(5)
    // exits 5.
    return request.python ? written : StopSignals::exitCode(written);
}

} // namespace

int runHeadlessCommand(const CommandLine& commandLine, const CommandLineRequest& request)
{
    // A reader that goes away (`| head -1`) is a write that fails, as for python3, not a death by SIGPIPE that
    // loses the trace being recorded. The program a Python run starts gets SIGPIPE's default back (ChildProcess).
    std::signal(SIGPIPE, SIG_IGN);
    switch (request.action) {
    case CommandLineRequest::Action::Help:
        return writeResult(commandLine.helpText());
    case CommandLineRequest::Action::Version:
        return writeResult(QStringLiteral("threadline %1\n").arg(QStringLiteral(THREADLINE_VERSION)));
    case CommandLineRequest::Action::ListScenarios: {
        QString lines;
        for (const Scenario& s : allScenarios())
            lines += QStringLiteral("%1\t%2\n").arg(s.id, s.title);
        return writeResult(lines);
    }
    case CommandLineRequest::Action::Export:
        return request.python ? runPythonExport(request) : exportRun(request);
    case CommandLineRequest::Action::Screenshot:
        if (!request.tracePath.isEmpty())
            return ui::runScreenshot({.path = request.screenshotPath,
                                      .afterSeconds = request.screenshotAfter,
                                      .tracePath = request.tracePath,
                                      .comparePath = request.comparePath});
        if (request.python)
            return ui::runScreenshot(
                {.path = request.screenshotPath, .afterSeconds = request.screenshotAfter, .python = request.python});
        return ui::runScreenshot({.path = request.screenshotPath,
                                  .scenarioId = request.scenario->id,
                                  .parameters = request.parameters,
                                  .speed = request.speed,
                                  .afterSeconds = request.screenshotAfter});
    case CommandLineRequest::Action::Stats:
        return printStats(request);
    case CommandLineRequest::Action::Open: // main() opens the window itself
        break;
    }
    return kExitBadInput;
}

} // namespace tl
