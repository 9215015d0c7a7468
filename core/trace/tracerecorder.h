#pragma once

#include "trace/event.h"
#include "trace/tracestore.h"

#include <vector>

namespace tl {

class TraceSource;

// Moves a source's events into a store, batch by batch.
// Thread affinity: the thread that owns the store (the GUI's timer, or a headless caller).
class TraceRecorder {
public:
    TraceRecorder(TraceSource& source, TraceStore& store);

    // Drains what is published now; returns how many events moved.
    std::size_t drainOnce();
    // What the last drainOnce() changed in the store (empty when it moved nothing).
    const StoreChange& lastChange() const { return m_change; }
    // Drains until the source has finished and has nothing left (headless use).
    void recordToCompletion(int pollMs = 5);

private:
    TraceSource& m_source;
    TraceStore& m_store;
    std::vector<Event> m_batch; // reused: the drain buffer between the source's chunks and the store
    StoreChange m_change;
};

} // namespace tl
