#include "tracerecorder.h"

#include "scenariorun.h"
#include "tracestore.h"

#include <QThread>

namespace tl {

TraceRecorder::TraceRecorder(ScenarioRun& run, TraceStore& store)
    : m_run(run)
    , m_store(store)
{
}

std::size_t TraceRecorder::drainOnce()
{
    m_batch.clear();
    const std::size_t moved = m_run.context().channel().drain(m_batch);
    if (moved != 0)
        m_store.append(m_batch);
    m_store.setDroppedEvents(m_run.context().channel().droppedEvents());
    return moved;
}

void TraceRecorder::recordToCompletion(int pollMs)
{
    while (!m_run.isFinished()) {
        drainOnce();
        m_run.waitForFinished(pollMs);
    }
    // Finished is published after every thread was joined, so this drain gets the last events.
    drainOnce();
}

}  // namespace tl
