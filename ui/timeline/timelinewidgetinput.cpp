#include "timeline/timelinewidget.h"

#include "timeline/lanearrangement.h"
#include "timeline/timelinecoordinates.h"
#include "timeline/timelinedescribe.h"
#include "timeline/timelinewidget_p.h"
#include "trace/eventtext.h"
#include "trace/tracestore.h"

#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

// TimelineWidget's input handling: wheel zoom and scroll, drag to pan or measure, click to select,
// keyboard navigation and tooltips. The state and painting half is timelinewidget.cpp, the view of time
// (zoom, pan, fit) timelinewidgetview.cpp.
namespace tl::ui {

void TimelineWidget::wheelEvent(QWheelEvent* event)
{
    const QPoint delta = event->angleDelta();
    if ((event->modifiers() & Qt::ControlModifier) && (event->modifiers() & Qt::ShiftModifier)) {
        // Taller or shorter lanes, by a quarter per notch.
        const int h = m_arrangement->laneHeight();
        const int step = std::max(1, h / 4) * (delta.y() > 0 ? 1 : delta.y() < 0 ? -1 : 0);
        m_arrangement->setLaneHeight(h + step);
        event->accept();
        return;
    }
    if (event->modifiers() & Qt::ControlModifier) {
        const int x = event->position().toPoint().x();
        const bool overPlot = x >= plotRect().left();
        userZoom(std::pow(Private::kWheelZoom, delta.y() / 120.0), overPlot ? std::optional<int>(x) : std::nullopt);
        event->accept();
        return;
    }
    if ((event->modifiers() & Qt::ShiftModifier) || std::abs(delta.x()) > std::abs(delta.y())) {
        const int steps = delta.x() != 0 ? delta.x() : delta.y();
        panBy(-steps / 120.0 * 0.1);
        event->accept();
        return;
    }
    QAbstractScrollArea::wheelEvent(event);
}

void TimelineWidget::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || !m_store)
        return QAbstractScrollArea::mousePressEvent(event);
    const QPoint pos = event->position().toPoint();
    const QRect plot = plotRect();
    d->pressPos = pos;
    d->pressRange = m_state->range();
    d->pressScroll = verticalScrollBar()->value();
    if (toggleGroupAt(pos)) {
        event->accept();
        return;
    }
    if (pos.y() < plot.top() && pos.x() >= plot.left()) {
        // The ruler scrubs a run that is not running (Shift measures instead); a running one measures.
        const std::int64_t at = xToTime(pos.x(), d->pressRange, plot.left(), plot.width());
        if (m_state->scrubAllowed() && !(event->modifiers() & Qt::ShiftModifier)) {
            d->drag = Private::Drag::Scrub;
            m_state->setPlayhead(at);
        } else {
            d->drag = Private::Drag::Measure;
            d->measureAnchor = at;
        }
    } else if (plot.contains(pos)) {
        d->drag = Private::Drag::Pending;
    }
    event->accept();
}

void TimelineWidget::mouseMoveEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    const QRect plot = plotRect();
    switch (d->drag) {
    case Private::Drag::None:
        setHovered(hitTest(pos));
        break;
    case Private::Drag::Pending:
        if ((pos - d->pressPos).manhattanLength() < Private::kDragThreshold)
            break;
        d->drag = Private::Drag::Pan;
        m_state->setFollowLive(false);
        setHovered({});
        QToolTip::hideText();
        [[fallthrough]];
    case Private::Drag::Pan: {
        const double dt =
            double(d->pressPos.x() - pos.x()) * double(d->pressRange.duration()) / std::max(1, plot.width());
        const auto shift = std::llround(dt);
        m_state->setRange({d->pressRange.from + shift, d->pressRange.to + shift});
        verticalScrollBar()->setValue(d->pressScroll + d->pressPos.y() - pos.y());
        break;
    }
    case Private::Drag::Scrub:
        m_state->setPlayhead(xToTime(std::clamp(pos.x(), plot.left(), plot.right()), d->pressRange, plot.left(),
                                     plot.width()));
        break;
    case Private::Drag::Measure:
        if (std::abs(pos.x() - d->pressPos.x()) >= 2)
            m_state->setMeasurement(
                TimeRange{d->measureAnchor, xToTime(pos.x(), d->pressRange, plot.left(), plot.width())});
        break;
    }
    event->accept();
}

