#include "scenarios/headlessrun.h"

#include "trace/tracerecorder.h"

namespace tl {

std::unique_ptr<TraceStore> runHeadless(const Scenario& scenario, const ParameterValues& values,
                                        const RunOptions& options)
{
    ScenarioRun run(options);
    auto store = std::make_unique<TraceStore>(run.context().sharedStrings());
    store->setMetadata(TraceMetadata{scenario.id, scenario.title, values.ordered(), options.speed});
    run.start([&scenario, values] { scenario.main(values); });
    TraceRecorder(run, *store).recordToCompletion();
    return store;
}

} // namespace tl
