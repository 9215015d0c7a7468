#include "timeline/callouts.h"

#include "timeline/timelinecoordinates.h"
#include "trace/eventschema.h"
#include "trace/eventtext.h"

#include <QFontMetricsF>
#include <QHash>

#include <algorithm>
#include <optional>
#include <vector>

namespace tl::ui {

namespace {

constexpr double kPadding = 4;
constexpr double kGap = 3; // between a box and its event's point, and between two boxes

// A stretch along x: [from, to).
struct Room {
    double from;
    double to;
    double size() const { return to - from; }
};

// The callouts that tell what went wrong take their room first (calloutTellsAFault).
int rankOf(const Event& e)
{
    return calloutTellsAFault(e) ? 0 : 1;
}
constexpr int kRanks = 2;

// The boxes placed so far (and the bands' words), each widened by kGap on both sides: sorted, disjoint. A box takes
// only room next to its point, so that no box stands between another box and its point: the leader would strike through
// its words.
class TakenRoom {
public:
    // The free room right of `from` up to `limit`; none when a box covers `from`.
    Room rightOf(double from, double limit) const
    {
        const auto it = firstEndingAfter(from);
        if (it != m_taken.end() && it->from <= from)
            return {from, from};
        return {from, it != m_taken.end() ? std::min(limit, it->from) : limit};
    }
    // The free room left of `to` down to `limit`; none when a box covers `to`.
    Room leftOf(double to, double limit) const
    {
        const auto it = firstEndingAfter(to);
        if (it != m_taken.end() && it->from < to)
            return {to, to};
        return {it != m_taken.begin() ? std::max(limit, std::prev(it)->to) : limit, to};
    }
    // A box, or a band's label: merged with what it overlaps (a box placed over a label), so the rooms stay
    // disjoint.
    void take(double from, double to)
    {
        Room merged{from - kGap, to + kGap};
        auto first = firstEndingAfter(merged.from);
        auto last = first;
        for (; last != m_taken.end() && last->from < merged.to; ++last)
            merged = {std::min(merged.from, last->from), std::max(merged.to, last->to)};
        m_taken.insert(m_taken.erase(first, last), merged);
    }

private:
    std::vector<Room>::const_iterator firstEndingAfter(double x) const
    {
        return std::upper_bound(m_taken.begin(), m_taken.end(), x, [](double v, const Room& r) { return v < r.to; });
    }
    std::vector<Room>::iterator firstEndingAfter(double x)
    {
        return std::upper_bound(m_taken.begin(), m_taken.end(), x, [](double v, const Room& r) { return v < r.to; });
    }

    std::vector<Room> m_taken;
};

// Where a lane's boxes go: its row's band, within the plot.
struct CalloutRow {
    const QFontMetricsF& metrics;
    double y;
    double height;
    double markerRadius;
    double markerY;
    double plotLeft;
    double plotRight;
};

// The box of `e`'s callout at x, right of the point when its words fit there whole (up to nextX), else where there
// is more room; shortened to that room. None when less than kMinCalloutWidth is free.
std::optional<CalloutMark> fitCallout(const TraceStore& store, EventId id, double x, double nextX,
                                      const TakenRoom& taken, const CalloutRow& row)
{
    const Event& e = store.event(id);
    const QString full = fillDetails(calloutOf(e), store, e);
    const double want = row.metrics.horizontalAdvance(full) + 2 * kPadding;
    const Room right = taken.rightOf(x + row.markerRadius + kGap, std::min(nextX - kGap, row.plotRight));
    const Room left = taken.leftOf(x - row.markerRadius - kGap, row.plotLeft);
    const bool goRight = right.size() >= want || right.size() >= left.size();
    const Room room = goRight ? right : left;
    const double width = std::min(want, room.size());
    if (width < kMinCalloutWidth)
        return std::nullopt;
    CalloutMark mark;
    mark.box = QRectF(goRight ? room.from : room.to - width, row.y, width, row.height);
    mark.anchor = QPointF(x, row.markerY);
    mark.text = row.metrics.elidedText(full, Qt::ElideRight, width - 2 * kPadding);
    mark.kind = e.kind;
    mark.event = id;
    return mark;
}

} // namespace

void addCallouts(LaneGeometry& g, const TraceStore& store, std::span<const EventId> ids, const GeometryParams& p,
                 int rowHeight)
{
    if (!p.labelMetrics || ids.empty())
        return;
    const double height = std::min<double>(p.labelMetrics->height() + 2, rowHeight - 2);
    const CalloutRow row{*p.labelMetrics, (rowHeight - height) / 2, height, markerRadius(rowHeight), markerY(rowHeight),
                         p.left,          p.left + p.width};
    auto tsLess = [&store](EventId id, std::int64_t ts) { return store.event(id).ts < ts; };
    const auto first = std::lower_bound(ids.begin(), ids.end(), p.range.from, tsLess);
    const std::span<const EventId> visible(first, std::lower_bound(first, ids.end(), p.range.to, tsLess));
    const auto xOf = [&](std::size_t i) { return timeToX(store.event(visible[i]).ts, p.range, p.left, p.width); };
    // A box keeps off the words of a band that the lane names once ("q.join()" under the exit-wait's box at the run's
    // end) where it still fits beside them; where it does not, it covers them, as the moment it tells matters more. A
    // label the lane repeats ("sleep", "recv") is still read on the lane's other bands.
    TakenRoom taken;
    TakenRoom takenOrLabelled;
    QHash<QString, int> times;
    for (const SpanLabel& label : g.labels)
        ++times[label.text];
    for (const SpanLabel& label : g.labels) {
        if (times.value(label.text) == 1)
            takenOrLabelled.take(label.rect.left(), label.rect.left() + row.metrics.horizontalAdvance(label.text));
    }
    const std::size_t before = g.callouts.size();
    std::vector<std::size_t> bounding; // the callouts of this rank or a higher one, by index in `visible`
    for (int rank = 0; rank < kRanks; ++rank) {
        bounding.clear();
        for (std::size_t i = 0; i < visible.size(); ++i) {
            if (rankOf(store.event(visible[i])) <= rank)
                bounding.push_back(i);
        }
        for (std::size_t k = 0; k < bounding.size(); ++k) {
            if (rankOf(store.event(visible[bounding[k]])) != rank)
                continue;
            // The next point of this rank or a higher one limits this box on the right, so that its callout
            // keeps room to its right; a lower rank's has none to keep yet.
            const double nextX = k + 1 < bounding.size() ? xOf(bounding[k + 1]) : row.plotRight;
            auto mark = fitCallout(store, visible[bounding[k]], xOf(bounding[k]), nextX, takenOrLabelled, row);
            if (!mark)
                mark = fitCallout(store, visible[bounding[k]], xOf(bounding[k]), nextX, taken, row);
            if (mark) {
                taken.take(mark->box.left(), mark->box.right());
                takenOrLabelled.take(mark->box.left(), mark->box.right());
                g.callouts.push_back(std::move(*mark));
            }
        }
    }
    // In time order, as the index gives them: hit-testing and painting read them so.
    std::sort(g.callouts.begin() + static_cast<std::ptrdiff_t>(before), g.callouts.end(),
              [&store](const CalloutMark& a, const CalloutMark& b) {
                  const std::int64_t at = store.event(a.event).ts;
                  const std::int64_t bt = store.event(b.event).ts;
                  return at < bt || (at == bt && a.event < b.event);
              });
}

} // namespace tl::ui
