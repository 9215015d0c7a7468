#include "stats/statetimescsv.h"

#include "trace/lanestate.h"

#include <cstdlib>

namespace tl::stats {

QString csvField(const QString& field)
{
    if (!field.contains(QLatin1Char(',')) && !field.contains(QLatin1Char('"')) && !field.contains(QLatin1Char('\n')) &&
        !field.contains(QLatin1Char('\r')))
        return field;
    QString escaped = field;
    escaped.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

QString exactSeconds(std::int64_t ns)
{
    const bool negative = ns < 0;
    const std::lldiv_t parts = std::lldiv(static_cast<long long>(negative ? -ns : ns), 1'000'000'000LL);
    return QStringLiteral("%1%2.%3")
        .arg(negative ? QStringLiteral("-") : QString())
        .arg(parts.quot)
        .arg(parts.rem, 9, 10, QLatin1Char('0'));
}

QString stateTimesCsv(const StateTimes& times)
{
    QString csv = QStringLiteral("thread,state,seconds,share\n");
    for (const ThreadStateTimes& thread : times.threads) {
        for (std::size_t s = 0; s < kStateCount; ++s) {
            const std::int64_t ns = thread.ns[s];
            if (ns == 0)
                continue;
            const double share = thread.lifetime > 0 ? double(ns) / double(thread.lifetime) : 0.0;
            csv += QStringLiteral("%1,%2,%3,%4\n")
                       .arg(csvField(thread.name), laneStateName(static_cast<LaneState>(s)), exactSeconds(ns))
                       .arg(share, 0, 'f', 4);
        }
    }
    return csv;
}

} // namespace tl::stats
