#pragma once

#include "stats/statetimes.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <optional>
#include <vector>

namespace tl::ui {

// Where the time went, as a table: a row per thread (in the store's lane order) and a last row of totals
// ("All threads"); columns: thread, lifetime, the share of each state as a stacked bar (painted by
// StateBarDelegate), then one per state that any thread spent time in, in LaneState order. Another tool's trace
// (StateTimes::bySlice) is told by its slices' names, as its timeline colours them: "In slices" for the time they
// cover, a column per name its legend lists (setListedSlices) and one for the other names' time. Display shows seconds;
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

    // The slice names another tool's trace lists in its legend, in its order: each has a column of its own, from the
    // next setTimes(). None: the names with the most time, as many as the legend would list.
    void setListedSlices(QStringList names) { m_listedSlices = std::move(names); }
    // Replaces the table (a model reset: the columns may change with the states).
    void setTimes(tl::stats::StateTimes times);
    const tl::stats::StateTimes& times() const { return m_times; }
    // What a column shows, as a key that another range's table gives the same column ("N other names" changes its
    // header with N; a slice may be named "Thread"): for the sort to stay on it. Empty past the last column.
    QString columnKey(int column) const;
    // The state a column shows (Slice for a slice name's), or nothing for the thread and lifetime columns.
    std::optional<tl::LaneState> stateOfColumn(int column) const;

    // One part of a row's time: a state's, one listed slice name's (`slice`, which the trace may leave empty), or
    // the other slice names' together (Slice state, no `slice`).
    struct Part {
        tl::LaneState state = tl::LaneState::Running;
        QString label; // as its column's header says it
        std::optional<QString> slice;
        std::int64_t ns = 0;
        bool otherSlices = false; // the names the legend does not list, together
    };
    // A row's lifetime and its states' times, in column order: what the stacked bar draws.
    struct RowShares {
        std::int64_t lifetime = 0;
        std::vector<Part> parts;
    };
    RowShares rowShares(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    // What a column after the share shows: a state's time, one slice name's, or the other names'.
    struct Column {
        enum class Kind { State, SliceName, OtherSlices } kind = Kind::State;
        tl::LaneState state = tl::LaneState::Running;
        tl::StringId slice = 0; // a SliceName's
        QString sliceText;      // a SliceName's name as the trace has it
        QString title;
    };
    void addSliceColumns(); // the Slice state's columns: the listed names', then the others'
    std::int64_t nanos(int row, int column) const;
    std::int64_t columnNanos(const Column& column, const tl::stats::StateDurations& ns,
                             const tl::stats::SliceDurations& slices) const;
    const Column* columnAt(int column) const;

    tl::stats::StateTimes m_times;
    QStringList m_listedSlices;
    std::vector<Column> m_columns;           // after the share
    tl::stats::SliceDurations m_sliceTotals; // every thread's slices' time by name
};

} // namespace tl::ui
