#include "timeline/timelinewidget.h"

#include "timeline/lanearrangement.h"
#include "timeline/timelinecoordinates.h"
#include "timeline/timelinedescribe.h"
#include "timeline/timelinepainters.h"
#include "timeline/timelinewidget_p.h"
#include "trace/tracestore.h"

#include <QEvent>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>
#include <cmath>
#include <utility>

namespace tl::ui {

TimelineWidget::TimelineWidget(ViewState* state, LaneArrangement* arrangement, QWidget* parent)
    : QAbstractScrollArea(parent)
    , d(std::make_unique<Private>())
    , m_state(state)
    , m_arrangement(arrangement ? arrangement : new LaneArrangement(this))
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
    connect(m_state, &ViewState::playheadChanged, this, repaint);
    connect(m_arrangement, &LaneArrangement::changed, this, [this] {
        d->geometry.invalidateAll(); // the row height may have changed
        rebuildLayout();
    });
    connect(m_state, &ViewState::followLiveChanged, this, [this](bool on) {
        if (on)
            follow();
    });
}

TimelineWidget::~TimelineWidget() = default;

void TimelineWidget::setStore(const TraceStore* store)
{
    m_store = store;
    d->legend.forget();
    d->index.clear();
    d->nameWidths.clear();
    d->geometry.invalidateAll();
    d->hovered = {};
    d->drag = Private::Drag::None;
    if (m_store)
        d->index.reset(*m_store);
    rebuildLayout();
    emit traceChanged();
}

