#pragma once

#include "py/scenariorun.h"
#include "scenarios/scenario.h"
#include "trace/tracestore.h"

#include <functional>
#include <memory>

namespace tl {

// Asked between drains; true once the run should stop (a signal handler's flag, say).
using StopAsked = std::function<bool()>;

// Runs a scenario with no UI and returns its trace, metadata filled in. It runs to completion unless
// `stopAsked` says otherwise, a deadlock forms (one that no timeout ends: firstDeadlock() finds it in the
// store), or the system refuses the run a thread or a descriptor (ScenarioRun stops itself): then every thread is
// unwound at its next blocking point (each lane ends in a "stopped" instant), what was recorded is returned, and the
// metadata says `stopped` (and, for a deadlock or a shortage, says why in `problems`). Thread affinity: the calling
// thread becomes the store's owner; it blocks until the run has ended. `echoFailure`, if given, gets why the prints
// or errors echoed to the terminal could not all be written (Console::writeFailure), or nothing.
std::unique_ptr<TraceStore> runHeadless(const Scenario& scenario, const ParameterValues& values,
                                        const RunOptions& options, const StopAsked& stopAsked = {},
                                        QString* echoFailure = nullptr);

} // namespace tl
