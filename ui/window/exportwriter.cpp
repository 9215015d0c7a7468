#include "window/exportwriter.h"

#include "export/chrometraceexporter.h"
#include "export/csvexporter.h"

namespace tl::ui {

tl::Status writeExport(const TraceStore& store, const QString& path, ExportFormat format,
                       const ImageExportOptions& picture)
{
    switch (format) {
    case ExportFormat::ChromeJson:
        return ChromeTraceExporter(store).writeToFile(path);
    case ExportFormat::Csv:
        return CsvExporter(store).writeToFile(path);
    case ExportFormat::Png:
    case ExportFormat::Svg:
    case ExportFormat::Pdf:
        break;
    }
    return exportTimelineImage(store, path, format, picture);
}

} // namespace tl::ui
