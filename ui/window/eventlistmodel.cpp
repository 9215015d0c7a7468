#include "window/eventlistmodel.h"

#include "trace/eventschema.h"
#include "trace/eventtext.h"
#include "trace/tracestore.h"

#include <algorithm>

#include <QColor>

namespace tl::ui {

EventListModel::EventListModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void EventListModel::setStore(const TraceStore* store)
{
    beginResetModel();
    m_store = store;
    resetRows(true);
    endResetModel();
}

void EventListModel::resetRows(bool byTime)
{
    m_rows.clear();
    m_rowOfEvent.clear();
    if (!m_store)
        return;
    if (byTime) {
        const auto ids = m_store->eventsByTime().ids();
        m_rows.assign(ids.begin(), ids.end());
    }
    m_rowOfEvent.resize(m_rows.size());
    for (std::size_t row = 0; row < m_rows.size(); ++row)
        m_rowOfEvent[m_rows[row]] = static_cast<std::uint32_t>(row);
}

void EventListModel::appendBatch(const StoreChange& change)
{
    if (change.isEmpty() || !m_store || change.firstEvent != m_rows.size())
        return;
    const auto first = static_cast<int>(m_rows.size());
    const auto count = static_cast<int>(change.endEvent - change.firstEvent);
    beginInsertRows({}, first, first + count - 1);
    for (EventId id = change.firstEvent; id < change.endEvent; ++id)
        m_rows.push_back(id);
    std::sort(m_rows.begin() + first, m_rows.end(), [this](EventId x, EventId y) {
        const Event& a = m_store->event(x);
        const Event& b = m_store->event(y);
        if (a.ts != b.ts)
            return a.ts < b.ts;
        return a.lane != b.lane ? a.lane < b.lane : x < y;
    });
    m_rowOfEvent.resize(m_rows.size());
    for (std::size_t row = static_cast<std::size_t>(first); row < m_rows.size(); ++row)
        m_rowOfEvent[m_rows[row]] = static_cast<std::uint32_t>(row);
    endInsertRows();
}

void EventListModel::sortByTime()
{
    beginResetModel();
    resetRows(true);
    endResetModel();
}

const Event& EventListModel::eventAt(int row) const
{
    return m_store->event(idAt(row));
}

int EventListModel::rowOf(EventId id) const
{
    return id < m_rowOfEvent.size() ? static_cast<int>(m_rowOfEvent[id]) : -1;
}

int EventListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int EventListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || !m_store)
        return {};
    const Event& e = eventAt(index.row());
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case TimeColumn:
            return formatTimestamp(e.ts);
        case ThreadColumn:
            return laneLabel(*m_store, e.lane);
        case EventColumn:
            return eventName(e.kind);
        case DetailsColumn: {
            const QString details = eventDetails(*m_store, e);
            if (role == Qt::ToolTipRole && e.line != 0)
                return QStringLiteral("%1\nlisting line %2").arg(details).arg(e.line);
            return details;
        }
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() == TimeColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    // A colour that reads on light and dark; the stop's KeyboardInterrupt is no failure of the program's.
    if (role == Qt::ForegroundRole && e.kind == EventKind::Error && !flagSet(e, FlagRole::ByStop))
        return QColor(0xd5, 0x5e, 0x00);
    return {};
}

QVariant EventListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case ThreadColumn:
        return tr("Thread");
    case EventColumn:
        return tr("Event");
    case DetailsColumn:
        return tr("Details");
    default:
        return {};
    }
}

} // namespace tl::ui
