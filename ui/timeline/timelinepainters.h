#pragma once

#include "timeline/geometrycache.h"
#include "timeline/timelinecoordinates.h"
#include "timeline/timelinelayout.h"
#include "timeline/timelinetheme.h"

#include <QHash>
#include <QPainter>
#include <QRect>
#include <QStringList>

#include <array>

#include <optional>

namespace tl::ui {

// A slice's colour: the one its legend lists it in (`listed`, sliceColoursOf); a name the legend leaves out ("and N
// more names") the neutral grey the legend gives them all, as eight colours cannot tell more names apart; where no
// legend lists names, its name's own.
inline QColor sliceColourOf(const QString& name, const QHash<QString, QColor>& listed, const TimelineTheme& theme)
{
    const auto it = listed.constFind(name);
    if (it != listed.constEnd())
        return *it;
    return listed.isEmpty() ? TimelineTheme::sliceColor(name) : theme.lifetime;
}

// Everything one frame's painters need, passed as one value instead of many parameters. Built by the
// widget for each paintEvent and by TimelineRenderer for each export.
struct FrameContext {
    QPainter& p;
    const TimelineTheme& theme;
    const TraceStore& store;
    const TraceIndex& index;
    const TimelineLayout& layout;
    GeometryCache& geometry;
    TimeRange range;
    QRect ruler; // the ruler strip, above the plot, same x extent
    QRect names; // the name column beside the rows area
    QRect plot;  // the rows area right of the names: lanes are clipped to it
    int scroll;  // how far the unpinned rows are scrolled up, in pixels
    Selection selection;
    Selection hovered;
    std::int64_t nowTs = -1;
    bool showFlows = true;
    std::optional<TimeRange> measurement;
    std::optional<std::int64_t> playhead; // the scrub playhead: later time is dimmed
    bool onScreen = true;                 // false for an exported picture, which no pointer explores
    QHash<QString, QColor> sliceColours;  // another tool's slices that the legend lists, each told apart

    QColor sliceColor(const QString& name) const { return sliceColourOf(name, sliceColours, theme); }

