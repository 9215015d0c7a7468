#pragma once

#include "window/statisticsmodel.h"

#include <QColor>
#include <QHash>
#include <QString>
#include <QStyledItemDelegate>

namespace tl::ui {

struct TimelineTheme;

// Paints the Statistics table's Share column (other columns as QStyledItemDelegate does): one bar per row, split by
// state in the timeline's state colours (another tool's slices by name, in the legend's colours), each part as wide as
// the state's share of the row's lifetime. Reads the numbers from the model (typed, no QVariant lists) through the
// view's sort proxy; the colours come from TimelineTheme for the view's palette, so the bar matches the legend.
//
// Thread affinity: the GUI thread.
class StateBarDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    StateBarDelegate(const StatisticsModel* model, QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    // The colours the timeline's legend gives another tool's slice names (sliceColoursOf).
    void setSliceColours(QHash<QString, QColor> colours);

private:
    QColor colourOf(const TimelineTheme& theme, const StatisticsModel::Part& part) const;

    const StatisticsModel* m_model;
    QHash<QString, QColor> m_sliceColours;
};

} // namespace tl::ui
