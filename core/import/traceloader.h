#pragma once

#include "base/result.h"
#include "import/chrometraceimporter.h"
#include "trace/tracestore.h"

#include <QString>
#include <QStringList>

#include <memory>

namespace tl::import {

struct LoadedTrace {
    std::unique_ptr<TraceStore> store;
    QStringList warnings; // ImportedTrace::warnings, then the flows a Threadline export states but its
                          // events do not make (checkThreadlineFlows)
    bool threadline = false;
};

// Loads a trace file into a new store, on the calling thread: the command line's FILE.json and the
// tests. Another tool's trace is titled by its file name. Thread affinity: any thread; the store then
// belongs to it.
Result<LoadedTrace> loadTraceFile(const QString& path, const ImportControl& control = {});

// Moves an imported trace into a new store (batch by batch, as a live source would).
LoadedTrace storeImported(ImportedTrace trace, const QString& title);

} // namespace tl::import
