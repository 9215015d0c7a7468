#include "timeline/timelinepainters.h"

#include "trace/eventschema.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace tl::ui {

void paintMarker(QPainter& p, const TimelineTheme& theme, EventKind kind, QPointF at, std::uint32_t count, double r)
{
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
        // A cross with the rim under it, so it reads on a red-free band and on the plot alike.
        p.setPen(QPen(rim, r * 0.7 + 1.5, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(x - r + 1, y - r + 1), QPointF(x + r - 1, y + r - 1));
        p.drawLine(QPointF(x - r + 1, y + r - 1), QPointF(x + r - 1, y - r + 1));
        p.setPen(QPen(fill, r * 0.7, Qt::SolidLine, Qt::RoundCap));
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
    case EventKind::Released: // what an acquire or a set began ends: the same dot, hollow
    case EventKind::EventClear:
        p.drawEllipse(at, r - 1, r - 1);
        p.setPen(Qt::NoPen);
        p.setBrush(theme.background);
        p.drawEllipse(at, (r - 1) * 0.45, (r - 1) * 0.45);
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

void paintWideMarks(FrameContext& ctx, bool pinned)
{
    const std::vector<EventId>& marks = ctx.store.wideMarks(); // by time
    const auto first = std::lower_bound(marks.begin(), marks.end(), ctx.range.from,
                                        [&ctx](EventId id, std::int64_t ts) { return ctx.store.event(id).ts < ts; });
    if (first == marks.end() || ctx.store.event(*first).ts > ctx.range.to)
        return;
    // This section's thread rows, each with its process: a process's mark goes down those of its own.
    struct RowSpan {
        double top, bottom;
        std::uint32_t process;
    };
    std::vector<RowSpan> rows;
    for (const std::size_t i : ctx.visibleRows()) {
        const TimelineRow& row = ctx.layout.rows[i];
        if (row.pinned == pinned && row.kind == TimelineRow::Kind::Thread)
            rows.push_back({double(ctx.top(row)), double(ctx.top(row) + row.height - 1), ctx.store.lane(row.id).group});
    }
    const QRect area = pinned ? QRect(ctx.plot.left(), ctx.plot.top(), ctx.plot.width(), ctx.layout.pinnedHeight)
                              : ctx.scrollingArea();
    QPainter& p = ctx.p;
    p.save();
    QColor line = ctx.theme.markerColor(EventKind::Mark);
    line.setAlphaF(0.7f);
    p.setPen(QPen(line, 1, Qt::DashLine));
    // Marks by the thousand (a frame's, a vsync's) share pixel columns: each column is drawn once per reach.
    double globalX = -1;
    std::unordered_map<std::uint32_t, double> processX;
    for (auto it = first; it != marks.end() && ctx.store.event(*it).ts <= ctx.range.to; ++it) {
        const Event& e = ctx.store.event(*it);
        const double x = std::round(ctx.x(e.ts)) + 0.5;
        if (markScope(e) == MarkScope::Global) {
            if (x != globalX)
                p.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()));
            globalX = x;
            continue;
        }
        const std::uint32_t process = ctx.store.lane(e.lane).group;
        const auto [drawn, isNew] = processX.try_emplace(process, x);
        if (!isNew && drawn->second == x)
            continue;
        drawn->second = x;
        for (const RowSpan& r : rows) {
            if (r.process == process)
                p.drawLine(QPointF(x, r.top), QPointF(x, r.bottom));
        }
    }
    p.restore();
}

void paintCallout(QPainter& p, const TimelineTheme& theme, const CalloutMark& c)
{
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    const QColor edge = theme.markerColor(c.kind);
    // The leader: from the event's point to the nearer side of the box.
    const double side = c.anchor.x() <= c.box.left() ? c.box.left() : c.box.right();
    p.setPen(QPen(edge, 1));
    p.drawLine(c.anchor, QPointF(side, c.box.center().y()));
    QColor back = theme.background;
    back.setAlphaF(0.92f);
    p.setBrush(back);
    p.setPen(QPen(edge, 1.5));
    p.drawRoundedRect(c.box.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);
    p.setPen(theme.text);
    p.setFont(theme.smallFont);
    p.drawText(c.box.adjusted(4, 0, -4, 0), Qt::AlignLeft | Qt::AlignVCenter, c.text);
    p.restore();
}

} // namespace tl::ui
