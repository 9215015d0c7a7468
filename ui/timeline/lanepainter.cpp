#include "timeline/timelinedescribe.h"
#include "timeline/timelinepainters.h"

#include <QPainterPath>

#include <cmath>

namespace tl::ui {

namespace {

void paintThreadRow(FrameContext& ctx, const TimelineRow& row, int top)
{
    QPainter& p = ctx.p;
    const LaneGeometry& g = ctx.geometry.lane(ctx.store, ctx.index, row.id, row.height);
    p.save();
    p.translate(0, top);
    p.setPen(Qt::NoPen);
    const LaneInfo& lane = ctx.store.lane(row.id);
    // A slice of an opened file is coloured by its name; every other span by its state.
    auto colourOf = [&](LaneState state, std::uint32_t span) {
        return state == LaneState::Slice ? TimelineTheme::sliceColor(ctx.store.text(lane.spans[span].detail))
                                         : ctx.theme.stateColor(state);
    };
    for (const SpanMark& m : g.spans)
        p.fillRect(m.rect, colourOf(m.state, m.span));
    p.setFont(ctx.theme.smallFont);
    for (const SpanLabel& l : g.labels) {
        p.setPen(TimelineTheme::textOn(colourOf(l.state, l.span)));
        p.drawText(l.rect, Qt::AlignLeft | Qt::AlignVCenter, l.text);
    }
    for (const MarkerMark& m : g.markers)
        paintMarker(p, ctx.theme, m.kind, QPointF(m.x, 5), m.count);
    p.restore();
}

void paintCounterRow(FrameContext& ctx, const TimelineRow& row, int top)
{
    QPainter& p = ctx.p;
    const CounterGeometry& g = ctx.geometry.counter(ctx.store, row.id, row.height);
    p.save();
    p.translate(0, top);
    p.setPen(QPen(ctx.theme.grid, 1));
    p.drawLine(QPointF(ctx.plot.left(), row.height - 3.5), QPointF(ctx.plot.right(), row.height - 3.5));
    if (g.outline.size() > 1) {
        QPolygonF area = g.outline;
        area << QPointF(g.outline.last().x(), row.height - 4) << QPointF(g.outline.first().x(), row.height - 4);
        p.setPen(Qt::NoPen);
        p.setBrush(ctx.theme.counterFill);
        p.drawPolygon(area);
        p.setPen(QPen(ctx.theme.counterLine, 1.5));
        p.setBrush(Qt::NoBrush);
        p.drawPolyline(g.outline);
    }
    p.setFont(ctx.theme.smallFont);
    p.setPen(ctx.theme.mutedText);
    p.drawText(QPointF(ctx.plot.left() + 4, p.fontMetrics().ascent()), QString::number(g.scaleMax));
    p.restore();
}

// Drawn from the selection's own times rather than the geometry, so it shows even when folded.
void paintSelection(FrameContext& ctx, Selection selection, const QColor& color, qreal width)
{
    const int rowIndex = ctx.layout.rowIndexOfLane(selection.lane);
    const auto times = selectionTimes(ctx.store, selection, ctx.geometry.params().openEnd);
    if (rowIndex < 0 || !times)
        return;
    const TimelineRow& row = ctx.layout.rows[static_cast<std::size_t>(rowIndex)];
    const int top = ctx.top(row);
    QPainter& p = ctx.p;
    p.save();
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(color, width));
    if (selection.kind == Selection::Kind::Span) {
        const Span* span = selectedSpan(ctx.store, selection);
        const int depth = span ? span->depth : 0;
        const double x0 = std::max(ctx.x(times->from), ctx.plot.left() - 4.0);
        const double x1 = std::min(std::max(ctx.x(times->to), x0 + 1), ctx.plot.right() + 4.0);
        p.drawRect(bandRect(x0, x1, depth, row.height).translated(0, top).adjusted(-1, -1, 1, 1));
    } else {
        p.drawEllipse(QPointF(ctx.x(times->from), top + 5), kMarkerHalfWidth + 3, kMarkerHalfWidth + 3);
    }
    p.restore();
}

} // namespace

