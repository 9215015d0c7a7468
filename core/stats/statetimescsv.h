#pragma once

#include "stats/statetimes.h"

#include <QString>

namespace tl::stats {

// The state times as CSV (RFC 4180 quoting, lines end with "\n"), one row per thread and state it spent
// time in, threads in lane order, states in LaneState order, after the header
//
//   thread,state,seconds,share
//
// thread: the lane's name, the second of a name "name#2" and so on; state: the export name of the state (laneStateName:
// "run", "sleep", "get", "join", ...); seconds: exact to the nanosecond (nine decimals, no floating-point rounding);
// share: the state's part of the thread's lifetime in the range, four decimals. A thread's seconds add up to its
// lifetime in the range, and its shares to 1.0000 (rounded by largest remainder, not one by one). Totals per state are
// not rows: summing the column gives them.
//
// Another tool's trace, whose time is its slices' (StateTimes::bySlice), is told by slice name instead:
//
//   thread,slice,seconds,share
//
// a row per thread and name, names the most time first, with a slice's exclusive time (less the slices nested in it);
// a slice the trace leaves unnamed has an empty name, as in the trace.
QString stateTimesCsv(const StateTimes& times);

// Nanoseconds as seconds with nine exact decimals: 1500000000 -> "1.500000000". Pure.
QString exactSeconds(std::int64_t ns);

} // namespace tl::stats