void TimelineWidget::mouseReleaseEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    if (d->drag == Private::Drag::Pending)
        m_state->setSelection(hitTest(pos)); // a click on nothing clears the selection
    else if (d->drag == Private::Drag::Measure && std::abs(pos.x() - d->pressPos.x()) < 2)
        m_state->setMeasurement(std::nullopt);
    d->drag = Private::Drag::None;
    event->accept();
}

void TimelineWidget::keyPressEvent(QKeyEvent* event)
{
    const QPoint cursor = viewport()->mapFromGlobal(QCursor::pos());
    const auto anchor = plotRect().contains(cursor) ? std::optional<int>(cursor.x()) : std::nullopt;
    const bool ctrl = event->modifiers() & Qt::ControlModifier;
    switch (event->key()) {
    case Qt::Key_W:
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        userZoom(Private::kZoomStep, anchor);
        break;
    case Qt::Key_S:
    case Qt::Key_Minus:
        userZoom(1 / Private::kZoomStep, anchor);
        break;
    case Qt::Key_Left:
    case Qt::Key_Right:
        // Scrubbing, the arrows move the playhead from event to event; otherwise they pan, as A and D do.
        if (m_state->scrubAllowed())
            movePlayheadToEvent(event->key() == Qt::Key_Right ? 1 : -1);
        else
            panBy(event->key() == Qt::Key_Right ? Private::kKeyPan : -Private::kKeyPan);
        break;
    case Qt::Key_Home:
    case Qt::Key_End:
        if (!m_state->scrubAllowed())
            return QAbstractScrollArea::keyPressEvent(event);
        movePlayheadTo(event->key() == Qt::Key_Home ? 0 : m_store->endTs());
        break;
    case Qt::Key_A:
        panBy(-Private::kKeyPan);
        break;
    case Qt::Key_D:
        panBy(Private::kKeyPan);
        break;
    case Qt::Key_F:
        fitAll();
        break;
    case Qt::Key_0:
        if (!ctrl)
            return QAbstractScrollArea::keyPressEvent(event);
        fitAll();
        break;
    case Qt::Key_Z:
        zoomToSelection();
        break;
    case Qt::Key_Escape:
        m_state->clearSelection();
        m_state->setMeasurement(std::nullopt);
        break;
    case Qt::Key_Up:
        selectOnNeighbourLane(-1);
        break;
    case Qt::Key_Down:
        selectOnNeighbourLane(1);
        break;
    default:
        return QAbstractScrollArea::keyPressEvent(event);
    }
    event->accept();
}

void TimelineWidget::movePlayheadTo(std::int64_t ts)
{
    if (!m_store || !m_state->scrubAllowed())
        return;
    m_state->setPlayhead(ts);
    const TimeRange r = m_state->range();
    if (ts < r.from || ts > r.to) // keep the zoom, bring the playhead into view
        m_state->setRange({ts - r.duration() / 2, ts - r.duration() / 2 + r.duration()});
}

void TimelineWidget::movePlayheadToEvent(int direction)
{
    if (!m_store || !m_state->scrubAllowed())
        return;
    const EventView events = m_store->eventsByTime();
    if (events.empty())
        return;
    // From the playhead, or from the view's left edge when there is none yet.
    const std::int64_t from = m_state->playhead().value_or(m_state->range().from - (direction > 0 ? 1 : 0));
    auto first = std::lower_bound(events.begin(), events.end(), from,
                                  [](const Event& e, std::int64_t t) { return e.ts < t; });
    auto last = std::upper_bound(first, events.end(), from, [](std::int64_t t, const Event& e) { return t < e.ts; });
    // Events of one moment are visited one by one: from the selected one, if it is at the playhead.
    const Selection sel = m_state->selection();
    if (m_state->playhead() && sel.kind == Selection::Kind::Event) {
        for (auto it = first; it != last; ++it) {
            if (it.id() == sel.event) {
                first = it;
                last = it + 1;
                break;
            }
        }
    }
    if (direction > 0 ? last == events.end() : first == events.begin())
        return;
    const auto it = direction > 0 ? last : first - 1;
    movePlayheadTo(it->ts);
    m_state->setSelection(Selection::ofEvent(it->lane, it.id()));
    ensureLaneVisible(it->lane);
}

bool TimelineWidget::toggleGroupAt(const QPoint& pos)
{
    if (pos.x() >= plotRect().left())
        return false;
    const int row = rowIndexAt(pos.y());
    if (row < 0 || d->layout.rows[static_cast<std::size_t>(row)].kind != TimelineRow::Kind::Group)
        return false;
    const LaneGroup& group = d->layout.groups[d->layout.rows[static_cast<std::size_t>(row)].id];
    m_arrangement->setGroupCollapsed(group.role, !group.collapsed);
    return true;
}

