#pragma once

#include <QWidget>

class QLineEdit;
class QListView;
class QSortFilterProxyModel;
class QStandardItemModel;

namespace tl {
struct Scenario;
}

namespace tl::ui {

// Lists every registered scenario (title and one-line summary) under its group's heading, with a filter that narrows
// the list as the user types (matching id, title or summary, case-insensitively).
//
// Invariants: the source list holds allScenarios() in lesson order and never changes; the current
// scenario is the one the view's current row shows, or none.
//
// Thread affinity: the GUI thread.
class ScenarioPicker : public QWidget {
    Q_OBJECT
public:
    static constexpr int IdRole = Qt::UserRole + 1;
    static constexpr int SummaryRole = Qt::UserRole + 2;
    static constexpr int GroupRole = Qt::UserRole + 4; // the heading of the scenario's group
    // What the filter matches: a lesson's own words (id, title, summary), or those and its group's heading.
    static constexpr int OwnTextRole = Qt::UserRole + 3;
    static constexpr int WithGroupRole = Qt::UserRole + 5;

    explicit ScenarioPicker(QWidget* parent = nullptr);

    // Selects the scenario with `id` (clearing the filter if it hides it); false if there is none.
    bool setCurrentScenario(const QString& id);
    // Selects no scenario (the window shows a script of the user's instead).
    void clearCurrentScenario();
    const tl::Scenario* currentScenario() const;
    // How many scenarios the filter lets through.
    int visibleCount() const;
    QString visibleId(int row) const;

    QLineEdit* filterEdit() const { return m_filter; }
    QListView* list() const { return m_list; }

signals:
    // The current scenario changed (nullptr when the filter left none selected).
    void scenarioSelected(const tl::Scenario* scenario);
    // The user double-clicked or pressed Enter on a scenario: run it.
    void scenarioActivated(const tl::Scenario* scenario);

private:
    void onFilterChanged(const QString& text);

    QLineEdit* m_filter;
    QListView* m_list;
    QStandardItemModel* m_model;
    QSortFilterProxyModel* m_proxy;
    // The filter is changing the rows: the current row it moves or sets is no pick of the user's, and picking
    // runs a lesson (typing "loc" ran pool-executor, the row the view moved to, and took the keyboard away).
    bool m_filtering = false;
};

} // namespace tl::ui
