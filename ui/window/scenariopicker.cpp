#include "window/scenariopicker.h"

#include "scenarios/scenario.h"

#include <QApplication>
#include <QLineEdit>
#include <QListView>
#include <QPainter>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QStyledItemDelegate>
#include <QVBoxLayout>

namespace tl::ui {

namespace {

// Two lines per scenario: the title in bold, the summary below it in the placeholder colour. Above the
// first visible scenario of each group, the group's heading.
class ScenarioDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        const int item = 2 * option.fontMetrics.height() + 12;
        return {option.rect.width(), item + (startsGroup(index) ? headingHeight(option) : 0)};
    }

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QStyleOptionViewItem base = option;
        initStyleOption(&base, index);
        base.text.clear();
        if (startsGroup(index)) {
            const QRect heading(option.rect.left(), option.rect.top(), option.rect.width(), headingHeight(option));
            paintHeading(painter, option, heading, index.data(ScenarioPicker::GroupRole).toString());
            base.rect.setTop(heading.bottom() + 1);
        }
        QStyle* style = option.widget ? option.widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &base, painter, option.widget);

        const bool selected = option.state & QStyle::State_Selected;
        const QPalette& pal = option.palette;
        const QRect r = base.rect.adjusted(8, 5, -6, -5);
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

    // True when the row above `index` (in the filtered list) is of another group, or there is none.
    static bool startsGroup(const QModelIndex& index)
    {
        const QString group = index.data(ScenarioPicker::GroupRole).toString();
        if (group.isEmpty())
            return false;
        const QModelIndex above = index.siblingAtRow(index.row() - 1);
        return !above.isValid() || above.data(ScenarioPicker::GroupRole).toString() != group;
    }

private:
    static int headingHeight(const QStyleOptionViewItem& option) { return option.fontMetrics.height() + 14; }

    static void paintHeading(QPainter* painter, const QStyleOptionViewItem& option, const QRect& rect,
                             const QString& text)
    {
        painter->save();
        QFont font = option.font;
        font.setBold(true);
        font.setCapitalization(QFont::SmallCaps);
        painter->setFont(font);
        painter->setPen(option.palette.color(QPalette::PlaceholderText));
        const QRect textRect = rect.adjusted(8, 6, -6, -2);
        painter->drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter,
                          QFontMetrics(font).elidedText(text, Qt::ElideRight, textRect.width()));
        painter->setPen(option.palette.color(QPalette::Mid));
        painter->drawLine(rect.left() + 8, rect.bottom(), rect.right() - 6, rect.bottom());
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
        item->setData(s.group, GroupRole);
        item->setToolTip(
            QStringLiteral("<b>%1</b> (%2)<br>%3").arg(s.title.toHtmlEscaped(), s.id, s.summary.toHtmlEscaped()));
        item->setData(QStringLiteral("%1 %2 %3").arg(s.id, s.title, s.summary), OwnTextRole);
        item->setData(QStringLiteral("%1 %2 %3 %4").arg(s.id, s.title, s.summary, s.group), WithGroupRole);
        item->setEditable(false);
        m_model->appendRow(item);
    }
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterRole(OwnTextRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_filter->setPlaceholderText(tr("Filter scenarios…"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setToolTip(tr("Type to narrow the list by id, title or summary"));
    m_list->setModel(m_proxy);
    m_list->setItemDelegate(new ScenarioDelegate(m_list));
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // Not uniform: the first scenario of each group carries its heading.
    m_list->setUniformItemSizes(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_filter);
    layout->addWidget(m_list);

    connect(m_filter, &QLineEdit::textChanged, this, &ScenarioPicker::onFilterChanged);
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        if (m_proxy->rowCount() == 0)
            return;
        const QModelIndex first = m_proxy->index(0, 0);
        if (m_list->currentIndex() == first) // picked already: Enter picks it again, as a click on it would not
            emit scenarioSelected(currentScenario());
        else
            m_list->setCurrentIndex(first);
        m_list->setFocus();
    });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        if (!m_filtering)
            emit scenarioSelected(currentScenario());
    });
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
    const QString picked = m_list->currentIndex().data(IdRole).toString();
    m_filtering = true;
    // A lesson's own words first: "queue" listed every seed lesson, their heading being "threads and queues". A
    // heading's words match only where no lesson's own do ("beyond the seed").
    m_proxy->setFilterRole(OwnTextRole);
    // The typed text matches where a word starts ("lock" finds "A Lock" and "locks", not "block", which put the echo
    // server on a ThreadPoolExecutor first), or anywhere after a word's start when it begins with none ("-consumer").
    const QString typed = text.trimmed();
    const bool fromAWord = !typed.isEmpty() && (typed.front().isLetterOrNumber() || typed.front() == QLatin1Char('_'));
    m_proxy->setFilterRegularExpression(
        QRegularExpression((fromAWord ? QStringLiteral("\\b") : QString()) + QRegularExpression::escape(typed),
                           QRegularExpression::CaseInsensitiveOption));
    if (m_proxy->rowCount() == 0)
        m_proxy->setFilterRole(WithGroupRole);
    // Which rows start a group changed with the filter: their heights did too.
    m_list->doItemsLayout();
    // The view moves the current row off one the filter hides, to a lesson nobody picked: none is current then, and
    // a click or Enter picks one.
    if (m_list->currentIndex().data(IdRole).toString() != picked)
        m_list->selectionModel()->clear();
    m_filtering = false;
}

} // namespace tl::ui
