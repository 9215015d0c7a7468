#include "window/stateatpanel.h"

#include "stats/stateat.h"
#include "timeline/viewstate.h"
#include "trace/eventtext.h"
#include "trace/tracestore.h"

#include <QHeaderView>
#include <QLabel>
#include <QResizeEvent>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace tl::ui {

namespace {

enum Column { Name, State, For, ColumnCount };

// The queue's depth and what it holds, each item in its words ("0", "'job 3'") or, in a trace without them, as
// "item 4".
QString itemsText(const TraceStore& store, const stats::QueueAt& q)
{
    // A long queue lists its first items: the panel is for reading, not for counting.
    constexpr std::size_t kShown = 12;
    QStringList words;
    for (std::size_t i = 0; i < q.items.size() && i < kShown; ++i) {
        const QString value = store.itemValue(q.id, q.items[i]);
        words << (value.isEmpty() ? QStringLiteral("item %1").arg(q.items[i]) : value);
    }
    if (q.items.size() > kShown)
        words << QStringLiteral("… %1 more").arg(q.items.size() - kShown);
    const QString depth = q.maxsize > 0 ? QStringLiteral("%1 of %2").arg(q.depth).arg(q.maxsize)
                                        : QStringLiteral("%1 (unbounded)").arg(q.depth);
    return words.isEmpty() ? QStringLiteral("empty, %1").arg(depth)
                           : QStringLiteral("%1: %2").arg(depth, words.join(QStringLiteral(", ")));
}

} // namespace

StateAtPanel::StateAtPanel(ViewState* state, QWidget* parent)
    : QWidget(parent)
    , m_state(state)
    , m_heading(new QLabel(this))
    , m_tree(new QTreeWidget(this))
{
    m_heading->setWordWrap(true);
    m_tree->setColumnCount(ColumnCount);
    m_tree->setHeaderLabels({tr("Thread or queue"), tr("State"), tr("For")});
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setSectionResizeMode(State, QHeaderView::Stretch);
    m_tree->header()->setStretchLastSection(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_heading);
    layout->addWidget(m_tree, 1);
    connect(m_state, &ViewState::playheadChanged, this, &StateAtPanel::refresh);
    refresh();
}

void StateAtPanel::setStore(const TraceStore* store)
{
    m_store = store;
    refresh();
}

void StateAtPanel::refresh()
{
    m_tree->clear();
    const std::optional<std::int64_t> playhead = m_state->playhead();
    if (!m_store || !playhead) {
        m_heading->setText(tr("Drag on the ruler of a finished or paused run, or press Home or End on the "
                              "timeline, to see every thread's state at that moment."));
        return;
    }
    const stats::StateAt at = stats::stateAt(*m_store, *playhead);
    m_heading->setText(tr("At %1: %2, %3")
                           .arg(formatTimestamp(at.ts), counted(qint64(at.threads.size()), tr("thread"), tr("threads")),
                                counted(qint64(at.queues.size()), tr("queue"), tr("queues"))));
    QList<QTreeWidgetItem*> rows;
    for (const stats::ThreadAt& t : at.threads) {
        const QString lasted = t.life == stats::ThreadAt::Life::Alive ? formatDuration(at.ts - t.since) : QString();
        auto* row = new QTreeWidgetItem(QStringList{t.name, t.text, lasted});
        if (t.life != stats::ThreadAt::Life::Alive)
            row->setForeground(Name, palette().color(QPalette::PlaceholderText));
        rows << row;
    }
    for (const stats::QueueAt& q : at.queues)
        rows << new QTreeWidgetItem(QStringList{q.name, itemsText(*m_store, q), QString()});
    // A state or a queue's items may be longer than the column: the tooltip reads it whole.
    for (QTreeWidgetItem* row : rows) {
        row->setToolTip(Name, row->text(Name));
        row->setToolTip(State, row->text(State));
    }
    m_tree->addTopLevelItems(rows);
    fitColumns();
}

void StateAtPanel::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    fitColumns();
}

// The names as wide as they need up to two fifths of the panel, the times as they need; the state, a phrase ("in
// start(), waiting for the new thread to begin"), takes the rest. Beside names as wide as they needed, it was elided
// to "sleeping..." (a user-tester).
void StateAtPanel::fitColumns()
{
    m_tree->resizeColumnToContents(Name); // as wide as its widest text or its header
    m_tree->resizeColumnToContents(For);
    m_tree->setColumnWidth(Name, std::min(m_tree->columnWidth(Name), m_tree->viewport()->width() * 2 / 5));
}

QStringList StateAtPanel::rows() const
{
    QStringList lines;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        const QTreeWidgetItem* item = m_tree->topLevelItem(i);
        lines << QStringList{item->text(Name), item->text(State), item->text(For)}.join(QLatin1Char('\t'));
    }
    return lines;
}

} // namespace tl::ui
