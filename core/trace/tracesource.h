#pragma once

#include "trace/event.h"
#include "trace/tracemetadata.h"

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace tl {

class StringTable;

// Where a trace comes from: the C++ engine's run of a scenario, a CPython process under Threadline's
// tracer, or a trace file. Whatever the source, the store, the views and the exports see only this: event
// batches drained by one consumer, the strings those events refer to, metadata, a drop count, a clock for
// the live "now", and the moment it will publish nothing more.
//
// Thread affinity: drain(), isFinished(), waitForFinished() and the readers are called by the one thread
// that owns the store the source feeds; requestStop() from that thread too. A source produces on threads of
// its own.
class TraceSource {
public:
    virtual ~TraceSource() = default;

    // Appends every event published so far to `out`; returns how many were appended. Events of one lane
    // come in the order they happened; across lanes there is no order (the store sorts).
    virtual std::size_t drain(std::vector<Event>& out) = 0;
    // The events the last drain() appended whose line is in another file than the program's, by their position
    // among those events, ascending: a Python run's events of the modules its script imports. Empty for a source
    // whose lines are all its program's. Valid until the next drain().
    virtual std::span<const EventFile> lastDrainFiles() const { return {}; }
    // True once nothing more will be published: the drain() after a true reading holds the last events.
    virtual bool isFinished() const = 0;
    // Waits up to timeoutMs wall milliseconds (-1: forever) for isFinished(); returns it.
    virtual bool waitForFinished(int timeoutMs) = 0;
    // Asks the source to end soon; it stays a source until isFinished().
    virtual void requestStop() = 0;

    // The strings events refer to (names, printed text, messages). Shared: it outlives the source if a
    // store still holds it.
    virtual std::shared_ptr<const StringTable> strings() const = 0;
    virtual TraceMetadata metadata() const = 0;
    // Events the source could not deliver, counted where they were lost.
    virtual std::uint64_t droppedEvents() const = 0;
    // The source's time now, in the trace's nanoseconds: the live "now" line.
    virtual std::int64_t nowTs() const = 0;
};

} // namespace tl
