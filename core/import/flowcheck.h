#pragma once

#include "import/importedtrace.h"
#include "trace/tracestore.h"

#include <QStringList>

#include <vector>

namespace tl::import {

// The flows a Threadline export states (ImportedTrace::flows) against those the store derived from the
// imported events (FlowLinker): one line per flow of the file that the store does not have, and per flow
// of the store the file does not state. Empty when they are the same: the file's arrows are explained by
// its events. Thread affinity: the store's owner thread.
QStringList checkThreadlineFlows(const TraceStore& store, const std::vector<ExpectedFlow>& expected);

} // namespace tl::import
