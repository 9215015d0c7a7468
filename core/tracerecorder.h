#pragma once

#include "event.h"

#include <vector>

namespace tl {

class ScenarioRun;
class TraceStore;

// Moves a run's events from its channel into a store, batch by batch.
// Thread affinity: the thread that owns the store (the GUI's timer, or a headless caller).
class TraceRecorder {
public:
    TraceRecorder(ScenarioRun& run, TraceStore& store);

    // Drains what is published now; returns how many events moved.
    std::size_t drainOnce();
    // The events the last drainOnce() moved, in drain order (live views append them; valid until the next drain).
    const std::vector<Event>& lastBatch() const { return m_batch; }
    // Drains until the run has finished and its channel is empty (headless use).
    void recordToCompletion(int pollMs = 5);

private:
    ScenarioRun& m_run;
    TraceStore& m_store;
    std::vector<Event> m_batch;
};

}  // namespace tl
