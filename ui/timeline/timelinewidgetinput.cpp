#include "timeline/timelinewidget.h"

#include "timeline/timelinecoordinates.h"
#include "timeline/timelinedescribe.h"
#include "timeline/timelinewidget_p.h"
#include "trace/tracestore.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>

#include <cmath>

// TimelineWidget's input handling: wheel zoom and scroll, drag to pan or measure, click to select,
// keyboard navigation and tooltips. The state and painting half is timelinewidget.cpp.
namespace tl::ui {

void TimelineWidget::wheelEvent(QWheelEvent* event)
{
    const QPoint delta = event->angleDelta();
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
    if (pos.y() < plot.top() && pos.x() >= plot.left()) {
        d->drag = Private::Drag::Measure;
        d->measureAnchor = xToTime(pos.x(), d->pressRange, plot.left(), plot.width());
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
    case Qt::Key_A:
    case Qt::Key_Left:
        panBy(-Private::kKeyPan);
        break;
    case Qt::Key_D:
    case Qt::Key_Right:
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
    default:
        return QAbstractScrollArea::keyPressEvent(event);
    }
    event->accept();
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
