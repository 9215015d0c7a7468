#include "stats/statetimescsv.h"

#include "base/csvfield.h"
#include "trace/lanestate.h"

#include <cstdlib>

namespace tl::stats {

QString exactSeconds(std::int64_t ns)
{
    const bool negative = ns < 0;
    const std::lldiv_t parts = std::lldiv(static_cast<long long>(negative ? -ns : ns), 1'000'000'000LL);
    return QStringLiteral("%1%2.%3")
        .arg(negative ? QStringLiteral("-") : QString())
        .arg(parts.quot)
        .arg(parts.rem, 9, 10, QLatin1Char('0'));
}

namespace {

QString csvRow(const QString& thread, const QString& part, std::int64_t ns, std::int64_t lifetime)
{
    const double share = lifetime > 0 ? double(ns) / double(lifetime) : 0.0;
    return QStringLiteral("%1,%2,%3,%4\n")
        .arg(csvField(thread), csvField(part), exactSeconds(ns))
        .arg(share, 0, 'f', 4);
}

} // namespace

QString stateTimesCsv(const StateTimes& times)
{
    const bool bySlice = times.bySlice;
    QString csv =
        bySlice ? QStringLiteral("thread,slice,seconds,share\n") : QStringLiteral("thread,state,seconds,share\n");
    for (const ThreadStateTimes& thread : times.threads) {
        for (std::size_t s = 0; s < kStateCount; ++s) {
            const auto state = static_cast<LaneState>(s);
            if (thread.ns[s] == 0)
                continue;
            if (bySlice && state == LaneState::Slice) {
                for (const SliceTotal& slice : times.slices) {
                    if (const std::int64_t ns = thread.slices.value(slice.name); ns != 0)
                        csv += csvRow(thread.name, slice.text, ns, thread.lifetime);
                }
                continue;
            }
            csv += csvRow(thread.name, laneStateName(state), thread.ns[s], thread.lifetime);
        }
    }
    return csv;
}

} // namespace tl::stats
