#include "window/exportrequest.h"

#include <QFileInfo>

namespace tl::ui {

QString suffixFor(ExportRequest::Format format)
{
    switch (format) {
    case ExportRequest::Format::Png:
        return QStringLiteral("png");
    case ExportRequest::Format::Svg:
        return QStringLiteral("svg");
    case ExportRequest::Format::Pdf:
        return QStringLiteral("pdf");
    case ExportRequest::Format::ChromeJson:
        return QStringLiteral("json");
    case ExportRequest::Format::Csv:
        return QStringLiteral("csv");
    }
    return {};
}

std::optional<ExportRequest::Format> exportFormatForPath(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    for (auto f : {ExportRequest::Format::Png, ExportRequest::Format::Svg, ExportRequest::Format::Pdf,
                   ExportRequest::Format::ChromeJson, ExportRequest::Format::Csv})
        if (suffix == suffixFor(f))
            return f;
    return std::nullopt;
}

} // namespace tl::ui
