#include "headlesscommand.h"

#include "commandline.h"
#include "export/chrometraceexporter.h"
#include "export/csvexporter.h"
#include "scenarios/headlessrun.h"
#include "scenarios/scenario.h"
#include "timeline/imageexport.h"
#include "window/screenshot.h"

#include <cstdio>

namespace tl {

namespace {

void writeTo(std::FILE* stream, const QString& text)
{
    const QByteArray bytes = text.toLocal8Bit();
    std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stream);
    std::fflush(stream);
}

int exportRun(const CommandLineRequest& request)
{
    RunOptions options;
    options.speed = request.speed;
    options.echoPrints = true;
    const auto store = runHeadless(*request.scenario, request.parameters, options);
    Status written = success();
    if (request.isPicture()) // the same picture as the window's export, drawn offscreen
        written = ui::exportTimelineImage(*store, request.exportPath, {.width = request.width, .scale = request.scale});
    else if (request.format == ExportFormat::Csv)
        written = CsvExporter(*store).writeToFile(request.exportPath);
    else
        written = ChromeTraceExporter(*store).writeToFile(request.exportPath);
    if (!written) {
        writeTo(stderr, QStringLiteral("threadline: %1\n").arg(written.error()));
        return kExitFailed;
    }
    return kExitOk;
}

} // namespace

int runHeadlessCommand(const CommandLine& commandLine, const CommandLineRequest& request)
{
    switch (request.action) {
    case CommandLineRequest::Action::Help:
        writeTo(stdout, commandLine.helpText());
        return kExitOk;
    case CommandLineRequest::Action::Version:
        writeTo(stdout, QStringLiteral("threadline %1\n").arg(QStringLiteral(THREADLINE_VERSION)));
        return kExitOk;
    case CommandLineRequest::Action::ListScenarios: {
        QString lines;
        for (const Scenario& s : allScenarios())
            lines += QStringLiteral("%1\t%2\n").arg(s.id, s.title);
        writeTo(stdout, lines);
        return kExitOk;
    }
    case CommandLineRequest::Action::Export:
        return exportRun(request);
    case CommandLineRequest::Action::Screenshot:
        return ui::runScreenshot({.path = request.screenshotPath,
                                  .scenarioId = request.scenario->id,
                                  .parameters = request.parameters,
                                  .speed = request.speed,
                                  .afterSeconds = request.screenshotAfter});
    case CommandLineRequest::Action::Open: // main() opens the window itself
        break;
    }
    return kExitBadInput;
}

} // namespace tl
