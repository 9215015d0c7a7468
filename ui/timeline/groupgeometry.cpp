#include "timeline/groupgeometry.h"

#include "timeline/timelinelayout.h"

#include <algorithm>
#include <cmath>

namespace tl::ui {

namespace {

// The innermost state drawn in each column of one lane, -1 where no state is (not alive).
void columnStates(const LaneGeometry& g, const GeometryParams& p, std::vector<std::int8_t>& states)
{
    std::fill(states.begin(), states.end(), std::int8_t(-1));
    const int columns = static_cast<int>(states.size());
    for (const SpanMark& m : g.spans) {
        if (m.kind == SpanMark::Kind::Lifetime)
            continue;
        const int from = std::clamp(static_cast<int>(std::floor(m.rect.left() - p.left)), 0, columns);
        const int to = std::clamp(static_cast<int>(std::ceil(m.rect.right() - p.left)), from, columns);
        std::fill(states.begin() + from, states.begin() + to, static_cast<std::int8_t>(m.state));
    }
}

} // namespace

GroupGeometry buildGroupGeometry(const LaneGroup& group, const std::function<const LaneGeometry&(LaneId)>& laneGeometry,
                                 const GeometryParams& p, int rowHeight)
{
    GroupGeometry out;
    out.members = static_cast<std::uint32_t>(group.lanes.size());
    if (p.width <= 0 || p.range.isEmpty() || group.lanes.empty())
        return out;
    constexpr int S = GroupGeometry::kStates;
    out.columns = static_cast<int>(std::ceil(p.width));
    out.counts.assign(std::size_t(out.columns) * S, 0);
    std::vector<std::int8_t> states(std::size_t(out.columns));
    for (LaneId id : group.lanes) {
        columnStates(laneGeometry(id), p, states);
        for (int c = 0; c < out.columns; ++c) {
            if (states[std::size_t(c)] >= 0)
                ++out.counts[std::size_t(c) * S + std::size_t(states[std::size_t(c)])];
        }
    }
    // Stack the states from the bottom, the whole group's height being the member count, and merge runs of
    // columns whose bar for a state has the same extent.
    const double top = 3;
    const double bottom = rowHeight - 3;
    const double unit = (bottom - top) / out.members;
    struct Open {
        double y0 = 0, y1 = 0;
        int from = -1;
    };
    std::vector<Open> open(S);
    auto close = [&](int s, int column) {
        if (open[std::size_t(s)].from >= 0 && open[std::size_t(s)].y1 > open[std::size_t(s)].y0)
            out.bars.push_back(
                {QRectF(p.left + open[std::size_t(s)].from, open[std::size_t(s)].y0, column - open[std::size_t(s)].from,
                        open[std::size_t(s)].y1 - open[std::size_t(s)].y0),
                 static_cast<LaneState>(s)});
        open[std::size_t(s)].from = -1;
    };
    for (int c = 0; c <= out.columns; ++c) {
        double y = bottom;
        for (int s = 0; s < S; ++s) {
            double y0 = 0, y1 = 0;
            if (c < out.columns) {
                const std::uint32_t n = out.counts[std::size_t(c) * S + std::size_t(s)];
                y1 = y;
                y0 = y - n * unit;
                y = y0;
                // Half-pixel steps: finer differences are invisible and would only split rectangles.
                y0 = std::round(y0 * 2) / 2;
                y1 = std::round(y1 * 2) / 2;
            }
            Open& o = open[std::size_t(s)];
            if (o.from >= 0 && (c == out.columns || o.y0 != y0 || o.y1 != y1))
                close(s, c);
            if (c < out.columns && o.from < 0 && y1 > y0)
                o = {y0, y1, c};
        }
    }
    return out;
}

} // namespace tl::ui
