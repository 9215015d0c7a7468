#pragma once

#include "stats/statetimes.h"
#include "timeline/legendcache.h"

#include <QWidget>

class QLabel;
class QTableView;
class QTimer;
class QSortFilterProxyModel;

namespace tl {
class TraceStore;
}

namespace tl::ui {

class StateBarDelegate;
class StatisticsModel;
class ViewState;

// The Statistics panel: where the time went, for the whole run or for the ruler measurement when there is
// one. A sortable table of thread x state seconds with the totals row kept last, a line saying which range
// it covers, and Copy as CSV (the same CSV as `threadline --stats`). While a run grows, it recomputes at
// most every kRefreshMs (one coalesced timer), never once per batch.
//
// Thread affinity: the GUI thread.
class StatisticsPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kRefreshMs = 250;

    explicit StatisticsPanel(ViewState* state, QWidget* parent = nullptr);

    void setStore(const tl::TraceStore* store);
    // The store grew: recompute soon (coalesced).
    void storeChanged();
    // The live run's clock (-1 when no run is live): the whole run and open spans reach it, so the table
    // grows while every thread sleeps and no event comes (recomputed soon, coalesced).
    void setNowTs(std::int64_t nowTs);
    // Recompute now (the run ended, a test).
    void refresh();
    // The table as CSV: thread,state,seconds,share, or by slice name for another tool's trace
    // (tl::stats::stateTimesCsv).
    QString csv() const;
    void copyCsv() const;

    StatisticsModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QLabel* rangeLabel() const { return m_range; }

private:
    void setTimesKeepingTheSort(tl::stats::StateTimes times);

    ViewState* m_state;
    const tl::TraceStore* m_store = nullptr;
    std::int64_t m_nowTs = -1;
    StatisticsModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_table;
    StateBarDelegate* m_bars;
    LegendCache m_legend; // another tool's trace: the slice names it lists and their colours
    QLabel* m_range;
    QTimer* m_refreshTimer;
};

} // namespace tl::ui
