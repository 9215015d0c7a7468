#include "window/statstable.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace tl::ui {

QPushButton* layOutStatsPanel(QWidget* panel, QLabel* caption, QTableView* table, const QString& tableName,
                              const QString& copyName)
{
    // No sort column when sorting is switched on: the model's order (the lanes') until a header is clicked.
    table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    table->setSortingEnabled(true);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAlternatingRowColors(true);
    table->setTabKeyNavigation(false); // Tab goes on to the next panel (the arrow keys move in the table)
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->setAccessibleName(tableName);

    auto* copy = new QPushButton(QObject::tr("Copy as CSV"), panel);
    copy->setAccessibleName(copyName);
    caption->setWordWrap(true); // a narrow panel wraps it rather than asking its whole width (eventlistpanel.cpp)
    auto* top = new QHBoxLayout;
    top->addWidget(caption, 1);
    top->addWidget(copy);
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(table, 1);
    return copy;
}

} // namespace tl::ui
