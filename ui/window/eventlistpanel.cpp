#include "window/eventlistpanel.h"

#include "timeline/timelinedescribe.h"
#include "timeline/viewstate.h"
#include "trace/eventschema.h"
#include "trace/eventtext.h"
#include "trace/tracestore.h"
#include "window/eventfilterproxy.h"
#include "window/eventlistmodel.h"
#include "window/scrollfollower.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace tl::ui {

EventListPanel::EventListPanel(ViewState* state, QWidget* parent)
    : QWidget(parent)
    , m_state(state)
    , m_model(new EventListModel(this))
    , m_proxy(new EventFilterProxy(m_model, this))
    , m_threadFilter(new QComboBox(this))
    , m_kindFilter(new QComboBox(this))
    , m_table(new QTableView(this))
{
    m_threadFilter->setToolTip(tr("Show the events of one thread only"));
    // Not AdjustToContents: with thousands of threads, measuring every name on each new lane stalled the
    // window for tens of milliseconds a tick (bench_liveui). The row gives the box its stretch anyway.
    m_threadFilter->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    // Short minimums (the boxes stretch where there is room): at a projector's 1024 x 700 the panels below the
    // timeline asked more than the window's width together, and Qt drew the Console over this one.
    m_threadFilter->setMinimumContentsLength(12);
    m_kindFilter->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_kindFilter->setMinimumContentsLength(10);
    m_kindFilter->setToolTip(tr("Show one kind of event only"));
    m_kindFilter->addItem(tr("All events"));
    for (int k = 0; k < static_cast<int>(EventKind::Count_); ++k) {
        if (keptAsEvent(static_cast<EventKind>(k)))
            m_kindFilter->addItem(eventName(static_cast<EventKind>(k)), k);
    }
    refreshThreadFilter();

    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    // Tab leaves the table for the next panel, as in every other one: moving from cell to cell it never left, and
    // each step changed the selection on the timeline. The arrow keys move in the table.
    m_table->setTabKeyNavigation(false);
    m_table->verticalHeader()->hide();
    // Fixed row heights and column widths: nothing is measured per row, so a million rows stay cheap.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    QHeaderView* header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    const int em = fontMetrics().horizontalAdvance(QLatin1Char('M'));
    m_table->setColumnWidth(EventListModel::TimeColumn,
                            fontMetrics().horizontalAdvance(QStringLiteral("000.000000 s")) + em);
    // Wide enough for the lessons' usual thread names ("Thread-5 (consumer) (daemon)") and every event name.
    m_table->setColumnWidth(EventListModel::ThreadColumn,
                            fontMetrics().horizontalAdvance(QStringLiteral("Thread-5 (consumer) (daemon)")) + em);
    int widestKind = 0;
    for (int k = 0; k < static_cast<int>(EventKind::Count_); ++k)
        widestKind = std::max(widestKind, fontMetrics().horizontalAdvance(eventName(static_cast<EventKind>(k))));
    m_table->setColumnWidth(EventListModel::EventColumn, widestKind + em);

    auto* filters = new QHBoxLayout;
    filters->setContentsMargins(0, 0, 0, 0);
    filters->addWidget(new QLabel(tr("Thread:"), this));
    filters->addWidget(m_threadFilter, 1);
    filters->addWidget(new QLabel(tr("Kind:"), this));
    filters->addWidget(m_kindFilter, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(filters);
    layout->addWidget(m_table);

    // The newest events stay in view while live, unless the user scrolled up or picked a row.
    m_follower = new ScrollFollower(m_table->verticalScrollBar());
    connect(m_threadFilter, &QComboBox::currentIndexChanged, this, &EventListPanel::applyFilters);
    connect(m_kindFilter, &QComboBox::currentIndexChanged, this, &EventListPanel::applyFilters);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { onCurrentRowChanged(current); });
    connect(m_state, &ViewState::selectionChanged, this, &EventListPanel::onSelectionChanged);
}

void EventListPanel::setStore(const TraceStore* store)
{
    m_store = store;
    m_model->setStore(store);
    m_follower->setFollowing(true);
    refreshThreadFilter(true); // a new run's lanes: same ids, other threads
}

