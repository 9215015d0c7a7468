#include "timeline/viewstate.h"

#include <algorithm>

namespace tl::ui {

ViewState::ViewState(QObject* parent)
    : QObject(parent)
{
}

TimeRange ViewState::clamped(TimeRange range)
{
    if (range.to < range.from)
        std::swap(range.from, range.to);
    if (range.from < 0) {
        // Keep the width: sliding back to 0 reads better than squashing the view against the start.
        range.to -= range.from;
        range.from = 0;
    }
    if (range.to - range.from < kMinRangeNs)
        range.to = range.from + kMinRangeNs;
    return range;
}

void ViewState::setRange(TimeRange range)
{
    range = clamped(range);
    if (range == m_range)
        return;
    m_range = range;
    emit rangeChanged();
}

void ViewState::pushZoom(TimeRange range)
{
    if (clamped(range) == m_range)
        return;
    m_history.push_back(m_range);
    if (m_history.size() > kMaxHistory)
        m_history.erase(m_history.begin());
    setRange(range);
}

bool ViewState::zoomBack()
{
    if (m_history.empty())
        return false;
    const TimeRange previous = m_history.back();
    m_history.pop_back();
    setRange(previous);
    return true;
}

void ViewState::setSelection(Selection selection)
{
    if (selection.kind == Selection::Kind::None)
        selection = {}; // one canonical "nothing", so clearing twice emits once
    if (selection == m_selection)
        return;
    m_selection = selection;
    emit selectionChanged();
}

void ViewState::setFollowLive(bool follow)
{
    if (follow == m_followLive)
        return;
    m_followLive = follow;
    emit followLiveChanged(follow);
}

void ViewState::setFlowsVisible(bool visible)
{
    if (visible == m_flowsVisible)
        return;
    m_flowsVisible = visible;
    emit flowsVisibleChanged(visible);
}

void ViewState::setMeasurement(std::optional<TimeRange> measurement)
{
    if (measurement && measurement->to < measurement->from)
        std::swap(measurement->from, measurement->to);
    if (measurement == m_measurement)
        return;
    m_measurement = measurement;
    emit measurementChanged();
}

void ViewState::setScrubAllowed(bool allowed)
{
    if (allowed == m_scrubAllowed)
        return;
    m_scrubAllowed = allowed;
    emit scrubAllowedChanged(allowed);
    if (!allowed)
        setPlayhead(std::nullopt);
}

void ViewState::setPlayhead(std::optional<std::int64_t> ts)
{
    if (ts && !m_scrubAllowed)
        return;
    if (ts)
        ts = std::max<std::int64_t>(0, *ts);
    if (ts == m_playhead)
        return;
    m_playhead = ts;
    emit playheadChanged();
}

} // namespace tl::ui
