#include "window/differencespanel.h"

#include "stats/statetimes.h"
#include "trace/eventtext.h"
#include "trace/lanestate.h"
#include "trace/tracestore.h"
#include "window/statstable.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>

namespace tl::ui {

namespace {

enum Column { kThread, kState, kA, kB, kDifference, kColumns };

QStandardItem* textItem(const QString& text)
{
    auto* item = new QStandardItem(text);
    item->setData(text, DifferencesPanel::kSortRole);
    item->setEditable(false);
    return item;
}

// A time in the unit that reads best ("3.000 s", "12.5 µs"); a difference with its sign ("+2.000 s",
// "−840 ns"), and 0 as "0".
QStandardItem* secondsItem(std::int64_t ns, bool signedText)
{
    QString text = ns == 0 ? QStringLiteral("0") : formatDuration(ns < 0 ? -ns : ns);
    if (signedText && ns != 0)
        text.prepend(ns > 0 ? QStringLiteral("+") : QStringLiteral("\u2212"));
    auto* item = new QStandardItem(text);
    item->setData(QVariant::fromValue<qint64>(ns), DifferencesPanel::kSortRole);
    item->setData(int(Qt::AlignRight | Qt::AlignVCenter), Qt::TextAlignmentRole);
    item->setToolTip(QStringLiteral("%1 ns").arg(ns));
    item->setEditable(false);
    return item;
}

} // namespace

DifferencesPanel::DifferencesPanel(QWidget* parent)
    : QWidget(parent)
    , m_model(new QStandardItemModel(0, kColumns, this))
    , m_table(new QTableView(this))
    , m_summary(new QLabel(this))
{
    m_model->setHorizontalHeaderLabels({tr("Thread"), tr("State"), tr("A"), tr("B"), tr("B − A")});
    m_model->setSortRole(kSortRole);
    m_table->setModel(m_model);
    m_summary->setWordWrap(true);
    QPushButton* copy =
        layOutStatsPanel(this, m_summary, m_table, tr("Time per thread and state in runs A and B, and B less A"),
                         tr("Copy the differences as CSV"));
    connect(copy, &QPushButton::clicked, this, &DifferencesPanel::copyCsv);
    refresh(nullptr, false, nullptr, false);
}

void DifferencesPanel::refresh(const TraceStore* a, bool aLive, const TraceStore* b, bool bLive)
{
    m_rows.clear();
    m_bySlice = false;
    if (!a || !b)
        m_summary->setText(tr("Compare the run with another (Compare menu) to see how their times differ."));
    else if (aLive || bLive)
        m_summary->setText(tr("Run %1 is still going: the differences follow when it ends.")
                               .arg(aLive ? QStringLiteral("A") : QStringLiteral("B")));
    else {
        const stats::StateTimes timesA = stats::computeStateTimes(*a);
        const stats::StateTimes timesB = stats::computeStateTimes(*b);
        m_rows = stats::compareStateTimes(timesA, timesB);
        m_bySlice = stats::bothBySlice(timesA, timesB);
        // In the table's units: a run of 452 µs read as "0.000 s". A length does not break before its unit: a narrow
        // panel wrapped "B 3.500 / s." (found by a reviewer).
        const auto length = [](const TraceStore& s) {
            QString text = s.endTs() > 0 ? formatDuration(s.endTs()) : QStringLiteral("0 s");
            return text.replace(QLatin1Char(' '), QChar::Nbsp);
        };
        m_summary->setText((m_bySlice ? tr("B less A, per thread name and slice name. A lasts %1, B %2.")
                                      : tr("B less A, per thread name and state. A lasts %1, B %2."))
                               .arg(length(*a), length(*b)));
    }
    fill();
}

QString DifferencesPanel::rowWords(const stats::StateDifference& row)
{
    if (!row.slice)
        return stateLabel(row.state);
    return sliceLabel(*row.slice);
}

void DifferencesPanel::fill()
{
    m_model->removeRows(0, m_model->rowCount());
    m_model->setHeaderData(1, Qt::Horizontal, m_bySlice ? tr("Slice") : tr("State"));
    for (const stats::StateDifference& row : m_rows) {
        m_model->appendRow({textItem(row.thread), textItem(rowWords(row)), secondsItem(row.a, false),
                            secondsItem(row.b, false), secondsItem(row.difference(), true)});
    }
    // The model does not sort rows it is given: the order the header shows is applied again.
    if (const int column = m_table->horizontalHeader()->sortIndicatorSection(); column >= 0)
        m_model->sort(column, m_table->horizontalHeader()->sortIndicatorOrder());
}

QString DifferencesPanel::csv() const
{
    return stats::stateComparisonCsv(m_rows, m_bySlice);
}

void DifferencesPanel::copyCsv() const
{
    QGuiApplication::clipboard()->setText(csv());
}

} // namespace tl::ui
