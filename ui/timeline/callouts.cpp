#include "timeline/callouts.h"

#include "timeline/timelinecoordinates.h"
#include "trace/eventschema.h"
#include "trace/eventtext.h"

#include <QFontMetricsF>

#include <algorithm>

namespace tl::ui {

namespace {

constexpr double kPadding = 4;
constexpr double kGap = 3; // between a box and its event's point, and between two boxes

// Where boxes may go: [from, to) along x, updated as boxes are placed left to right.
struct Room {
    double from;
    double to;
};

} // namespace

void addCallouts(LaneGeometry& g, const TraceStore& store, std::span<const EventId> ids, const GeometryParams& p,
                 int rowHeight)
{
    if (!p.labelMetrics || ids.empty())
        return;
    const QFontMetricsF& fm = *p.labelMetrics;
    const double height = std::min<double>(fm.height() + 2, rowHeight - 2);
    const double y = (rowHeight - height) / 2;
    auto tsLess = [&store](EventId id, std::int64_t ts) { return store.event(id).ts < ts; };
    const auto first = std::lower_bound(ids.begin(), ids.end(), p.range.from, tsLess);
    const auto last = std::lower_bound(first, ids.end(), p.range.to, tsLess);
    double freeFrom = p.left; // everything left of here is taken by a placed box
    for (auto it = first; it != last; ++it) {
        const Event& e = store.event(*it);
        const double x = timeToX(e.ts, p.range, p.left, p.width);
        // The next callout's point limits this box on the right, so that one keeps room to its right.
        const double nextX =
            it + 1 != last ? timeToX(store.event(*(it + 1)).ts, p.range, p.left, p.width) : p.left + p.width;
        const QString full = fillDetails(calloutOf(e), store, e);
        const double want = fm.horizontalAdvance(full) + 2 * kPadding;
        const Room right{std::max(x + markerRadius(rowHeight) + kGap, freeFrom),
                         std::min(nextX - kGap, p.left + p.width)};
        const Room left{freeFrom, x - markerRadius(rowHeight) - kGap};
        // Right of the point when it fits there whole, else where there is more room.
        const bool goRight = right.to - right.from >= want || right.to - right.from >= left.to - left.from;
        const Room room = goRight ? right : left;
        const double width = std::min(want, room.to - room.from);
        if (width < kMinCalloutWidth)
            continue;
        const QString text = fm.elidedText(full, Qt::ElideRight, width - 2 * kPadding);
        const double boxLeft = goRight ? room.from : room.to - width;
        CalloutMark mark;
        mark.box = QRectF(boxLeft, y, width, height);
        mark.anchor = QPointF(x, markerY(rowHeight));
        mark.text = text;
        mark.kind = e.kind;
        mark.event = *it;
        g.callouts.push_back(mark);
        freeFrom = mark.box.right() + kGap;
    }
}

} // namespace tl::ui
