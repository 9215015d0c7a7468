#pragma once

#include "trace/lanestate.h"
#include "trace/tracestore.h"

#include <QHash>
#include <QString>

#include <array>
#include <cstdint>
#include <limits>
#include <vector>

namespace tl::stats {

inline constexpr std::size_t kStateCount = static_cast<std::size_t>(LaneState::Count_);
using StateDurations = std::array<std::int64_t, kStateCount>; // nanoseconds, indexed by LaneState

// A half-open time range [from, to) in scenario nanoseconds. The default is the whole run.
struct TimeRange {
    std::int64_t from = std::numeric_limits<std::int64_t>::min();
    std::int64_t to = std::numeric_limits<std::int64_t>::max();
};

// Another tool's slices' exclusive time by name (Span::detail): what LaneState::Slice's time is made of.
using SliceDurations = QHash<StringId, std::int64_t>;

// One thread's time in each state within the range.
struct ThreadStateTimes {
    LaneId lane = 0;
    QString name; // the lane's; in a trace of several processes, "process / thread" (threads of one name in each)
    StateDurations ns{};       // exclusive time: a span's time less the time of the spans nested in it
    std::int64_t lifetime = 0; // time covered by the lane's outermost spans (its run span) in the range
    SliceDurations slices;     // ns[Slice] by the slices' names
};

// A slice name and its time over every thread.
struct SliceTotal {
    StringId name = 0;
    QString text;
    std::int64_t ns = 0;
};

// Each thread's time in each state, in the store's lane order, with totals per state.
//
// At every instant a thread is in the state of its innermost open span: a join nested in a run span
// counts as join, not as running. Spans are clipped to the range; a span still open ends at the store's
// latest timestamp. Invariant: for every thread, the sum of `ns` is exactly `lifetime` (nested spans are
// clipped to their parent, so nothing is counted twice or lost). Lanes with no span in the range are
// left out.
struct StateTimes {
    TimeRange range; // as asked, with the whole-run bounds resolved to the store's
    std::vector<ThreadStateTimes> threads;
    StateDurations totals{}; // the sum over threads, per state
    std::int64_t totalLifetime = 0;
    std::vector<SliceTotal> slices; // every slice name with time, the most time first (then by name)
    // Another tool's trace (TraceMetadata::isAnotherToolsTrace), whose time is its slices': told by slice name. A
    // run of Threadline's tells its states, even where it holds a slice (an event of a category of its own).
    bool bySlice = false;
};

// Thread affinity: the store's owner thread; the store must not change meanwhile.
// `now`: while a run is live, its clock, which runs ahead of the latest event while every thread waits;
// open spans (and the whole-run range) end there rather than at the latest event. Ignored if earlier.
StateTimes computeStateTimes(const TraceStore& store, TimeRange range = {},
                             std::int64_t now = std::numeric_limits<std::int64_t>::min());

// One lane's exclusive time per state in [from, to), spans still open ending at `openEnd`; `lifetime`
// receives the time of its outermost spans in the range, `slices` (cleared first) the Slice state's time by name.
// Pure.
StateDurations laneStateTimes(const LaneInfo& lane, std::int64_t from, std::int64_t to, std::int64_t openEnd,
                              std::int64_t& lifetime, SliceDurations& slices);

} // namespace tl::stats
