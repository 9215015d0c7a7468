#pragma once

#include "trace/event.h"

#include <QSortFilterProxyModel>

#include <optional>

namespace tl::ui {

class EventListModel;

// Filters the event list by thread and by event kind, reading events through the typed source model
// (no QVariant per row). Appended source rows are filtered as they arrive; changing a filter refilters
// once.
//
// Thread affinity: the GUI thread.
class EventFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit EventFilterProxy(EventListModel* source, QObject* parent = nullptr);

    // nullopt shows every thread (or kind).
    void setLaneFilter(std::optional<tl::LaneId> lane);
    void setKindFilter(std::optional<tl::EventKind> kind);
    std::optional<tl::LaneId> laneFilter() const { return m_lane; }
    std::optional<tl::EventKind> kindFilter() const { return m_kind; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    EventListModel* m_events;
    std::optional<tl::LaneId> m_lane;
    std::optional<tl::EventKind> m_kind;
};

} // namespace tl::ui
