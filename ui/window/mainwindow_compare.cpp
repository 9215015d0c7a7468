// MainWindow's comparison (issue 14): run B below the window's run A on one time axis (ComparisonView),
// and the Differences panel of their state times. Connects the Compare menu and refreshes the differences
// when either run is complete.

#include "window/mainwindow.h"

#include "timeline/timelinewidget.h"
#include "timeline/viewstate.h"
#include "trace/tracestore.h"
#include "window/comparisonview.h"
#include "window/differencespanel.h"
#include "window/parameterform.h"
#include "window/programcontroller.h"
#include "window/recenttraces.h"
#include "window/runcontroller.h"
#include "window/selectiondetails.h"
#include "window/viewlink.h"
#include "window/windowactions.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QStatusBar>

#include <algorithm>

namespace tl::ui {

void MainWindow::connectCompareActions()
{
    connect(m_actions->compareTrace, &QAction::triggered, this, [this] { compareWithTrace(); });
    connect(m_actions->compareRun, &QAction::triggered, this, &MainWindow::compareWithRun);
    connect(m_actions->comparePython, &QAction::triggered, this, &MainWindow::compareWithPython);
    connect(m_actions->closeComparison, &QAction::triggered, m_comparison, &ComparisonView::endComparison);
    // Once either run is complete: both whole on the shared axis, and their differences.
    const auto bothComplete = [this] {
        fitBothRuns();
        refreshDifferences();
    };
    // A's end is handled in onFinished(), after its own fit to A alone.
    connect(m_comparison, &ComparisonView::runFinished, this, bothComplete);
    connect(m_comparison->runs(), &RunController::storeReplaced, this, &MainWindow::refreshDifferences);
    connect(m_runs, &RunController::storeReplaced, this, &MainWindow::refreshDifferences);
    // After the timeline's own fit (connected first), which knows A alone.
    connect(m_actions->fitAll, &QAction::triggered, this, &MainWindow::fitBothRuns);
    connect(m_comparison, &ComparisonView::failed, this,
            [this](const QString& error) { reportError(tr("The run to compare with cannot be shown"), error); });
    // One moment at one x in both runs: each name column as wide as the wider run's names need, and both
    // scroll bars always shown, so that neither plot is narrower for having one.
    TimelineWidget* b = m_comparison->timeline();
    connect(m_timeline, &TimelineWidget::naturalNameWidthChanged, b, &TimelineWidget::setMinimumNameWidth);
    connect(b, &TimelineWidget::naturalNameWidthChanged, this, [this](int pixels) {
        if (m_comparison->isComparing())
            m_timeline->setMinimumNameWidth(pixels);
    });
    // Details describes the run the user picked on: a pick on B selects, on A, the same thread at that moment, and
    // the panel showed that instead of what was clicked.
    // The listing too: B's pick lit no line (A's mirrored pick, often none, was shown).
    connect(m_comparison->link(), &ViewLink::picked, this, [this](bool onB) {
        m_pickedOnB = onB;
        if (onB)
            m_details->describeRunB(m_comparison->viewState(), [this] { return m_comparison->runs()->store(); });
        else
            m_details->describeRunA();
        onSelectionChanged(); // A's selection may stay as it is
    });
    connect(m_comparison, &ComparisonView::closed, this, [this] {
        m_pickedOnB = false;
        m_details->describeRunA();
        m_timeline->setMinimumNameWidth(0);
        m_timeline->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
        m_differencesDock->hide();
        nameRunAPanels(false);
        // A view of both whole runs becomes one of A's whole run: a short A was left a sliver of the longer B's
        // axis (hello's 0.5 ms in one pixel). A view zoomed into A stays.
        if (const TraceStore* a = m_runs->store(); a && m_state->range().from <= 0 && m_state->range().to > a->endTs())
            m_timeline->fitAll();
        updateActionStates();
    });
}

bool MainWindow::compareWithTrace(const QString& path)
{
    QString file = path;
    if (file.isEmpty()) {
        const QStringList recent = RecentTraces::list();
        file = QFileDialog::getOpenFileName(this, tr("Compare With Trace"),
                                            recent.isEmpty() ? QDir::currentPath() : QFileInfo(recent.first()).path(),
                                            tr("Traces (*.json *.json.gz);;All files (*)"));
        if (file.isEmpty())
            return false;
    }
    m_listingOfB.reset();
    m_comparison->compareWithTrace(file);
    showComparison();
    return true;
}

std::optional<ParameterValues> MainWindow::lessonToCompare()
{
    const tl::Result<ParameterValues> values = m_form->values();
    if (!m_shown || !values.ok()) {
        statusBar()->showMessage(m_shown ? tr("Refused: %1").arg(values.error()) : tr("Pick a scenario first"), 8000);
        return std::nullopt;
    }
    return *values;
}

bool MainWindow::compareWithRun()
{
    const std::optional<ParameterValues> values = lessonToCompare();
    if (!values)
        return false;
    m_comparison->compareWithRun(*m_shown, *values, m_actions->speedFactor());
    m_listingOfB = m_program->origin();
    showComparison();
    return true;
}

bool MainWindow::compareWithPython()
{
    // Run B is what Run in Python runs: the listing's program. The picker's lesson with the form's values, an edited
    // listing as typed, or a script opened (a user-reviewer could not compare two runs of their own script).
    const tl::Result<tl::PythonRunOptions> options =
        m_program->listingRun(m_shown, m_form->values(), m_actions->speedFactor());
    if (!options) {
        statusBar()->showMessage(options.error(), 8000);
        return false;
    }
    if (const tl::Status started = m_comparison->compareWithPython(*options); !started) {
        reportError(tr("The Python run to compare with cannot start"), started.error());
        return false;
    }
    m_listingOfB = m_program->origin();
    showComparison();
    return true;
}

void MainWindow::showComparison()
{
    TimelineWidget* b = m_comparison->timeline();
    b->setMinimumNameWidth(m_timeline->naturalNameWidth());
    m_timeline->setMinimumNameWidth(b->naturalNameWidth());
    m_timeline->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    m_differencesDock->show();
    m_differencesDock->raise();
    nameRunAPanels(true);
    refreshDifferences();
    updateActionStates();
}

void MainWindow::nameRunAPanels(bool comparing)
{
    // The event list and the console are run A's: a pick on B lit A's event of that thread there, under Details
    // saying "Selection in run B".
    m_eventsDock->setWindowTitle(comparing ? tr("Events — run A") : tr("Events"));
    m_consoleDock->setWindowTitle(comparing ? tr("Console — run A") : tr("Console"));
}

void MainWindow::fitBothRuns()
{
    const TraceStore* b = m_comparison->runs()->store();
    if (!m_comparison->isComparing() || !m_runs->store() || !b)
        return;
    // As the timeline fits one run: its end and a little room after it, here the longer run's.
    const std::int64_t end = std::max({m_runs->store()->endTs(), b->endTs(), ViewState::kMinRangeNs});
    m_state->setRange({0, end + end / 50});
}

void MainWindow::refreshDifferences()
{
    if (!m_comparison->isComparing())
        return;
    const RunController* b = m_comparison->runs();
    m_differences->refresh(m_runs->store(), m_runs->isRunning(), b->store(), b->isRunning() || !b->store());
}

int MainWindow::listingLineOfB() const
{
    const TraceStore* b = m_comparison->runs()->store();
    const Selection picked = m_comparison->viewState()->selection();
    if (!b || picked.isNone() || !b->contains(picked.event) || !m_listingOfB || !(*m_listingOfB == m_program->origin()))
        return 0;
    const StringId file = b->fileOf(picked.event); // 0: the program's own file
    return file == 0 || b->text(file) == b->metadata().script ? b->event(picked.event).line : 0;
}

} // namespace tl::ui
