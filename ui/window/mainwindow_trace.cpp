// MainWindow's trace-file side: File > Open Trace, Open Recent, a trace dropped on the window, and what
// the window says while a file loads and once it is on screen. Reading is TraceOpener's; this file
// connects it to the actions, the status bar and the dialogs.

#include "window/mainwindow.h"

#include "import/filesource.h"
#include "trace/eventtext.h"
#include "trace/tracestore.h"
#include "window/droppedscript.h"
#include "window/parameterform.h"
#include "window/recenttraces.h"
#include "window/runcontroller.h"
#include "window/scenariopicker.h"
#include "window/traceopener.h"
#include "window/windowactions.h"

#include <QAction>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>

#include <algorithm>

namespace tl::ui {

void MainWindow::connectTraceActions()
{
    m_loadProgress = new QProgressBar(this);
    m_loadProgress->setObjectName(QStringLiteral("loadProgress"));
    m_loadProgress->setAccessibleName(tr("Reading the trace file"));
    m_loadProgress->setMaximumWidth(220);
    m_loadCancel = new QPushButton(tr("Cancel"), this);
    m_loadCancel->setObjectName(QStringLiteral("loadCancel"));
    m_loadCancel->setAccessibleName(tr("Cancel opening the trace"));
    statusBar()->addWidget(m_loadProgress);
    statusBar()->addWidget(m_loadCancel);
    setLoading(false);

    connect(m_actions->openTrace, &QAction::triggered, this, [this] { openTrace(); });
    connect(m_actions->recentTraces, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    fillRecentMenu(); // so the menu is not empty, and is enabled, before it is first shown
    connect(m_loadCancel, &QPushButton::clicked, m_opener, &TraceOpener::cancel);
    connect(m_opener, &TraceOpener::progress, this, [this](qint64 read, qint64 total) {
        // A size not known (a pipe): a busy bar. Otherwise per mille, which fits an int for any size.
        m_loadProgress->setRange(0, total > 0 ? 1000 : 0);
        if (total > 0)
            m_loadProgress->setValue(static_cast<int>(std::min<qint64>(1000, read * 1000 / total)));
    });
    connect(m_opener, &TraceOpener::opened, this, [this](const QString& path) {
        setLoading(false);
        RecentTraces::add(path);
        fillRecentMenu(); // a disabled menu is never shown, so it would not fill itself
        showTracePanel(path);
    });
    connect(m_opener, &TraceOpener::failed, this, [this](const QString& path, const QString& error) {
        setLoading(false);
        if (!QFileInfo::exists(path)) { // gone: the menu would offer it for ever
            RecentTraces::remove(path);
            fillRecentMenu();
        }
        statusBar()->showMessage(tr("Not opened: %1").arg(error), 15000);
        reportError(tr("Cannot open the trace"),
                    tr("%1\n\n%2\n\nThe run on screen is unchanged.").arg(QDir::toNativeSeparators(path), error));
    });
    connect(m_opener, &TraceOpener::cancelled, this, [this](const QString& path) {
        setLoading(false);
        statusBar()->showMessage(tr("Opening %1 was cancelled").arg(QFileInfo(path).fileName()), 5000);
    });
}

bool MainWindow::openTrace(const QString& path)
{
    QString file = path;
    if (file.isEmpty()) {
        const QStringList recent = RecentTraces::list();
        file = QFileDialog::getOpenFileName(this, tr("Open Trace"),
                                            recent.isEmpty() ? QDir::currentPath() : QFileInfo(recent.first()).path(),
                                            tr("Traces (*.json *.json.gz);;All files (*)"));
        if (file.isEmpty())
            return false;
    }
    statusBar()->showMessage(tr("Reading %1…").arg(QFileInfo(file).fileName()));
    setLoading(true);
    m_opener->open(file);
    return true;
}

void MainWindow::setLoading(bool loading)
{
    m_loadProgress->setVisible(loading);
    m_loadCancel->setVisible(loading);
    if (loading)
        m_loadProgress->setValue(0);
}

void MainWindow::fillRecentMenu()
{
    QMenu* menu = m_actions->recentTraces;
    menu->clear();
    const QStringList recent = RecentTraces::list();
    for (const QString& path : recent) {
        QAction* action = menu->addAction(QFileInfo(path).fileName());
        action->setData(path);
        action->setToolTip(path);
        action->setStatusTip(path);
        connect(action, &QAction::triggered, this, [this, path] { openTrace(path); });
    }
    if (!recent.isEmpty()) {
        menu->addSeparator();
        connect(menu->addAction(tr("Clear Menu")), &QAction::triggered, this, [this] {
            RecentTraces::clear();
            fillRecentMenu();
        });
    }
    menu->setEnabled(!recent.isEmpty());
}

void MainWindow::showTracePanel(const QString& path)
{
    // No lesson is selected: the timeline shows a file, which Run cannot re-create.
    m_shown = nullptr;
    m_picker->clearCurrentScenario();
    m_form->setScenario(nullptr);
    m_explanation->setText(tr("<h3>%1</h3><p style='color:gray'>%2</p><p>A trace read from a file. Restart "
                              "(Ctrl+R) reads it again; pick a lesson to run one live.</p>")
                               .arg(QFileInfo(path).fileName().toHtmlEscaped(),
                                    QDir::toNativeSeparators(QFileInfo(path).absoluteFilePath()).toHtmlEscaped()));
    updateActionStates();
}

void MainWindow::reportFileEnd()
{
    const import::FileSource* file = m_runs->fileSource();
    const TraceStore* store = m_runs->store();
    QString message =
        tr("Opened %1: %2 on %3")
            .arg(QFileInfo(file->path()).fileName(), counted(qint64(store->eventCount()), tr("event"), tr("events")),
                 counted(qint64(store->laneCount()), tr("lane"), tr("lanes")));
    // What could not be read as it stood (a truncated file, an unmatched B): said, never a dialog.
    const QStringList warnings = file->warnings();
    if (!warnings.isEmpty())
        message +=
            tr(" — %1: %2")
                .arg(counted(warnings.size(), tr("warning"), tr("warnings")), warnings.join(QStringLiteral("; ")));
    statusBar()->showMessage(message, warnings.isEmpty() ? 8000 : 30000);
    statusBar()->setToolTip(warnings.join(QLatin1Char('\n')));
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (!droppedScript(event->mimeData()).isEmpty() || !droppedTrace(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dragMoveEvent(QDragMoveEvent* event)
{
    if (!droppedScript(event->mimeData()).isEmpty() || !droppedTrace(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    if (const QString trace = droppedTrace(event->mimeData()); !trace.isEmpty()) {
        event->acceptProposedAction();
        openTrace(trace);
        return;
    }
    const QString script = droppedScript(event->mimeData());
    if (script.isEmpty())
        return;
    event->acceptProposedAction();
    openScript(script);
}

} // namespace tl::ui
