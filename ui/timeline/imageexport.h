#pragma once

#include "base/exportformat.h"
#include "base/result.h"
#include "timeline/viewstate.h"

#include <QFont>
#include <QImage>
#include <QString>

#include <optional>

namespace tl {
class TraceStore;
}

namespace tl::ui {

class LaneArrangement;

// Which lanes a picture keeps: every lane, those in view (the window's scrolled rows, or on the command
// line the rows a kViewHeight plot shows unscrolled), or the selected lane.
enum class ExportLanes { All, Visible, Selected };

// How to draw an exported timeline picture. The picture always carries the title (scenario and
// parameters), the ruler, the lane names and the legend.
struct ImageExportOptions {
    int width = 1600;               // logical pixels (points for PDF)
    double scale = 1.0;             // PNG and clipboard only: device pixels per logical pixel (1 or 2)
    std::optional<TimeRange> range; // nullopt: the whole run
    bool showFlows = true;
    Selection selection;                          // the selected lane (ExportLanes::Selected); its mark below
    bool markSelection = true;                    // the selection drawn highlighted, as on screen
    const LaneArrangement* arrangement = nullptr; // pins, groups, hidden lanes, row height; null: defaults
    int laneHeight = 0;     // 0: the arrangement's; never below what the font needs (readableLaneHeight)
    double fontScale = 1.0; // text size over the base kExportTextPixels
    ExportLanes lanes = ExportLanes::All;
    // A live run's "now" (-1: a finished run): the picture's whole run ends there and its open waits run to it, as on
    // screen; a deadlocked run's blocked acquires were drawn cut at its last event.
    std::int64_t nowTs = -1;
    int viewScroll = 0;           // Visible: how far the view's unpinned rows are scrolled
    int viewHeight = kViewHeight; // Visible: the height of the view's plot

    static constexpr int kViewHeight = 720;
};

inline constexpr int kMinExportLaneHeight = 20;
inline constexpr int kMaxExportLaneHeight = 96;
inline constexpr double kMinExportFontScale = 1.0;
inline constexpr double kMaxExportFontScale = 3.0;
// The picture's text at font scale 1, in logical pixels; its small text is kMinExportTextPixels.
inline constexpr int kExportTextPixels = 13;
// A real family first, then the generic one a viewer without it falls back to (the SVG names both).
inline constexpr char kExportFontFamily[] = "DejaVu Sans";

// The font an export draws with at `fontScale` (sized in pixels, so PNG, SVG and PDF agree).
QFont exportFont(double fontScale);
// The lane height a picture draws at: `requested` (0: the arrangement's `current`), never shorter than
// the font's text needs.
int readableLaneHeight(int requested, int current, double fontScale);

inline constexpr int kMinExportWidth = 320;
inline constexpr int kMaxExportWidth = 16000;
inline constexpr double kMinExportScale = 0.5;
inline constexpr double kMaxExportScale = 4.0;
inline constexpr int kMaxRasterSide = 32767; // QPainter's raster engine limit: a PNG's widest side, in pixels

// Checks the options against the limits above and against the size of the resulting raster.
tl::Status validateImageExport(const tl::TraceStore& store, const ImageExportOptions& options, ExportFormat format);

// Renders the picture as a raster image (the PNG export and the clipboard). A null image if invalid.
QImage renderTimelineImage(const tl::TraceStore& store, const ImageExportOptions& options);
// Two runs, A above B, as exportComparisonImage() draws them; null as renderTimelineImage's.
QImage renderComparisonImage(const tl::TraceStore& a, const tl::TraceStore& b, const ImageExportOptions& options);

// Writes the picture to `path` as `format` (PNG, SVG or PDF), atomically (writeFileAtomically: the file is
// either complete or untouched). Needs a QGuiApplication (fonts), which may run on the offscreen platform:
// no window is opened, so the command line uses this with no display.
//
// Thread affinity: the thread that owns the store (the store must not be appended to meanwhile).
tl::Status exportTimelineImage(const tl::TraceStore& store, const QString& path, ExportFormat format,
                               const ImageExportOptions& options);

// Two runs, A above B, on one time axis that starts at each run's start and ends after the longer one
// (or `options.range`): each keeps its own title (labelled "A" and "B"), ruler, lane names and legend.
// Written as exportTimelineImage() writes one, with the same checks, for `threadline A --compare B`.
tl::Status exportComparisonImage(const tl::TraceStore& a, const tl::TraceStore& b, const QString& path,
                                 ExportFormat format, const ImageExportOptions& options);

} // namespace tl::ui
