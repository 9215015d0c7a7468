#include "timeline/timelinepainters.h"

namespace tl::ui {

namespace {

void paintCounterName(FrameContext& ctx, const TimelineRow& row, const QRect& r, const QFontMetrics& fm)
{
    QPainter& p = ctx.p;
    const CounterRowSource source = counterRowSource(ctx.store, row.id);
    // The name whole on its own line (the column is measured for it), what the row shows on the next.
    p.drawText(r.adjusted(0, 2, 0, -r.height() / 2), Qt::AlignLeft | Qt::AlignVCenter,
               elideAtBreak(fm, source.name, r.width()));
    const QString& cap = source.caption;
    p.setFont(ctx.theme.smallFont);
    p.setPen(ctx.theme.mutedText);
    p.drawText(r.adjusted(0, r.height() / 2, 0, 0), Qt::AlignLeft | Qt::AlignTop, cap);
}

void paintGroupName(FrameContext& ctx, const TimelineRow& row, const QRect& r)
{
    QPainter& p = ctx.p;
    const LaneGroup& g = ctx.layout.groups[row.id];
    const QFontMetrics bold(ctx.theme.boldFont, p.device());
    p.setFont(ctx.theme.boldFont);
    p.setPen(ctx.theme.text);
    const QString text = QStringLiteral("%1 %2 ×%3")
                             .arg(g.collapsed ? QStringLiteral("▸") : QStringLiteral("▾"), g.role)
                             .arg(g.lanes.size());
    p.drawText(r.adjusted(0, 0, 0, -r.height() / 2), Qt::AlignLeft | Qt::AlignBottom,
               elideAtBreak(bold, text, r.width()));
    p.setFont(ctx.theme.smallFont);
    p.setPen(ctx.theme.mutedText);
    p.drawText(r.adjusted(0, r.height() / 2, 0, 0), Qt::AlignLeft | Qt::AlignTop,
               g.collapsed ? QObject::tr("threads by state") : QObject::tr("by state; lanes below"));
}

void paintDaemonBadge(FrameContext& ctx, const QRectF& badge)
{
    // A pill after the name: daemon threads are cut at exit, a fact worth seeing at a glance.
    QPainter& p = ctx.p;
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(QPen(ctx.theme.markerColor(EventKind::DaemonStopped), 1));
    p.setBrush(Qt::NoBrush);
    p.drawRoundedRect(badge.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
    p.setFont(ctx.theme.smallFont);
    p.setPen(ctx.theme.text);
    p.drawText(badge, Qt::AlignCenter, kDaemonBadgeText);
    p.setRenderHint(QPainter::Antialiasing, false);
}

} // namespace

QString elideAtBreak(const QFontMetrics& fm, const QString& text, int width)
{
    if (fm.horizontalAdvance(text) <= width)
        return text;
    const QString ellipsis(QChar(0x2026));
    static const QString kBreaks = QStringLiteral("._- /:");
    // The longest head that ends just before a break (or just after a space) and fits with the ellipsis.
    for (qsizetype at = text.size() - 1; at > 0; --at) {
        if (!kBreaks.contains(text[at]))
            continue;
        const QString head = text.left(text[at] == QLatin1Char('.') ? at + 1 : at).trimmed();
        if (!head.isEmpty() && fm.horizontalAdvance(head + ellipsis) <= width)
            return head + ellipsis;
    }
    return fm.elidedText(text, Qt::ElideRight, width);
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
    const QRect scrolling(ctx.names.left(), ctx.names.top() + ctx.layout.pinnedHeight, ctx.names.width(),
                          std::max(0, ctx.names.height() - ctx.layout.pinnedHeight));
    for (std::size_t i : ctx.visibleRows()) {
        const TimelineRow& row = ctx.layout.rows[i];
        p.save();
        p.setClipRect(row.pinned ? ctx.names : scrolling);
        const QRect r(ctx.names.left() + 6, ctx.top(row), ctx.names.width() - 10, row.height);
        const bool selected =
            !ctx.selection.isNone() && row.kind == TimelineRow::Kind::Thread && row.id == ctx.selection.lane;
        // Elide and place the badge with the metrics of the font drawn: a bold name is wider.
        const QFontMetrics& fm = selected ? bold : regular;
        p.setFont(selected ? ctx.theme.boldFont : ctx.theme.font);
        p.setPen(ctx.theme.text);
        if (row.kind == TimelineRow::Kind::Counter) {
            paintCounterName(ctx, row, r, fm);
        } else if (row.kind == TimelineRow::Kind::Group) {
            paintGroupName(ctx, row, r);
        } else {
            const LaneInfo& lane = ctx.store.lane(row.id);
            const LaneLabelLayout label = layoutLaneLabel(fm, small, laneDisplayName(ctx.store, lane), lane.daemon, r);
            p.drawText(label.nameRect, Qt::AlignLeft | Qt::AlignVCenter, label.name);
            if (!label.badge.isEmpty())
                paintDaemonBadge(ctx, label.badge);
        }
        p.restore();
    }
    p.setPen(ctx.theme.grid);
    p.drawLine(ctx.names.right(), ctx.names.top(), ctx.names.right(), ctx.names.bottom());
    p.restore();
}

} // namespace tl::ui
