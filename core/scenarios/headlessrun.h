#pragma once

#include "py/scenariorun.h"
#include "scenarios/scenario.h"
#include "trace/tracestore.h"

#include <memory>

namespace tl {

// Runs a scenario to completion with no UI and returns its trace, metadata filled in.
// Thread affinity: the calling thread becomes the store's owner; it blocks until the run has ended.
std::unique_ptr<TraceStore> runHeadless(const Scenario& scenario, const ParameterValues& values,
                                        const RunOptions& options);

} // namespace tl
