#pragma once

#include <QString>

class QLabel;
class QPushButton;
class QTableView;
class QWidget;

namespace tl::ui {

// The shape the Statistics and Differences panels share: a caption beside a "Copy as CSV" button, over a
// table sorted by a header click (the model's own order until then), with compact rows, so that the low
// bottom strip shows a few threads, and whole rows selected. Lays `panel` out and returns the button, for
// the caller to connect. The table's model is set before.
QPushButton* layOutStatsPanel(QWidget* panel, QLabel* caption, QTableView* table, const QString& tableName,
                              const QString& copyName);

} // namespace tl::ui