void EventListPanel::finish()
{
    // A reset: keep where the user was, the selected row or the end.
    const bool following = m_follower->isFollowing();
    m_syncing = true;
    m_model->sortByTime();
    m_syncing = false;
    if (!m_state->selection().isNone())
        onSelectionChanged();
    else if (following)
        m_table->scrollToBottom();
}

void EventListPanel::showLane(LaneId lane)
{
    const int index = m_threadFilter->findData(lane);
    if (index >= 0)
        m_threadFilter->setCurrentIndex(index);
}

void EventListPanel::appendBatch(const StoreChange& change)
{
    m_model->appendBatch(change);
    if (m_store && m_threadFilter->count() - 1 != static_cast<int>(m_store->laneCount()))
        refreshThreadFilter();
}

void EventListPanel::refreshThreadFilter(bool rebuild)
{
    const std::vector<LaneId> order = m_store ? m_store->laneOrder() : std::vector<LaneId>{};
    // Lanes mostly arrive at the end of the order: append those, and rebuild only when the order of the
    // lanes already listed changed, so a run of thousands of threads costs each tick its new lanes only.
    const int listed = m_threadFilter->count() - 1;
    bool prefixKept = !rebuild && listed >= 0 && listed <= static_cast<int>(order.size());
    for (int i = 0; prefixKept && i < listed; ++i)
        prefixKept = m_threadFilter->itemData(i + 1).toUInt() == order[std::size_t(i)];
    const QVariant current = m_threadFilter->currentData();
    const QSignalBlocker blocker(m_threadFilter);
    if (!prefixKept) {
        m_threadFilter->clear();
        m_threadFilter->addItem(tr("All threads"));
    }
    for (std::size_t i = std::size_t(m_threadFilter->count() - 1); i < order.size(); ++i)
        m_threadFilter->addItem(laneLabel(*m_store, order[i]), order[i]);
    const int index = current.isValid() ? m_threadFilter->findData(current) : 0;
    m_threadFilter->setCurrentIndex(index < 0 ? 0 : index);
    if (index < 0)
        applyFilters();
}

void EventListPanel::applyFilters()
{
    const QVariant lane = m_threadFilter->currentData();
    const QVariant kind = m_kindFilter->currentData();
    // Removing the current row makes the view pick a neighbour as current; that is not a user's pick.
    m_syncing = true;
    m_proxy->setLaneFilter(lane.isValid() ? std::optional<LaneId>(lane.toUInt()) : std::nullopt);
    m_proxy->setKindFilter(kind.isValid() ? std::optional<EventKind>(static_cast<EventKind>(kind.toInt()))
                                          : std::nullopt);
    m_syncing = false;
    onSelectionChanged();
}

void EventListPanel::onCurrentRowChanged(const QModelIndex& current)
{
    if (m_syncing || !m_store || !current.isValid())
        return;
    const QModelIndex source = m_proxy->mapToSource(current);
    const Selection selection = selectionOfEvent(*m_store, m_model->idAt(source.row()));
    if (selection.isNone())
        return;
    m_follower->setFollowing(false); // the picked row stays where the user sees it
    m_syncing = true;
    m_state->setSelection(selection);
    m_syncing = false;
    emit eventPicked();
}

void EventListPanel::onSelectionChanged()
{
    if (m_syncing)
        return;
    const Event* event = m_store ? selectedEvent(*m_store, m_state->selection()) : nullptr;
    const int sourceRow = event ? m_model->rowOf(m_state->selection().event) : -1;
    const QModelIndex row = sourceRow < 0 ? QModelIndex() : m_proxy->mapFromSource(m_model->index(sourceRow, 0));
    m_syncing = true;
    m_follower->setFollowing(false);
    if (row.isValid()) {
        m_table->selectionModel()->setCurrentIndex(row,
                                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_table->scrollTo(row, QAbstractItemView::PositionAtCenter);
    } else {
        m_table->selectionModel()->clear();
    }
    m_syncing = false;
}

} // namespace tl::ui
