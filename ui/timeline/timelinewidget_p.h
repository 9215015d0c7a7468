#pragma once

#include "timeline/geometrycache.h"
#include "timeline/legendcache.h"
#include "timeline/timelinelayout.h"
#include "timeline/timelinepainters.h"
#include "timeline/timelinetheme.h"
#include "timeline/timelinewidget.h"
#include "timeline/traceindex.h"

#include <QFontMetricsF>

#include <optional>

// Private to TimelineWidget: its caches and drag state, shared by timelinewidget.cpp (state, geometry,
// painting), timelinewidgetview.cpp (follow, zoom, pan, fit) and timelinewidgetinput.cpp (mouse, wheel, keys,
// tooltips).
namespace tl::ui {

struct TimelineWidget::Private {
    static constexpr double kZoomStep = 1.5;   // per key press or toolbar click
    static constexpr double kWheelZoom = 1.25; // per wheel notch (120 units)
    static constexpr double kKeyPan = 0.2;     // of the width, per A/D press
    static constexpr double kFollowAt = 0.92;  // where "now" sits while following
    static constexpr double kFitMargin = 0.02; // of the width, either side of a fitted run
    static constexpr int kDragThreshold = 4;

    TraceIndex index;
    GeometryCache geometry;
    TimelineLayout layout;
    TimelineLayout::NameWidths nameWidths; // for layout; cleared with the store or the font
    TimelineTheme theme;
    QFontMetricsF labelMetrics{QFont()};
    Selection hovered;
    int legendHeight = 0;
    LegendCache legend;
    bool fitting = false; // rebuildLayout() is applying a fitted lane height
    enum class Drag { None, Pending, Pan, Measure, Scrub } drag = Drag::None;
    QPoint pressPos;
    TimeRange pressRange;
    int pressScroll = 0;
    std::int64_t measureAnchor = 0;
    // The range Fit Whole Run last set while following a live run: while the view still shows it, following
    // widens it to the whole run; a zoom or a pan since (another range) makes following slide again.
    std::optional<TimeRange> fittedLive;
};

} // namespace tl::ui
