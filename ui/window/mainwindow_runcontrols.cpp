#include "window/mainwindow.h"

#include "timeline/timelinewidget.h"
#include "timeline/viewstate.h"
#include "trace/tracestore.h"
#include "window/runcontroller.h"
#include "window/windowactions.h"

#include <QAction>
#include <QStatusBar>

#include <cmath>

// MainWindow's live run controls (issue 10): a speed picked while a run is live, pause and resume, step
// and step thread, and the scrub playhead's keys. RunController does the work on the run; this side says what happened
// and selects the event a step let through, so the event list, the details and the listing line follow it.
namespace tl::ui {

namespace {

QString stuckMessage()
{
    return QObject::tr("No next event can come: every thread waits, with nothing to wake it (a deadlock). Stop ends "
                       "the run.");
}

} // namespace

void MainWindow::connectRunControls()
{
    WindowActions* a = m_actions;
    connect(a, &WindowActions::speedChanged, this, &MainWindow::onSpeedPicked);
    connect(a->pause, &QAction::triggered, this, [this] {
        if (m_runs->isPaused())
            m_runs->resume();
        else
            m_runs->pause();
    });
    connect(a->step, &QAction::triggered, this, [this] {
        if (m_runs->step())
            statusBar()->showMessage(tr("Stepping to the run's next event…"), 3000);
        else if (m_runs->isStuck())
            statusBar()->showMessage(stuckMessage(), 8000);
    });
    connect(a->stepThread, &QAction::triggered, this, &MainWindow::stepSelectedThread);
    connect(m_runs, &RunController::pausedChanged, this, &MainWindow::onPausedChanged);
    connect(m_runs, &RunController::stepped, this, &MainWindow::onStepped);
    a->setPausedLook(false);
    connectScrub();
}

// Scrub (issue 10): a playhead over a run that is not running. The keys act where the timeline has the
// focus; the menu entries work from anywhere.
void MainWindow::connectScrub()
{
    WindowActions* a = m_actions;
    const QList<QAction*> scrub{a->playheadStart, a->playheadEnd, a->previousEvent, a->nextEvent};
    m_timeline->addActions(scrub);
    connect(m_state, &ViewState::scrubAllowedChanged, this, [scrub](bool allowed) {
        for (QAction* action : scrub)
            action->setEnabled(allowed);
    });
    connect(a->playheadStart, &QAction::triggered, this, [this] { m_timeline->movePlayheadTo(0); });
    connect(a->playheadEnd, &QAction::triggered, this, [this] {
        if (const TraceStore* store = m_runs->store())
            m_timeline->movePlayheadTo(store->endTs());
    });
    connect(a->previousEvent, &QAction::triggered, this, [this] { m_timeline->movePlayheadToEvent(-1); });
    connect(a->nextEvent, &QAction::triggered, this, [this] { m_timeline->movePlayheadToEvent(1); });
}

void MainWindow::onSpeedPicked(double factor)
{
    if (!m_runs->isRunning())
        return; // the next run starts at it
    if (!m_runs->setSpeed(factor)) {
        statusBar()->showMessage(tr("This run cannot change speed; %1 applies to the next run")
                                     .arg(WindowActions::speedText(factor)),
                                 8000);
        return;
    }
    // Max has no meaning for CPython, whose waits Threadline does not own: the run says what it took.
    statusBar()->showMessage(std::isinf(factor) && !std::isinf(m_runs->speed())
                                 ? tr("Speed %1x from now on: the highest scaled speed, as Max has no meaning "
                                      "for CPython")
                                       .arg(m_runs->speed())
                                 : tr("Speed %1, from now on").arg(WindowActions::speedText(factor)),
                             4000);
}

void MainWindow::onPausedChanged(bool paused)
{
    m_actions->setPausedLook(paused);
    updateScrub();
    refreshSummary(m_runs->nowTs());
    refreshHeader();
    updateTitle();
    if (paused && !m_runs->hasLiveControls()) // a Python run: its tracer holds the threads, it cannot step
        statusBar()->showMessage(tr("Paused: Space resumes; each thread waits at its next traced call"));
    else if (paused && !m_runs->isStepping())
        statusBar()->showMessage(tr("Paused: Space resumes, N steps one event, Shift+N steps the selected thread"));
    else if (!paused && m_runs->isRunning())
        statusBar()->clearMessage();
}

void MainWindow::onStepped(EventId event)
{
    const TraceStore* store = m_runs->store();
    if (!store || event >= store->eventCount())
        return;
    m_state->setSelection(Selection::ofEvent(store->event(event).lane, event));
    // The playhead follows the steps, so State at t says what the step changed.
    m_state->setPlayhead(store->event(event).ts);
    m_timeline->revealSelection();
    statusBar()->showMessage(tr("Paused after one step: N steps again, Space resumes"));
}

void MainWindow::stepSelectedThread()
{
    const Selection selection = m_state->selection();
    const TraceStore* store = m_runs->store();
    if (selection.isNone() || !store || selection.lane >= store->laneCount()) {
        statusBar()->showMessage(tr("Select a thread first (click its lane, or Up / Down on the timeline)"), 5000);
        return;
    }
    if (m_runs->isStuck())
        statusBar()->showMessage(stuckMessage(), 8000);
    else if (!m_runs->stepThread(selection.lane))
        statusBar()->showMessage(tr("%1 has ended: it has no next event").arg(store->lane(selection.lane).name), 5000);
}

} // namespace tl::ui
