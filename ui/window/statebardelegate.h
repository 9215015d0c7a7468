#pragma once

#include <QStyledItemDelegate>

namespace tl::ui {

class StatisticsModel;

// Paints the Statistics table's Share column (other columns as QStyledItemDelegate does): one bar per row, split by
// state in the timeline's state colours, each part as wide as the state's share of the row's lifetime. Reads the
// numbers from the model (typed, no QVariant lists) through the view's sort proxy; the colours come from TimelineTheme
// for the view's palette, so the bar matches the legend.
//
// Thread affinity: the GUI thread.
class StateBarDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    StateBarDelegate(const StatisticsModel* model, QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    const StatisticsModel* m_model;
};

} // namespace tl::ui
