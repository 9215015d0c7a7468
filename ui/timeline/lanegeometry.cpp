#include "timeline/lanegeometry.h"

#include "timeline/callouts.h"
#include "timeline/lanearrangement.h"
#include "timeline/timelinecoordinates.h"
#include "timeline/timelinelayout.h"
#include "timeline/timelinetheme.h"
#include "trace/eventschema.h"

#include <QFontMetricsF>

#include <algorithm>
#include <array>
#include <cmath>

namespace tl::ui {

namespace {

// The pixel column a coordinate falls in, clamped so far-away spans cannot overflow.
double clampX(double x, const GeometryParams& p)
{
    return std::clamp(x, p.left - 2, p.left + p.width + 2);
}

// The span whose state fills most of a folded pixel column. It weighs at most kFoldSamples spans
// spread evenly over the column, so a frame's cost still follows the pixels, not the spans; taking
// the first span instead painted a column of a thousand sleeps in the colour of one short get.
template <typename EndOf>
std::uint32_t dominantSpan(const std::vector<Span>& spans, std::span<const std::uint32_t> inColumn,
                           const TimeRange& column, const EndOf& endOf)
{
    constexpr std::size_t kFoldSamples = 16;
    std::array<std::int64_t, std::size_t(LaneState::Count_)> weight{};
    std::array<std::uint32_t, std::size_t(LaneState::Count_)> first{};
    const std::size_t step = (inColumn.size() + kFoldSamples - 1) / kFoldSamples;
    for (std::size_t k = 0; k < inColumn.size(); k += step) {
        const std::uint32_t i = inColumn[k];
        const auto state = std::size_t(spans[i].state);
        if (weight[state] == 0)
            first[state] = i;
        // +1: a zero-length span still counts as present.
        weight[state] +=
            std::max<std::int64_t>(0, std::min(endOf(i), column.to) - std::max(spans[i].begin, column.from)) + 1;
    }
    const auto best = std::size_t(std::max_element(weight.begin(), weight.end()) - weight.begin());
    return first[best];
}

// Where the bands of one depth go in a row: inset by their depth (Threadline's states, nested inside their
// parent), or a strip of their own (the nested slices of another tool, a row per depth).
struct BandPlace {
    int depth = 0;
    int rowHeight = 0;
    int level = -1; // the strip, when stacked
    int levels = 0; // how many strips the row has; 0: not stacked
    QRectF rect(double x0, double x1) const
    {
        return levels > 0 ? stackedBandRect(x0, x1, level, levels, rowHeight) : bandRect(x0, x1, depth, rowHeight);
    }
};

void addBands(std::vector<SpanMark>& out, const LaneInfo& lane, std::span<const std::uint32_t> ids,
              const BandPlace& place, const GeometryParams& p)
{
    const auto& spans = lane.spans;
    auto endOf = [&](std::uint32_t i) { return spans[i].isOpen() ? p.openEnd : spans[i].end; };
    // Same-depth spans are disjoint, so ends ascend with begins: binary search on the end.
    auto firstEndingAfter = [&](std::span<const std::uint32_t>::iterator from, std::int64_t ts) {
        return std::upper_bound(from, ids.end(), ts, [&](std::int64_t t, std::uint32_t i) { return t < endOf(i); });
    };
    auto it = firstEndingAfter(ids.begin(), p.range.from);
    while (it != ids.end() && spans[*it].begin < p.range.to) {
        const Span& s = spans[*it];
        const double x0 = clampX(timeToX(s.begin, p.range, p.left, p.width), p);
        const double x1 = clampX(timeToX(endOf(*it), p.range, p.left, p.width), p);
        if (x1 - x0 >= 1.0) {
            out.push_back({place.rect(x0, x1), s.state, *it, false});
            ++it;
            continue;
        }
        // Thinner than a pixel: one summary mark for the whole column, then skip what else it holds.
        const double column = std::floor(x0);
        const TimeRange columnTime{xToTime(column, p.range, p.left, p.width),
                                   xToTime(column + 1, p.range, p.left, p.width)};
        const auto next = std::max(firstEndingAfter(it + 1, columnTime.to), it + 1);
        const std::uint32_t shown = dominantSpan(spans, std::span(it, next), columnTime, endOf);
        const LaneState state = spans[shown].state;
        if (!out.empty() && out.back().folded && out.back().state == state &&
            std::abs(out.back().rect.right() - column) < 0.5 && out.back().rect.top() == place.rect(0, 1).top()) {
            out.back().rect.setRight(column + 1);
        } else {
            out.push_back({place.rect(column, column + 1), state, shown, true});
        }
        it = next;
    }
}

// The run spans (depth 0) become lifetime tracks, and running bands where no depth-1 band covers them:
// both lists are in x order and depth-1 bands never overlap, so one sweep finds the gaps.
void addRunsAndLifetimes(std::vector<SpanMark>& out, const std::vector<SpanMark>& runs,
                         const std::vector<SpanMark>& nested, int rowHeight)
{
    auto next = nested.begin();
    for (const SpanMark& run : runs) {
        SpanMark life = run;
        life.kind = SpanMark::Kind::Lifetime;
        life.rect = lifetimeRect(run.rect.left(), run.rect.right(), rowHeight);
        out.push_back(life);
        double x = run.rect.left();
        const double end = run.rect.right();
        while (next != nested.end() && next->rect.right() <= x)
            ++next;
        for (auto it = next; it != nested.end() && it->rect.left() < end; ++it) {
            if (it->rect.left() > x + 0.25) {
                SpanMark gap = run;
                gap.rect = bandRect(x, it->rect.left(), 0, rowHeight);
                out.push_back(gap);
            }
            x = std::max(x, it->rect.right());
        }
        if (end > x + 0.25) {
            SpanMark gap = run;
            gap.rect = bandRect(x, end, 0, rowHeight);
            out.push_back(gap);
        }
    }
}

// stacked: each depth has a strip of its own, so no nested band covers a label.
void addLabels(LaneGeometry& g, const TraceStore& store, const LaneInfo& lane, const GeometryParams& p, bool stacked)
{
    if (!p.labelMetrics)
        return;
    // g.spans is grouped by depth: find each depth's slice, so a label can stop where a nested band
    // (drawn over it) begins instead of running under it.
    auto depthOf = [&](const SpanMark& m) { return lane.spans[m.span].depth; };
    std::vector<std::size_t> groupStart(1, 0);
    for (std::size_t i = 1; i < g.spans.size(); ++i) {
        if (depthOf(g.spans[i]) != depthOf(g.spans[i - 1]))
            groupStart.push_back(i);
    }
    groupStart.push_back(g.spans.size());
    for (std::size_t group = 0; group + 1 < groupStart.size(); ++group) {
        const auto childBegin = g.spans.begin() + static_cast<std::ptrdiff_t>(groupStart[group + 1]);
        const auto childEnd = !stacked && group + 2 < groupStart.size()
                                  ? g.spans.begin() + static_cast<std::ptrdiff_t>(groupStart[group + 2])
                                  : childBegin;
        for (std::size_t i = groupStart[group]; i < groupStart[group + 1]; ++i) {
            const SpanMark& m = g.spans[i];
            // The run band is named by its lane; nested bands cover it anyway. A band lower than the text is left
            // unlabelled: its label was cut at top and bottom, a smear rather than words.
            if (m.folded || m.state == LaneState::Running || m.rect.width() < kMinLabelWidth ||
                m.rect.height() < p.labelMetrics->height() - 1)
                continue;
            QRectF visible = m.rect.intersected(QRectF(p.left, m.rect.top(), p.width, m.rect.height()));
            const auto child = std::upper_bound(childBegin, childEnd, visible.left() + 0.5,
                                                [](double x, const SpanMark& c) { return x < c.rect.right(); });
            if (child != childEnd && child->rect.left() < visible.right()) {
                if (child->rect.left() <= visible.left() + kMinLabelWidth)
                    continue; // covered from its start: the nested band carries the label
                visible.setRight(child->rect.left());
            }
            if (visible.width() < kMinLabelWidth)
                continue;
            const QString full = spanShortLabel(store, lane, lane.spans[m.span]);
            const QString text = p.labelMetrics->elidedText(full, Qt::ElideRight, visible.width() - 6);
            if (text.isEmpty() || text == QStringLiteral("…"))
                continue;
            g.labels.push_back({visible.adjusted(3, 0, -3, 0), text, m.state, m.span});
        }
    }
}

// Which of a folded column's markers it shows: the highest rank, the first of them.
int columnRank(const Event& e)
{
    if (e.kind == EventKind::Error && calloutTellsAFault(e))
        return 2;
    const EventKind marker = markerKindOf(e); // a stop's KeyboardInterrupt is drawn as the stop
    return marker == EventKind::DaemonStopped || marker == EventKind::Stopped ? 1 : 0;
}

void addMarkers(LaneGeometry& g, const TraceStore& store, std::span<const EventId> ids, const GeometryParams& p,
                int rowHeight)
{
    auto events = [&store](EventId id) -> const Event& { return store.event(id); };
    // Markers have a width: include the ones whose shape reaches into the plot.
    const std::int64_t slack = xToTime(p.left + markerRadius(rowHeight), p.range, p.left, p.width) - p.range.from;
    auto tsLess = [&](EventId i, std::int64_t ts) { return events(i).ts < ts; };
    auto it = std::lower_bound(ids.begin(), ids.end(), p.range.from - slack, tsLess);
    const auto last = std::lower_bound(it, ids.end(), p.range.to + slack, tsLess);
    while (it != last) {
        const double x = timeToX(events(*it).ts, p.range, p.left, p.width);
        const double column = std::floor(x);
        const std::int64_t columnEnd = xToTime(column + 1, p.range, p.left, p.width);
        const auto next = std::lower_bound(it + 1, last, columnEnd, tsLess);
        // A folded column shows its first marker, unless a fault or a thread's cut is among its first few or is its
        // last (a cut ends its lane): those must not hide under the prints before them.
        auto shown = it;
        auto consider = [&](auto k) {
            if (columnRank(events(*k)) > columnRank(events(*shown)))
                shown = k;
        };
        constexpr std::ptrdiff_t kFirstFew = 8;
        for (auto k = it; k != next && k - it < kFirstFew; ++k)
            consider(k);
        if (next - it > kFirstFew)
            consider(next - 1);
        g.markers.push_back({x, markerKindOf(events(*shown)), *shown, static_cast<std::uint32_t>(next - it)});
        it = next == it ? it + 1 : next;
    }
}

} // namespace

QRectF bandRect(double x0, double x1, int depth, int rowHeight)
{
    const double inset = std::max(2.0, rowHeight / 8.0);
    const int level = std::clamp(depth - 1, 0, 3);
    const double top = inset + level * std::max(2.0, rowHeight / 8.0);
    return QRectF(x0, top, x1 - x0, rowHeight - inset - 3 - top);
}

QRectF lifetimeRect(double x0, double x1, int rowHeight)
{
    return QRectF(x0, rowHeight - 4, x1 - x0, 3);
}

QRectF stackedBandRect(double x0, double x1, int level, int levels, int rowHeight)
{
    const double step = (rowHeight - 4.0) / std::max(levels, 1);
    return QRectF(x0, 2 + std::clamp(level, 0, std::max(levels, 1) - 1) * step, x1 - x0, std::max(1.0, step - 1));
}

namespace {

bool isStacked(const LaneInfo& lane)
{
    return lane.sliceLevels() > 1;
}

int stackLevels(const LaneInfo& lane)
{
    return std::min(lane.sliceLevels(), TimelineLayout::kMaxSliceLevels);
}

// A lane whose slices nest: a strip per depth from its outermost slice's, the deepest (past kMaxSliceLevels)
// sharing the last strip. A run span around them is its lifetime track alone: running shows in no strip.
void addStackedBands(LaneGeometry& g, const LaneInfo& lane, const LaneIndex& index, const GeometryParams& params,
                     int rowHeight)
{
    const int first = lane.firstSliceDepth;
    const int levels = stackLevels(lane);
    std::vector<SpanMark> runs;
    for (int depth = 0; depth < std::min(first, index.depthCount()); ++depth)
        addBands(runs, lane, index.byDepth(depth), {depth, rowHeight}, params);
    for (SpanMark& run : runs) {
        run.kind = SpanMark::Kind::Lifetime;
        run.rect = lifetimeRect(run.rect.left(), run.rect.right(), rowHeight);
    }
    g.spans = std::move(runs);
    for (int depth = first; depth < index.depthCount(); ++depth)
        addBands(g.spans, lane, index.byDepth(depth), {depth, rowHeight, depth - first, levels}, params);
}

} // namespace

QRectF spanBandRect(const LaneInfo& lane, const Span& span, double x0, double x1, int rowHeight)
{
    if (!isStacked(lane) || span.depth < lane.firstSliceDepth)
        return bandRect(x0, x1, span.depth, rowHeight);
    return stackedBandRect(x0, x1, span.depth - lane.firstSliceDepth, stackLevels(lane), rowHeight);
}

LaneGeometry buildLaneGeometry(const TraceStore& store, const LaneInfo& lane, const LaneIndex& index,
                               const GeometryParams& params, int rowHeight)
{
    LaneGeometry g;
    if (params.width <= 0 || params.range.isEmpty())
        return g;
    if (isStacked(lane)) {
        addStackedBands(g, lane, index, params, rowHeight);
    } else {
        std::vector<SpanMark> runs;
        if (index.depthCount() > 0)
            addBands(runs, lane, index.byDepth(0), {0, rowHeight}, params);
        std::vector<SpanMark> nested;
        if (index.depthCount() > 1)
            addBands(nested, lane, index.byDepth(1), {1, rowHeight}, params);
        addRunsAndLifetimes(g.spans, runs, nested, rowHeight);
        g.spans.insert(g.spans.end(), nested.begin(), nested.end());
        for (int depth = 2; depth < index.depthCount(); ++depth)
            addBands(g.spans, lane, index.byDepth(depth), {depth, rowHeight}, params);
    }
    addLabels(g, store, lane, params, isStacked(lane));
    addMarkers(g, store, index.markers(), params, rowHeight);
    addCallouts(g, store, lane, index.callouts(), index.prints(), params, rowHeight);
    return g;
}

double markerRadius(int rowHeight)
{
    return std::clamp(rowHeight * 0.17, 4.5, 8.0);
}

double markerY(int rowHeight)
{
    // On the first band's top edge; a row taller than any lane (a flame chart's) keeps them at a lane's height.
    return bandRect(0, 1, 1, std::min(rowHeight, LaneArrangement::kMaxPresentedLaneHeight)).top() + 1;
}

Selection hitLaneGeometry(const LaneGeometry& g, const LaneInfo& lane, QPointF pos, int rowHeight)
{
    // A callout is its event's: clicking the words selects what they tell.
    for (auto it = g.callouts.rbegin(); it != g.callouts.rend(); ++it) {
        if (it->box.contains(pos))
            return Selection::ofEvent(lane.id, it->event);
    }
    const MarkerMark* best = nullptr;
    const double r = markerRadius(rowHeight);
    double bestDistance = r + 0.5;
    if (std::abs(pos.y() - markerY(rowHeight)) <= r + 0.5) { // the marker's own square, as drawn
        for (const MarkerMark& m : g.markers) {
            const double d = std::abs(m.x - pos.x());
            if (d <= bestDistance) {
                bestDistance = d;
                best = &m;
            }
        }
    }
    if (best)
        return Selection::ofEvent(lane.id, best->event);
    for (auto it = g.spans.rbegin(); it != g.spans.rend(); ++it) {
        // Thin bands get a little slack so they stay clickable.
        const QRectF r = it->rect.width() < 3 ? it->rect.adjusted(-1.5, 0, 1.5, 0) : it->rect;
        if (r.contains(pos))
            return Selection::ofSpan(lane.id, lane.spans[it->span].opening);
    }
    return {};
}

QString spanShortLabel(const TraceStore& store, const LaneInfo& lane, const Span& span)
{
    switch (span.state) {
    case LaneState::Running:
        return lane.target.isEmpty() ? QStringLiteral("run") : lane.target;
    case LaneState::Sleeping:
        return QStringLiteral("sleep");
    case LaneState::BlockedGet:
        return QStringLiteral("get %1").arg(store.queueName(span.detail));
    case LaneState::BlockedPut:
        return QStringLiteral("put %1").arg(store.queueName(span.detail));
    case LaneState::QueueJoin:
        return QStringLiteral("%1.join()").arg(store.queueName(span.detail));
    case LaneState::Joining:
        return QStringLiteral("join %1").arg(store.laneName(span.detail));
    case LaneState::Starting:
        return QStringLiteral("start %1").arg(store.laneName(span.detail));
    case LaneState::ExitWait:
        return QStringLiteral("exit-wait");
    case LaneState::Task: {
        const QString name = store.taskName(span.detail);
        return name.isEmpty() ? QStringLiteral("task %1").arg(span.detail) : name;
    }
    case LaneState::FutureWait: {
        if (span.detail == 0)
            return QStringLiteral("futures");
        const QString name = store.taskName(span.detail);
        return QStringLiteral("result of %1").arg(name.isEmpty() ? QStringLiteral("task %1").arg(span.detail) : name);
    }
    case LaneState::Slice:
        return store.text(span.detail);
    case LaneState::Acquire:
        return QStringLiteral("acquire %1").arg(store.syncName(span.detail));
    case LaneState::CondWait:
    case LaneState::EventWait:
    case LaneState::BarrierWait:
        return QStringLiteral("%1.wait()").arg(store.syncName(span.detail));
    default:
        return laneStateName(span.state);
    }
}

} // namespace tl::ui
