#include "timeline/timelinedescribe.h"
#include "timeline/timelinepainters.h"

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

// The flows of the selection, by identity: those of the selected event, or those leaving or reaching the
// events that opened and closed the selected span (a run span's start and joins, a get's item).
std::unordered_set<std::uint32_t> selectedFlows(const TraceStore& store, Selection selection)
{
    std::unordered_set<std::uint32_t> out;
    auto add = [&](EventId id) {
        if (store.contains(id))
            for (std::uint32_t f : store.flowsOf(id))
                out.insert(f);
    };
    if (selection.kind == Selection::Kind::Event) {
        add(selection.event);
    } else if (const Span* span = selectedSpan(store, selection)) {
        add(span->opening);
        add(span->closing);
    }
    return out;
}

void paintHiddenFlowsNote(FrameContext& ctx, std::size_t hidden)
{
    QPainter& p = ctx.p;
    p.save();
    p.setFont(ctx.theme.smallFont);
    const QString text =
        QStringLiteral("%L1 arrows hidden: zoom in, or point at a lane to see its own").arg(hidden);
    const QRect box = flowNoteRect(QFontMetrics(ctx.theme.smallFont, p.device()), ctx.plot, text);
    QColor back = ctx.theme.background;
    back.setAlphaF(0.9f);
    p.fillRect(box, back);
    p.setPen(ctx.theme.mutedText);
    p.drawText(box, Qt::AlignCenter, text);
    p.restore();
}

} // namespace

std::optional<LaneId> flowFocusLane(Selection hovered, Selection selection)
{
    if (hovered.kind != Selection::Kind::None)
        return hovered.lane;
    if (selection.kind != Selection::Kind::None)
        return selection.lane;
    return std::nullopt;
}

QRect flowNoteRect(const QFontMetrics& fm, const QRect& plot, const QString& text)
{
    const int w = std::min(fm.horizontalAdvance(text) + 12, plot.width());
    const int h = fm.height() + 4;
    return QRect(plot.right() - w + 1, plot.bottom() - h + 1, w, h);
}

void paintFlows(FrameContext& ctx)
{
    const std::unordered_set<std::uint32_t> chosen = selectedFlows(ctx.store, ctx.selection);
    if (!ctx.showFlows && chosen.empty())
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
    // Many flows can land on the same pixels when zoomed out: keep each pixel-level arrow once.
    std::unordered_set<std::uint64_t> seen;
    struct Drawn {
        QPointF from, to;
        LaneId fromLane, toLane;
    };
    std::vector<Drawn> ordinary;
    std::vector<std::pair<QPointF, QPointF>> highlighted;
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
        if (chosen.contains(i)) {
            highlighted.emplace_back(from, to);
            continue;
        }
        if (!ctx.showFlows)
            continue;
        // An arrow with neither end on a visible lane only crosses the view: with lanes scrolled away
        // it is clutter, and selecting either end still draws it.
        const auto onScreen = [&](double y) { return y >= ctx.plot.top() && y <= ctx.plot.bottom(); };
        if (!onScreen(from.y()) && !onScreen(to.y()))
            continue;
        const auto key = (std::uint64_t(std::uint32_t(std::lround(from.x())) & 0xFFFF) << 48) |
                         (std::uint64_t(std::uint32_t(std::lround(to.x())) & 0xFFFF) << 32) |
                         (std::uint64_t(f.fromLane & 0xFFFF) << 16) | (f.toLane & 0xFFFF);
        if (seen.insert(key).second)
            ordinary.push_back({from, to, f.fromLane, f.toLane});
    }
    if (ordinary.size() > kFlowBudget) {
        // Thousands of arrows hide the bands they connect and say nothing one by one, so past the
        // budget only the arrows of the lane under the pointer (else the selection's lane) are drawn,
        // besides the selection's own, and a note counts the rest.
        const std::optional<LaneId> focus = flowFocusLane(ctx.hovered, ctx.selection);
        const std::size_t all = ordinary.size();
        std::erase_if(ordinary, [&](const Drawn& d) { return !focus || (d.fromLane != *focus && d.toLane != *focus); });
        if (ordinary.size() > kFlowBudget)
            ordinary.resize(kFlowBudget);
        if (ctx.onScreen) // a slide has no pointer to follow the note's advice with
            paintHiddenFlowsNote(ctx, all - ordinary.size());
    }
    QColor normal = ctx.theme.flow;
    normal.setAlphaF(0.7f);
    p.setPen(QPen(normal, 1));
    p.setBrush(normal);
    for (const Drawn& d : ordinary)
        drawArrow(p, d.from, d.to);
    p.setPen(QPen(ctx.theme.highlight, 2));
    p.setBrush(ctx.theme.highlight);
    for (const auto& [from, to] : highlighted)
        drawArrow(p, from, to);
    p.restore();
}

} // namespace tl::ui
