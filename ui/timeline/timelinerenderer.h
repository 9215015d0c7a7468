#pragma once

#include "timeline/timelinelayout.h"
#include "timeline/viewstate.h"

#include <QFont>

#include <QPalette>
#include <QRect>

#include <cstdint>
#include <optional>

class QPainter;

namespace tl {
class TraceStore;
}

namespace tl::ui {

class LaneArrangement;

// What to draw and how: the same picture serves the widget and every export.
struct RenderOptions {
    TimeRange range;                              // the visible scenario time; an empty range means the whole run
    bool showTitle = false;                       // scenario title and parameters above the ruler
    QString titleLabel;                           // before the title: "A", "B" when two runs are compared
    bool showLegend = false;                      // state colours and marker shapes below the lanes
    bool showFlows = true;                        // arrows between lanes
    std::int64_t nowTs = -1;                      // the live "now" line, -1 hides it
    Selection selection;                          // drawn highlighted, with its flows emphasised
    std::optional<QPalette> palette;              // unset: the application palette
    const LaneArrangement* arrangement = nullptr; // pins, groups, hidden lanes, row height; null: the default
    bool legendOfUsedKinds = true;                // the legend lists only what the trace shows
    LayoutOverrides rows;                         // exports: their lane height and the lanes they keep
    std::optional<QFont> font;                    // unset: the application font
    const tl::TraceStore* legendAlike = nullptr;  // run B of a comparison: A, whose slice names keep A's colours
};

// Paints a whole trace picture (title, ruler, lane names, lanes, counter lanes, flows, legend) into any
// QPainter: a widget, a QImage, a QSvgGenerator or a QPdfWriter. Stateless: every call builds the
// geometry for the given target and store, so it suits exports; the widget keeps its own cached geometry
// and shares the drawing code.
//
// Thread affinity: any thread that owns the painter, as long as the store is not being appended to.
class TimelineRenderer {
public:
    // The height that shows every lane and counter lane plus the requested title and legend, for a
    // target of `width` pixels (the legend wraps, so width matters; the default is a typical export).
    static int naturalHeight(const tl::TraceStore& store, const RenderOptions& options, int width = 1600);
    static void render(QPainter& painter, const QRect& target, const tl::TraceStore& store,
                       const RenderOptions& options);
};

} // namespace tl::ui
