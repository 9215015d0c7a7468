#pragma once

#include "trace/tracestore.h"

#include <memory>

namespace tl::test {

// A store built from hand-made events: `lanes` threads (MainThread and Thread-1..), each running from
// its start to `end` and sleeping `sleeps` evenly spaced times of `sleepNs` each. Deterministic, so
// geometry and layout tests can state exact expectations.
std::unique_ptr<TraceStore> syntheticTrace(int lanes, int sleeps, std::int64_t end, std::int64_t sleepNs);

} // namespace tl::test
