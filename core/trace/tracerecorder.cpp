#include "trace/tracerecorder.h"

#include "trace/tracesource.h"
#include "trace/tracestore.h"

namespace tl {

TraceRecorder::TraceRecorder(TraceSource& source, TraceStore& store)
    : m_source(source)
    , m_store(store)
{
}

std::size_t TraceRecorder::drainOnce()
{
    m_batch.clear();
    const std::size_t moved = m_source.drain(m_batch);
    m_change = moved != 0 ? m_store.append(m_batch, m_source.lastDrainFiles()) : StoreChange{};
    m_store.setDroppedEvents(m_source.droppedEvents());
    return moved;
}

void TraceRecorder::recordToCompletion(int pollMs)
{
    while (!m_source.isFinished()) {
        drainOnce();
        m_source.waitForFinished(pollMs);
    }
    // A source says it has finished only after its last event was published: this drain gets it.
    drainOnce();
}

} // namespace tl
