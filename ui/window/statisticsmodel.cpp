#include "window/statisticsmodel.h"

#include "timeline/timelinetheme.h"
#include "trace/eventtext.h"
#include "trace/lanestate.h"

#include <algorithm>

namespace tl::ui {

StatisticsModel::StatisticsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void StatisticsModel::setTimes(stats::StateTimes times)
{
    beginResetModel();
    m_times = std::move(times);
    m_columns.clear();
    m_sliceTotals.clear();
    for (const stats::SliceTotal& slice : m_times.slices)
        m_sliceTotals.insert(slice.name, slice.ns);
    for (std::size_t s = 0; s < stats::kStateCount; ++s) {
        const auto state = static_cast<LaneState>(s);
        if (m_times.totals[s] == 0)
            continue;
        if (state == LaneState::Slice && m_times.bySlice)
            addSliceColumns();
        else
            m_columns.push_back({Column::Kind::State, state, 0, {}, stateLabel(state)});
    }
    endResetModel();
}

void StatisticsModel::addSliceColumns()
{
    QStringList listed = m_listedSlices;
    if (listed.isEmpty()) {
        for (std::size_t i = 0; i < std::min<std::size_t>(m_times.slices.size(), TimelineTheme::kSliceColors); ++i)
            listed << m_times.slices[i].text;
    }
    std::size_t others = 0;
    // A slot per listed name, in the legend's order; one left a State column (the default) has no time here.
    std::vector<Column> named(static_cast<std::size_t>(listed.size()));
    for (const stats::SliceTotal& slice : m_times.slices) {
        const qsizetype at = listed.indexOf(slice.text);
        if (at < 0) {
            ++others;
            continue;
        }
        named[static_cast<std::size_t>(at)] = {Column::Kind::SliceName, LaneState::Slice, slice.name, slice.text,
                                               sliceLabel(slice.text)};
    }
    for (Column& column : named) {
        if (column.kind == Column::Kind::SliceName) // a listed name with time in the range
            m_columns.push_back(std::move(column));
    }
    if (others > 0)
        m_columns.push_back({Column::Kind::OtherSlices,
                             LaneState::Slice,
                             0,
                             {},
                             others == 1 ? tr("1 other name") : tr("%1 other names").arg(others)});
}

const StatisticsModel::Column* StatisticsModel::columnAt(int column) const
{
    const int i = column - kStateColumn0;
    return i >= 0 && i < static_cast<int>(m_columns.size()) ? &m_columns[static_cast<std::size_t>(i)] : nullptr;
}

QString StatisticsModel::columnKey(int column) const
{
    if (column < kStateColumn0)
        return QString::number(column);
    const Column* c = columnAt(column);
    if (!c)
        return {};
    switch (c->kind) {
    case Column::Kind::SliceName:
        return QStringLiteral("slice:") + c->sliceText;
    case Column::Kind::OtherSlices:
        return QStringLiteral("other slices");
    case Column::Kind::State:
        break;
    }
    return QStringLiteral("state:%1").arg(static_cast<int>(c->state));
}

std::optional<LaneState> StatisticsModel::stateOfColumn(int column) const
{
    const Column* c = columnAt(column);
    return c ? std::optional<LaneState>(c->state) : std::nullopt;
}

StatisticsModel::RowShares StatisticsModel::rowShares(int row) const
{
    RowShares shares;
    if (row < 0 || row >= rowCount())
        return shares;
    shares.lifetime = nanos(row, 1);
    for (int column = kStateColumn0; column < columnCount(); ++column) {
        const Column& c = *columnAt(column);
        const bool named = c.kind == Column::Kind::SliceName;
        shares.parts.push_back({c.state, c.title, named ? std::optional<QString>(c.sliceText) : std::nullopt,
                                nanos(row, column), c.kind == Column::Kind::OtherSlices});
    }
    return shares;
}

int StatisticsModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() || m_times.threads.empty())
        return 0;
    return static_cast<int>(m_times.threads.size()) + 1;
}

int StatisticsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : kStateColumn0 + static_cast<int>(m_columns.size());
}

std::int64_t StatisticsModel::nanos(int row, int column) const
{
    const bool total = row == static_cast<int>(m_times.threads.size());
    if (column == 1)
        return total ? m_times.totalLifetime : m_times.threads[static_cast<std::size_t>(row)].lifetime;
    if (total)
        return columnNanos(*columnAt(column), m_times.totals, m_sliceTotals);
    const stats::ThreadStateTimes& thread = m_times.threads[static_cast<std::size_t>(row)];
    return columnNanos(*columnAt(column), thread.ns, thread.slices);
}

std::int64_t StatisticsModel::columnNanos(const Column& column, const stats::StateDurations& ns,
                                          const stats::SliceDurations& slices) const
{
    if (column.kind == Column::Kind::SliceName)
        return slices.value(column.slice);
    std::int64_t time = ns[static_cast<std::size_t>(column.state)];
    if (column.kind == Column::Kind::OtherSlices) { // the state's time less the listed names'
        for (const Column& named : m_columns) {
            if (named.kind == Column::Kind::SliceName)
                time -= slices.value(named.slice);
        }
    }
    return time;
}

QVariant StatisticsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const int row = index.row();
    const bool total = row == static_cast<int>(m_times.threads.size());
    if (role == kTotalRole)
        return total;
    if (index.column() == 0) {
        const QString name = total ? tr("All threads") : m_times.threads[static_cast<std::size_t>(row)].name;
        if (role == Qt::DisplayRole || role == kSortRole)
            return name;
        return {};
    }
    if (index.column() == kShareColumn) {
        const RowShares shares = rowShares(row);
        if (role == kSortRole)
            return qint64(shares.lifetime);
        if (role != Qt::ToolTipRole || shares.lifetime <= 0)
            return {};
        QStringList parts;
        for (const Part& part : shares.parts)
            parts << QStringLiteral("%1 %2%")
                         .arg(part.label)
                         .arg(100.0 * double(part.ns) / double(shares.lifetime), 0, 'f', 1);
        return parts.join(QStringLiteral(", "));
    }
    const std::int64_t ns = nanos(row, index.column());
    const std::int64_t lifetime = nanos(row, 1);
    switch (role) {
    case Qt::DisplayRole:
        return durationText(ns);
    case kSortRole:
        return qint64(ns);
    case Qt::ToolTipRole:
        if (lifetime <= 0)
            return {};
        return (m_times.bySlice ? tr("%1 s, %2% of the time in slices") : tr("%1 s, %2% of the lifetime"))
            .arg(double(ns) / 1e9, 0, 'f', 6)
            .arg(100.0 * double(ns) / double(lifetime), 0, 'f', 1);
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant StatisticsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    if (section == 0)
        return tr("Thread");
    if (section == 1) // another tool's trace tells no thread's life, only the time its slices cover
        return m_times.bySlice ? tr("In slices") : tr("Lifetime");
    if (section == kShareColumn)
        return tr("Share");
    const Column* column = columnAt(section);
    return column ? column->title : QVariant();
}

QString StatisticsModel::durationText(std::int64_t ns)
{
    return ns == 0 ? QStringLiteral("0 s") : formatDuration(ns);
}

} // namespace tl::ui
