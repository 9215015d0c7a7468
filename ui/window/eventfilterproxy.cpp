#include "window/eventfilterproxy.h"

#include "window/eventlistmodel.h"

namespace tl::ui {

EventFilterProxy::EventFilterProxy(EventListModel* source, QObject* parent)
    : QSortFilterProxyModel(parent)
    , m_events(source)
{
    setSourceModel(source);
}

void EventFilterProxy::setLaneFilter(std::optional<LaneId> lane)
{
    if (lane == m_lane)
        return;
    m_lane = lane;
    invalidateRowsFilter();
}

void EventFilterProxy::setKindFilter(std::optional<EventKind> kind)
{
    if (kind == m_kind)
        return;
    m_kind = kind;
    invalidateRowsFilter();
}

bool EventFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (sourceParent.isValid())
        return false;
    const Event& e = m_events->eventAt(sourceRow);
    return (!m_lane || e.lane == *m_lane) && (!m_kind || e.kind == *m_kind);
}

} // namespace tl::ui
