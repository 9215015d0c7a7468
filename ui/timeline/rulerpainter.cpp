#include "timeline/timelinepainters.h"

#include <algorithm>
#include <cmath>

namespace tl::ui {

namespace {

constexpr double kTickSpacingPx = 96;

std::int64_t firstTick(std::int64_t from, std::int64_t step)
{
    const std::int64_t q = from / step;
    return (q * step < from ? q + 1 : q) * step;
}

// The ruler's step, which the grid takes too: ticks kTickSpacingPx apart, or wider where the labels are.
std::int64_t rulerStep(const FrameContext& ctx)
{
    const QFontMetrics fm(ctx.theme.smallFont, ctx.p.device());
    return labelledTickStep(ctx.range, ctx.plot.width(), kTickSpacingPx,
                            [&fm](const QString& label) { return double(fm.horizontalAdvance(label)); });
}

// Minor ticks split a 1 or 5 step in five and a 2 step in four.
std::int64_t minorStep(std::int64_t step)
{
    std::int64_t lead = step;
    while (lead >= 10)
        lead /= 10;
    const std::int64_t minor = step / (lead == 2 ? 4 : 5);
    return minor > 0 ? minor : step;
}

// The scrub playhead: what comes after it is dimmed (it has not happened yet at that moment), a line in
// the text colour (neutral: no state has it) with a handle and the time on the ruler.
void paintPlayhead(FrameContext& ctx, const QRect& area)
{
    QPainter& p = ctx.p;
    const std::int64_t ts = *ctx.playhead;
    const double x = std::round(ctx.x(ts)) + 0.5;
    QColor veil = ctx.theme.background;
    veil.setAlphaF(0.6f);
    if (x < area.right())
        p.fillRect(QRectF(std::max(x, double(area.left())), ctx.plot.top(), area.right() - std::max(x, double(area.left())) + 1,
                          ctx.plot.height()),
                   veil);
    if (ts < ctx.range.from || ts > ctx.range.to)
        return;
    p.setPen(QPen(ctx.theme.text, 1.5));
    p.drawLine(QPointF(x, ctx.ruler.top()), QPointF(x, area.bottom()));
    p.setFont(ctx.theme.smallFont);
    const QFontMetrics fm = p.fontMetrics();
    const QString text = formatNanos(ts);
    const int w = fm.horizontalAdvance(text) + 10;
    const double left = std::clamp(x - w / 2.0, double(area.left() + 2), double(std::max(area.left() + 2, area.right() - w - 2)));
    const QRectF box(left, ctx.ruler.bottom() - fm.height() - 4, w, fm.height() + 2);
    p.fillRect(box, ctx.theme.text);
    p.setPen(ctx.theme.background);
    p.drawText(box, Qt::AlignCenter, text);
}

} // namespace

void paintRuler(FrameContext& ctx)
{
    QPainter& p = ctx.p;
    const QRect r = ctx.ruler;
    p.save();
    p.fillRect(QRect(ctx.names.left(), r.top(), ctx.names.width(), r.height()), ctx.theme.header);
    p.fillRect(r, ctx.theme.header);
    p.setPen(ctx.theme.grid);
    p.drawLine(ctx.names.left(), r.bottom(), r.right(), r.bottom());

    p.setFont(ctx.theme.smallFont);
    p.setPen(ctx.theme.mutedText);
    const QRect info(ctx.names.left() + 6, r.top(), ctx.names.width() - 12, r.height() - 2);
    p.drawText(info, Qt::AlignLeft | Qt::AlignVCenter,
               QStringLiteral("window %1").arg(formatNanos(ctx.range.duration())));

    const std::int64_t step = rulerStep(ctx);
    if (step > 0) {
        p.setClipRect(r);
        const std::int64_t minor = minorStep(step);
        p.setPen(ctx.theme.mutedText);
        for (std::int64_t t = firstTick(ctx.range.from, minor); t < ctx.range.to; t += minor) {
            const double x = std::round(ctx.x(t)) + 0.5;
            p.drawLine(QPointF(x, r.bottom() - (t % step == 0 ? 10 : 4)), QPointF(x, r.bottom()));
        }
        p.setPen(ctx.theme.text);
        double taken = -1e9; // where the last label drawn ends
        for (std::int64_t t = firstTick(ctx.range.from, step); t < ctx.range.to; t += step) {
            const double x = std::round(ctx.x(t)) + 0.5;
            const QString label = formatTick(t, step);
            // A label sits right of its tick; the last one, if it would run off the ruler, sits left of it, and is
            // left out where it would overlap the label before it.
            const int width = p.fontMetrics().horizontalAdvance(label);
            const double left = x + 3 + width > r.right() ? x - 3 - width : x + 3;
            if (left < taken + 6)
                continue;
            p.drawText(QPointF(left, r.top() + 3 + p.fontMetrics().ascent()), label);
            taken = left + width;
        }
    }
    p.restore();
}

void paintGrid(FrameContext& ctx)
{
    const std::int64_t step = rulerStep(ctx);
    if (step <= 0)
        return;
    QPainter& p = ctx.p;
    p.save();
    p.setClipRect(ctx.plot);
    p.setPen(QPen(ctx.theme.grid, 1));
    for (std::int64_t t = firstTick(ctx.range.from, step); t < ctx.range.to; t += step) {
        const double x = std::round(ctx.x(t)) + 0.5;
        p.drawLine(QPointF(x, ctx.plot.top()), QPointF(x, ctx.plot.bottom()));
    }
    p.restore();
}

void paintOverlays(FrameContext& ctx)
{
    QPainter& p = ctx.p;
    p.save();
    const QRect area(ctx.plot.left(), ctx.ruler.top(), ctx.plot.width(), ctx.plot.bottom() - ctx.ruler.top() + 1);
    p.setClipRect(area);
    if (ctx.measurement) {
        const double x0 = ctx.x(ctx.measurement->from);
        const double x1 = std::max(ctx.x(ctx.measurement->to), x0 + 1);
        QColor shade = ctx.theme.measure;
        shade.setAlphaF(0.15f);
        p.fillRect(QRectF(x0, area.top(), x1 - x0, area.height()), shade);
        p.setPen(QPen(ctx.theme.measure, 1, Qt::DashLine));
        p.drawLine(QPointF(x0, area.top()), QPointF(x0, area.bottom()));
        p.drawLine(QPointF(x1, area.top()), QPointF(x1, area.bottom()));
        const QString text = QStringLiteral("%1 → %2  (%3)")
                                 .arg(formatNanos(ctx.measurement->from), formatNanos(ctx.measurement->to),
                                      formatNanos(ctx.measurement->duration()));
        p.setFont(ctx.theme.smallFont);
        const QFontMetrics fm = p.fontMetrics();
        const int w = fm.horizontalAdvance(text) + 10;
        // Centred on the measured span, kept inside the plot.
        double left = (x0 + x1) / 2 - w / 2.0;
        left = std::clamp(left, double(area.left() + 2), double(std::max(area.left() + 2, area.right() - w - 2)));
        const QRectF box(left, ctx.ruler.bottom() - fm.height() - 4, w, fm.height() + 2);
        p.fillRect(box, ctx.theme.measure);
        p.setPen(TimelineTheme::textOn(ctx.theme.measure));
        p.drawText(box, Qt::AlignCenter, text);
    }
    if (ctx.playhead)
        paintPlayhead(ctx, area);
    if (ctx.nowTs >= 0 && ctx.nowTs >= ctx.range.from && ctx.nowTs <= ctx.range.to) {
        const double x = std::round(ctx.x(ctx.nowTs)) + 0.5;
        p.setPen(QPen(ctx.theme.nowLine, 1.5));
        p.drawLine(QPointF(x, ctx.ruler.top()), QPointF(x, area.bottom()));
        p.setBrush(ctx.theme.nowLine);
        p.setPen(Qt::NoPen);
        const double b = ctx.ruler.bottom();
        p.drawPolygon(QPolygonF({QPointF(x - 5, b - 7), QPointF(x + 5, b - 7), QPointF(x, b)}));
    }
    p.restore();
}

} // namespace tl::ui
