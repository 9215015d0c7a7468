#pragma once

#include "stats/statetimes.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace tl::stats {

// One thread name's time in one state in two runs, A and B (nanoseconds); for two traces of another tool's, in one
// slice name (state Slice).
struct StateDifference {
    QString thread;
    LaneState state = LaneState::Running;
    std::int64_t a = 0;
    std::int64_t b = 0;
    std::optional<QString> slice;

    std::int64_t difference() const { return b - a; } // B's time less A's: positive when B spent more
};

// Where the time of two runs went differently, matched by thread name (Python's names, which two runs of
// one program share; threads of one name in a run are summed, as a pool's recycled names would be).
// Rows: names in A's lane order, then names only B has in B's order; states in LaneState order; a row for
// each state either run spent time in. Two traces of another tool's (both StateTimes::bySlice) are compared by slice
// name: a row for each name either run's thread spent time in, A's names first (the most time first), then B's own.
// Pure.
std::vector<StateDifference> compareStateTimes(const StateTimes& a, const StateTimes& b);

// The comparison as CSV (RFC 4180 quoting, "\n" line ends), after the header
//
//   thread,state,a_seconds,b_seconds,difference_seconds
//
// (thread,slice,... when `bySlice`: two traces of another tool's, bothBySlice) with each time exact to the nanosecond
// (exactSeconds) and the difference B - A. Pure.
QString stateComparisonCsv(const std::vector<StateDifference>& rows, bool bySlice = false);
// Whether two runs' times are compared by slice name: both are another tool's traces.
inline bool bothBySlice(const StateTimes& a, const StateTimes& b)
{
    return a.bySlice && b.bySlice;
}

} // namespace tl::stats
