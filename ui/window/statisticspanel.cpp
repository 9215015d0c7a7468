#include "window/statisticspanel.h"

#include "stats/statetimescsv.h"
#include "timeline/viewstate.h"
#include "window/statebardelegate.h"
#include "window/statisticsmodel.h"
#include "window/statstable.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTimer>

#include <limits>

namespace tl::ui {

namespace {

// Sorts by the model's raw numbers and keeps the totals row last in either order.
class TotalsLastProxy : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

protected:
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override
    {
        const bool leftTotal = left.data(StatisticsModel::kTotalRole).toBool();
        const bool rightTotal = right.data(StatisticsModel::kTotalRole).toBool();
        if (leftTotal != rightTotal)
            return rightTotal == (sortOrder() == Qt::AscendingOrder);
        return QSortFilterProxyModel::lessThan(left, right);
    }
};

QString seconds(std::int64_t ns)
{
    return StatisticsModel::durationText(ns);
}

} // namespace

StatisticsPanel::StatisticsPanel(ViewState* state, QWidget* parent)
    : QWidget(parent)
    , m_state(state)
    , m_model(new StatisticsModel(this))
    , m_proxy(new TotalsLastProxy(this))
    , m_table(new QTableView(this))
    , m_bars(new StateBarDelegate(m_model, m_table))
    , m_range(new QLabel(this))
    , m_refreshTimer(new QTimer(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(StatisticsModel::kSortRole);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_table->setModel(m_proxy);
    m_table->setItemDelegate(m_bars); // paints only the Share column's bars
    QPushButton* copy =
        layOutStatsPanel(this, m_range, m_table, tr("Time per thread and state"), tr("Copy the statistics as CSV"));
    connect(copy, &QPushButton::clicked, this, &StatisticsPanel::copyCsv);

    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(kRefreshMs);
    connect(m_refreshTimer, &QTimer::timeout, this, &StatisticsPanel::refresh);
    connect(m_state, &ViewState::measurementChanged, this, &StatisticsPanel::refresh);
    refresh();
}

void StatisticsPanel::setStore(const TraceStore* store)
{
    m_store = store;
    refresh();
}

void StatisticsPanel::storeChanged()
{
    if (!m_refreshTimer->isActive())
        m_refreshTimer->start();
}

void StatisticsPanel::setNowTs(std::int64_t nowTs)
{
    if (nowTs == m_nowTs)
        return;
    m_nowTs = nowTs;
    storeChanged();
}

void StatisticsPanel::refresh()
{
    m_refreshTimer->stop();
    if (!m_store) {
        m_model->setTimes({});
        m_range->setText(tr("No run"));
        return;
    }
    const std::optional<TimeRange> measured = m_state->measurement();
    const std::int64_t now = m_nowTs >= 0 ? m_nowTs : std::numeric_limits<std::int64_t>::min();
    stats::StateTimes times = measured ? stats::computeStateTimes(*m_store, {measured->from, measured->to}, now)
                                       : stats::computeStateTimes(*m_store, {}, now);
    m_range->setText(measured ? tr("Measured range %1 – %2 (%3)")
                                    .arg(seconds(times.range.from), seconds(times.range.to),
                                         seconds(times.range.to - times.range.from))
                              : tr("Whole run, %1 – %2").arg(seconds(times.range.from), seconds(times.range.to)));
    // Another tool's slices: the names its legend lists, in the colours its timeline gives them.
    QStringList listed;
    for (const LegendItem& item : m_legend.legend(m_store)) {
        if (item.kind == LegendItem::Kind::Slice)
            listed << item.sliceName;
    }
    m_bars->setSliceColours(m_legend.sliceColours(m_store));
    m_model->setListedSlices(listed);
    setTimesKeepingTheSort(std::move(times));
}

void StatisticsPanel::setTimesKeepingTheSort(stats::StateTimes times)
{
    // The sort follows the column, not its number: another range may list other slice names, or states.
    const int sorted = m_proxy->sortColumn();
    const Qt::SortOrder order = m_proxy->sortOrder();
    const QString key = sorted >= 0 ? m_model->columnKey(sorted) : QString();
    m_model->setTimes(std::move(times));
    if (sorted < 0)
        return;
    int column = -1;
    for (int c = 0; c < m_model->columnCount() && column < 0; ++c) {
        if (m_model->columnKey(c) == key)
            column = c;
    }
    m_table->sortByColumn(column, column < 0 ? Qt::AscendingOrder : order);
}

QString StatisticsPanel::csv() const
{
    return stats::stateTimesCsv(m_model->times());
}

void StatisticsPanel::copyCsv() const
{
    QGuiApplication::clipboard()->setText(csv());
}

} // namespace tl::ui
