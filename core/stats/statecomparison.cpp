#include "stats/statecomparison.h"

#include "stats/statetimescsv.h"

#include <QHash>

namespace tl::stats {

namespace {

struct NamedTimes {
    QStringList order;                 // first appearance
    QHash<QString, StateDurations> ns; // summed over the lanes of that name
};

NamedTimes byName(const StateTimes& times)
{
    NamedTimes out;
    for (const ThreadStateTimes& thread : times.threads) {
        auto it = out.ns.find(thread.name);
        if (it == out.ns.end()) {
            it = out.ns.insert(thread.name, StateDurations{});
            out.order << thread.name;
        }
        for (std::size_t s = 0; s < kStateCount; ++s)
            (*it)[s] += thread.ns[s];
    }
    return out;
}

} // namespace

std::vector<StateDifference> compareStateTimes(const StateTimes& a, const StateTimes& b)
{
    const NamedTimes inA = byName(a);
    const NamedTimes inB = byName(b);
    QStringList names = inA.order;
    for (const QString& name : inB.order) {
        if (!inA.ns.contains(name))
            names << name;
    }
    std::vector<StateDifference> rows;
    for (const QString& name : names) {
        const StateDurations timesA = inA.ns.value(name);
        const StateDurations timesB = inB.ns.value(name);
        for (std::size_t s = 0; s < kStateCount; ++s) {
            if (timesA[s] != 0 || timesB[s] != 0)
                rows.push_back({name, static_cast<LaneState>(s), timesA[s], timesB[s]});
        }
    }
    return rows;
}

QString stateComparisonCsv(const std::vector<StateDifference>& rows)
{
    QString csv = QStringLiteral("thread,state,a_seconds,b_seconds,difference_seconds\n");
    for (const StateDifference& row : rows) {
        csv += QStringLiteral("%1,%2,%3,%4,%5\n")
                   .arg(csvField(row.thread), laneStateName(row.state), exactSeconds(row.a), exactSeconds(row.b),
                        exactSeconds(row.difference()));
    }
    return csv;
}

} // namespace tl::stats
