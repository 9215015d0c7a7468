#pragma once

#include "trace/event.h"

#include <QWidget>

#include <span>

class QComboBox;
class QTableView;

namespace tl {
class TraceStore;
struct StoreChange;
} // namespace tl

namespace tl::ui {

class EventFilterProxy;
class EventListModel;
class ScrollFollower;
class ViewState;

// The event list: a table of every event (time, thread, event, details) with a thread filter and a kind
// filter. Its selection and the timeline's stay in sync through the shared ViewState: picking a row
// selects that event (and eventPicked() asks the window to centre it); a selection made elsewhere
// selects and reveals the matching row (for a span, the event that opened it).
//
// Thread affinity: the GUI thread.
class EventListPanel : public QWidget {
    Q_OBJECT
public:
    explicit EventListPanel(ViewState* state, QWidget* parent = nullptr);

    void setStore(const tl::TraceStore* store);
    void appendBatch(const tl::StoreChange& change);
    // The run has finished: its rows go into time order as a whole.
    void finish();
    // Lists `lane`'s events only (the thread filter).
    void showLane(tl::LaneId lane);

    EventListModel* model() const { return m_model; }
    EventFilterProxy* proxy() const { return m_proxy; }
    QTableView* table() const { return m_table; }
    QComboBox* threadFilter() const { return m_threadFilter; }
    QComboBox* kindFilter() const { return m_kindFilter; }

signals:
    // The user picked a row; the ViewState selection already points at its event.
    void eventPicked();

private:
    void refreshThreadFilter(bool rebuild = false);
    void onCurrentRowChanged(const QModelIndex& current);
    void onSelectionChanged();
    void applyFilters();

    ViewState* m_state;
    const tl::TraceStore* m_store = nullptr;
    EventListModel* m_model;
    EventFilterProxy* m_proxy;
    QComboBox* m_threadFilter;
    QComboBox* m_kindFilter;
    QTableView* m_table;
    ScrollFollower* m_follower = nullptr;
    bool m_syncing = false; // set while this panel itself changes a selection, to break the loop
};

} // namespace tl::ui