void TimelineWidget::notifyStoreChanged(const StoreChange& change)
{
    if (!m_store || change.isEmpty())
        return;
    d->index.apply(*m_store, change);
    d->geometry.invalidateLanes(change.lanes);
    if (change.depthsChanged || change.queueInfoChanged || change.semaphoresChanged || change.locksChanged ||
        change.countersChanged)
        d->geometry.invalidateCounters();
    // New lanes, queues, semaphores or locks, late names and start times move rows, and so may a legend that lists a
    // state or marker the run shows for the first time; otherwise the layout stands.
    const std::uint64_t legendMade = d->legend.generation();
    legend();
    if (change.laneInfoChanged || change.queueInfoChanged || !d->layout.matches(*m_store) ||
        d->legend.generation() != legendMade)
        rebuildLayout();
    else
        viewport()->update();
    if (m_state->followLive())
        follow();
    emit traceChanged();
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

void TimelineWidget::setLegendVisible(bool visible)
{
    if (visible == m_legendVisible)
        return;
    m_legendVisible = visible;
    rebuildLayout();
}

void TimelineWidget::setMinimumNameWidth(int pixels)
{
    if (std::exchange(m_minNameWidth, pixels) == pixels)
        return;
    rebuildLayout();
}

int TimelineWidget::naturalNameWidth() const
{
    return d->layout.naturalNameWidth;
}

void TimelineWidget::setLegendAlike(const TimelineWidget* runA)
{
    if (m_legendAlike)
        disconnect(m_legendAlike, &TimelineWidget::traceChanged, this, nullptr);
    m_legendAlike = runA;
    if (runA)
        connect(runA, &TimelineWidget::traceChanged, this, &TimelineWidget::followLegendAlike);
    rebuildLayout();
}

// A's colours, and so the names this legend lists and its height, may have changed (another trace as A, or more of
// it): laid out and painted again if the legend was made again, as nothing of B's own would.
void TimelineWidget::followLegendAlike()
{
    const std::uint64_t made = d->legend.generation();
    legend();
    if (d->legend.generation() != made)
        rebuildLayout();
}

const Legend& TimelineWidget::legend() const
{
    return d->legend.legend(m_store, alikeLegend());
}

const Legend* TimelineWidget::alikeLegend() const
{
    return m_legendAlike ? &m_legendAlike->legend() : nullptr;
}

QStringList TimelineWidget::legendTexts() const
{
    return ui::legendTexts(legend());
}

void TimelineWidget::rebuildLayout()
{
    LayoutOverrides overrides;
    overrides.minNameWidth = m_minNameWidth;
    d->layout = m_store ? TimelineLayout::build(*m_store, *m_arrangement, QFontMetrics(d->theme.boldFont),
                                                &d->nameWidths, overrides)
                        : TimelineLayout();
    if (std::exchange(m_naturalNameWidth, d->layout.naturalNameWidth) != d->layout.naturalNameWidth)
        emit naturalNameWidthChanged(d->layout.naturalNameWidth);
    // Group rows are indexes into the layout's groups, which a rebuild may renumber.
    d->geometry.invalidateGroups();
    d->legendHeight = m_legendVisible ? legendHeight(d->theme, viewport()->width(), legend()) : 0;
    // A short timeline keeps its room for lanes: the legend goes first.
    if (viewport()->height() < TimelineLayout::kRulerHeight + d->legendHeight + 3 * m_arrangement->laneHeight())
        d->legendHeight = 0;
    if (m_arrangement->fitsToHeight() && m_store && !d->fitting) {
        // A short run's lanes grow to fill the plot (never below the default height); the arrangement's
        // change rebuilds the layout once more at that height.
        const int fitted =
            d->layout.fittingLaneHeight(plotRect().height(), m_arrangement->fitMinimum(), m_arrangement->fitMaximum());
        if (fitted != m_arrangement->laneHeight()) {
            d->fitting = true;
            m_arrangement->setFittedLaneHeight(fitted);
            d->fitting = false;
            return;
        }
    }
    const int visible = plotRect().height();
    verticalScrollBar()->setRange(0, std::max(0, d->layout.contentHeight - visible));
    verticalScrollBar()->setPageStep(std::max(1, visible - d->layout.pinnedHeight));
    verticalScrollBar()->setSingleStep(m_arrangement->laneHeight());
    viewport()->update();
}

int TimelineWidget::rowTopInViewport(const TimelineRow& row) const
{
    return TimelineLayout::kRulerHeight + row.top - (row.pinned ? 0 : verticalScrollBar()->value());
}

int TimelineWidget::rowIndexAt(int viewportY) const
{
    const int plotY = viewportY - TimelineLayout::kRulerHeight;
    if (plotY < 0)
        return -1;
    // The pinned section covers the rows scrolled under it.
    if (plotY < d->layout.pinnedHeight) {
        const int row = d->layout.rowAtContentY(plotY);
        return row >= 0 && d->layout.rows[static_cast<std::size_t>(row)].pinned ? row : -1;
    }
    return d->layout.rowAtContentY(plotY + verticalScrollBar()->value());
}

void TimelineWidget::ensureGeometry() const
{
    const QRect plot = plotRect();
    // Open spans reach "now", or the latest event if that is later (the clock and the events race).
    const std::int64_t openEnd = std::max(m_nowTs, m_store ? m_store->endTs() : 0);
    d->geometry.setParams({m_state->range(), double(plot.left()), double(plot.width()), openEnd, &d->labelMetrics});
}

QRect TimelineWidget::plotRect() const
{
    const QRect vp = viewport()->rect();
    return QRect(d->layout.nameWidth, TimelineLayout::kRulerHeight, std::max(0, vp.width() - d->layout.nameWidth),
                 std::max(0, vp.height() - TimelineLayout::kRulerHeight - d->legendHeight));
}

void TimelineWidget::fitLanesToHeight()
{
    m_arrangement->setLaneHeight(d->layout.fittingLaneHeight(plotRect().height(), LaneArrangement::kMinLaneHeight,
                                                             LaneArrangement::kMaxLaneHeight));
}

std::size_t TimelineWidget::laneGeometryBuilds() const
{
    return d->geometry.laneBuilds();
}

QRect TimelineWidget::laneRect(LaneId lane) const
{
    const int row = d->layout.rowIndexOfLane(lane);
    if (row < 0)
        return {};
    const TimelineRow& r = d->layout.rows[static_cast<std::size_t>(row)];
    return QRect(0, rowTopInViewport(r), viewport()->width(), r.height);
}

QRect TimelineWidget::counterRect(std::size_t index) const
{
    for (const TimelineRow& r : d->layout.rows) {
        if (r.kind == TimelineRow::Kind::Counter && r.id == index)
            return QRect(0, rowTopInViewport(r), viewport()->width(), r.height);
    }
    return {};
}

void TimelineWidget::ensureLaneVisible(LaneId lane)
{
    // A lane in a collapsed group, or hidden: show it first.
    if (lane < d->layout.groupOfLane.size() && d->layout.groupOfLane[lane] >= 0) {
        const LaneGroup& group = d->layout.groups[static_cast<std::size_t>(d->layout.groupOfLane[lane])];
        if (group.collapsed)
            m_arrangement->setGroupCollapsed(group.role, false);
    }
    if (m_arrangement->isHidden(lane))
        m_arrangement->setHidden(lane, false);
    const QRect r = laneRect(lane);
    const QRect plot = plotRect();
    const int row = d->layout.rowIndexOfLane(lane);
    if (r.isEmpty() || row < 0 || d->layout.rows[static_cast<std::size_t>(row)].pinned ||
        (r.top() >= plot.top() + d->layout.pinnedHeight && r.bottom() <= plot.bottom()))
        return;
    auto* bar = verticalScrollBar();
    bar->setValue(bar->value() + r.center().y() - plot.center().y());
}

Selection TimelineWidget::hitTest(const QPoint& pos) const
{
    if (!m_store || !plotRect().contains(pos))
        return {};
    ensureGeometry();
    const int row = rowIndexAt(pos.y());
    if (row < 0)
        return {};
    const TimelineRow& r = d->layout.rows[static_cast<std::size_t>(row)];
    if (r.kind == TimelineRow::Kind::Counter)
        return hitCounterGeometry(d->geometry.counter(*m_store, r.id, r.height),
                                  QPointF(pos.x(), pos.y() - rowTopInViewport(r)));
    if (r.kind != TimelineRow::Kind::Thread)
        return {};
    const LaneGeometry& g = d->geometry.lane(*m_store, d->index, r.id, r.height);
    return hitLaneGeometry(g, m_store->lane(r.id), QPointF(pos.x(), pos.y() - rowTopInViewport(r)), r.height);
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
                     verticalScrollBar()->value(),
                     m_state->selection(),
                     d->hovered,
                     m_nowTs,
                     m_state->flowsVisible(),
                     m_state->measurement(),
                     m_state->playhead()};
    ctx.sliceColours = d->legend.sliceColours(m_store, alikeLegend());
    paintRows(ctx);
    paintFlows(ctx);
    paintCallouts(ctx);
    paintNames(ctx);
    paintRuler(ctx);
    paintOverlays(ctx);
    if (d->legendHeight > 0)
        paintLegend(p, d->theme, QRect(0, plot.bottom() + 1, vp.width(), d->legendHeight), legend());
}

void TimelineWidget::resizeEvent(QResizeEvent* event)
{
    QAbstractScrollArea::resizeEvent(event);
    rebuildLayout();
}

int TimelineWidget::rowsScroll() const
{
    return verticalScrollBar()->value();
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
        d->nameWidths.clear();
        d->geometry.invalidateAll();
        rebuildLayout();
    }
    QAbstractScrollArea::changeEvent(event);
}

} // namespace tl::ui
