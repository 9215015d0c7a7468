#pragma once

#include "window/statussummary.h"

#include <QWidget>

class QLabel;
class QLineEdit;

namespace tl {
struct TraceMetadata;
}

namespace tl::ui {

class ElidedLabel;

// The line above the timeline that says which run is on screen: the lesson (or program) and its title,
// the parameter values it ran with, the speed, and whether it is live, finished or stopped. Whatever the
// picker or the form show meanwhile, this names what the timeline shows.
//
// Thread affinity: the GUI thread.
class RunHeader : public QWidget {
    Q_OBJECT
public:
    explicit RunHeader(QWidget* parent = nullptr);

    void show(const tl::TraceMetadata& metadata, StatusSummary::RunState state);
    void clear();

    // The lane finder (Ctrl+F): hidden until asked for.
    QLineEdit* finder() const { return m_finder; }

    QString titleText() const;
    QString detailText() const;
    QString stateText() const;
    // The detail as shown: ended by "…" where the header cuts it.
    QString shownDetailText() const;

private:
    QLabel* m_title;
    ElidedLabel* m_detail;
    QLabel* m_state;
    QLineEdit* m_finder;
};

// A run's state in a word: "live", "finished", "cut short"; empty when idle.
QString runStateWord(StatusSummary::RunState state);

// The words for a run's parameters and speed: "producers=2, consumers=3 · 1x".
QString runParametersText(const tl::TraceMetadata& metadata);

} // namespace tl::ui
