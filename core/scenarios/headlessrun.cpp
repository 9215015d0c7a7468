#include "scenarios/headlessrun.h"

#include "trace/deadlocktext.h"
#include "trace/tracerecorder.h"

namespace tl {

namespace {

// How long the recorder sleeps between drains while it also watches for a stop: short enough that a
// stop is acted on well within the 200 ms every thread has to end in.
constexpr int kPollMs = 10;

} // namespace

std::unique_ptr<TraceStore> runHeadless(const Scenario& scenario, const ParameterValues& values,
                                        const RunOptions& options, const StopAsked& stopAsked, QString* echoFailure)
{
    RunOptions withListing = options;
    withListing.listing = ListingText{scenario.id + QStringLiteral(".py"), scenario.listingWith(values)};
    ScenarioRun run(withListing);
    auto store = std::make_unique<TraceStore>(run.context().sharedStrings());
    TraceMetadata meta{scenario.id, scenario.title, values.ordered(), options.speed};
    meta.source = QString::fromLatin1(TraceMetadata::kEngine);
    store->setMetadata(meta);
    run.start([&scenario, values] { scenario.main(values); });
    TraceRecorder recorder(run, *store);
    bool stopping = false;
    bool deadlocked = false;
    while (!run.isFinished()) {
        recorder.drainOnce();
        // With no one to press Stop, a deadlock would hang the run for ever: it is stopped once seen.
        deadlocked = deadlocked || (!stopping && changeHasDeadlock(*store, recorder.lastChange()));
        if (!stopping && (deadlocked || (stopAsked && stopAsked()))) {
            stopping = true;
            run.requestStop();
        }
        run.waitForFinished(kPollMs);
    }
    recorder.recordToCompletion();
    if (echoFailure)
        *echoFailure = run.context().console().writeFailure();
    if (const TraceMetadata own = run.metadata(); !own.problems.isEmpty()) {
        meta.problems += own.problems; // the run's own: no thread for MainThread, or one it stopped for
        meta.stopped = own.stopped;
        store->setMetadata(meta);
    }
    if (stopping) {
        meta.stopped = true;
        if (const std::optional<DeadlockCycle> cycle = deadlocked ? firstDeadlock(*store) : std::nullopt)
            meta.problems << QStringLiteral("stopped at a deadlock: %1").arg(deadlockClauses(*store, *cycle));
        store->setMetadata(meta);
    }
    return store;
}

} // namespace tl
