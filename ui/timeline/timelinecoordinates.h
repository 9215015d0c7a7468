#pragma once

#include "timeline/viewstate.h"

#include <QString>

#include <cstdint>
#include <functional>
#include <span>

// The timeline's coordinate maths: small pure functions shared by the widget, the renderer, the
// geometry builders and hit testing, so that what is drawn and what is clicked agree. Each contract
// names its degenerate cases; tests/ui/timeline/tst_timelinecoordinates.cpp covers them row by row.
namespace tl::ui {

// The x of `ts` in a plot [left, left + width) showing `range`. Not clamped: times outside the range
// map outside the plot. An empty range or width <= 0 maps every time to `left`.
double timeToX(std::int64_t ts, TimeRange range, double left, double width);

// The time at `x`; the inverse of timeToX, rounded to the nearest nanosecond. An empty range or
// width <= 0 gives range.from.
std::int64_t xToTime(double x, TimeRange range, double left, double width);

// The range zoomed by `factor` (> 1 zooms in, < 1 out) around `anchor`, which keeps its relative place
// so the time under the cursor stays put. factor <= 0 returns the range unchanged. The result may
// start before 0 or be narrower than ViewState::kMinRangeNs; ViewState::setRange clamps it.
TimeRange zoomAround(TimeRange range, std::int64_t anchor, double factor);

// The range moved by a fraction of its width (negative: earlier). Width is preserved.
TimeRange panBy(TimeRange range, double fractionOfWidth);

// A range showing [from, to) with `margin` (a fraction of the span) on both sides; an empty span gets
// `minWidth` around it.
TimeRange framed(std::int64_t from, std::int64_t to, double margin, std::int64_t minWidth);

// The ruler's tick step in ns: the smallest 1, 2 or 5 x 10^k with ticks at least `minSpacingPx` apart.
// 0 (no ticks) for an empty range, width <= 0 or minSpacingPx <= 0.
std::int64_t tickStep(std::int64_t rangeDuration, double width, double minSpacingPx);

// tickStep over `range`, widened where its labels (formatTick, `labelWidth` px each) need more than `minSpacingPx`
// to keep 12 px between them: a run of years has labels such as "1000000000 s", which overlapped at 96 px. A plot
// narrower than three times minSpacingPx spaces its ticks a third of its width apart, where its labels fit.
std::int64_t labelledTickStep(TimeRange range, double width, double minSpacingPx,
                              const std::function<double(const QString&)>& labelWidth);

// A tick label for `ts` on a ruler stepping by `step` ns: the unit follows the step (s from 100 ms,
// ms from 100 µs, µs from 100 ns, else ns) with just enough decimals to tell neighbours apart.
QString formatTick(std::int64_t ts, std::int64_t step);

// A duration or time for people: three significant digits, unit chosen by size ("1.50 s", "12.3 ms",
// "450 µs", "80 ns"). Negative values keep their sign.
QString formatNanos(std::int64_t ns);

// The index of the row containing `y`, given each row's top in increasing order and the bottom of the
// last row; -1 above the first row, at or below `bottom`, or when there are no rows.
int rowAt(int y, std::span<const int> rowTops, int bottom);

} // namespace tl::ui
