#pragma once

#include "stats/statetimes.h"

#include <QAbstractTableModel>

#include <optional>
#include <vector>

namespace tl::ui {

// Where the time went, as a table: a row per thread (in the store's lane order) and a last row of totals
// ("All threads"); columns: thread, lifetime, the share of each state as a stacked bar (painted by
// StateBarDelegate), then one per state that any thread spent time in, in LaneState order. Another tool's slices are
// told by their names, as its timeline colours them: a column per name, the most time first, up to
// kSliceColumns of them and one for the others' time. Display shows seconds;
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
    static constexpr int kSliceColumns = 8; // as many slice names as the legend lists (TimelineTheme::kSliceColors)
    // A time as the table shows it: seconds to the millisecond from 1 s on, and below it in ms, µs or ns
    // (formatDuration), so that a short run reads as what it took, not as zeros; none at all is "0 s".
    static QString durationText(std::int64_t ns);

    explicit StatisticsModel(QObject* parent = nullptr);

    // Replaces the table (a model reset: the columns may change with the states).
    void setTimes(tl::stats::StateTimes times);
    const tl::stats::StateTimes& times() const { return m_times; }
    // The state a column shows (Slice for a slice name's), or nothing for the thread and lifetime columns.
    std::optional<tl::LaneState> stateOfColumn(int column) const;

    // One part of a row's time: a state's, or one slice name's (`slice`, which the trace may leave empty).
    struct Part {
        tl::LaneState state = tl::LaneState::Running;
        QString label; // as its column's header says it
        std::optional<QString> slice;
        std::int64_t ns = 0;
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
    // What a column after the share shows: a state's time, one slice name's, or (otherSlices) the other names'.
    struct Column {
        tl::LaneState state = tl::LaneState::Running;
        std::optional<tl::StringId> slice;
        QString sliceText;
        bool otherSlices = false;
        QString title;
    };
    void addSliceColumns(); // the Slice state's columns: one per name, up to kSliceColumns, then the others'
    std::int64_t nanos(int row, int column) const;
    std::int64_t columnNanos(const Column& column, const tl::stats::StateDurations& ns,
                             const tl::stats::SliceDurations& slices) const;
    const Column* columnAt(int column) const;

    tl::stats::StateTimes m_times;
    std::vector<Column> m_columns;           // after the share
    tl::stats::SliceDurations m_sliceTotals; // every thread's slices' time by name
};

} // namespace tl::ui
