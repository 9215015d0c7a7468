#include "window/statisticsmodel.h"

#include "trace/eventtext.h"
#include "trace/lanestate.h"

namespace tl::ui {

StatisticsModel::StatisticsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void StatisticsModel::setTimes(stats::StateTimes times)
{
    beginResetModel();
    m_times = std::move(times);
    m_states.clear();
    for (std::size_t s = 0; s < stats::kStateCount; ++s) {
        if (m_times.totals[s] != 0)
            m_states.push_back(static_cast<LaneState>(s));
    }
    endResetModel();
}

std::optional<LaneState> StatisticsModel::stateOfColumn(int column) const
{
    const int i = column - kStateColumn0;
    if (i < 0 || i >= static_cast<int>(m_states.size()))
        return std::nullopt;
    return m_states[static_cast<std::size_t>(i)];
}

StatisticsModel::RowShares StatisticsModel::rowShares(int row) const
{
    RowShares shares;
    if (row < 0 || row >= rowCount())
        return shares;
    shares.lifetime = nanos(row, 1);
    for (int column = kStateColumn0; column < columnCount(); ++column)
        shares.parts.emplace_back(*stateOfColumn(column), nanos(row, column));
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
    return parent.isValid() ? 0 : kStateColumn0 + static_cast<int>(m_states.size());
}

std::int64_t StatisticsModel::nanos(int row, int column) const
{
    const bool total = row == static_cast<int>(m_times.threads.size());
    if (column == 1)
        return total ? m_times.totalLifetime : m_times.threads[static_cast<std::size_t>(row)].lifetime;
    const auto state = static_cast<std::size_t>(*stateOfColumn(column));
    return total ? m_times.totals[state] : m_times.threads[static_cast<std::size_t>(row)].ns[state];
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
        for (const auto& [state, ns] : shares.parts)
            parts << QStringLiteral("%1 %2%")
                         .arg(stateLabel(state))
                         .arg(100.0 * double(ns) / double(shares.lifetime), 0, 'f', 1);
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
        return lifetime > 0 ? tr("%1 s, %2% of the lifetime")
                                  .arg(double(ns) / 1e9, 0, 'f', 6)
                                  .arg(100.0 * double(ns) / double(lifetime), 0, 'f', 1)
                            : QVariant();
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
    if (section == 1)
        return tr("Lifetime");
    if (section == kShareColumn)
        return tr("Share");
    const std::optional<LaneState> state = stateOfColumn(section);
    return state ? stateLabel(*state) : QVariant();
}

QString StatisticsModel::durationText(std::int64_t ns)
{
    return ns == 0 ? QStringLiteral("0 s") : formatDuration(ns);
}

} // namespace tl::ui
