#include "headlesspython.h"

#include "commandline.h"
#include "headlesscommand.h"
#include "pysource/pythonsource.h"
#include "stopsignals.h"
#include "trace/deadlocktext.h"
#include "trace/eventschema.h"
#include "trace/stringtable.h"
#include "trace/tracerecorder.h"
#include "trace/tracestore.h"
#include "window/exportwriter.h"

#include <algorithm>
#include <cstdio>

namespace tl {

namespace {

void writeLine(const QString& text)
{
    const QByteArray bytes = QStringLiteral("threadline: %1\n").arg(text).toLocal8Bit();
    std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stderr);
    std::fflush(stderr);
}

// Whether the stop raised a KeyboardInterrupt that Python reported (its traceback is on stderr, above Threadline's
// lines): then the lines say whose it is.
bool stopRaised(const TraceStore& store)
{
    for (LaneId id = 0; id < store.laneCount(); ++id) {
        const LaneInfo& lane = store.lane(id);
        if (std::any_of(lane.events.begin(), lane.events.end(),
                        [](const Event& e) { return e.kind == EventKind::Error && flagSet(e, FlagRole::ByStop); }))
            return true;
    }
    return false;
}

} // namespace

std::optional<RecordedProgram> recordPythonProgram(const CommandLineRequest& request, const QString& keeping)
{
    PythonSource source(*request.python);
    auto store = std::make_unique<TraceStore>(std::const_pointer_cast<StringTable>(source.strings()));
    if (const Status started = source.start(); !started) {
        // The input was checked; what is left is the machine refusing (a pipe, a temporary directory).
        writeLine(started.error());
        return std::nullopt;
    }
    TraceRecorder recorder(source, *store);
    bool stopping = false;
    bool killing = false;
    bool deadlocked = false;
    while (!source.isFinished()) {
        recorder.drainOnce();
        // With no one to press Stop, a deadlock would hang the program for ever: it is stopped once seen,
        // as a lesson's run is.
        deadlocked = deadlocked || (!stopping && changeHasDeadlock(*store, recorder.lastChange()));
        if (!stopping && (deadlocked || StopSignals::stopAsked())) {
            stopping = true;
            // The signal Threadline was sent, as the program would have had it untraced (a SIGTERM handler's clean
            // exit, however long it takes: a second signal kills it); a deadlock's stop is Stop's SIGINT, then
            // SIGKILL after the grace period.
            if (StopSignals::stopAsked())
                source.requestPatientStop(StopSignals::signalNumber());
            else
                source.requestStop(SIGINT);
        }
        if (stopping && !killing && StopSignals::askedAgain()) {
            killing = true;
            source.requestKill();
        }
        source.waitForFinished(20);
    }
    recorder.drainOnce();
    store->setMetadata(source.metadata());
    if (!request.python->forwardOutput) {
        // Its output was kept off the terminal (--quiet, or stdout is the CSV's); its errors still belong there,
        // before Threadline's lines, as when they pass through.
        const QByteArray errors = source.capturedStderr();
        std::fwrite(errors.constData(), 1, static_cast<std::size_t>(errors.size()), stderr);
        std::fflush(stderr);
    }
    // The cycle first: it is why the run was stopped, and what follows (how the program ended) comes of it.
    const std::optional<DeadlockCycle> cycle = deadlocked ? firstDeadlock(*store) : std::nullopt;
    if (cycle) {
        const QString sentence = deadlockSentence(*store, *cycle);
        TraceMetadata meta = store->metadata();
        // The heading's word is said once: "stopped at a deadlock: Thread-1 holds a and waits for b; ...".
        meta.problems << QStringLiteral("stopped at a %1: %2")
                             .arg(cycle->potential ? QStringLiteral("potential deadlock") : QStringLiteral("deadlock"),
                                  deadlockClauses(*store, *cycle));
        store->setMetadata(meta);
        writeLine(QStringLiteral("%1; the run was stopped%2, %3")
                      .arg(sentence,
                           stopRaised(*store) ? QStringLiteral(" (the KeyboardInterrupt above is Threadline's SIGINT)")
                                              : QString(),
                           keeping));
    }
    for (const QString& problem : source.problems())
        writeLine(problem);
    if (!source.hello())
        return std::nullopt; // not one event of the program: there is no trace
    return RecordedProgram{std::move(store), cycle ? kExitDeadlock : source.exitCode().value_or(kExitFailed)};
}

int runPythonExport(const CommandLineRequest& request)
{
    const StopSignals stopOnSignals;
    const std::optional<RecordedProgram> run =
        recordPythonProgram(request, QStringLiteral("writing what was recorded to %1").arg(request.exportPath));
    if (!run) {
        writeLine(QStringLiteral("no trace written to %1").arg(request.exportPath));
        return kExitFailed;
    }
    const Status written = ui::writeExport(*run->store, request.exportPath, request.format, request.picture());
    if (!written) {
        writeLine(written.error());
        return kExitFailed;
    }
    return run->exitCode;
}

} // namespace tl
