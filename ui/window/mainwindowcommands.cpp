#include "window/mainwindow.h"

#include "import/filesource.h"
#include "scenarios/scenario.h"
#include "timeline/lanearrangement.h"
#include "timeline/timelinewidget.h"
#include "timeline/viewstate.h"
#include "trace/tracestore.h"
#include "window/comparisonview.h"
#include "window/docksizekeeper.h"
#include "window/exporter.h"
#include "window/presentationmode.h"
#include "window/programcontroller.h"
#include "window/runcontroller.h"
#include "window/runheader.h"
#include "window/shortcutsdialog.h"
#include "window/windowactions.h"

#include <QAction>
#include <QCloseEvent>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QShortcut>
#include <QStatusBar>

// MainWindow's commands: what each action of the menus and the toolbar does. The window's construction,
// layout and run handling are mainwindow.cpp.
namespace tl::ui {

void MainWindow::connectActions()
{
    WindowActions* a = m_actions;
    connect(a->run, &QAction::triggered, this, [this] { runWhatIsShown(); });
    connect(a->stop, &QAction::triggered, m_runs, &RunController::stop);
    connect(a->restart, &QAction::triggered, this, [this] {
        // Same program and values as the run on screen (engine or Python), at the speed picked now; an
        // opened trace is read again.
        if (!m_runs->scenario() && !m_runs->pythonOptions() && !m_runs->fileSource()) {
            runSelected();
            return;
        }
        // As Open reads it: a file gone or changed into nonsense since is a dialog, and the run on screen stays (it
        // was replaced by an empty one first).
        if (const tl::import::FileSource* file = m_runs->fileSource()) {
            openTrace(file->path());
            return;
        }
        if (const tl::Status restarted = m_runs->restart(m_actions->speedFactor()); !restarted)
            reportError(tr("Cannot restart"), restarted.error());
    });
    connect(a->followLive, &QAction::toggled, m_state, &ViewState::setFollowLive);
    connect(m_state, &ViewState::followLiveChanged, a->followLive, &QAction::setChecked);
    connect(a->showFlows, &QAction::toggled, m_state, &ViewState::setFlowsVisible);
    connect(m_state, &ViewState::flowsVisibleChanged, a->showFlows, &QAction::setChecked);
    connect(a->zoomIn, &QAction::triggered, m_timeline, &TimelineWidget::zoomIn);
    connect(a->zoomOut, &QAction::triggered, m_timeline, &TimelineWidget::zoomOut);
    connect(a->fitAll, &QAction::triggered, m_timeline, &TimelineWidget::fitAll);
    connect(a->zoomToSelection, &QAction::triggered, m_timeline, &TimelineWidget::zoomToSelection);
    connect(a->exportDialog, &QAction::triggered, this, [this] { m_exporter->exportInteractive(); });
    connect(a->exportPng, &QAction::triggered, this, [this] { m_exporter->exportInteractive(ExportFormat::Png); });
    connect(a->exportTrace, &QAction::triggered, this,
            [this] { m_exporter->exportInteractive(ExportFormat::ChromeJson); });
    connect(m_exporter, &Exporter::exported, this,
            [this](const QString& path) { statusBar()->showMessage(tr("Exported %1").arg(path), 5000); });
    connect(a->copyImage, &QAction::triggered, this, [this] {
        const tl::Status status = m_exporter->copyImage();
        if (status.ok())
            statusBar()->showMessage(tr("The timeline picture is on the clipboard"), 5000);
        else
            reportError(tr("Copy failed"), status.error());
    });
    connect(a->shortcuts, &QAction::triggered, this, [this] {
        ShortcutsDialog box(m_actions->shortcutsHtml(), this);
        box.exec();
    });
    connect(a->about, &QAction::triggered, this, [this] {
        // Qt's LGPL asks that the user be told of Qt and its licence: the About Qt button does.
        QMessageBox box(QMessageBox::NoIcon, tr("About Threadline"),
                        tr("<b>Threadline %1</b><p>The classic lessons of Python's threading module, re-created "
                           "with real threads and drawn live as a timeline.</p>"
                           "<p>Copyright © 2026 The Threadline developers. Free software under the MIT License: "
                           "use, copy, modify and share it, with the copyright and licence notice kept.</p>"
                           "<p>Built with Qt %2, running on Qt %3.</p>")
                            .arg(QStringLiteral(THREADLINE_VERSION), QStringLiteral(QT_VERSION_STR),
                                 QString::fromLatin1(qVersion())),
                        QMessageBox::Close, this);
        box.setObjectName(QStringLiteral("aboutBox"));
        box.setTextFormat(Qt::RichText);
        box.setIconPixmap(windowIcon().pixmap(64, 64));
        QPushButton* aboutQt = box.addButton(tr("About &Qt"), QMessageBox::HelpRole);
        aboutQt->disconnect(); // a press shows Qt's box over this one instead of closing it
        connect(aboutQt, &QPushButton::clicked, this, [this] { QMessageBox::aboutQt(this); });
        box.exec();
    });
    connect(a->quit, &QAction::triggered, this, &QWidget::close);
    connect(a->resetLayout, &QAction::triggered, this, [this] {
        if (isPresenting()) { // the timeline stays alone; the panels are back where they started once it ends
            m_presentation->setLayoutToRestore(m_defaultLayout);
            return;
        }
        restoreState(m_defaultLayout);
        m_dockSizes->rememberLater();
        statusBar()->showMessage(tr("The panels are back where they started"), 4000);
    });
    connect(a->themeSystem, &QAction::triggered, this, [this] { setTheme(ThemeChoice::System); });
    connect(a->themeLight, &QAction::triggered, this, [this] { setTheme(ThemeChoice::Light); });
    connect(a->themeDark, &QAction::triggered, this, [this] { setTheme(ThemeChoice::Dark); });
    a->followLive->setChecked(m_state->followLive());
    a->showFlows->setChecked(m_state->flowsVisible());
}

void MainWindow::setTheme(ThemeChoice choice)
{
    m_theme->apply(choice);
    QAction* checked = choice == ThemeChoice::Dark    ? m_actions->themeDark
                       : choice == ThemeChoice::Light ? m_actions->themeLight
                                                      : m_actions->themeSystem;
    checked->setChecked(true);
}

void MainWindow::connectLaneActions()
{
    WindowActions* a = m_actions;
    connect(a->tallerLanes, &QAction::triggered, this,
            [this] { m_lanes->setLaneHeight(m_lanes->laneHeight() + m_lanes->laneHeight() / 4 + 1); });
    connect(a->shorterLanes, &QAction::triggered, this,
            [this] { m_lanes->setLaneHeight(m_lanes->laneHeight() - m_lanes->laneHeight() / 5 - 1); });
    connect(a->fitLanes, &QAction::triggered, m_timeline, &TimelineWidget::fitLanesToHeight);
    connect(a->showHiddenLanes, &QAction::triggered, m_lanes, &LaneArrangement::showAll);
    connect(a->presentation, &QAction::toggled, this, &MainWindow::setPresenting);
    QLineEdit* finder = m_header->finder();
    connect(a->findLane, &QAction::triggered, this, [finder] {
        finder->show();
        finder->setFocus();
        finder->selectAll();
    });
    connect(finder, &QLineEdit::textChanged, this, &MainWindow::findLanes);
    connect(finder, &QLineEdit::returnPressed, this, &MainWindow::selectNextFoundLane);
    // Esc in the finder: every lane back, and the keys back to the timeline.
    auto* close = new QShortcut(QKeySequence(Qt::Key_Escape), finder, nullptr, nullptr, Qt::WidgetShortcut);
    connect(close, &QShortcut::activated, this, [this, finder] {
        finder->clear();
        finder->hide();
        m_timeline->setFocus();
    });
}

bool MainWindow::isPresenting() const
{
    return m_presentation->isActive();
}

void MainWindow::setPresenting(bool on)
{
    if (on)
        m_presentation->enter();
    else {
        m_presentation->leave();
        m_dockSizes->rememberLater(); // the panels as they were before
    }
    m_actions->presentation->setChecked(on);
}

void MainWindow::findLanes(const QString& text)
{
    m_lanes->setFilter(text.trimmed());
    m_comparison->setLaneFilter(text.trimmed()); // run B's lanes as A's
    // A lane the user hid is not shown by a find: an empty timeline said nothing of it, as for a name no lane has.
    if (const QString why = notFoundMessage(); !why.isEmpty())
        statusBar()->showMessage(why, 8000);
    else
        statusBar()->clearMessage();
}

// Why the find shows no lane: none is named so, or only hidden ones are; empty when it shows one.
QString MainWindow::notFoundMessage() const
{
    const TraceStore* store = m_runs->store();
    const QString filter = m_lanes->filter();
    if (!store || filter.isEmpty())
        return {};
    int hidden = 0;
    for (LaneId id = 0; id < store->laneCount(); ++id) {
        if (!store->lane(id).name.contains(filter, Qt::CaseInsensitive))
            continue;
        if (!m_lanes->isHidden(id))
            return {};
        ++hidden;
    }
    if (hidden == 0)
        return tr("No lane named like '%1'").arg(filter);
    return tr("Only hidden lanes are named like '%1' (%2): Show Hidden Lanes (%3) brings them back")
        .arg(filter)
        .arg(hidden)
        .arg(m_actions->showHiddenLanes->shortcut().toString(QKeySequence::NativeText));
}

void MainWindow::selectNextFoundLane()
{
    const TraceStore* store = m_runs->store();
    const QString filter = m_lanes->filter();
    if (!store || filter.isEmpty())
        return;
    std::vector<LaneId> found;
    for (LaneId id : store->laneOrder()) {
        const LaneInfo& lane = store->lane(id);
        if (lane.name.contains(filter, Qt::CaseInsensitive) && !lane.spans.empty() && !m_lanes->isHidden(id))
            found.push_back(id);
    }
    if (found.empty()) {
        statusBar()->showMessage(notFoundMessage(), 8000);
        return;
    }
    // The one after the lane selected now, in the run's lane order, round to the first again.
    const Selection now = m_state->selection();
    auto next = found.begin();
    if (!now.isNone()) {
        if (const auto at = std::find(found.begin(), found.end(), now.lane); at != found.end())
            next = std::next(at) == found.end() ? found.begin() : std::next(at);
    }
    const LaneInfo& lane = store->lane(*next);
    m_state->setSelection(Selection::ofSpan(lane.id, lane.spans.front().opening));
    m_timeline->revealSelection();
    statusBar()->showMessage(
        tr("%1 of %2 lanes named like '%3'").arg(std::distance(found.begin(), next) + 1).arg(found.size()).arg(filter),
        8000);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    const QStringList unsaved = m_program->unsavedListings();
    if (unsaved.isEmpty() || m_quitConfirmed) {
        emit closing();
        QMainWindow::closeEvent(event);
        return;
    }
    event->ignore();
    auto* box = new QMessageBox(QMessageBox::Question, tr("Quit Threadline?"),
                                tr("The edits in %1 are not saved: they are lost when Threadline quits. Save Listing "
                                   "As (Ctrl+Shift+S) keeps the one shown.")
                                    .arg(unsaved.join(QStringLiteral(", "))),
                                QMessageBox::Cancel, this);
    QPushButton* quit = box->addButton(tr("Quit"), QMessageBox::DestructiveRole);
    if (m_program->isEdited()) {
        // The listing shown saved, Threadline quits, or asks again for the edits of the others.
        QPushButton* save = box->addButton(tr("Save As…"), QMessageBox::AcceptRole);
        connect(save, &QPushButton::clicked, this, [this] {
            if (saveListingAs())
                close();
        });
    }
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal); // as reportError's: no nested event loop
    connect(quit, &QPushButton::clicked, this, [this] {
        m_quitConfirmed = true;
        close();
    });
    box->open();
}

void MainWindow::reportError(const QString& title, const QString& message)
{
    // Window-modal without a nested event loop: the run on screen keeps drawing behind it.
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Close, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    box->open();
}

} // namespace tl::ui
