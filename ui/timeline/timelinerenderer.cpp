#include "timeline/timelinerenderer.h"

#include "timeline/lanearrangement.h"
#include "timeline/timelinepainters.h"

#include <QFontMetricsF>
#include <QGuiApplication>

#include <algorithm>

namespace tl::ui {

namespace {

TimelineTheme themeFor(const RenderOptions& options)
{
    return TimelineTheme::fromPalette(options.palette.value_or(QGuiApplication::palette()),
                                      options.font.value_or(QGuiApplication::font()));
}

TimeRange rangeFor(const TraceStore& store, const RenderOptions& options)
{
    if (!options.range.isEmpty())
        return options.range;
    const std::int64_t end = std::max({store.endTs(), options.nowTs, ViewState::kMinRangeNs});
    return ViewState::clamped({0, end + end / 50});
}

TimelineLayout layoutFor(const TraceStore& store, const RenderOptions& options, const QFontMetrics& metrics)
{
    const LaneArrangement plain;
    return TimelineLayout::build(store, options.arrangement ? *options.arrangement : plain, metrics, nullptr,
                                 options.rows);
}

Legend legendFor(const TraceStore& store, const RenderOptions& options)
{
    const TraceStore* listed = options.legendOfUsedKinds || store.metadata().isAnotherToolsTrace() ? &store : nullptr;
    if (!options.legendAlike)
        return legendOf(listed);
    const Legend alike = legendOf(options.legendAlike);
    return legendOf(listed, &alike);
}

} // namespace

int TimelineRenderer::naturalHeight(const TraceStore& store, const RenderOptions& options, int width)
{
    const TimelineTheme theme = themeFor(options);
    const TimelineLayout layout = layoutFor(store, options, QFontMetrics(theme.boldFont));
    int height = TimelineLayout::kRulerHeight + layout.contentHeight + 6;
    if (options.showTitle)
        height += titleHeight(theme, store);
    if (options.showLegend)
        height += legendHeight(theme, width, legendFor(store, options));
    return height;
}

void TimelineRenderer::render(QPainter& painter, const QRect& target, const TraceStore& store,
                              const RenderOptions& options)
{
    const TimelineTheme theme = themeFor(options);
    TraceIndex index;
    index.reset(store);
    // Measure text on the target device: a PDF or SVG may have another resolution than the screen.
    const TimelineLayout layout = layoutFor(store, options, QFontMetrics(theme.boldFont, painter.device()));
    const QFontMetricsF labelMetrics(theme.smallFont, painter.device());

    painter.save();
    painter.setClipRect(target);
    painter.fillRect(target, theme.background);
    int y = target.top();
    if (options.showTitle) {
        const int h = titleHeight(theme, store);
        paintTitle(painter, theme, store, QRect(target.left(), y, target.width(), h), options.titleLabel);
        y += h;
    }
    const Legend items = legendFor(store, options); // its slice colours are the lanes' too
    const int legend = options.showLegend ? legendHeight(theme, target.width(), items) : 0;
    const QRect ruler(target.left() + layout.nameWidth, y, target.width() - layout.nameWidth,
                      TimelineLayout::kRulerHeight);
    y += ruler.height();
    const int rowsBottom = std::max(y, target.bottom() + 1 - legend);
    const QRect names(target.left(), y, layout.nameWidth, rowsBottom - y);
    const QRect plot(ruler.left(), y, ruler.width(), rowsBottom - y);

    GeometryCache geometry;
    const TimeRange range = rangeFor(store, options);
    geometry.setParams(
        {range, double(plot.left()), double(plot.width()), std::max(options.nowTs, store.endTs()), &labelMetrics});
    FrameContext ctx{painter,
                     theme,
                     store,
                     index,
                     layout,
                     geometry,
                     range,
                     ruler,
                     names,
                     plot,
                     0,
                     options.selection,
                     {},
                     options.nowTs,
                     options.showFlows,
                     std::nullopt};
    ctx.onScreen = false;
    ctx.sliceColours = sliceColoursOf(items);
    paintRows(ctx);
    paintFlows(ctx);
    paintCallouts(ctx);
    paintNames(ctx);
    paintRuler(ctx);
    paintOverlays(ctx);
    if (options.showLegend)
        paintLegend(painter, theme, QRect(target.left(), rowsBottom, target.width(), legend), items);
    painter.restore();
}

} // namespace tl::ui
