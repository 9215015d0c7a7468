#include "timeline/timelinecoordinates.h"

#include <algorithm>
#include <cmath>

namespace tl::ui {

double timeToX(std::int64_t ts, TimeRange range, double left, double width)
{
    if (range.isEmpty() || width <= 0)
        return left;
    return left + static_cast<double>(ts - range.from) * width / static_cast<double>(range.duration());
}

std::int64_t xToTime(double x, TimeRange range, double left, double width)
{
    if (range.isEmpty() || width <= 0)
        return range.from;
    return range.from + std::llround((x - left) * static_cast<double>(range.duration()) / width);
}

TimeRange zoomAround(TimeRange range, std::int64_t anchor, double factor)
{
    if (factor <= 0)
        return range;
    const double before = static_cast<double>(anchor - range.from) / factor;
    const double after = static_cast<double>(range.to - anchor) / factor;
    return {anchor - std::llround(before), anchor + std::llround(after)};
}

TimeRange panBy(TimeRange range, double fractionOfWidth)
{
    const auto shift = std::llround(static_cast<double>(range.duration()) * fractionOfWidth);
    return {range.from + shift, range.to + shift};
}

TimeRange framed(std::int64_t from, std::int64_t to, double margin, std::int64_t minWidth)
{
    if (to < from)
        std::swap(from, to);
    std::int64_t width = to - from;
    if (width <= 0) {
        const std::int64_t half = std::max<std::int64_t>(minWidth, 2) / 2;
        return {from - half, from + half};
    }
    const auto pad = std::llround(static_cast<double>(width) * margin);
    return {from - pad, to + pad};
}

std::int64_t tickStep(std::int64_t rangeDuration, double width, double minSpacingPx)
{
    if (rangeDuration <= 0 || width <= 0 || minSpacingPx <= 0)
        return 0;
    const double raw = static_cast<double>(rangeDuration) * minSpacingPx / width;
    std::int64_t decade = 1;
    while (decade <= raw / 10 && decade < std::int64_t{1} << 60)
        decade *= 10;
    for (std::int64_t m : {1, 2, 5, 10}) {
        if (static_cast<double>(decade * m) >= raw)
            return decade * m;
    }
    return decade * 10;
}

std::int64_t labelledTickStep(TimeRange range, double width, double minSpacingPx,
                              const std::function<double(const QString&)>& labelWidth)
{
    // A narrow plot (a small window, a dock beside it) takes ticks closer than minSpacingPx, a third of its width
    // apart, as its labels allow: 5 s over 185 px got a 5 s step, and with it a single label, "0".
    double spacing = std::min(minSpacingPx, width / 3.0);
    std::int64_t step = tickStep(range.duration(), width, spacing);
    for (int round = 0; round < 4 && step > 0; ++round) {
        const std::int64_t last = range.to / step * step;
        const double widest =
            std::max(labelWidth(formatTick(last, step)), labelWidth(formatTick(last - step, step))) + 12.0;
        if (widest <= spacing)
            break;
        spacing = widest;
        step = tickStep(range.duration(), width, spacing);
    }
    return step;
}

namespace {

// Decimals needed so that multiples of `step` differ when printed in `unit`.
int decimalsFor(std::int64_t step, std::int64_t unit)
{
    int decimals = 0;
    for (std::int64_t scale = unit; scale > step && scale > 1 && decimals < 9; scale /= 10)
        ++decimals;
    return decimals;
}

} // namespace

QString formatTick(std::int64_t ts, std::int64_t step)
{
    struct Unit {
        std::int64_t ns;
        const char* suffix;
    };
    static constexpr Unit units[] = {{1'000'000'000, " s"}, {1'000'000, " ms"}, {1'000, " µs"}, {1, " ns"}};
    if (ts == 0)
        return QStringLiteral("0");
    for (const Unit& u : units) {
        if (step >= u.ns / 10 || u.ns == 1) {
            const int decimals = decimalsFor(step, u.ns);
            return QString::number(static_cast<double>(ts) / static_cast<double>(u.ns), 'f', decimals) +
                   QString::fromUtf8(u.suffix);
        }
    }
    return QString::number(ts);
}

QString formatNanos(std::int64_t ns)
{
    const double v = std::abs(static_cast<double>(ns));
    const char* suffix = " ns";
    double scaled = v;
    if (v >= 1e9) {
        scaled = v / 1e9;
        suffix = " s";
    } else if (v >= 1e6) {
        scaled = v / 1e6;
        suffix = " ms";
    } else if (v >= 1e3) {
        scaled = v / 1e3;
        suffix = " µs";
    }
    if (suffix[1] == 'n')
        return QString::number(ns) + QString::fromUtf8(suffix);
    const int decimals = scaled >= 100 ? 0 : scaled >= 10 ? 1 : 2;
    return (ns < 0 ? QStringLiteral("-") : QString()) + QString::number(scaled, 'f', decimals) +
           QString::fromUtf8(suffix);
}

int rowAt(int y, std::span<const int> rowTops, int bottom)
{
    if (rowTops.empty() || y < rowTops.front() || y >= bottom)
        return -1;
    const auto it = std::upper_bound(rowTops.begin(), rowTops.end(), y);
    return static_cast<int>(it - rowTops.begin()) - 1;
}

} // namespace tl::ui
