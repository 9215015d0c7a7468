#include "timeline/lanearrangement.h"

#include <algorithm>

namespace tl::ui {

LaneArrangement::LaneArrangement(QObject* parent)
    : QObject(parent)
{
}

void LaneArrangement::reset()
{
    const bool changes = !m_pinned.isEmpty() || !m_unpinned.isEmpty() || !m_hidden.isEmpty() ||
                         !m_collapsed.isEmpty() || !m_expanded.isEmpty();
    m_pinned.clear();
    m_unpinned.clear();
    m_hidden.clear();
    m_collapsed.clear();
    m_expanded.clear();
    if (changes)
        emit changed();
}

void LaneArrangement::setLaneHeight(int pixels)
{
    const int height = std::clamp(pixels, kMinLaneHeight, kMaxLaneHeight);
    if (height == m_laneHeight && !m_fit)
        return;
    m_fit = false;
    m_laneHeight = height;
    emit changed();
}

void LaneArrangement::setFitsToHeight(bool fit)
{
    if (fit == m_fit)
        return;
    m_fit = fit;
    emit changed();
}

void LaneArrangement::setFittedLaneHeight(int pixels)
{
    const int height = std::clamp(pixels, kMinLaneHeight, kMaxPresentedLaneHeight);
    if (height == m_laneHeight)
        return;
    m_laneHeight = height;
    emit changed();
}

void LaneArrangement::setFitRange(int minimum, int maximum)
{
    const int low = std::clamp(minimum, kMinLaneHeight, kMaxPresentedLaneHeight);
    const int high = std::clamp(maximum, low, kMaxPresentedLaneHeight);
    if (low == m_fitMinimum && high == m_fitMaximum)
        return;
    m_fitMinimum = low;
    m_fitMaximum = high;
    emit changed();
}

bool LaneArrangement::isPinned(LaneId lane) const
{
    // MainThread (lane 0) is pinned unless the user unpinned it.
    return m_pinned.contains(lane) || (lane == 0 && !m_unpinned.contains(lane));
}

void LaneArrangement::setPinned(LaneId lane, bool pinned)
{
    if (isPinned(lane) == pinned)
        return;
    if (pinned) {
        m_pinned.insert(lane);
        m_unpinned.remove(lane);
    } else {
        m_pinned.remove(lane);
        if (lane == 0)
            m_unpinned.insert(lane);
    }
    emit changed();
}

void LaneArrangement::setHidden(LaneId lane, bool hidden)
{
    if (isHidden(lane) == hidden)
        return;
    if (hidden)
        m_hidden.insert(lane);
    else
        m_hidden.remove(lane);
    emit changed();
}

void LaneArrangement::showAll()
{
    if (m_hidden.isEmpty())
        return;
    m_hidden.clear();
    emit changed();
}

bool LaneArrangement::isGroupCollapsed(const QString& role, int size) const
{
    if (m_collapsed.contains(role))
        return true;
    if (m_expanded.contains(role))
        return false;
    return size >= kCollapseAt;
}

void LaneArrangement::setGroupCollapsed(const QString& role, bool collapsed)
{
    if (collapsed ? m_collapsed.contains(role) : m_expanded.contains(role))
        return;
    if (collapsed) {
        m_collapsed.insert(role);
        m_expanded.remove(role);
    } else {
        m_expanded.insert(role);
        m_collapsed.remove(role);
    }
    emit changed();
}

void LaneArrangement::setFilter(const QString& filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    emit changed();
}

} // namespace tl::ui
