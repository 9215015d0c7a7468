#include "window/statebardelegate.h"

#include "timeline/timelinepainters.h"
#include "timeline/timelinetheme.h"
#include "window/statisticsmodel.h"

#include <QAbstractProxyModel>
#include <QPainter>

namespace tl::ui {

StateBarDelegate::StateBarDelegate(const StatisticsModel* model, QObject* parent)
    : QStyledItemDelegate(parent)
    , m_model(model)
{
}

void StateBarDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyledItemDelegate::paint(painter, option, index); // text, or the bar's background and selection
    const auto* proxy = qobject_cast<const QAbstractProxyModel*>(index.model());
    const QModelIndex source = proxy ? proxy->mapToSource(index) : index;
    if (source.column() != StatisticsModel::kShareColumn)
        return;
    const StatisticsModel::RowShares row = m_model->rowShares(source.row());
    if (row.lifetime <= 0)
        return;
    const TimelineTheme theme = TimelineTheme::fromPalette(option.palette, option.font);
    const QRectF bar = QRectF(option.rect).adjusted(3, 3, -3, -3);
    double x = bar.left();
    painter->save();
    painter->setPen(Qt::NoPen);
    for (const StatisticsModel::Part& part : row.parts) {
        const double width = bar.width() * double(part.ns) / double(row.lifetime);
        painter->fillRect(QRectF(x, bar.top(), width, bar.height()), colourOf(theme, part));
        x += width;
    }
    painter->restore();
}

void StateBarDelegate::setSliceColours(QHash<QString, QColor> colours)
{
    m_sliceColours = std::move(colours);
}

QColor StateBarDelegate::colourOf(const TimelineTheme& theme, const StatisticsModel::Part& part) const
{
    if (part.otherSlices) // the names the legend does not list share its grey, as on the lanes (sliceColourOf)
        return theme.lifetime;
    if (!part.slice)
        return theme.stateColor(part.state);
    return sliceColourOf(*part.slice, m_sliceColours, theme);
}

QSize StateBarDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const QSize hint = QStyledItemDelegate::sizeHint(option, index);
    const auto* proxy = qobject_cast<const QAbstractProxyModel*>(index.model());
    const int column = proxy ? proxy->mapToSource(index).column() : index.column();
    return column == StatisticsModel::kShareColumn ? hint.expandedTo(QSize(160, 0)) : hint;
}

} // namespace tl::ui
