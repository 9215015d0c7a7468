#include "timelinedescribe.h"
#include "timelinepainters.h"

#include <QLineF>

#include <cmath>
#include <unordered_set>

namespace tl::ui {

namespace {

void drawArrow(QPainter& p, QPointF from, QPointF to)
{
    p.drawLine(from, to);
    const QLineF line(to, from);
    if (line.length() < 1)
        return;
    const double angle = std::atan2(from.y() - to.y(), from.x() - to.x());
    const double spread = 0.45;
    const double len = 7;
    const QPointF a(to.x() + len * std::cos(angle + spread), to.y() + len * std::sin(angle + spread));
    const QPointF b(to.x() + len * std::cos(angle - spread), to.y() + len * std::sin(angle - spread));
    p.drawPolygon(QPolygonF({to, a, b}));
}

bool touches(const Flow& f, Selection sel, const std::optional<TimeRange>& times)
{
    if (!times)
        return false;
    auto within = [&](LaneId lane, std::int64_t ts) {
        return lane == sel.lane && ts >= times->from && ts <= times->to;
    };
    return within(f.fromLane, f.fromTs) || within(f.toLane, f.toTs);
}

} // namespace

void paintFlows(FrameContext& ctx)
{
    const auto selTimes = selectionTimes(ctx.store, ctx.selection, ctx.geometry.params().openEnd);
    if (!ctx.showFlows && !selTimes)
        return;
    QPainter& p = ctx.p;
    p.save();
    p.setClipRect(ctx.plot);
    p.setRenderHint(QPainter::Antialiasing, true);
    const auto& flows = ctx.store.flows();
    const std::vector<std::uint32_t> visible = ctx.index.flowsIn(ctx.store, ctx.range.from, ctx.range.to);
    auto yOf = [&](LaneId lane) -> std::optional<double> {
        const int row = ctx.layout.rowIndexOfLane(lane);
        if (row < 0)
            return std::nullopt;
        const TimelineRow& r = ctx.layout.rows[static_cast<std::size_t>(row)];
        return ctx.top(r) + r.height / 2.0;
    };
    // Many flows can land on the same pixels when zoomed out: draw each pixel-level arrow once.
    std::unordered_set<std::uint64_t> drawn;
    std::vector<std::pair<QPointF, QPointF>> highlighted;
    QColor normal = ctx.theme.flow;
    normal.setAlphaF(0.7f);
    p.setPen(QPen(normal, 1));
    p.setBrush(normal);
    for (std::uint32_t i : visible) {
        const Flow& f = flows[i];
        const auto y0 = yOf(f.fromLane);
        const auto y1 = yOf(f.toLane);
        if (!y0 || !y1)
            continue;
        const QPointF from(ctx.x(f.fromTs), *y0);
        const QPointF to(ctx.x(f.toTs), *y1);
        if (std::max(from.y(), to.y()) < ctx.plot.top() || std::min(from.y(), to.y()) > ctx.plot.bottom())
            continue;
        if (touches(f, ctx.selection, selTimes)) {
            highlighted.emplace_back(from, to);
            continue;
        }
        if (!ctx.showFlows)
            continue;
        const auto key = (std::uint64_t(std::uint32_t(std::lround(from.x())) & 0xFFFF) << 48) |
                         (std::uint64_t(std::uint32_t(std::lround(to.x())) & 0xFFFF) << 32) |
                         (std::uint64_t(f.fromLane & 0xFFFF) << 16) | (f.toLane & 0xFFFF);
        if (drawn.insert(key).second)
            drawArrow(p, from, to);
    }
    p.setPen(QPen(ctx.theme.highlight, 2));
    p.setBrush(ctx.theme.highlight);
    for (const auto& [from, to] : highlighted)
        drawArrow(p, from, to);
    p.restore();
}

} // namespace tl::ui
