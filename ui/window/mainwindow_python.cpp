// MainWindow's Python side: Run in Python, Edit, Save As, Open and drops, a command line's script, and
// what the window says when a Python run ends. The listing's state and what runs live in
// ProgramController; this file connects it to the actions, the dialogs and the rest of the window.

#include "window/mainwindow.h"

#include "engine/speed.h"
#include "pysource/pythonsource.h"
#include "timeline/timelinewidget.h"
#include "timeline/viewstate.h"
#include "trace/tracestore.h"
#include "window/listingview.h"
#include "window/parameterform.h"
#include "window/programcontroller.h"
#include "window/runcontroller.h"
#include "window/scenariopicker.h"
#include "window/windowactions.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>

#include <cmath>

namespace tl::ui {

void MainWindow::connectPythonActions()
{
    WindowActions* a = m_actions;
    connect(a->runPython, &QAction::triggered, this, [this] { runInPython(); });
    connect(a->editListing, &QAction::toggled, m_listing, &ListingView::setEditable);
    connect(a->saveListingAs, &QAction::triggered, this, [this] { saveListingAs(); });
    connect(a->openScript, &QAction::triggered, this, [this] { openScript(); });
    connect(m_listing, &ListingView::scriptDropped, this, [this](const QString& path) { openScript(path); });
    connect(m_program, &ProgramController::listingChanged, this, [this] {
        updateListingTitle();
        updateActionStates();
    });
}

bool MainWindow::runInPython()
{
    const tl::Status started = m_program->runInPython(m_shown, m_form->values(), m_actions->speedFactor());
    if (!started) {
        statusBar()->showMessage(tr("Not run: %1").arg(started.error()), 8000);
        reportError(tr("Cannot run in Python"), started.error());
        return false;
    }
    if (std::isinf(m_actions->speedFactor()))
        statusBar()->showMessage(tr("Max has no meaning for CPython, whose waits Threadline does not own: this run "
                                    "uses the highest scaled speed, %1x")
                                     .arg(kMaxSpeed),
                                 10000);
    // Someone typing in the listing keeps typing; otherwise the keys go to the timeline, as for Run.
    if (!m_listing->isEditable())
        m_timeline->setFocus();
    return true;
}

bool MainWindow::launchPython(const tl::PythonRunOptions& options)
{
    m_actions->setSpeedFactor(options.speed);
    const tl::Status started = m_program->runProgram(options);
    showScriptPanel();
    if (!started) {
        reportError(tr("Cannot run in Python"), started.error());
        return false;
    }
    return true;
}

bool MainWindow::openScript(const QString& path)
{
    QString file = path;
    if (file.isEmpty()) {
        const QString origin = m_program->origin().path;
        file = QFileDialog::getOpenFileName(this, tr("Open Python Script"),
                                            origin.isEmpty() ? QDir::currentPath() : QFileInfo(origin).path(),
                                            tr("Python scripts (*.py);;All files (*)"));
        if (file.isEmpty())
            return false;
    }
    if (const tl::Status opened = m_program->openScript(file); !opened) {
        reportError(tr("Cannot open the script"), opened.error());
        return false;
    }
    showScriptPanel();
    return runInPython();
}

bool MainWindow::saveListingAs(const QString& path)
{
    QString file = path;
    if (file.isEmpty()) {
        QString suggested = m_program->origin().path;
        if (suggested.isEmpty())
            suggested = QDir::current().filePath(m_program->listingTitle().section(QLatin1Char(' '), 0, 0));
        file = QFileDialog::getSaveFileName(this, tr("Save Listing As"), suggested,
                                            tr("Python scripts (*.py);;All files (*)"));
        if (file.isEmpty())
            return false;
    }
    if (const tl::Status saved = m_program->saveAs(file); !saved) {
        reportError(tr("Cannot save the listing"), saved.error());
        return false;
    }
    showScriptPanel();
    statusBar()->showMessage(tr("Saved %1").arg(file), 5000);
    return true;
}

void MainWindow::showScriptPanel()
{
    // The lessons' panel makes way for the user's program: no lesson is selected, there is no form, and
    // Run runs the script in Python (it has no engine re-creation).
    m_shown = nullptr;
    m_picker->clearCurrentScenario();
    m_form->setScenario(nullptr);
    if (m_runButton)
        m_runButton->setText(tr("Run in Python"));
    const QString path = m_program->origin().path;
    const QString name = path.isEmpty() ? tr("Python program") : QFileInfo(path).fileName();
    m_explanation->setText(
        tr("<h3>%1</h3><p style='color:gray'>%2</p><p>Your own program, run in CPython under Threadline's tracer: "
           "its threads, sleeps, queues, pools, sockets and its exit are drawn as for a lesson, and what it prints "
           "is in the console, tagged with the thread that wrote it. Edit the listing (F2) and Run in Python "
           "(Ctrl+F5) runs what you typed.</p>")
            .arg(name.toHtmlEscaped(), path.toHtmlEscaped()));
    onSelectionChanged();
    updateActionStates();
}

void MainWindow::updateListingTitle()
{
    const QString title = m_program->listingTitle();
    m_listingDock->setWindowTitle(title.isEmpty() ? tr("Listing") : tr("Listing — %1").arg(title));
}

void MainWindow::reportPythonEnd()
{
    const tl::PythonSource* python = m_runs->pythonSource();
    const TraceMetadata& meta = m_runs->store()->metadata();
    QString message = m_runs->stopRequested() ? tr("The run was stopped") : tr("%1 has finished").arg(meta.scenarioId);
    if (const std::optional<int> code = python->exitCode())
        message += tr(" (exit code %1)").arg(*code);
    if (!meta.problems.isEmpty())
        message += QStringLiteral(": ") + meta.problems.join(QStringLiteral("; "));
    statusBar()->showMessage(message, 15000);

    if (const auto syntax = m_program->syntaxError()) {
        // The program never ran: its line is selected (the listing highlights it, the details show it)
        // and Python's own report is shown as it printed it.
        m_state->setSelection(Selection::ofEvent(syntax->lane, syntax->event));
        auto* box = new QMessageBox(QMessageBox::Warning, syntax->type,
                                    tr("<p><b>%1 did not run</b>: Python could not compile it.</p><pre>%2</pre>")
                                        .arg(meta.scenarioId.toHtmlEscaped(), syntax->text.toHtmlEscaped()),
                                    QMessageBox::Close, this);
        box->setTextFormat(Qt::RichText);
        box->setObjectName(QStringLiteral("syntaxErrorDialog"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->setWindowModality(Qt::WindowModal);
        box->open();
        return;
    }
    // A stop asked for is no surprise; anything else that cut the run short is said where the eye is.
    if (!m_runs->stopRequested() && !meta.problems.isEmpty())
        reportError(
            tr("The Python run did not end cleanly"),
            tr("%1\n\nThe trace holds what was recorded until then.").arg(meta.problems.join(QLatin1Char('\n'))));
}

} // namespace tl::ui
