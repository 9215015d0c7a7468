#include "timeline/timelinedescribe.h"
#include "timeline/timelinepainters.h"
#include "trace/deadlocktext.h"

#include <algorithm>
#include <cmath>

namespace tl::ui {

namespace {

// Each wait of a deadlock cycle, or of a stall, framed in the deadlock's red, from its start to its end (or
// the run's edge): the cycle stands out across its lanes, whatever the zoom.
void paintDeadlockWaits(FrameContext& ctx, const LaneInfo& lane, const TimelineRow& row)
{
    const auto deadlocks = ctx.index.lane(row.id).deadlocks();
    if (deadlocks.empty())
        return;
    QPainter& p = ctx.p;
    p.save();
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(ctx.theme.markerColor(EventKind::Deadlock), 2));
    for (EventId id : deadlocks) {
        const Span* wait = deadlockedWait(lane, ctx.store.event(id).ts);
        if (!wait)
            continue;
        const std::int64_t end = wait->isOpen() ? ctx.geometry.params().openEnd : wait->end;
        const double x0 = std::max(ctx.x(wait->begin), ctx.plot.left() - 4.0);
        const double x1 = std::min(std::max(ctx.x(end), x0 + 2), ctx.plot.right() + 4.0);
        if (x1 < ctx.plot.left() || x0 > ctx.plot.right())
            continue;
        p.drawRect(spanBandRect(lane, *wait, x0, x1, row.height).adjusted(1, 1, -1, -1));
    }
    p.restore();
}

// Slices side by side in one colour read as one: a name after itself (a trace's "frame" after "frame"), or the names
// the legend leaves out, all one grey (a reviewer). A line of the background parts a slice from the one it follows on
// its level, where the slice is wide enough to keep its fill, as a lock's holds are parted (paintHolds).
void partAbuttingSlices(FrameContext& ctx, const LaneGeometry& g)
{
    QHash<int, double> levelEnd; // a level's top (pixels) -> where its last slice ended
    for (const SpanMark& m : g.spans) {
        if (m.kind != SpanMark::Kind::Band || m.state != LaneState::Slice)
            continue;
        const int level = qRound(m.rect.top());
        const auto before = levelEnd.constFind(level);
        if (before != levelEnd.cend() && std::abs(*before - m.rect.left()) < 0.5 && !m.folded && m.rect.width() >= 4)
            ctx.p.fillRect(QRectF(m.rect.left(), m.rect.top(), 1, m.rect.height()), ctx.theme.background);
        levelEnd.insert(level, m.rect.right());
    }
}

void paintThreadRow(FrameContext& ctx, const TimelineRow& row, int top)
{
    QPainter& p = ctx.p;
    const LaneGeometry& g = ctx.geometry.lane(ctx.store, ctx.index, row.id, row.height);
    p.save();
    p.translate(0, top);
    p.setPen(Qt::NoPen);
    const LaneInfo& lane = ctx.store.lane(row.id);
    // A slice of an opened file is coloured by its name; every other span by its state.
    auto colourOf = [&](LaneState state, std::uint32_t span) {
        return state == LaneState::Slice ? ctx.sliceColor(ctx.store.text(lane.spans[span].detail))
                                         : ctx.theme.stateColor(state);
    };
    for (const SpanMark& m : g.spans)
        p.fillRect(m.rect, m.kind == SpanMark::Kind::Lifetime ? ctx.theme.lifetime : colourOf(m.state, m.span));
    partAbuttingSlices(ctx, g);
    p.setFont(ctx.theme.smallFont);
    for (const SpanLabel& l : g.labels) {
        p.setPen(TimelineTheme::textOn(colourOf(l.state, l.span)));
        p.drawText(l.rect, Qt::AlignLeft | Qt::AlignVCenter, l.text);
    }
    paintDeadlockWaits(ctx, lane, row);
    const double r = markerRadius(row.height);
    for (const MarkerMark& m : g.markers)
        paintMarker(p, ctx.theme, m.kind, QPointF(m.x, markerY(row.height)), m.count, r);
    p.restore(); // its callouts come after the arrows (paintCallouts)
}

// The deadlock waits on `lock`: who each waits for (the holder) and when. The Deadlock events say it, one
// per member of a cycle, so the list is short; found once per row, not once per hold.
std::vector<std::pair<LaneId, std::int64_t>> deadlockWaitsOn(const FrameContext& ctx, const LockHoldsInfo& lock)
{
    std::vector<std::pair<LaneId, std::int64_t>> waits;
    for (std::size_t lane = 0; lane < ctx.index.laneCount(); ++lane) {
        for (EventId id : ctx.index.lane(static_cast<LaneId>(lane)).deadlocks()) {
            const Event& e = ctx.store.event(id);
            if (e.kind == EventKind::Deadlock && e.a == lock.id)
                waits.emplace_back(e.b, e.ts);
        }
    }
    return waits;
}

// Whether `hold` closes a deadlock cycle: a member of the cycle waits for its lock while the hold's thread
// has it.
bool holdClosesDeadlock(const std::vector<std::pair<LaneId, std::int64_t>>& waits, const LockHold& hold)
{
    return std::any_of(waits.begin(), waits.end(), [&](const auto& wait) {
        return wait.first == hold.holder && hold.begin <= wait.second && wait.second < hold.end;
    });
}

// A lock's holds: a band per holder in a colour of its thread's name, labelled with the name, and an
// RLock's deeper recursion inside it, darker, with its depth. The acquire a selection names is framed, and
// a hold that closes a deadlock is framed in the deadlock's red.
void paintHolds(FrameContext& ctx, const LockHoldsInfo& lock, const CounterGeometry& g)
{
    QPainter& p = ctx.p;
    p.setFont(ctx.theme.smallFont);
    const QFontMetrics fm = p.fontMetrics();
    const auto deadlockWaits = deadlockWaitsOn(ctx, lock);
    for (const HoldMark& hold : g.holds) {
        const QString name = ctx.store.laneName(hold.holder);
        QColor fill = TimelineTheme::sliceColor(name);
        if (hold.depth > 1)
            fill = fill.darker(100 + 18 * static_cast<int>(std::min<std::uint32_t>(hold.depth - 1, 4)));
        // A line between one hold and the next, where there is room for it: on a hold a pixel or two
        // wide the line would cover the fill.
        p.setPen(hold.rect.width() >= 4 ? QPen(ctx.theme.background, 1) : Qt::NoPen);
        p.setBrush(fill);
        p.drawRect(hold.rect);
        const QString text = hold.depth > 1 ? QStringLiteral("×%1").arg(hold.depth) : name;
        const QRectF room = hold.rect.adjusted(3, 0, -3, 0);
        if (room.width() >= fm.horizontalAdvance(QStringLiteral("M…"))) {
            p.setPen(TimelineTheme::textOn(fill));
            p.drawText(room, Qt::AlignLeft | Qt::AlignVCenter,
                       fm.elidedText(text, Qt::ElideRight, static_cast<int>(room.width())));
        }
        if (ctx.selection.kind == Selection::Kind::Event && ctx.selection.event == hold.acquired && hold.depth == 1) {
            p.setPen(QPen(ctx.theme.text, 2));
            p.setBrush(Qt::NoBrush);
            p.drawRect(hold.rect.adjusted(1, 1, -1, -1));
        }
        if (hold.depth == 1 && holdClosesDeadlock(deadlockWaits, lock.holds[hold.hold])) {
            p.setPen(QPen(ctx.theme.markerColor(EventKind::Deadlock), 2));
            p.setBrush(Qt::NoBrush);
            p.drawRect(hold.rect.adjusted(1, 1, -1, -1));
        }
    }
}

void paintCounterRow(FrameContext& ctx, const TimelineRow& row, int top)
{
    QPainter& p = ctx.p;
    const CounterGeometry& g = ctx.geometry.counter(ctx.store, row.id, row.height);
    p.save();
    p.translate(0, top);
    if (g.lockRow) {
        if (const LockHoldsInfo* lock = counterRowSource(ctx.store, row.id).lock)
            paintHolds(ctx, *lock, g);
        p.restore();
        return;
    }
    p.setPen(QPen(ctx.theme.grid, 1));
    p.drawLine(QPointF(ctx.plot.left(), row.height - 3.5), QPointF(ctx.plot.right(), row.height - 3.5));
    if (g.outline.size() > 1) {
        QPolygonF area = g.outline;
        area << QPointF(g.outline.last().x(), row.height - 4) << QPointF(g.outline.first().x(), row.height - 4);
        p.setPen(Qt::NoPen);
        p.setBrush(ctx.theme.counterFill);
        p.drawPolygon(area);
        p.setPen(QPen(ctx.theme.counterLine, 1.5));
        p.setBrush(Qt::NoBrush);
        p.drawPolyline(g.outline);
    }
    p.setFont(ctx.theme.smallFont);
    p.setPen(ctx.theme.mutedText);
    p.drawText(QPointF(ctx.plot.left() + 4, p.fontMetrics().ascent()), g.scaleTop);
    if (!g.scaleBottom.isEmpty())
        p.drawText(QPointF(ctx.plot.left() + 4, row.height - 6), g.scaleBottom);
    p.restore();
}

void paintGroupRow(FrameContext& ctx, const TimelineRow& row, int top)
{
    QPainter& p = ctx.p;
    const LaneGroup& group = ctx.layout.groups[row.id];
    const GroupGeometry& g = ctx.geometry.group(ctx.store, ctx.index, group, row.id, ctx.layout.laneHeight, row.height);
    p.save();
    p.translate(0, top);
    p.fillRect(QRectF(ctx.plot.left(), 0, ctx.plot.width(), row.height), ctx.theme.alternate);
    for (const GroupGeometry::Bar& bar : g.bars)
        p.fillRect(bar.rect, ctx.theme.stateColor(bar.state));
    p.setPen(QPen(ctx.theme.grid, 1));
    p.drawLine(QPointF(ctx.plot.left(), row.height - 0.5), QPointF(ctx.plot.right(), row.height - 0.5));
    p.restore();
}

// Drawn from the selection's own times rather than the geometry, so it shows even when folded.
void paintSelection(FrameContext& ctx, Selection selection, const QColor& color, qreal width)
{
    const int rowIndex = ctx.layout.rowIndexOfLane(selection.lane);
    const auto times = selectionTimes(ctx.store, selection, ctx.geometry.params().openEnd);
    if (rowIndex < 0 || !times)
        return;
    const TimelineRow& row = ctx.layout.rows[static_cast<std::size_t>(rowIndex)];
    if (row.kind != TimelineRow::Kind::Thread)
        return; // in a collapsed group
    const int top = ctx.top(row);
    QPainter& p = ctx.p;
    p.save();
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(color, width));
    if (selection.kind == Selection::Kind::Span) {
        const Span* span = selectedSpan(ctx.store, selection);
        const double x0 = std::max(ctx.x(times->from), ctx.plot.left() - 4.0);
        const double x1 = std::min(std::max(ctx.x(times->to), x0 + 1), ctx.plot.right() + 4.0);
        const QRectF band = span ? spanBandRect(ctx.store.lane(selection.lane), *span, x0, x1, row.height)
                                 : bandRect(x0, x1, 0, row.height);
        p.drawRect(band.translated(0, top).adjusted(-1, -1, 1, 1));
    } else {
        const double r = markerRadius(row.height) + 3;
        p.drawEllipse(QPointF(ctx.x(times->from), top + markerY(row.height)), r, r);
    }
    p.restore();
}