std::pair<std::size_t, std::size_t> FrameContext::visibleRows() const
{
    const auto& rows = layout.rows;
    std::size_t first = 0;
    while (first < rows.size() && top(rows[first]) + rows[first].height <= plot.top())
        ++first;
    std::size_t last = first;
    while (last < rows.size() && top(rows[last]) <= plot.bottom())
        ++last;
    return {first, last};
}

void paintRows(FrameContext& ctx)
{
    QPainter& p = ctx.p;
    p.save();
    p.setClipRect(ctx.plot);
    p.fillRect(ctx.plot, ctx.theme.background);
    const auto [first, last] = ctx.visibleRows();
    for (std::size_t i = first; i < last; ++i) {
        const TimelineRow& row = ctx.layout.rows[i];
        if (i % 2 == 1 && row.kind == TimelineRow::Kind::Thread)
            p.fillRect(QRect(ctx.plot.left(), ctx.top(row), ctx.plot.width(), row.height), ctx.theme.alternate);
    }
    paintGrid(ctx);
    for (std::size_t i = first; i < last; ++i) {
        const TimelineRow& row = ctx.layout.rows[i];
        if (row.kind == TimelineRow::Kind::Thread)
            paintThreadRow(ctx, row, ctx.top(row));
        else
            paintCounterRow(ctx, row, ctx.top(row));
    }
    if (!ctx.hovered.isNone() && ctx.hovered != ctx.selection)
        paintSelection(ctx, ctx.hovered, ctx.theme.text, 1);
    if (!ctx.selection.isNone()) {
        // A text-coloured frame reads on every state colour; the highlight inside ties it to the palette.
        paintSelection(ctx, ctx.selection, ctx.theme.text, 3);
        paintSelection(ctx, ctx.selection, ctx.theme.highlight, 1);
    }
    p.restore();
}

LaneLabelLayout layoutLaneLabel(const QFontMetrics& nameFont, const QFontMetrics& badgeFont, const QString& name,
                                bool daemon, const QRect& cell)
{
    constexpr int kGap = 6, kPadding = 4;
    const int badgeWidth = daemon ? badgeFont.horizontalAdvance(kDaemonBadgeText) + 2 * kPadding : 0;
    LaneLabelLayout label;
    label.name = nameFont.elidedText(name, Qt::ElideMiddle, cell.width() - (daemon ? badgeWidth + kGap : 0));
    const int nameWidth = nameFont.horizontalAdvance(label.name);
    label.nameRect = QRect(cell.left(), cell.top(), cell.width() - (daemon ? badgeWidth + kGap : 0), cell.height());
    if (daemon)
        label.badge = QRectF(cell.left() + nameWidth + kGap, cell.center().y() - badgeFont.height() / 2.0, badgeWidth,
                             badgeFont.height());
    return label;
}

