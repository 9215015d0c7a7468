#include "import/traceloader.h"

#include "import/flowcheck.h"

#include <QFileInfo>

#include <algorithm>
#include <span>
#include <vector>

namespace tl::import {

LoadedTrace storeImported(ImportedTrace trace, const QString& title)
{
    LoadedTrace out;
    out.store = std::make_unique<TraceStore>(trace.strings);
    if (!trace.threadline && trace.metadata.scenarioTitle.isEmpty())
        trace.metadata.scenarioTitle = title;
    out.store->setMetadata(trace.metadata);
    out.store->setDroppedEvents(trace.droppedEvents);
    constexpr std::size_t kBatch = std::size_t{1} << 16;
    const std::span<const Event> events(trace.events);
    std::vector<EventFile> batchFiles;
    auto file = trace.files.cbegin();
    for (std::size_t at = 0; at < events.size(); at += kBatch) {
        const std::size_t n = std::min(kBatch, events.size() - at);
        batchFiles.clear();
        for (; file != trace.files.cend() && file->index < at + n; ++file)
            batchFiles.push_back({file->index - at, file->file});
        out.store->append(events.subspan(at, n), batchFiles);
    }
    out.warnings = trace.warnings;
    out.threadline = trace.threadline;
    if (trace.threadline)
        out.warnings << checkThreadlineFlows(*out.store, trace.flows);
    return out;
}

Result<LoadedTrace> loadTraceFile(const QString& path, const ImportControl& control)
{
    Result<ImportedTrace> trace = importChromeTraceFile(path, control);
    if (!trace)
        return Result<LoadedTrace>::failure(trace.error());
    // As the window's FileSource does: it is the file that tells another tool's trace (isAnotherToolsTrace), whose
    // legend and statistics name its slices.
    trace.value().metadata.file = path;
    return storeImported(std::move(trace.value()), QFileInfo(path).fileName());
}

} // namespace tl::import
