#include "scenarios/headlessrun.h"

#include "trace/tracerecorder.h"

namespace tl {

std::unique_ptr<TraceStore> runHeadless(const Scenario& scenario, const ParameterValues& values,
                                        const RunOptions& options)
{
    ScenarioRun run(options);
    auto store = std::make_unique<TraceStore>(run.context().sharedStrings());
    TraceMetadata meta{scenario.id, scenario.title, values.ordered(), options.speed};
    meta.source = QString::fromLatin1(TraceMetadata::kEngine);
    store->setMetadata(meta);
    run.start([&scenario, values] { scenario.main(values); });
    TraceRecorder(run, *store).recordToCompletion();
    return store;
}

} // namespace tl
