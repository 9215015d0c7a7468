#include "import/chrometraceimporter.h"

#include "import/chrometracereader.h"
#include "import/traceassembler.h"
#include "import/traceinput.h"

#include <QFile>
#include <QFileInfo>

namespace tl::import {

Result<ImportedTrace> importChromeTrace(QIODevice& device, const ImportControl& control)
{
    TraceInput input(device, control.cancel, control.bytesRead);
    TraceAssembler assembler(control.strings ? control.strings : std::make_shared<StringTable>());
    const ReadOutcome outcome = ChromeTraceReader::read(input, assembler);
    if (!outcome.ok)
        return Result<ImportedTrace>::failure(outcome.error);
    if (const std::optional<QString> implausible = assembler.implausibleLanes(outcome))
        return Result<ImportedTrace>::failure(*implausible);
    return assembler.finish(outcome);
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
