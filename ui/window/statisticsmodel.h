#pragma once

#include "stats/statetimes.h"

#include <QAbstractTableModel>

#include <optional>
#include <vector>

namespace tl::ui {

// Where the time went, as a table: a row per thread (in the store's lane order) and a last row of totals
// ("All threads"); columns: thread, lifetime, the share of each state as a stacked bar (painted by
// StateBarDelegate), then one per state that any thread spent time in, in LaneState order. Display shows seconds;
// kSortRole gives the raw nanoseconds (the thread's name in column 0) and kTotalRole tells the totals row apart, so a
// proxy can sort numbers and keep totals last. It only shows the StateTimes it is given: computing them is the panel's
// job.
//
// Thread affinity: the GUI thread.
class StatisticsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr int kSortRole = Qt::UserRole;
    static constexpr int kTotalRole = Qt::UserRole + 1;
    static constexpr int kShareColumn = 2;
    static constexpr int kStateColumn0 = 3; // the first state column
    // A time as the table shows it: seconds to the millisecond from 1 s on, and below it in ms, µs or ns
    // (formatDuration), so that a short run reads as what it took, not as zeros; none at all is "0 s".
    static QString durationText(std::int64_t ns);

    explicit StatisticsModel(QObject* parent = nullptr);

    // Replaces the table (a model reset: the columns may change with the states).
    void setTimes(tl::stats::StateTimes times);
    const tl::stats::StateTimes& times() const { return m_times; }
    // The state a column shows, or nothing for the thread and lifetime columns.
    std::optional<tl::LaneState> stateOfColumn(int column) const;

    // A row's lifetime and its states' times, in column order: what the stacked bar draws.
    struct RowShares {
        std::int64_t lifetime = 0;
        std::vector<std::pair<tl::LaneState, std::int64_t>> parts;
    };
    RowShares rowShares(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::int64_t nanos(int row, int column) const;

    tl::stats::StateTimes m_times;
    std::vector<tl::LaneState> m_states; // the state columns
};

} // namespace tl::ui
