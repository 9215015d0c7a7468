#pragma once

#include "trace/event.h"

#include <QAbstractTableModel>

#include <span>
#include <vector>

namespace tl {
class TraceStore;
}

namespace tl::ui {

// The events of one store as a table (time, thread, event, details), for the event list.
//
// Rows are appended a drained batch at a time, with one beginInsertRows() per batch, never one per
// event; within a batch they are sorted by (ts, lane). Rows keep their own copy of each event (32 bytes),
// because a lane's event vector may have an earlier event inserted in the middle, which would shift
// indexes into it; selectionFor() finds the event's current index in its lane when asked.
//
// Invariants: rowCount() equals the number of events appended since the last setStore(); data() reads
// the store only for names, so the store must outlive the model's use of it (setStore(nullptr) first).
//
// Thread affinity: the GUI thread.
class EventListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, ThreadColumn, EventColumn, DetailsColumn, ColumnCount };

    explicit EventListModel(QObject* parent = nullptr);

    // Resets the model to `store`'s events (all of them: a store may arrive already filled).
    void setStore(const tl::TraceStore* store);
    const tl::TraceStore* store() const { return m_store; }
    // Appends a drained batch that the store has already taken.
    void appendBatch(std::span<const tl::Event> batch);

    const tl::Event& eventAt(int row) const { return m_events[static_cast<std::size_t>(row)]; }
    // The row holding exactly `event`, or -1.
    int rowOf(const tl::Event& event) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const tl::TraceStore* m_store = nullptr;
    std::vector<tl::Event> m_events;
};

} // namespace tl::ui
