#pragma once

#include "base/result.h"

#include <QString>

namespace tl {

// The file formats Threadline writes: the trace (Chrome JSON, CSV) and the timeline picture (PNG, SVG,
// PDF). One type, one suffix table and one parser for the window and the command line.
enum class ExportFormat { ChromeJson, Csv, Png, Svg, Pdf };

// The file suffix of a format, without the dot ("json", "png", ...).
QString suffixFor(ExportFormat format);
bool isPictureFormat(ExportFormat format);
// The format a path's suffix names, case-insensitively; the error says which suffixes there are.
Result<ExportFormat> exportFormatForPath(const QString& path);

} // namespace tl
