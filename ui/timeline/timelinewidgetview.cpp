#include "timeline/timelinewidget.h"

#include "timeline/timelinecoordinates.h"
#include "timeline/timelinedescribe.h"
#include "timeline/timelinewidget_p.h"
#include "trace/tracestore.h"

#include <algorithm>
#include <cmath>

// TimelineWidget's view of time: where it looks (follow the live edge, zoom, pan, fit the run, go to the
// selection). The state and painting half is timelinewidget.cpp, the input half timelinewidgetinput.cpp.
namespace tl::ui {

void TimelineWidget::follow()
{
    const TimeRange r = m_state->range();
    if (d->fittedLive == r) {
        m_state->setRange(wholeRun());
        d->fittedLive = m_state->range();
        return;
    }
    const std::int64_t now = m_nowTs >= 0 ? m_nowTs : (m_store ? m_store->endTs() : 0);
    const auto width = r.duration();
    const std::int64_t from = std::max<std::int64_t>(0, now - std::llround(width * Private::kFollowAt));
    m_state->setRange({from, from + width});
}

void TimelineWidget::zoomIn()
{
    userZoom(Private::kZoomStep, std::nullopt);
}

void TimelineWidget::zoomOut()
{
    userZoom(1 / Private::kZoomStep, std::nullopt);
}

// A zoom the user asked for: following stops, the anchor (cursor or centre) keeps its place. Zooming out stops at
// widestRange(): past it the run is a sliver, and the range grew without bound until it wrapped round to microseconds.
void TimelineWidget::userZoom(double factor, std::optional<int> anchorX)
{
    const QRect plot = plotRect();
    const TimeRange r = m_state->range();
    const std::int64_t anchor = anchorX ? xToTime(*anchorX, r, plot.left(), plot.width()) : r.from + r.duration() / 2;
    if (factor < 1)
        factor =
            std::min(1.0, std::max(factor, static_cast<double>(r.duration()) / static_cast<double>(widestRange())));
    m_state->setFollowLive(false);
    m_state->setRange(zoomAround(r, anchor, factor));
}

std::int64_t TimelineWidget::widestRange() const
{
    const std::int64_t end = std::max({m_store ? m_store->endTs() : 0, m_nowTs, ViewState::kMinRangeNs});
    return std::max(kWidestRuns * end, kWidestFloorNs);
}

void TimelineWidget::panBy(double fractionOfWidth)
{
    m_state->setFollowLive(false);
    m_state->setRange(tl::ui::panBy(m_state->range(), fractionOfWidth));
}

TimeRange TimelineWidget::wholeRun() const
{
    const std::int64_t end = std::max({m_store ? m_store->endTs() : 0, m_nowTs, ViewState::kMinRangeNs});
    return framed(0, end, Private::kFitMargin, ViewState::kMinRangeNs);
}

void TimelineWidget::fitAll()
{
    m_state->pushZoom(wholeRun());
    d->fittedLive.reset();
    if (m_state->followLive())
        d->fittedLive = m_state->range(); // a live run stays whole as it grows (follow)
}

std::optional<TimeRange> TimelineWidget::selectedTimes() const
{
    if (!m_store)
        return std::nullopt;
    return selectionTimes(*m_store, m_state->selection(), std::max(m_nowTs, m_store->endTs()));
}

void TimelineWidget::zoomToSelection()
{
    const std::optional<TimeRange> times = selectedTimes();
    if (!times)
        return;
    const std::int64_t eventWidth = std::max<std::int64_t>(m_state->range().duration() / 4, 10'000);
    m_state->setFollowLive(false);
    m_state->pushZoom(framed(times->from, times->to, 0.1, eventWidth));
    ensureLaneVisible(m_state->selection().lane);
}

void TimelineWidget::revealSelection()
{
    const std::optional<TimeRange> times = selectedTimes();
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

} // namespace tl::ui
