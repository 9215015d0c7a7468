#include "window/eventlistmodel.h"

#include "trace/eventtext.h"
#include "trace/tracestore.h"

#include <QColor>

#include <algorithm>
#include <cstring>

namespace tl::ui {

namespace {

bool sameEvent(const Event& x, const Event& y)
{
    return std::memcmp(&x, &y, sizeof(Event)) == 0;
}

bool byTimeThenLane(const Event& x, const Event& y)
{
    return x.ts != y.ts ? x.ts < y.ts : x.lane < y.lane;
}

} // namespace

EventListModel::EventListModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void EventListModel::setStore(const TraceStore* store)
{
    beginResetModel();
    m_store = store;
    m_events = store ? store->allEventsSorted() : std::vector<Event>{};
    endResetModel();
}

void EventListModel::appendBatch(std::span<const Event> batch)
{
    if (batch.empty() || !m_store)
        return;
    const auto first = static_cast<int>(m_events.size());
    beginInsertRows({}, first, first + static_cast<int>(batch.size()) - 1);
    m_events.insert(m_events.end(), batch.begin(), batch.end());
    std::stable_sort(m_events.begin() + first, m_events.end(), byTimeThenLane);
    endInsertRows();
}

int EventListModel::rowOf(const Event& event) const
{
    // Rows are sorted only within a batch, so no binary search: a linear scan of 32-byte records takes a
    // few milliseconds even at a million rows, and it runs once per click.
    const auto it = std::find_if(m_events.begin(), m_events.end(), [&](const Event& e) { return sameEvent(e, event); });
    return it == m_events.end() ? -1 : static_cast<int>(it - m_events.begin());
}

int EventListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_events.size());
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
    if (role == Qt::ForegroundRole && e.kind == EventKind::Error) // a colour that reads on light and dark
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
