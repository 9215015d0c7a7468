// MainWindow's scenario side: the panel with the lesson picker, its explanation and parameter form, and
// choosing a lesson and running it in the engine.

#include "window/mainwindow.h"

#include "scenarios/scenario.h"
#include "timeline/timelinewidget.h"
#include "window/parameterform.h"
#include "window/programcontroller.h"
#include "window/runcontroller.h"
#include "window/scenariopicker.h"
#include "window/windowactions.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

#include <algorithm>

namespace tl::ui {

QWidget* MainWindow::buildScenarioPanel()
{
    auto* about = new QWidget;
    m_explanation->setWordWrap(true);
    m_explanation->setTextFormat(Qt::RichText);
    m_explanation->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_explanation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_runButton = new QPushButton(m_actions->run->icon(), tr("Run this scenario"), about);
    m_runButton->setToolTip(m_actions->run->toolTip());
    connect(m_runButton, &QPushButton::clicked, m_actions->run, &QAction::trigger);
    connect(m_actions->run, &QAction::changed, m_runButton,
            [this] { m_runButton->setEnabled(m_actions->run->isEnabled()); });
    auto* layout = new QVBoxLayout(about);
    layout->addWidget(m_explanation);
    layout->addSpacing(6);
    layout->addWidget(m_form);
    layout->addWidget(m_runButton);
    layout->addStretch(1);

    auto* scroll = new QScrollArea;
    scroll->setWidget(about);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(m_picker);
    split->addWidget(scroll);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);
    // The list shows the seed's eight lessons and the next group's heading, which says there are more below; the
    // rest goes to the explanation and the form. Fitting all sixteen left the explanation and the parameters 70 px
    // on a 1000 px screen.
    // Row 1: row 0 is taller by its group's heading, which the list shows twice.
    const int rowHeight =
        m_picker->list()->sizeHintForRow(1) > 0 ? m_picker->list()->sizeHintForRow(1) : 2 * fontMetrics().height() + 12;
    constexpr int kRowsShown = 8;
    const int listHeight = (std::min(m_picker->list()->model()->rowCount(), kRowsShown) + 2) * rowHeight +
                           m_picker->filterEdit()->sizeHint().height() + 8;
    split->setSizes({listHeight, 1000 - listHeight});
    return split;
}

bool MainWindow::selectScenario(const QString& id)
{
    m_selecting = true;
    const bool found = m_picker->setCurrentScenario(id);
    m_selecting = false;
    if (!found)
        return false;
    showScenario(findScenario(id));
    return true;
}

bool MainWindow::runSelected()
{
    // A script has no engine re-creation: running it means running it in Python.
    if (m_program->origin().kind == ProgramController::Origin::Kind::Script)
        return runInPython();
    const Scenario* scenario = m_shown;
    if (!scenario) {
        statusBar()->showMessage(tr("Pick a scenario first"), 5000);
        return false;
    }
    const tl::Result<ParameterValues> values = m_form->values();
    if (!values.ok()) {
        // The form already shows the reason in red next to the fields; say it where the eye is too.
        statusBar()->showMessage(tr("Refused: %1").arg(values.error()), 8000);
        return false;
    }
    m_runs->start(*scenario, *values, m_actions->speedFactor());
    m_timeline->setFocus();
    return true;
}

bool MainWindow::runWhatIsShown()
{
    // What was typed into a lesson's listing has no engine re-creation either: Run ran the lesson as written, the
    // edits shown but ignored. Picking a lesson (whose kept edits come back) still runs the lesson.
    if (m_program->isEdited() && m_shown && m_program->origin().lessonId == m_shown->id) {
        if (!runInPython())
            return false;
        statusBar()->showMessage(
            tr("Your edited listing runs in CPython: the engine re-creates only the lesson as written"), 8000);
        return true;
    }
    return runSelected();
}

bool MainWindow::launch(const QString& id, const std::optional<ParameterValues>& values, double speed)
{
    if (!selectScenario(id))
        return false;
    if (values)
        m_form->setValues(*values);
    m_actions->setSpeedFactor(speed);
    return runSelected();
}

void MainWindow::showScenario(const Scenario* scenario)
{
    if (!scenario || scenario == m_shown)
        return;
    m_shown = scenario;
    m_explanation->setText(QStringLiteral("<h3>%1</h3><p style='color:gray'>%2</p><p>%3</p>")
                               .arg(scenario->title.toHtmlEscaped(), scenario->id,
                                    scenario->explanation.isEmpty() ? scenario->summary.toHtmlEscaped()
                                                                    : scenario->explanation.toHtmlEscaped()));
    m_form->setScenario(scenario);
    m_runButton->setText(tr("Run this scenario"));
    m_program->showLesson(scenario);
    onSelectionChanged();
    updateActionStates();
}

} // namespace tl::ui
