#pragma once

#include "base/exportformat.h"
#include "base/result.h"
#include "timeline/viewstate.h"

#include <QImage>
#include <QString>

#include <optional>

namespace tl {
class TraceStore;
}

namespace tl::ui {

class LaneArrangement;

// How to draw an exported timeline picture. The picture always carries the title (scenario and
// parameters), the ruler, the lane names and the legend.
struct ImageExportOptions {
    int width = 1600;               // logical pixels (points for PDF)
    double scale = 1.0;             // PNG and clipboard only: device pixels per logical pixel (1 or 2)
    std::optional<TimeRange> range; // nullopt: the whole run
    bool showFlows = true;
    Selection selection;                          // drawn highlighted, if any
    const LaneArrangement* arrangement = nullptr; // pins, groups, hidden lanes, row height; null: defaults
};

inline constexpr int kMinExportWidth = 320;
inline constexpr int kMaxExportWidth = 16000;
inline constexpr double kMinExportScale = 0.5;
inline constexpr double kMaxExportScale = 4.0;

// Checks the options against the limits above and against the size of the resulting raster.
tl::Status validateImageExport(const tl::TraceStore& store, const ImageExportOptions& options, ExportFormat format);

// Renders the picture as a raster image (the PNG export and the clipboard). A null image if invalid.
QImage renderTimelineImage(const tl::TraceStore& store, const ImageExportOptions& options);

// Writes the picture to `path` as `format` (PNG, SVG or PDF), atomically (writeFileAtomically: the file is
// either complete or untouched). Needs a QGuiApplication (fonts), which may run on the offscreen platform:
// no window is opened, so the command line uses this with no display.
//
// Thread affinity: the thread that owns the store (the store must not be appended to meanwhile).
tl::Status exportTimelineImage(const tl::TraceStore& store, const QString& path, ExportFormat format,
                               const ImageExportOptions& options);

} // namespace tl::ui
