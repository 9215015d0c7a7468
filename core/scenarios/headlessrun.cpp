#include "scenarios/headlessrun.h"

#include "trace/tracerecorder.h"

namespace tl {

namespace {

// How long the recorder sleeps between drains while it also watches for a stop: short enough that a
// stop is acted on well within the 200 ms every thread has to end in.
constexpr int kPollMs = 10;

} // namespace

std::unique_ptr<TraceStore> runHeadless(const Scenario& scenario, const ParameterValues& values,
                                        const RunOptions& options, const StopAsked& stopAsked)
{
    ScenarioRun run(options);
    auto store = std::make_unique<TraceStore>(run.context().sharedStrings());
    TraceMetadata meta{scenario.id, scenario.title, values.ordered(), options.speed};
    meta.source = QString::fromLatin1(TraceMetadata::kEngine);
    store->setMetadata(meta);
    run.start([&scenario, values] { scenario.main(values); });
    TraceRecorder recorder(run, *store);
    if (!stopAsked) {
        recorder.recordToCompletion();
        return store;
    }
    bool stopping = false;
    while (!run.isFinished()) {
        recorder.drainOnce();
        if (!stopping && stopAsked()) {
            stopping = true;
            run.requestStop();
        }
        run.waitForFinished(kPollMs);
    }
    recorder.recordToCompletion();
    if (stopping) {
        meta.stopped = true;
        store->setMetadata(meta);
    }
    return store;
}

} // namespace tl