void paintRow(FrameContext& ctx, const TimelineRow& row)
{
    switch (row.kind) {
    case TimelineRow::Kind::Thread:
        paintThreadRow(ctx, row, ctx.top(row));
        break;
    case TimelineRow::Kind::Counter:
        paintCounterRow(ctx, row, ctx.top(row));
        break;
    case TimelineRow::Kind::Group:
        paintGroupRow(ctx, row, ctx.top(row));
        break;
    }
}

} // namespace

std::vector<std::size_t> FrameContext::visibleRows() const
{
    std::vector<std::size_t> out;
    const QRect area = scrollingArea();
    for (std::size_t i = 0; i < layout.rows.size(); ++i) {
        const TimelineRow& row = layout.rows[i];
        if (row.pinned) {
            out.push_back(i);
            continue;
        }
        const int y = top(row);
        if (y > area.bottom())
            break;
        if (y + row.height > area.top())
            out.push_back(i);
    }
    return out;
}

void paintRows(FrameContext& ctx)
{
    QPainter& p = ctx.p;
    p.save();
    p.setClipRect(ctx.plot);
    p.fillRect(ctx.plot, ctx.theme.background);
    const std::vector<std::size_t> visible = ctx.visibleRows();
    // The scrolling rows first, clipped below the pinned section; then the pinned rows over them.
    for (bool pinned : {false, true}) {
        p.save();
        p.setClipRect(pinned ? ctx.plot : ctx.scrollingArea());
        for (std::size_t i : visible) {
            const TimelineRow& row = ctx.layout.rows[i];
            if (row.pinned == pinned && i % 2 == 1 && row.kind == TimelineRow::Kind::Thread)
                p.fillRect(QRect(ctx.plot.left(), ctx.top(row), ctx.plot.width(), row.height), ctx.theme.alternate);
        }
        if (!pinned)
            paintGrid(ctx);
        for (std::size_t i : visible) {
            if (ctx.layout.rows[i].pinned == pinned)
                paintRow(ctx, ctx.layout.rows[i]);
        }
        paintWideMarks(ctx, pinned);
        p.restore();
    }
    if (ctx.layout.pinnedHeight > 0 && ctx.layout.pinnedHeight < ctx.layout.contentHeight) {
        // The edge the other rows scroll under.
        p.setPen(QPen(ctx.theme.grid, 1));
        const int y = ctx.plot.top() + ctx.layout.pinnedHeight - TimelineLayout::kSectionGap / 2;
        p.drawLine(ctx.plot.left(), y, ctx.plot.right(), y);
    }
    if (!ctx.hovered.isNone() && ctx.hovered != ctx.selection)
        paintSelection(ctx, ctx.hovered, ctx.theme.text, 1);
    if (!ctx.selection.isNone()) {
        // A text-coloured frame reads on every state colour; the highlight inside ties it to the palette.
        paintSelection(ctx, ctx.selection, ctx.theme.text, 3);
        paintSelection(ctx, ctx.selection, ctx.theme.highlight, 1);
    }
    p.restore();
}

void paintCallouts(FrameContext& ctx)
{
    QPainter& p = ctx.p;
    const std::vector<std::size_t> visible = ctx.visibleRows();
    p.save();
    p.setFont(ctx.theme.smallFont);
    // Clipped as the rows are: the scrolling rows' under the pinned section, then the pinned rows'.
    for (bool pinned : {false, true}) {
        p.save();
        p.setClipRect(pinned ? ctx.plot : ctx.scrollingArea());
        for (std::size_t i : visible) {
            const TimelineRow& row = ctx.layout.rows[i];
            if (row.pinned != pinned || row.kind != TimelineRow::Kind::Thread)
                continue;
            const LaneGeometry& g = ctx.geometry.lane(ctx.store, ctx.index, row.id, row.height);
            p.save();
            p.translate(0, ctx.top(row));
            for (const CalloutMark& c : g.callouts)
                paintCallout(p, ctx.theme, c);
            p.restore();
        }
        p.restore();
    }
    p.restore();
}

} // namespace tl::ui
