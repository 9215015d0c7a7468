#pragma once

#include "trace/event.h"

#include <QAbstractTableModel>

#include <vector>

namespace tl {
class TraceStore;
struct StoreChange;
} // namespace tl

namespace tl::ui {

// The events of one store as a table (time, thread, event, details), for the event list.
//
// Rows hold event ids, never copies of events. While a run is live, rows are appended a drained batch at
// a time (one beginInsertRows() per batch, never one per event), each batch sorted by (ts, lane, id), so
// rows never move under the user; sortByTime() then orders the finished run as a whole. The row of an
// event is one lookup (rowOf), since every event of the store has a row.
//
// Invariants: rowCount() equals the store's event count since the last setStore() or sortByTime();
// rowOf(idAt(r)) == r for every row.
//
// Thread affinity: the GUI thread. The store must outlive the model's use of it (setStore(nullptr) first).
class EventListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, ThreadColumn, EventColumn, DetailsColumn, ColumnCount };

    explicit EventListModel(QObject* parent = nullptr);

    // Resets the model to `store`'s events (all of them, in time order: a store may arrive already filled).
    void setStore(const tl::TraceStore* store);
    const tl::TraceStore* store() const { return m_store; }
    // Appends the batch the store reported in `change`.
    void appendBatch(const tl::StoreChange& change);
    // Puts every row in time order (a reset): for a run that has finished.
    void sortByTime();

    tl::EventId idAt(int row) const { return m_rows[static_cast<std::size_t>(row)]; }
    const tl::Event& eventAt(int row) const;
    // The row holding event `id`, or -1.
    int rowOf(tl::EventId id) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void resetRows(bool byTime);

    const tl::TraceStore* m_store = nullptr;
    std::vector<tl::EventId> m_rows;         // row -> event id
    std::vector<std::uint32_t> m_rowOfEvent; // event id -> row
};

} // namespace tl::ui
