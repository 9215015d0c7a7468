#pragma once

#include "trace/tracestore.h"

#include <QString>

#include <cstdint>
#include <utility>
#include <vector>

namespace tl::ui {

// What one counter row of the timeline draws: the pinned rows under the pinned lanes hold each queue's
// depth, then each semaphore's value, then who holds each lock (issue 13), in that order; after the lanes come
// the counters of an opened file (another tool's, TraceStore::counters()). Index i < queues().size() is a queue.
// A lock's row draws its holds as bands instead of a step chart.
struct CounterRowSource {
    QString name;    // the queue's or semaphore's name, as the run shows it
    QString caption; // what the row shows: "depth, maxsize 3", "value, bounded"
    QString measure; // the widest text the name column must fit: "jobs depth", "connections value"
    const std::vector<std::pair<std::int64_t, std::uint32_t>>* series = nullptr; // sorted by ts
    std::uint32_t scaleMax = 1;                                                  // drawn at the row's top
    const LockHoldsInfo* lock = nullptr; // set, and series unset, for a lock's holder row
    // Set, and series unset, for another tool's counter: any double, drawn from min(0, its least) to max(0, its most).
    const std::vector<std::pair<std::int64_t, double>>* values = nullptr;
    double valueMin = 0;
    double valueMax = 1;
};

// Every counter row; the first pinnedCounterRowCount() (queues, semaphores, locks) are pinned under the pinned lanes.
std::size_t counterRowCount(const TraceStore& store);
std::size_t pinnedCounterRowCount(const TraceStore& store);
CounterRowSource counterRowSource(const TraceStore& store, std::size_t index);

} // namespace tl::ui
