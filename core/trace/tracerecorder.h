#pragma once

#include "trace/event.h"

#include <vector>

namespace tl {

class TraceSource;
class TraceStore;

// Moves a source's events into a store, batch by batch.
// Thread affinity: the thread that owns the store (the GUI's timer, or a headless caller).
class TraceRecorder {
public:
    TraceRecorder(TraceSource& source, TraceStore& store);

    // Drains what is published now; returns how many events moved.
    std::size_t drainOnce();
    // The events the last drainOnce() moved, in drain order (live views append them; valid until the next drain).
    const std::vector<Event>& lastBatch() const { return m_batch; }
    // Drains until the source has finished and has nothing left (headless use).
    void recordToCompletion(int pollMs = 5);

private:
    TraceSource& m_source;
    TraceStore& m_store;
    std::vector<Event> m_batch;
};

} // namespace tl