void paintNames(FrameContext& ctx)
{
    QPainter& p = ctx.p;
    p.save();
    p.setClipRect(ctx.names);
    p.fillRect(ctx.names, ctx.theme.header);
    const QFontMetrics regular(ctx.theme.font, p.device());
    const QFontMetrics bold(ctx.theme.boldFont, p.device());
    const QFontMetrics small(ctx.theme.smallFont, p.device());
    const auto [first, last] = ctx.visibleRows();
    for (std::size_t i = first; i < last; ++i) {
        const TimelineRow& row = ctx.layout.rows[i];
        const QRect r(ctx.names.left() + 6, ctx.top(row), ctx.names.width() - 10, row.height);
        const bool selected =
            !ctx.selection.isNone() && row.kind == TimelineRow::Kind::Thread && row.id == ctx.selection.lane;
        // Elide and place the badge with the metrics of the font drawn: a bold name is wider.
        const QFontMetrics& fm = selected ? bold : regular;
        p.setFont(selected ? ctx.theme.boldFont : ctx.theme.font);
        p.setPen(ctx.theme.text);
        if (row.kind == TimelineRow::Kind::Counter) {
            const QueueInfo& q = ctx.store.queues()[row.id];
            const QString cap =
                q.maxsize > 0 ? QStringLiteral("maxsize %1").arg(q.maxsize) : QStringLiteral("unbounded");
            p.drawText(r.adjusted(0, 2, 0, -row.height / 2), Qt::AlignLeft | Qt::AlignVCenter,
                       fm.elidedText(q.name + QStringLiteral(" depth"), Qt::ElideRight, r.width()));
            p.setFont(ctx.theme.smallFont);
            p.setPen(ctx.theme.mutedText);
            p.drawText(r.adjusted(0, row.height / 2, 0, 0), Qt::AlignLeft | Qt::AlignTop, cap);
            continue;
        }
        const LaneInfo& lane = ctx.store.lane(row.id);
        const LaneLabelLayout label = layoutLaneLabel(fm, small, laneDisplayName(lane), lane.daemon, r);
        p.drawText(label.nameRect, Qt::AlignLeft | Qt::AlignVCenter, label.name);
        if (!label.badge.isEmpty()) {
            // A pill after the name: daemon threads are cut at exit, a fact worth seeing at a glance.
            p.setRenderHint(QPainter::Antialiasing, true);
            p.setPen(QPen(ctx.theme.markerColor(EventKind::DaemonStopped), 1));
            p.setBrush(Qt::NoBrush);
            p.drawRoundedRect(label.badge.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
            p.setFont(ctx.theme.smallFont);
            p.setPen(ctx.theme.text);
            p.drawText(label.badge, Qt::AlignCenter, kDaemonBadgeText);
            p.setRenderHint(QPainter::Antialiasing, false);
        }
    }
    p.setPen(ctx.theme.grid);
    p.drawLine(ctx.names.right(), ctx.names.top(), ctx.names.right(), ctx.names.bottom());
    p.restore();
}

void paintMarker(QPainter& p, const TimelineTheme& theme, EventKind kind, QPointF at, std::uint32_t count)
{
    const double r = kMarkerHalfWidth;
    const QColor fill = theme.markerColor(kind);
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    // A text-coloured rim keeps every marker readable on every band colour, in light and dark.
    QColor rim = fill == theme.text ? theme.background : theme.text;
    rim.setAlphaF(0.85f);
    p.setPen(QPen(rim, 1));
    p.setBrush(fill);
    const double x = at.x(), y = at.y();
    switch (kind) {
    case EventKind::Start: // a play triangle
        p.drawPolygon(QPolygonF({QPointF(x - r + 1, y - r), QPointF(x + r, y), QPointF(x - r + 1, y + r)}));
        break;
    case EventKind::PutDone: // pointing down: into the queue
        p.drawPolygon(QPolygonF({QPointF(x - r, y - r + 1), QPointF(x + r, y - r + 1), QPointF(x, y + r)}));
        break;
    case EventKind::GetDone: // pointing up: out of the queue
        p.drawPolygon(QPolygonF({QPointF(x - r, y + r - 1), QPointF(x + r, y + r - 1), QPointF(x, y - r)}));
        break;
    case EventKind::TaskDone:
        p.drawPolygon(QPolygonF({QPointF(x, y - r), QPointF(x + r, y), QPointF(x, y + r), QPointF(x - r, y)}));
        break;
    case EventKind::Error: {
        p.setPen(QPen(fill, 2.5, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(x - r + 1, y - r + 1), QPointF(x + r - 1, y + r - 1));
        p.drawLine(QPointF(x - r + 1, y + r - 1), QPointF(x + r - 1, y - r + 1));
        break;
    }
    case EventKind::DaemonStopped:
    case EventKind::Stopped:
        p.drawRect(QRectF(x - r + 1, y - r + 1, 2 * r - 2, 2 * r - 2));
        break;
    case EventKind::Exit:
        p.setPen(QPen(fill, 2));
        p.drawLine(QPointF(x, y - r), QPointF(x, y + 2 * r + 6));
        break;
    default:
        p.drawEllipse(at, r - 1, r - 1);
        break;
    }
    if (count > 1) {
        // Several markers in this pixel column: a small stack line under the shape says so.
        p.setPen(QPen(fill, 1));
        p.drawLine(QPointF(x, y + r), QPointF(x, y + r + 3));
    }
    p.restore();
}

} // namespace tl::ui
