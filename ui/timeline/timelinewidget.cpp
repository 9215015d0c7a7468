#include "timelinewidget.h"

#include "timelinecoordinates.h"
#include "timelinedescribe.h"
#include "timelinepainters.h"
#include "tracestore.h"

#include <QFontMetricsF>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>

#include <cmath>

namespace tl::ui {

namespace {

constexpr double kZoomStep = 1.5;   // per key press or toolbar click
constexpr double kWheelZoom = 1.25; // per wheel notch (120 units)
constexpr double kKeyPan = 0.2;     // of the width, per A/D press
constexpr double kFollowAt = 0.92;  // where "now" sits while following
constexpr int kDragThreshold = 4;

} // namespace

struct TimelineWidget::Private {
    TraceIndex index;
    GeometryCache geometry;
    TimelineLayout layout;
    TimelineTheme theme;
    QFontMetricsF labelMetrics{QFont()};
    Selection hovered;
    int legendHeight = 0;
    enum class Drag { None, Pending, Pan, Measure } drag = Drag::None;
    QPoint pressPos;
    TimeRange pressRange;
    int pressScroll = 0;
    std::int64_t measureAnchor = 0;
};

TimelineWidget::TimelineWidget(ViewState* state, QWidget* parent)
    : QAbstractScrollArea(parent)
    , d(std::make_unique<Private>())
    , m_state(state)
{
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setMouseTracking(true);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(320, 120);
    d->theme = TimelineTheme::fromPalette(palette(), font());
    d->labelMetrics = QFontMetricsF(d->theme.smallFont);
    auto repaint = [this] { viewport()->update(); };
    connect(m_state, &ViewState::rangeChanged, this, repaint);
    connect(m_state, &ViewState::selectionChanged, this, repaint);
    connect(m_state, &ViewState::flowsVisibleChanged, this, repaint);
    connect(m_state, &ViewState::measurementChanged, this, repaint);
    connect(m_state, &ViewState::followLiveChanged, this, [this](bool on) {
        if (on)
            follow();
    });
}

TimelineWidget::~TimelineWidget() = default;

void TimelineWidget::setStore(const TraceStore* store)
{
    m_store = store;
    d->index.clear();
    d->geometry.invalidateAll();
    d->hovered = {};
    d->drag = Private::Drag::None;
    if (m_store)
        d->index.sync(*m_store);
    rebuildLayout();
}

void TimelineWidget::notifyStoreChanged()
{
    if (!m_store)
        return;
    const std::vector<LaneId> changed = d->index.sync(*m_store);
    d->geometry.invalidateLanes(changed);
    // Cheap (a sort of lane ids) and catches late names and start times as well as new lanes.
    rebuildLayout();
    if (m_state->followLive())
        follow();
}

void TimelineWidget::setNowTs(std::int64_t ts)
{
    if (ts == m_nowTs)
        return;
    m_nowTs = ts;
    if (m_state->followLive())
        follow();
    viewport()->update();
}

void TimelineWidget::follow()
{
    const std::int64_t now = m_nowTs >= 0 ? m_nowTs : (m_store ? m_store->endTs() : 0);
    const TimeRange r = m_state->range();
    const auto width = r.duration();
    const std::int64_t from = std::max<std::int64_t>(0, now - std::llround(width * kFollowAt));
    m_state->setRange({from, from + width});
}

void TimelineWidget::setLegendVisible(bool visible)
{
    if (visible == m_legendVisible)
        return;
    m_legendVisible = visible;
    rebuildLayout();
}

void TimelineWidget::rebuildLayout()
{
    d->layout = m_store ? TimelineLayout::build(*m_store, QFontMetrics(d->theme.font)) : TimelineLayout();
    d->legendHeight = m_legendVisible ? legendHeight(d->theme, viewport()->width()) : 0;
    // A short timeline keeps its room for lanes: the legend goes first.
    if (viewport()->height() < TimelineLayout::kRulerHeight + d->legendHeight + 3 * TimelineLayout::kLaneHeight)
        d->legendHeight = 0;
    const int visible = plotRect().height();
    verticalScrollBar()->setRange(0, std::max(0, d->layout.contentHeight - visible));
    verticalScrollBar()->setPageStep(visible);
    verticalScrollBar()->setSingleStep(TimelineLayout::kLaneHeight);
    viewport()->update();
}

void TimelineWidget::ensureGeometry() const
{
    const QRect plot = plotRect();
    const std::int64_t openEnd = m_nowTs >= 0 ? m_nowTs : (m_store ? m_store->endTs() : 0);
    d->geometry.setParams({m_state->range(), double(plot.left()), double(plot.width()), openEnd, &d->labelMetrics});
}

QRect TimelineWidget::plotRect() const
{
    const QRect vp = viewport()->rect();
    return QRect(d->layout.nameWidth, TimelineLayout::kRulerHeight, std::max(0, vp.width() - d->layout.nameWidth),
                 std::max(0, vp.height() - TimelineLayout::kRulerHeight - d->legendHeight));
}

QRect TimelineWidget::laneRect(LaneId lane) const
{
    const int row = d->layout.rowIndexOfLane(lane);
    if (row < 0)
        return {};
    const TimelineRow& r = d->layout.rows[static_cast<std::size_t>(row)];
    const int origin = TimelineLayout::kRulerHeight - verticalScrollBar()->value();
    return QRect(0, origin + r.top, viewport()->width(), r.height);
}

void TimelineWidget::ensureLaneVisible(LaneId lane)
{
    const QRect r = laneRect(lane);
    const QRect plot = plotRect();
    if (r.isEmpty() || (r.top() >= plot.top() && r.bottom() <= plot.bottom()))
        return;
    auto* bar = verticalScrollBar();
    bar->setValue(bar->value() + r.center().y() - plot.center().y());
}

Selection TimelineWidget::hitTest(const QPoint& pos) const
{
    if (!m_store || !plotRect().contains(pos))
        return {};
    ensureGeometry();
    const int contentY = pos.y() - TimelineLayout::kRulerHeight + verticalScrollBar()->value();
    const int row = d->layout.rowAtContentY(contentY);
    if (row < 0)
        return {};
    const TimelineRow& r = d->layout.rows[static_cast<std::size_t>(row)];
    if (r.kind != TimelineRow::Kind::Thread)
        return {};
    const LaneGeometry& g = d->geometry.lane(*m_store, d->index, r.id, r.height);
    return hitLaneGeometry(g, r.id, QPointF(pos.x(), contentY - r.top));
}

void TimelineWidget::zoomIn()
{
    userZoom(kZoomStep, std::nullopt);
}

void TimelineWidget::zoomOut()
{
    userZoom(1 / kZoomStep, std::nullopt);
}

// A zoom the user asked for: following stops, the anchor (cursor or centre) keeps its place.
void TimelineWidget::userZoom(double factor, std::optional<int> anchorX)
{
    const QRect plot = plotRect();
    const TimeRange r = m_state->range();
    const std::int64_t anchor = anchorX ? xToTime(*anchorX, r, plot.left(), plot.width()) : r.from + r.duration() / 2;
    m_state->setFollowLive(false);
    m_state->setRange(zoomAround(r, anchor, factor));
}

void TimelineWidget::panBy(double fractionOfWidth)
{
    m_state->setFollowLive(false);
    m_state->setRange(tl::ui::panBy(m_state->range(), fractionOfWidth));
}

void TimelineWidget::fitAll()
{
    const std::int64_t end = std::max({m_store ? m_store->endTs() : 0, m_nowTs, ViewState::kMinRangeNs});
    m_state->pushZoom(framed(0, end, 0.02, ViewState::kMinRangeNs));
}

void TimelineWidget::zoomToSelection()
{
    if (!m_store)
        return;
    const auto times = selectionTimes(*m_store, m_state->selection(), m_nowTs >= 0 ? m_nowTs : m_store->endTs());
    if (!times)
        return;
    const std::int64_t eventWidth = std::max<std::int64_t>(m_state->range().duration() / 4, 10'000);
    m_state->setFollowLive(false);
    m_state->pushZoom(framed(times->from, times->to, 0.1, eventWidth));
    ensureLaneVisible(m_state->selection().lane);
}

void TimelineWidget::revealSelection()
{
    if (!m_store)
        return;
    const auto times = selectionTimes(*m_store, m_state->selection(), m_nowTs >= 0 ? m_nowTs : m_store->endTs());
    if (!times)
        return;
    const TimeRange r = m_state->range();
    if (times->from < r.from || times->to > r.to) {
        const std::int64_t centre = times->from + times->duration() / 2;
        m_state->setFollowLive(false);
        m_state->setRange({centre - r.duration() / 2, centre - r.duration() / 2 + r.duration()});
    }
    ensureLaneVisible(m_state->selection().lane);
}

void TimelineWidget::setHovered(Selection hovered)
{
    if (hovered == d->hovered)
        return;
    d->hovered = hovered;
    viewport()->update();
    emit hoveredChanged(hovered);
}

void TimelineWidget::paintEvent(QPaintEvent*)
{
    QPainter p(viewport());
    const QRect vp = viewport()->rect();
    if (!m_store) {
        p.fillRect(vp, d->theme.background);
        p.setPen(d->theme.mutedText);
        p.drawText(vp, Qt::AlignCenter, tr("No trace yet: run a scenario"));
        return;
    }
    ensureGeometry();
    const QRect plot = plotRect();
    const QRect ruler(plot.left(), 0, plot.width(), TimelineLayout::kRulerHeight);
    const QRect names(0, plot.top(), d->layout.nameWidth, plot.height());
    FrameContext ctx{p,
                     d->theme,
                     *m_store,
                     d->index,
                     d->layout,
                     d->geometry,
                     m_state->range(),
                     ruler,
                     names,
                     plot,
                     TimelineLayout::kRulerHeight - verticalScrollBar()->value(),
                     m_state->selection(),
                     d->hovered,
                     m_nowTs,
                     m_state->flowsVisible(),
                     m_state->measurement()};
    paintRows(ctx);
    paintFlows(ctx);
    paintOverlays(ctx);
    paintNames(ctx);
    paintRuler(ctx);
    if (d->legendHeight > 0)
        paintLegend(p, d->theme, QRect(0, plot.bottom() + 1, vp.width(), d->legendHeight));
}

void TimelineWidget::resizeEvent(QResizeEvent* event)
{
    QAbstractScrollArea::resizeEvent(event);
    rebuildLayout();
}

void TimelineWidget::scrollContentsBy(int, int)
{
    viewport()->update();
}

void TimelineWidget::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        d->theme = TimelineTheme::fromPalette(palette(), font());
        d->labelMetrics = QFontMetricsF(d->theme.smallFont);
        d->geometry.invalidateAll();
        rebuildLayout();
    }
    QAbstractScrollArea::changeEvent(event);
}

void TimelineWidget::wheelEvent(QWheelEvent* event)
{
    const QPoint delta = event->angleDelta();
    if (event->modifiers() & Qt::ControlModifier) {
        const int x = event->position().toPoint().x();
        const bool overPlot = x >= plotRect().left();
        userZoom(std::pow(kWheelZoom, delta.y() / 120.0), overPlot ? std::optional<int>(x) : std::nullopt);
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
        if ((pos - d->pressPos).manhattanLength() < kDragThreshold)
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
        userZoom(kZoomStep, anchor);
        break;
    case Qt::Key_S:
    case Qt::Key_Minus:
        userZoom(1 / kZoomStep, anchor);
        break;
    case Qt::Key_A:
    case Qt::Key_Left:
        panBy(-kKeyPan);
        break;
    case Qt::Key_D:
    case Qt::Key_Right:
        panBy(kKeyPan);
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
