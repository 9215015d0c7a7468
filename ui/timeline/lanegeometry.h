#pragma once

#include "timeline/counterrows.h"
#include "timeline/traceindex.h"
#include "timeline/viewstate.h"

#include <QPolygonF>
#include <QRectF>
#include <QString>

#include <cstdint>
#include <vector>

class QFontMetricsF;

namespace tl::ui {

// What the geometry of a row depends on, besides the store: the visible range mapped onto the plot's
// x extent, and where open spans end ("now").
struct GeometryParams {
    TimeRange range;
    double left = 0;
    double width = 0;
    std::int64_t openEnd = 0;
    const QFontMetricsF* labelMetrics = nullptr; // null: no labels and no callouts
};

// A mark of a span. x is in plot coordinates, y relative to the row's top. `span` is an index into the
// lane's spans. Three kinds:
// - Lifetime: the thread's run span (depth 0) as a thin track along the row's foot, from run begin to
//   end. It says "alive", never a state, so it cannot be mistaken for running.
// - Band: a state. Running is drawn only where the thread is in no nested state; nested states fill the
//   same height (depth 1), deeper ones sit inside their parent so the nesting shows (a get inside a task).
// - A folded band stands for every span of that depth that was thinner than a pixel in its columns;
//   `span` is one of those whose state fills most of the column, and `state` is that state.
struct SpanMark {
    enum class Kind : std::uint8_t { Band, Lifetime };
    QRectF rect;
    LaneState state = LaneState::Running;
    std::uint32_t span = 0;
    bool folded = false;
    Kind kind = Kind::Band;
};

// An instant marker at x; `count` > 1 when several markers fell into one pixel column.
struct MarkerMark {
    double x = 0;
    EventKind kind = EventKind::Start;
    EventId event = kNoEvent;
    std::uint32_t count = 1;
};

// A band narrower than this has no label: its words would be a letter and "…".
inline constexpr double kMinLabelWidth = 28;

struct SpanLabel {
    QRectF rect;
    QString text;
    LaneState state = LaneState::Running;
    std::uint32_t span = 0; // index into the lane's spans (a Slice's colour comes from its name)
};

// A key moment told in words next to its event (an error, a daemon cut, the exit, a wait that timed
// out): a labelled box, with a leader from the event's point. Laid out so that no two overlap.
struct CalloutMark {
    QRectF box;     // row-local
    QPointF anchor; // the event's point, row-local
    QString text;
    EventKind kind = EventKind::Error;
    EventId event = kNoEvent;
};

// The draw list of one thread lane for one (range, width, data): replayed by paint and used by hit
// testing, so what is seen is what is clicked. Bands are in paint order: outer depths first.
struct LaneGeometry {
    std::vector<SpanMark> spans;
    std::vector<MarkerMark> markers;
    std::vector<SpanLabel> labels;
    std::vector<CalloutMark> callouts;
};

// A band of a lock's holder row: one thread's hold (depth 1), or a stretch of an RLock's hold at a
// deeper recursion (depth 2 and more, drawn inside it).
struct HoldMark {
    QRectF rect;
    LaneId holder = 0;
    EventId acquired = kNoEvent; // the acquire that began the hold
    std::uint32_t depth = 1;
    std::uint32_t hold = 0; // index into the lock's holds
};

// The step chart of one queue's depth or semaphore's value, or the holds of one lock, in row-local
// coordinates.
struct CounterGeometry {
    QPolygonF outline;           // the step line, left to right
    std::uint32_t scaleMax = 1;  // the depth drawn at the row's top
    QString scaleTop;            // the value at the row's top, as written there
    QString scaleBottom;         // the value at its foot, when not 0 (another tool's counter below 0)
    std::vector<HoldMark> holds; // a lock's row: outer holds first, then the deeper stretches
    bool lockRow = false;        // a lock's holder row: holds, no step chart and no scale
};

// Band layout inside a row of `rowHeight`: running (depth 0) and the states nested in it (depth 1) fill the
// band; deeper spans leave a strip of their parent showing above them, so nesting stays visible.
QRectF bandRect(double x0, double x1, int depth, int rowHeight);
// A strip of a row of `levels` strips, top to bottom (the nested slices of another tool, one depth per strip).
QRectF stackedBandRect(double x0, double x1, int level, int levels, int rowHeight);
// Where a span of `lane` is drawn between x0 and x1: bandRect(), or its strip in a lane whose slices nest.
QRectF spanBandRect(const LaneInfo& lane, const Span& span, double x0, double x1, int rowHeight);
// The lifetime track of a row: a thin line along the band's foot.
QRectF lifetimeRect(double x0, double x1, int rowHeight);
// Markers grow with the row, so they stay large enough to see and to hit; they sit on the band's top edge.
double markerRadius(int rowHeight);
double markerY(int rowHeight);

LaneGeometry buildLaneGeometry(const TraceStore& store, const LaneInfo& lane, const LaneIndex& index,
                               const GeometryParams& params, int rowHeight);
CounterGeometry buildCounterGeometry(const CounterRowSource& source, const GeometryParams& params, int rowHeight);
// The hold under `pos` (plot x, row-local y), as the selection of the acquire that began it.
Selection hitCounterGeometry(const CounterGeometry& geometry, QPointF pos);

// The callout, the marker or the innermost band under `pos` (plot x, row-local y), as a selection on `lane`.
Selection hitLaneGeometry(const LaneGeometry& geometry, const LaneInfo& lane, QPointF pos, int rowHeight);

// A short label for a band ("sleep", "get q", "join Thread-1", the task's name).
QString spanShortLabel(const TraceStore& store, const LaneInfo& lane, const Span& span);

} // namespace tl::ui