void TimelineWidget::selectOnNeighbourLane(int direction)
{
    if (!m_store)
        return;
    const Selection sel = m_state->selection();
    const auto times = selectionTimes(*m_store, sel, std::max(m_nowTs, m_store->endTs()));
    // The moment to keep: the selection's start, or the middle of the view when nothing is selected.
    const TimeRange r = m_state->range();
    const std::int64_t at = times ? times->from : r.from + r.duration() / 2;
    int row = sel.isNone() ? (direction > 0 ? -1 : static_cast<int>(d->layout.rows.size()))
                           : d->layout.rowIndexOfLane(sel.lane);
    for (row += direction; row >= 0 && row < static_cast<int>(d->layout.rows.size()); row += direction) {
        const TimelineRow& next = d->layout.rows[static_cast<std::size_t>(row)];
        if (next.kind != TimelineRow::Kind::Thread)
            continue;
        // The innermost span of that lane at the moment, else its run span.
        const LaneInfo& lane = m_store->lane(next.id);
        const Span* best = nullptr;
        for (const Span& s : lane.spans) {
            if (s.begin > at)
                break;
            if ((s.isOpen() || s.end >= at) && (!best || s.depth >= best->depth))
                best = &s;
        }
        if (!best && !lane.spans.empty())
            best = &lane.spans.front();
        if (!best)
            continue;
        m_state->setSelection(Selection::ofSpan(next.id, best->opening));
        ensureLaneVisible(next.id);
        return;
    }
}

void TimelineWidget::contextMenuEvent(QContextMenuEvent* event)
{
    const int row = m_store ? rowIndexAt(event->pos().y()) : -1;
    if (row < 0)
        return;
    const TimelineRow& r = d->layout.rows[static_cast<std::size_t>(row)];
    QMenu menu(this);
    if (r.kind == TimelineRow::Kind::Thread) {
        const LaneId lane = r.id;
        const QString name = laneDisplayName(*m_store, m_store->lane(lane));
        const bool pinned = m_arrangement->isPinned(lane);
        menu.addAction(pinned ? tr("Unpin %1").arg(name) : tr("Pin %1 to the Top").arg(name),
                       [this, lane, pinned] { m_arrangement->setPinned(lane, !pinned); });
        menu.addAction(tr("Hide %1").arg(name), [this, lane] { m_arrangement->setHidden(lane, true); });
        menu.addAction(tr("Show Its Events in the List"), [this, lane] { emit laneEventsRequested(lane); });
        const int group = lane < d->layout.groupOfLane.size() ? d->layout.groupOfLane[lane] : -1;
        if (group >= 0) {
            const QString role = d->layout.groups[static_cast<std::size_t>(group)].role;
            menu.addAction(tr("Collapse the %1 Group").arg(role),
                           [this, role] { m_arrangement->setGroupCollapsed(role, true); });
        }
    } else if (r.kind == TimelineRow::Kind::Group) {
        const LaneGroup& g = d->layout.groups[r.id];
        const QString role = g.role;
        const bool collapsed = g.collapsed;
        menu.addAction(collapsed ? tr("Expand the %1 Group").arg(role) : tr("Collapse the %1 Group").arg(role),
                       [this, role, collapsed] { m_arrangement->setGroupCollapsed(role, !collapsed); });
    }
    if (m_arrangement->hiddenCount() > 0) {
        menu.addSeparator();
        menu.addAction(tr("Show %1").arg(counted(m_arrangement->hiddenCount(), tr("Hidden Lane"), tr("Hidden Lanes"))),
                       m_arrangement, &LaneArrangement::showAll);
    }
    if (!menu.isEmpty())
        menu.exec(event->globalPos());
}

void TimelineWidget::leaveEvent(QEvent* event)
{
    setHovered({});
    QAbstractScrollArea::leaveEvent(event);
}

bool TimelineWidget::viewportEvent(QEvent* event)
{
    if (event->type() == QEvent::ToolTip && m_store) {
        auto* help = static_cast<QHelpEvent*>(event);
        const Selection hit = hitTest(help->pos());
        const QString html = toolTipHtml(describeSelection(*m_store, hit));
        if (html.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), html, viewport());
        return true;
    }
    if (event->type() == QEvent::Leave)
        setHovered({});
    return QAbstractScrollArea::viewportEvent(event);
}

} // namespace tl::ui
