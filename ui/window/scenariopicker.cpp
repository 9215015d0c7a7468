#include "window/scenariopicker.h"

#include "scenarios/scenario.h"

#include <QApplication>
#include <QLineEdit>
#include <QListView>
#include <QPainter>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QStyledItemDelegate>
#include <QVBoxLayout>

namespace tl::ui {

namespace {

// Two lines per scenario: the title in bold, the summary below it in the placeholder colour.
class ScenarioDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const override
    {
        return {option.rect.width(), 2 * option.fontMetrics.height() + 12};
    }

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QStyleOptionViewItem base = option;
        initStyleOption(&base, index);
        base.text.clear();
        QStyle* style = option.widget ? option.widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &base, painter, option.widget);

        const bool selected = option.state & QStyle::State_Selected;
        const QPalette& pal = option.palette;
        const QRect r = option.rect.adjusted(8, 5, -6, -5);
        const int lineHeight = option.fontMetrics.height();
        QFont bold = option.font;
        bold.setBold(true);
        painter->save();
        painter->setFont(bold);
        painter->setPen(pal.color(selected ? QPalette::HighlightedText : QPalette::Text));
        const QString title =
            QFontMetrics(bold).elidedText(index.data(Qt::DisplayRole).toString(), Qt::ElideRight, r.width());
        painter->drawText(QRect(r.left(), r.top(), r.width(), lineHeight), Qt::AlignLeft | Qt::AlignVCenter, title);
        painter->setFont(option.font);
        painter->setPen(pal.color(selected ? QPalette::HighlightedText : QPalette::PlaceholderText));
        const QString summary = option.fontMetrics.elidedText(index.data(ScenarioPicker::SummaryRole).toString(),
                                                              Qt::ElideRight, r.width());
        painter->drawText(QRect(r.left(), r.top() + lineHeight + 2, r.width(), lineHeight),
                          Qt::AlignLeft | Qt::AlignVCenter, summary);
        painter->restore();
    }
};

} // namespace

ScenarioPicker::ScenarioPicker(QWidget* parent)
    : QWidget(parent)
    , m_filter(new QLineEdit(this))
    , m_list(new QListView(this))
    , m_model(new QStandardItemModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
{
    for (const Scenario& s : allScenarios()) {
        auto* item = new QStandardItem(s.title.isEmpty() ? s.id : s.title);
        item->setData(s.id, IdRole);
        item->setData(s.summary, SummaryRole);
        item->setToolTip(
            QStringLiteral("<b>%1</b> (%2)<br>%3").arg(s.title.toHtmlEscaped(), s.id, s.summary.toHtmlEscaped()));
        // What the filter matches: id, title and summary.
        item->setData(QStringLiteral("%1 %2 %3").arg(s.id, s.title, s.summary), Qt::UserRole + 3);
        item->setEditable(false);
        m_model->appendRow(item);
    }
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterRole(Qt::UserRole + 3);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_filter->setPlaceholderText(tr("Filter scenarios…"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setToolTip(tr("Type to narrow the list by id, title or summary"));
    m_list->setModel(m_proxy);
    m_list->setItemDelegate(new ScenarioDelegate(m_list));
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setUniformItemSizes(true);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_filter);
    layout->addWidget(m_list);

    connect(m_filter, &QLineEdit::textChanged, this, &ScenarioPicker::onFilterChanged);
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        if (m_proxy->rowCount() > 0) {
            m_list->setCurrentIndex(m_proxy->index(0, 0));
            m_list->setFocus();
        }
    });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { emit scenarioSelected(currentScenario()); });
    connect(m_list, &QListView::activated, this, [this] { emit scenarioActivated(currentScenario()); });
}

bool ScenarioPicker::setCurrentScenario(const QString& id)
{
    const QModelIndexList hits = m_model->match(m_model->index(0, 0), IdRole, id, 1, Qt::MatchExactly);
    if (hits.isEmpty())
        return false;
    QModelIndex row = m_proxy->mapFromSource(hits.first());
    if (!row.isValid()) {
        m_filter->clear();
        row = m_proxy->mapFromSource(hits.first());
    }
    m_list->setCurrentIndex(row);
    return true;
}

void ScenarioPicker::clearCurrentScenario()
{
    m_list->selectionModel()->clear();
}

const Scenario* ScenarioPicker::currentScenario() const
{
    const QModelIndex current = m_list->currentIndex();
    return current.isValid() ? findScenario(current.data(IdRole).toString()) : nullptr;
}

int ScenarioPicker::visibleCount() const
{
    return m_proxy->rowCount();
}

QString ScenarioPicker::visibleId(int row) const
{
    return m_proxy->index(row, 0).data(IdRole).toString();
}

void ScenarioPicker::onFilterChanged(const QString& text)
{
    m_proxy->setFilterFixedString(text.trimmed());
    // Keep a selection when the filter leaves exactly one candidate, so Enter runs it.
    if (!m_list->currentIndex().isValid() && m_proxy->rowCount() == 1)
        m_list->setCurrentIndex(m_proxy->index(0, 0));
}

} // namespace tl::ui
