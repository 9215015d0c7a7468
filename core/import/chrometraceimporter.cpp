#include "import/chrometraceimporter.h"

#include "import/chrometracereader.h"
#include "import/traceassembler.h"
#include "import/traceinput.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace tl::import {

namespace {

// Whether a trace holds more than the names of its threads and processes (a cut file's "M" events before the cut
// are only those).
bool holdsAnythingToDraw(const ImportedTrace& trace)
{
    return std::any_of(trace.events.begin(), trace.events.end(), [](const Event& e) {
        return e.kind != EventKind::ThreadName && e.kind != EventKind::GroupName;
    });
}

} // namespace

Result<ImportedTrace> importChromeTrace(QIODevice& device, const ImportControl& control)
{
    TraceInput input(device, control.cancel, control.bytesRead);
    TraceAssembler assembler(control.strings ? control.strings : std::make_shared<StringTable>());
    const ReadOutcome outcome = ChromeTraceReader::read(input, assembler);
    if (!outcome.ok)
        return Result<ImportedTrace>::failure(outcome.error);
    if (const std::optional<QString> implausible = assembler.implausibleLanes(outcome))
        return Result<ImportedTrace>::failure(*implausible);
    ImportedTrace trace = assembler.finish(outcome);
    trace.metadata.cutShort = trace.metadata.cutShort || trace.truncated;
    // A crashed writer's trace is drawn as far as it goes; one cut before any event it can draw has nothing, and an
    // empty picture (exit 0 on the command line, an empty window) read as a success (a reviewer).
    if (trace.truncated && !holdsAnythingToDraw(trace))
        return Result<ImportedTrace>::failure(
            QStringLiteral("%1, with nothing to draw before it").arg(outcome.truncation));
    // A whole trace with nothing in it is a trace, but its empty picture should not pass for one of something.
    if (!holdsAnythingToDraw(trace))
        trace.warnings << QStringLiteral("it holds no events to draw");
    return trace;
}

Result<ImportedTrace> importChromeTraceFile(const QString& path, const ImportControl& control)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Result<ImportedTrace>::failure(QStringLiteral("cannot open '%1': %2").arg(path, file.errorString()));
    if (QFileInfo(path).isDir())
        return Result<ImportedTrace>::failure(QStringLiteral("cannot open '%1': it is a folder").arg(path));
    Result<ImportedTrace> trace = importChromeTrace(file, control);
    if (!trace)
        return Result<ImportedTrace>::failure(QStringLiteral("cannot read '%1': %2").arg(path, trace.error()));
    return trace;
}

} // namespace tl::import
