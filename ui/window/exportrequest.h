#pragma once

#include "timeline/imageexport.h"

#include <QString>

namespace tl::ui {

// One export the user asked for: what to write, where, and for pictures how.
struct ExportRequest {
    enum class Format { Png, Svg, Pdf, ChromeJson, Csv };
    Format format = Format::Png;
    QString path;
    bool wholeRun = true; // pictures: the whole run, or the timeline's visible range
    int width = 1600;     // pictures: logical pixels
    double scale = 1.0;   // PNG: 1x or 2x
    bool showFlows = true;

    bool isPicture() const { return format == Format::Png || format == Format::Svg || format == Format::Pdf; }
};

// The file suffix of a format ("png", "json", ...), and the format a path's suffix names.
QString suffixFor(ExportRequest::Format format);
std::optional<ExportRequest::Format> exportFormatForPath(const QString& path);

} // namespace tl::ui
