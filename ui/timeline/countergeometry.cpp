#include "timeline/lanegeometry.h"

#include "timeline/timelinecoordinates.h"

#include <algorithm>
#include <cmath>
#include <iterator>

// The counter rows' geometry: a queue's depth, a semaphore's value or another tool's counter as a step chart, and a
// lock's holds as bands (lanegeometry.h declares it with the lanes').
namespace tl::ui {

namespace {

// The holds of a lock in view. A hold thinner than a pixel in a column that already has one is left out:
// the column shows a hold either way, and a busy lock stays cheap to draw.
void buildHoldMarks(CounterGeometry& g, const LockHoldsInfo& lock, const GeometryParams& p, int rowHeight)
{
    constexpr double kTop = 6;
    constexpr double kDepthInset = 4; // each recursion level shows this much of its parent above it
    const double bottom = rowHeight - 4;
    const double right = p.left + p.width;
    auto xOf = [&](std::int64_t ts) { return timeToX(ts, p.range, p.left, p.width); };
    std::vector<HoldMark> deeper;
    double lastColumn = -1;
    for (std::uint32_t index = 0; index < lock.holds.size(); ++index) {
        const LockHold& hold = lock.holds[index];
        const std::int64_t end = hold.isOpen() ? p.openEnd : hold.end;
        if (end < p.range.from || hold.begin > p.range.to)
            continue;
        const double x0 = std::max(p.left, xOf(hold.begin));
        const double x1 = std::min(right, std::max(xOf(end), x0 + 1));
        if (x1 - x0 < 1 && std::floor(x0) == lastColumn)
            continue;
        lastColumn = std::floor(x0);
        g.holds.push_back(
            HoldMark{QRectF(QPointF(x0, kTop), QPointF(x1, bottom)), hold.holder, hold.acquired, 1, index});
        for (std::size_t k = 0; k < hold.depth.size(); ++k) {
            const std::uint32_t depth = hold.depth[k].second;
            if (depth < 2)
                continue;
            const std::int64_t until = k + 1 < hold.depth.size() ? hold.depth[k + 1].first : end;
            const double d0 = std::max(x0, xOf(hold.depth[k].first));
            const double d1 = std::min(x1, xOf(until));
            const double top = std::min(kTop + kDepthInset * (depth - 1), bottom - 4);
            if (d1 > d0)
                deeper.push_back(
                    HoldMark{QRectF(QPointF(d0, top), QPointF(d1, bottom)), hold.holder, hold.acquired, depth, index});
        }
    }
    g.holds.insert(g.holds.end(), deeper.begin(), deeper.end());
}

} // namespace

namespace {

// The step chart of a series of (ts, value) sorted by ts, value 0 before its first point, y from yOf(value).
template <typename Value, typename YOf>
QPolygonF stepOutline(const std::vector<std::pair<std::int64_t, Value>>& pts, const YOf& yOf, const GeometryParams& p)
{
    QPolygonF outline;
    auto tsLess = [](const std::pair<std::int64_t, Value>& pt, std::int64_t ts) { return pt.first < ts; };
    auto it = std::lower_bound(pts.begin(), pts.end(), p.range.from, tsLess);
    Value value = it == pts.begin() ? Value{} : std::prev(it)->second;
    const double startX = std::max(p.left, timeToX(pts.front().first, p.range, p.left, p.width));
    outline << QPointF(startX, yOf(value));
    while (it != pts.end() && it->first < p.range.to) {
        const double x = timeToX(it->first, p.range, p.left, p.width);
        const double column = std::floor(x);
        const std::int64_t columnEnd = xToTime(column + 1, p.range, p.left, p.width);
        // Within one pixel column keep the peak (what a reader looks for) and end on the last value.
        auto next = std::lower_bound(it, pts.end(), columnEnd, tsLess);
        if (next == it)
            ++next;
        Value peak = it->second;
        const auto scanEnd = next - it > 64 ? it + 64 : next;
        for (auto k = it; k != scanEnd; ++k)
            peak = std::max(peak, k->second);
        const Value last = std::prev(next)->second;
        outline << QPointF(x, yOf(value)) << QPointF(x, yOf(std::max(peak, last)));
        if (peak > last)
            outline << QPointF(x + 0.5, yOf(peak)) << QPointF(x + 0.5, yOf(last));
        value = last;
        it = next;
    }
    const double endX = std::min(p.left + p.width, timeToX(p.openEnd, p.range, p.left, p.width));
    outline << QPointF(std::max(endX, outline.last().x()), yOf(value));
    return outline;
}

} // namespace

CounterGeometry buildCounterGeometry(const CounterRowSource& source, const GeometryParams& p, int rowHeight)
{
    CounterGeometry g;
    g.scaleMax = source.scaleMax;
    g.scaleTop = QString::number(source.scaleMax);
    if (source.lock) {
        g.lockRow = true;
        if (p.width > 0 && !p.range.isEmpty())
            buildHoldMarks(g, *source.lock, p, rowHeight);
        return g;
    }
    const double top = 6;
    const double bottom = rowHeight - 4;
    if (source.values) {
        // Another tool's counter: any double, from min(0, its least) at the foot to its most at the top.
        g.scaleTop = QString::number(source.valueMax, 'g', 6);
        g.scaleBottom = source.valueMin < 0 ? QString::number(source.valueMin, 'g', 6) : QString();
        if (p.width <= 0 || p.range.isEmpty() || source.values->empty())
            return g;
        // Halved: the span of values far apart (±1e308) overflowed to inf, and -inf less -inf is NaN; the chart was
        // NaNs, and a PNG of it took seconds. Clamped: a value of ±inf (kept, as the file had it) sits at the row's
        // top or foot.
        const double span = source.valueMax / 2 - source.valueMin / 2;
        auto yOf = [&](double v) {
            const double t = (v / 2 - source.valueMin / 2) / span;
            return bottom - (bottom - top) * (std::isnan(t) ? (v > 0 ? 1.0 : 0.0) : std::clamp(t, 0.0, 1.0));
        };
        g.outline = stepOutline(*source.values, yOf, p);
        return g;
    }
    if (p.width <= 0 || p.range.isEmpty() || !source.series || source.series->empty())
        return g;
    auto yOf = [&](std::uint32_t v) { return bottom - (bottom - top) * v / g.scaleMax; };
    g.outline = stepOutline(*source.series, yOf, p);
    return g;
}

Selection hitCounterGeometry(const CounterGeometry& geometry, QPointF pos)
{
    // The innermost stretch under the point: the deeper ones come last.
    for (auto it = geometry.holds.rbegin(); it != geometry.holds.rend(); ++it) {
        if (it->rect.adjusted(-1, 0, 1, 0).contains(pos))
            return Selection::ofEvent(it->holder, it->acquired);
    }
    return {};
}

} // namespace tl::ui