    double x(std::int64_t ts) const { return timeToX(ts, range, plot.left(), plot.width()); }
    // Pinned rows stay at the plot's top; the others scroll under them.
    int top(const TimelineRow& row) const { return plot.top() + row.top - (row.pinned ? 0 : scroll); }
    // Where the scrolling rows show: the plot below the pinned section.
    QRect scrollingArea() const
    {
        return QRect(plot.left(), plot.top() + layout.pinnedHeight, plot.width(),
                     std::max(0, plot.height() - layout.pinnedHeight));
    }
    // The rows at least partly visible: every pinned row, then the scrolling rows inside their area, as
    // indexes into layout.rows in display order.
    std::vector<std::size_t> visibleRows() const;
};

// Painting order: paintRows, paintFlows, paintNames, paintRuler (fixed parts after what scrolls under
// them), then paintOverlays, whose now marker and measurement label sit on the ruler.
void paintRows(FrameContext& ctx);     // backgrounds, grid, bands, labels, markers, counters, selection
// Another tool's marks that reach past their thread, as Chrome draws them: a global one as a line down every row, a
// process's down its threads' rows. The rows of one section (pinned or scrolling), under its clip.
void paintWideMarks(FrameContext& ctx, bool pinned);
void paintFlows(FrameContext& ctx);    // arrows between lanes, the selected item's emphasised
void paintCallouts(FrameContext& ctx); // the lanes' callouts, over the arrows: no arrow strikes through their words
void paintOverlays(FrameContext& ctx); // the now line and the ruler measurement
void paintNames(FrameContext& ctx);    // the fixed name column
void paintRuler(FrameContext& ctx);    // ticks and labels in scenario time
void paintGrid(FrameContext& ctx);     // the ruler's major ticks carried down through the rows

// Where a thread lane's name and its daemon badge go inside the name cell `cell`: the name elided to
// leave room for the badge, the badge just after the name as drawn with `nameFont` (bold when the lane
// is selected, so the metrics must be the drawn font's).
struct LaneLabelLayout {
    QString name;
    QRect nameRect;
    QRectF badge; // empty when the lane is not a daemon
};
LaneLabelLayout layoutLaneLabel(const QFontMetrics& nameFont, const QFontMetrics& badgeFont, const QString& name,
                                bool daemon, const QRect& cell);
// `text` whole if it fits in `width`, else cut at the last word break that fits ('.', '_', '-', ' ', '/',
// ':'), with an ellipsis: "ThreadPoolExecutor-0._work_queue" becomes "ThreadPoolExecutor-0.…", never
// "ThreadPoolExecutor-0._wo…". A text with no break that fits is cut at a character, as elidedText does.
QString elideAtBreak(const QFontMetrics& fm, const QString& text, int width);
inline const QString kDaemonBadgeText = QStringLiteral("daemon");

// Past this many distinct arrows in a frame, only the selection's arrows and those of the focus lane are drawn.
inline constexpr std::size_t kFlowBudget = 300;
// The lane whose arrows a dense frame still draws: the one under the pointer, else the selection's.
std::optional<LaneId> flowFocusLane(Selection hovered, Selection selection);
// Where the note that arrows were hidden goes: the plot's bottom-right corner.
QRect flowNoteRect(const QFontMetrics& fm, const QRect& plot, const QString& text);

// Marker shapes of radius `r`, shared with the legend.
void paintMarker(QPainter& p, const TimelineTheme& theme, EventKind kind, QPointF at, std::uint32_t count, double r);
// A callout box with its words and its leader to the event, in row-local coordinates.
void paintCallout(QPainter& p, const TimelineTheme& theme, const CalloutMark& callout);

// The title (scenario and parameters) and the legend, for exports.
int titleHeight(const TimelineTheme& theme, const TraceStore& store);
// `label` goes before the title: "A" and "B" in a comparison of two runs.
void paintTitle(QPainter& p, const TimelineTheme& theme, const TraceStore& store, const QRect& rect,
                const QString& label = {});
// One entry of a legend: a state's colour, the lifetime track, a marker, one of another tool's slice names (by its
// colour), or the count of the names left out.
struct LegendItem {
    enum class Kind { State, Lifetime, Marker, Slice, More } kind;
    QString text;
    LaneState state = LaneState::Running;
    EventKind marker = EventKind::Start;
    QColor colour;     // a Slice's, told apart from every other listed name's (TimelineTheme::distinctSliceColors)
    QString sliceName; // a Slice's name as the trace has it ("" where text says "(unnamed)")
};
using Legend = std::vector<LegendItem>;

// The states and marker kinds a trace shows, gathered event by event (a span's state is its opening event's), so
// that a live run's legend grows with it at the cost of its new events only.
struct UsedKinds {
    std::array<bool, std::size_t(LaneState::Count_)> states{};
    std::array<bool, std::size_t(EventKind::Count_)> markers{};
    // Adds what `e` shows; true if it is a state or marker not listed before.
    bool add(const Event& e);
};
UsedKinds usedKindsOf(const TraceStore& store);
// The legend of a trace of Threadline's that shows `used`.
Legend legendOf(const UsedKinds& used);

// What a legend lists: every state and marker kind, or with a store only those the trace shows, another tool's slices
// by their names, those that take the most time first, the rest counted. It reads the whole trace: made once per
// trace (and per batch of a live one), painted at any width. `alike`: a compared run A's legend, whose slice names
// this one lists wherever its trace has them, in A's colours, its other names only in colours A does not use
// (addSliceNames).
Legend legendOf(const TraceStore* store = nullptr, const Legend* alike = nullptr);
QStringList legendTexts(const Legend& legend);
// The listed slices' colours by name, for the lanes to paint them alike (FrameContext::sliceColours).
QHash<QString, QColor> sliceColoursOf(const Legend& legend);
int legendHeight(const TimelineTheme& theme, int width, const Legend& legend);
void paintLegend(QPainter& p, const TimelineTheme& theme, const QRect& rect, const Legend& legend);
// The bold line above an exported picture: the run's title, a lesson's id, whether it was stopped, after `label` ("A",
// "B" in a comparison).
QString runTitle(const TraceMetadata& meta, const QString& label = {});

} // namespace tl::ui
