#include "timeline/callouts.h"

#include "timeline/takenroom.h"

#include "timeline/timelinecoordinates.h"
#include "trace/eventschema.h"
#include "trace/eventtext.h"

#include <QFontMetricsF>
#include <QHash>
#include <QStringList>

#include <algorithm>
#include <iterator>
#include <limits>
#include <numeric>
#include <optional>
#include <vector>

namespace tl::ui {

namespace {

constexpr double kPadding = 4;
constexpr double kGap = 3;                           // between a box and its event's point, and between two boxes
constexpr double kMinPrintRoom = 2 * kPadding + 8;   // a print's box is never narrower than its padding and a character
constexpr double kMinCutPrintWidth = 160;            // a print too long for its room is cut only to this or wider
const QString kPrintsJoiner = QStringLiteral(" · "); // between the words of prints at one point

constexpr int kPrintRank = 2;

// The callouts that tell what went wrong take their room first (calloutTellsAFault), and so does the stop that
// Threadline's SIGINT raised (it is why the run ended, and the waits it ended tell it less well); the program's own
// words (its prints) take what the others leave, and the words for the program's end take the rest: a lesson's last
// line ("counter = 3, expected 6") is its point, and the exit's marker says the program ends.
int rankOf(const Event& e)
{
    if (calloutTellsAFault(e) || flagSet(e, FlagRole::ByStop))
        return 0;
    if (e.kind == EventKind::Print)
        return kPrintRank;
    return e.kind == EventKind::Exit || e.kind == EventKind::ExitWaitBegin ? kPrintRank + 1 : 1;
}
constexpr int kRanks = kPrintRank + 2;

constexpr std::uint8_t kNoRank = 255; // no callout after all

// Whether `e` opens a band that has closed less than a pixel wide (an exit that had no thread left to wait for):
// its callout would tell of a wait nobody sees, in the room of what the program said last.
bool explainsAnUnseenBand(const LaneInfo& lane, EventId id, const Event& e, const GeometryParams& p)
{
    if (schemaOf(e.kind).span != SpanEffect::Open)
        return false;
    const auto first = std::lower_bound(lane.spans.begin(), lane.spans.end(), e.ts,
                                        [](const Span& span, std::int64_t ts) { return span.begin < ts; });
    for (auto it = first; it != lane.spans.end() && it->begin == e.ts; ++it) {
        if (it->opening == id)
            return !it->isOpen() &&
                   timeToX(it->end, p.range, p.left, p.width) - timeToX(it->begin, p.range, p.left, p.width) < 1;
    }
    return false;
}

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

// A callout's words. A print's are the program's line without the lane's own name at its start, which the lane
// shows beside it: "Thread-1 (increment) read 0" on that lane reads "read 0".
QString calloutText(const TraceStore& store, const LaneInfo& lane, const Event& e)
{
    if (e.kind != EventKind::Print)
        return fillDetails(calloutOf(e), store, e);
    QString text = shownLine(store.text(e.a));
    if (lane.name.isEmpty() || !text.startsWith(lane.name))
        return text;
    // Not '-' or '.': "MainThread-2 done" and "MainThread.x = 5" are other words.
    const auto separates = [](QChar c) { return c.isSpace() || QStringView(u":,;").contains(c); };
    qsizetype from = lane.name.size();
    while (from < text.size() && separates(text.at(from)))
        ++from;
    // Only a name the words follow after a separator: "Thread-10 ..." on Thread-1's lane keeps its own.
    return from > lane.name.size() && from < text.size() ? text.mid(from) : text;
}

// The box of the callout of `ids` (one event, or prints close together, told in one box) at x, right of its points
// (the last at xEnd) when its words fit there whole (up to nextX), else where there is more room (back to leftLimit);
// shortened to that room.
// None when it would be cut to less than kMinCalloutWidth, and for prints when their words would be cut to less than
// kMinCutPrintWidth: a program's line cut short says little, and many of them would hide the bands.
std::optional<CalloutMark> fitCallout(const TraceStore& store, const LaneInfo& lane, std::span<const EventId> ids,
                                      double x, double xEnd, double leftLimit, double nextX, const TakenRoom& taken,
                                      const CalloutRow& row)
{
    const EventId id = ids.front();
    const Event& e = store.event(id);
    // A print whose point another box covers would have its leader cross that box.
    if (e.kind == EventKind::Print && (taken.covers(x) || taken.covers(xEnd)))
        return std::nullopt;
    const Room right = taken.rightOf(xEnd + row.markerRadius + kGap, std::min(nextX - kGap, row.plotRight));
    const Room left = taken.leftOf(x - row.markerRadius - kGap, leftLimit);
    // Prints a few pixels apart: their words are never made, let alone measured.
    if (e.kind == EventKind::Print && std::max(right.size(), left.size()) < kMinPrintRoom)
        return std::nullopt;
    QStringList words;
    for (EventId each : ids) {
        if (QString said = calloutText(store, lane, store.event(each)); !said.isEmpty())
            words << said;
    }
    const QString full = words.join(kPrintsJoiner);
    const double want = row.metrics.horizontalAdvance(full) + 2 * kPadding;
    const bool goRight = right.size() >= want || right.size() >= left.size();
    const Room room = goRight ? right : left;
    const double width = std::min(want, room.size());
    // Short words whole ("read 0") are as readable as long ones cut to kMinCalloutWidth.
    if (full.isEmpty() || width < std::min(want, kMinCalloutWidth) ||
        (e.kind == EventKind::Print && width < std::min(want, kMinCutPrintWidth)))
        return std::nullopt;
    CalloutMark mark;
    mark.box = QRectF(goRight ? room.from : room.to - width, row.y, width, row.height);
    mark.anchor = QPointF(x, row.markerY);
    mark.text = row.metrics.elidedText(full, Qt::ElideRight, width - 2 * kPadding);
    mark.kind = markerKindOf(e);
    mark.event = id;
    return mark;
}

// A band's words that a fault's box covers go to the first stretch of their band beside the boxes where they fit whole
// (the deadlock's box right of its point, the blocked acquire's words after it), else to its widest, shortened; with
// less than kMinLabelWidth free they are left out. `first`: the lane's first callout placed now.
void moveCoveredLabels(LaneGeometry& g, std::size_t first, const QFontMetricsF& metrics)
{
    const auto boxes = std::span(g.callouts).subspan(first);
    std::vector<SpanLabel> kept;
    kept.reserve(g.labels.size());
    for (SpanLabel& label : g.labels) {
        const auto covers = [&label](const CalloutMark& c) { return c.box.intersects(label.rect); };
        if (std::none_of(boxes.begin(), boxes.end(), covers)) {
            kept.push_back(std::move(label));
            continue;
        }
        TakenRoom taken(kGap);
        for (const CalloutMark& c : boxes) {
            if (covers(c))
                taken.take(c.box.left(), c.box.right());
        }
        const double want = metrics.horizontalAdvance(label.text);
        Room best{label.rect.left(), label.rect.left()};
        for (double x = label.rect.left(); x < label.rect.right();) {
            const Room free = taken.rightOf(x, label.rect.right());
            if (free.size() >= want) {
                best = free;
                break;
            }
            if (free.size() > best.size())
                best = free;
            x = taken.endOfTakenAt(std::max(x, free.to));
        }
        if (best.size() < kMinLabelWidth)
            continue;
        label.text = metrics.elidedText(label.text, Qt::ElideRight, best.size());
        label.rect.setLeft(best.from);
        label.rect.setRight(best.to);
        kept.push_back(std::move(label));
    }
    g.labels = std::move(kept);
}

} // namespace

void addCallouts(LaneGeometry& g, const TraceStore& store, const LaneInfo& lane, std::span<const EventId> ids,
                 std::span<const EventId> prints, const GeometryParams& p, int rowHeight)
{
    if (!p.labelMetrics || (ids.empty() && prints.empty()))
        return;
    const double height = std::min<double>(p.labelMetrics->height() + 2, rowHeight - 2);
    const CalloutRow row{*p.labelMetrics, (rowHeight - height) / 2, height, markerRadius(rowHeight), markerY(rowHeight),
                         p.left,          p.left + p.width};
    auto tsLess = [&store](EventId id, std::int64_t ts) { return store.event(id).ts < ts; };
    const auto inView = [&](std::span<const EventId> all) {
        const auto first = std::lower_bound(all.begin(), all.end(), p.range.from, tsLess);
        return std::span<const EventId>(first, std::lower_bound(first, all.end(), p.range.to, tsLess));
    };
    // The prints in view join the others, in time order, unless they are too many to a pixel for any to have room:
    // their count, not a walk over them, decides (a program may print millions of lines).
    const std::span<const EventId> others = inView(ids);
    std::span<const EventId> printed = inView(prints);
    if (static_cast<double>(printed.size()) > kMaxPrintsPerPixel * std::max(1.0, p.width))
        printed = {};
    std::vector<EventId> points;
    points.reserve(others.size() + printed.size());
    std::merge(others.begin(), others.end(), printed.begin(), printed.end(), std::back_inserter(points),
               [&store](EventId a, EventId b) {
                   const std::int64_t at = store.event(a).ts;
                   const std::int64_t bt = store.event(b).ts;
                   return at < bt || (at == bt && a < b);
               });
    const std::span<const EventId> visible(points);
    const auto xOf = [&](std::size_t i) { return timeToX(store.event(visible[i]).ts, p.range, p.left, p.width); };
    // A box keeps off the words of a band that the lane names once ("q.join()" under the exit-wait's box at the run's
    // end): where it does not fit beside them, it is left out, unless it tells what went wrong or is the program's own
    // words, which then cover them (and the words move along their band, moveCoveredLabels). A label the lane repeats
    // ("sleep", "recv") is still read on the lane's other bands.
    TakenRoom taken(kGap);
    TakenRoom takenOrLabelled(kGap);
    // By a band's whole words: "sleep" cut to "sl…" on a narrow band is the same name. Only the words beside the
    // boxes' height count (a flame chart's other strips are above or below them).
    const auto inRow = [&row](const SpanLabel& label) {
        return label.rect.top() < row.y + row.height && label.rect.bottom() > row.y;
    };
    std::vector<QString> words; // each label's band's whole words
    words.reserve(g.labels.size());
    QHash<QString, int> times;
    for (const SpanLabel& label : g.labels)
        ++times[words.emplace_back(spanShortLabel(store, lane, lane.spans[label.span]))];
    for (std::size_t i = 0; i < g.labels.size(); ++i) {
        const SpanLabel& label = g.labels[i];
        if (inRow(label) && times.value(words[i]) == 1)
            takenOrLabelled.take(label.rect.left(), label.rect.left() + row.metrics.horizontalAdvance(label.text));
    }
    const std::size_t before = g.callouts.size();
    // Each visible point's x and rank, read once: a program's prints may be thousands to a pixel.
    std::vector<double> xs(visible.size());
    std::vector<std::uint8_t> ranks(visible.size());
    for (std::size_t i = 0; i < visible.size(); ++i) {
        xs[i] = xOf(i);
        ranks[i] = explainsAnUnseenBand(lane, visible[i], store.event(visible[i]), p)
                       ? kNoRank
                       : static_cast<std::uint8_t>(rankOf(store.event(visible[i])));
    }
    // The least room a print's box needs between its point and a neighbour's.
    const double printSpacing = kMinPrintRoom + 2 * (row.markerRadius + kGap);
    // Prints closer together than a box needs (a thread's "wrote 1" and its next "read 1" a microsecond apart, a
    // print of two lines, "put 0", "put 1" and "put 2" a few milliseconds apart in a second's run) are told in one
    // box, in their order, from the first, right of the last: one box each fanned around one point read as more
    // prints, the first of them left of the point, in time before it, and a box for the last alone hid the others
    // (a user-reviewer). So are the prints just after a key moment's point, after its words: the timer lesson's
    // "ring", printed as its timer fires, had no room beside "timer fired: its function runs" and was lost (a
    // user-reviewer). printsAt[i]: how many events the box of visible[i] tells (0 for one told in another's).
    std::vector<std::uint32_t> printsAt(visible.size(), 1);
    for (std::size_t i = 0; i < visible.size();) {
        std::size_t end = i + 1;
        // Not the stderr lines after a key moment: a fault's box would grow by its traceback, printed just after it.
        if (ranks[i] <= kPrintRank) {
            const bool stderrToo = ranks[i] == kPrintRank;
            while (end < visible.size() && ranks[end] == kPrintRank && xs[end] - xs[i] < printSpacing &&
                   (stderrToo || !flagSet(store.event(visible[end]), FlagRole::Stderr)))
                printsAt[end++] = 0;
            printsAt[i] = static_cast<std::uint32_t>(end - i);
        }
        for (std::size_t j = i + 1; j < end; ++j)
            ranks[j] = kNoRank;
        i = end;
    }
    // A print's box does not reach back past its lane's beginning (its first band: a thread's run), into time the
    // thread did not yet exist.
    std::int64_t begins = lane.firstTs;
    if (!lane.spans.empty())
        begins = begins == std::numeric_limits<std::int64_t>::max() ? lane.spans.front().begin
                                                                    : std::max(begins, lane.spans.front().begin);
    const double laneBegins = begins == std::numeric_limits<std::int64_t>::max()
                                  ? row.plotLeft
                                  : std::max(row.plotLeft, timeToX(begins, p.range, p.left, p.width));
    // Each point's neighbours among all the points that may get a box: a print's box may not reach over the exit's
    // point after it (placed later, its rank lower), nor the exit's box back over the print's point before it.
    std::vector<double> nextPoint(visible.size(), row.plotRight);
    std::vector<double> prevPoint(visible.size(), row.plotLeft);
    for (std::size_t i = visible.size(), next = visible.size(); i-- > 0;) {
        if (next < visible.size())
            nextPoint[i] = xs[next];
        if (ranks[i] != kNoRank)
            next = i;
    }
    for (std::size_t i = 0, prev = visible.size(); i < visible.size(); ++i) {
        if (prev < visible.size())
            prevPoint[i] = xs[prev];
        if (ranks[i] != kNoRank)
            prev = i;
    }
    std::vector<std::size_t> bounding; // the callouts of this rank or a higher one, by index in `visible`
    for (int rank = 0; rank < kRanks; ++rank) {
        bounding.clear();
        for (std::size_t i = 0; i < visible.size(); ++i) {
            if (ranks[i] <= rank)
                bounding.push_back(i);
        }
        std::vector<std::size_t> order(bounding.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
        // A lane's last print is its conclusion ("wrote 3" in the race): its room is taken first, then the others'
        // in time order. At a slide's larger text the boxes before it took the room it needed, and it was lost.
        if (rank == kPrintRank && !order.empty())
            std::rotate(order.begin(), order.end() - 1, order.end());
        for (const std::size_t k : order) {
            if (ranks[bounding[k]] != rank)
                continue;
            const double x = xs[bounding[k]];
            const double xEnd = xs[bounding[k] + printsAt[bounding[k]] - 1]; // the last point its box tells
            // The next point of this rank or a higher one limits this box on the right, so that its callout
            // keeps room to its right; a lower rank's has none to keep yet.
            const bool print = rank == kPrintRank;
            const bool endWords = rank == kPrintRank + 1;
            const double nextX = print                     ? nextPoint[bounding[k]]
                                 : k + 1 < bounding.size() ? xs[bounding[k + 1]]
                                                           : row.plotRight;
            // A print's box goes right of its point, where time runs on from it: one left of it read as printed
            // earlier (two reviewers). Only the last in view may go left, between its neighbour's point and the lane's
            // beginning: a program's last line sits at its lane's end.
            const bool last = k + 1 == bounding.size();
            const double prevX = print && k > 0 ? xs[bounding[k - 1]] : row.plotLeft;
            if (print && (last ? std::max(x - prevX, nextX - xEnd) : nextX - xEnd) < printSpacing)
                continue;
            const double leftLimit = print      ? (last ? std::max(prevX + kGap, laneBegins) : x)
                                     : endWords ? prevPoint[bounding[k]] + kGap
                                                : row.plotLeft;
            const auto ids = visible.subspan(bounding[k], printsAt[bounding[k]]);
            auto mark = fitCallout(store, lane, ids, x, xEnd, leftLimit, nextX, takenOrLabelled, row);
            // What went wrong, and the program's own words, may cover a band's only words, which then move along it.
            if (!mark && (rank == 0 || print))
                mark = fitCallout(store, lane, ids, x, xEnd, leftLimit, nextX, taken, row);
            if (mark) {
                taken.take(mark->box.left(), mark->box.right());
                takenOrLabelled.take(mark->box.left(), mark->box.right());
                g.callouts.push_back(std::move(*mark));
            }
        }
    }
    moveCoveredLabels(g, before, row.metrics);
    // In time order, as the index gives them: hit-testing and painting read them so.
    std::sort(g.callouts.begin() + static_cast<std::ptrdiff_t>(before), g.callouts.end(),
              [&store](const CalloutMark& a, const CalloutMark& b) {
                  const std::int64_t at = store.event(a.event).ts;
                  const std::int64_t bt = store.event(b.event).ts;
                  return at < bt || (at == bt && a.event < b.event);
              });
}

} // namespace tl::ui
