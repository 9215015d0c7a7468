// MainWindow's run-state side: what the title, the header, the status bar and the actions say about the
// run on screen (idle, live, paused, stopped, finished; an engine run, a Python run or a file).

#include "window/mainwindow.h"

#include "timeline/timelinedescribe.h"
#include "timeline/timelinewidget.h"
#include "timeline/viewstate.h"
#include "trace/deadlocktext.h"
#include "trace/tracestore.h"
#include "window/comparisonview.h"
#include "window/parameterform.h"
#include "window/programcontroller.h"
#include "window/runcontroller.h"
#include "window/runheader.h"
#include "window/statussummary.h"
#include "window/windowactions.h"

#include <QAction>
#include <QFileInfo>

namespace tl::ui {

StatusSummary::RunState MainWindow::runState() const
{
    using State = StatusSummary::RunState;
    // An opened trace of a run that was stopped (Ctrl+C headless, Stop) says so as that run did; a file cut short
    // says so, not "finished": its last waits may be open only because their ends were cut.
    return !m_runs->store()                                                 ? State::Idle
           : m_runs->isPaused()                                             ? State::Paused
           : m_runs->isRunning()                                            ? State::Live
           : m_runs->stopRequested() || m_runs->store()->metadata().stopped ? State::Stopped
           : m_runs->store()->metadata().cutShort                           ? State::CutShort
                                                                            : State::Finished;
}

void MainWindow::refreshSummary(std::int64_t nowTs)
{
    m_summary->refresh(m_runs->store(), nowTs, runState());
}

// A batch that brings a deadlock names its cycle in the status bar and, when nothing else is selected,
// selects the first thread's deadlock marker, so that the details panel says it too and the timeline
// frames it. A potential cycle's marker gives way to a certain one's: a Python program's cycle through a
// plain Lock is shown potential first, and certain once nothing runs. Reading the cycles walks the store,
// so only a batch with a deadlock event does it.
void MainWindow::noteDeadlocks(const StoreChange& change)
{
    const TraceStore* store = m_runs->store();
    if (!store || !changeHasAnyDeadlock(*store, change))
        return;
    const std::optional<DeadlockCycle> cycle = shownDeadlock(*store);
    if (!cycle)
        return;
    m_summary->setDeadlock(deadlockSentence(*store, *cycle));
    if (cycle->members.empty())
        return;
    const Selection selected = m_state->selection();
    const bool potentialSelected = selected.kind == Selection::Kind::Event &&
                                   store->event(selected.event).kind == EventKind::Deadlock &&
                                   (store->event(selected.event).flags & EventFlag::Potential) != 0;
    if (!selected.isNone() && !(potentialSelected && !cycle->potential))
        return;
    m_state->setSelection(selectionOfEvent(*store, cycle->members.front()));
    // A certain cycle is for good: the run goes on, stuck, and following its live edge slid the deadlock off
    // screen within one window's width (found by a reviewer). The view stays on it; End or Follow Live go on.
    if (!cycle->potential) {
        m_state->setFollowLive(false);
        m_timeline->revealSelection();
    }
}

void MainWindow::refreshHeader()
{
    if (const TraceStore* store = m_runs->store())
        m_header->show(store->metadata(), runState());
    else
        m_header->clear();
}

void MainWindow::updateTitle()
{
    const TraceStore* store = m_runs->store();
    if (!store) {
        setWindowTitle(tr("Threadline"));
        return;
    }
    const TraceMetadata& meta = store->metadata();
    const QString state = runStateWord(runState());
    // A Python run is labelled with what ran it: "producer-consumer in CPython 3.11.2".
    const QString what =
        meta.isPython()
            ? tr("%1 in %2").arg(meta.scenarioId, meta.interpreter.isEmpty() ? tr("Python") : meta.interpreter)
            : meta.scenarioId;
    // A trace file is named by its file first: that is what the user opened.
    if (!meta.file.isEmpty())
        setWindowTitle(what.isEmpty() ? tr("%1 — Threadline").arg(QFileInfo(meta.file).fileName())
                                      : tr("%1 — %2 — Threadline").arg(QFileInfo(meta.file).fileName(), what));
    else
        setWindowTitle(tr("%1 (%2) — Threadline").arg(what, state));
}

void MainWindow::updateActionStates()
{
    using Kind = ProgramController::Origin::Kind;
    const Kind listing = m_program->origin().kind;
    m_actions->run->setEnabled(listing == Kind::Script || (m_shown && m_form->isValid()));
    // An unedited lesson runs with the form's values, which must be valid (as for Run); an edited one runs as typed.
    const bool formRefused = listing == Kind::Lesson && !m_program->isEdited() && m_shown &&
                             m_program->origin().lessonId == m_shown->id && !m_form->isValid();
    m_actions->runPython->setEnabled(listing != Kind::None && !formRefused);
    m_actions->editListing->setEnabled(listing != Kind::None);
    m_actions->saveListingAs->setEnabled(listing != Kind::None);
    m_actions->stop->setEnabled(m_runs->isRunning());
    m_actions->pause->setEnabled(m_runs->canPause()); // a live engine or Python run
    for (QAction* control : {m_actions->step, m_actions->stepThread})
        control->setEnabled(m_runs->hasLiveControls()); // an engine run; a Python run cannot step
    m_actions->restart->setEnabled(m_runs->scenario() != nullptr || m_runs->pythonOptions() != nullptr ||
                                   m_runs->fileSource() != nullptr);
    m_actions->zoomToSelection->setEnabled(!m_state->selection().isNone());
    m_actions->compareRun->setEnabled(m_shown && m_form->isValid());
    m_actions->comparePython->setEnabled(listing != Kind::None && !formRefused); // what Run in Python runs
    m_actions->closeComparison->setEnabled(m_comparison->isComparing());
}

void MainWindow::updateScrub()
{
    m_state->setScrubAllowed(m_runs->store() && (!m_runs->isRunning() || m_runs->isPaused()));
}

} // namespace tl::ui
