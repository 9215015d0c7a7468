#pragma once

#include "stats/statecomparison.h"

#include <QWidget>

#include <vector>

class QLabel;
class QStandardItemModel;
class QTableView;

namespace tl {
class TraceStore;
}

namespace tl::ui {

// The Differences panel of a comparison: per thread name and state, the time in run A, in run B and B less
// A (stats::compareStateTimes, the same rows as `threadline A --compare B --stats`), sortable, with Copy
// as CSV. It shows the runs as they were at the last refresh(); the window refreshes it when either run is
// complete.
//
// Thread affinity: the GUI thread.
class DifferencesPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kSortRole = Qt::UserRole + 1; // raw nanoseconds (or the name) to sort by

    explicit DifferencesPanel(QWidget* parent = nullptr);

    // Recomputes from both runs; `a` or `b` null (or still live) shows why there is nothing to compare yet.
    void refresh(const tl::TraceStore* a, bool aLive, const tl::TraceStore* b, bool bLive);
    const std::vector<tl::stats::StateDifference>& rows() const { return m_rows; }
    QString csv() const;
    void copyCsv() const;
    QStandardItemModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QLabel* summaryLabel() const { return m_summary; }

private:
    void fill();
    static QString rowWords(const tl::stats::StateDifference& row); // its state, or its slice's name

    std::vector<tl::stats::StateDifference> m_rows;
    bool m_bySlice = false; // the rows compare two traces of another tool's by slice name
    QStandardItemModel* m_model;
    QTableView* m_table;
    QLabel* m_summary;
};

} // namespace tl::ui
