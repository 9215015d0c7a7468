#include "stats/statecomparison.h"

#include "base/csvfield.h"
#include "stats/statetimescsv.h"

#include <QHash>
#include <QSet>

namespace tl::stats {

namespace {

struct NamedTimes {
    QStringList order;                                   // first appearance
    QHash<QString, StateDurations> ns;                   // summed over the lanes of that name
    QHash<QString, QHash<QString, std::int64_t>> slices; // the same by slice name (its text: two traces' ids differ)
};

NamedTimes byName(const StateTimes& times)
{
    QHash<StringId, QString> texts;
    for (const SliceTotal& slice : times.slices)
        texts.insert(slice.name, slice.text);
    NamedTimes out;
    for (const ThreadStateTimes& thread : times.threads) {
        auto it = out.ns.find(thread.name);
        if (it == out.ns.end()) {
            it = out.ns.insert(thread.name, StateDurations{});
            out.order << thread.name;
        }
        for (std::size_t s = 0; s < kStateCount; ++s)
            (*it)[s] += thread.ns[s];
        QHash<QString, std::int64_t>& slices = out.slices[thread.name];
        for (auto slice = thread.slices.cbegin(); slice != thread.slices.cend(); ++slice)
            slices[texts.value(slice.key())] += slice.value();
    }
    return out;
}

// Slice names as the rows list them: A's, the most time first, then those only B has.
QStringList sliceNames(const StateTimes& a, const StateTimes& b)
{
    QStringList names;
    QSet<QString> listed; // a profile may have tens of thousands of names
    for (const StateTimes* times : {&a, &b}) {
        for (const SliceTotal& slice : times->slices) {
            if (!listed.contains(slice.text)) {
                listed.insert(slice.text);
                names << slice.text;
            }
        }
    }
    return names;
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
    const bool bySlice = bothBySlice(a, b);
    const QStringList slices = bySlice ? sliceNames(a, b) : QStringList();
    std::vector<StateDifference> rows;
    for (const QString& name : names) {
        const StateDurations timesA = inA.ns.value(name);
        const StateDurations timesB = inB.ns.value(name);
        for (std::size_t s = 0; s < kStateCount; ++s) {
            const auto state = static_cast<LaneState>(s);
            if (bySlice && state == LaneState::Slice) {
                const QHash<QString, std::int64_t> slicesA = inA.slices.value(name);
                const QHash<QString, std::int64_t> slicesB = inB.slices.value(name);
                for (const QString& slice : slices) {
                    if (slicesA.value(slice) != 0 || slicesB.value(slice) != 0)
                        rows.push_back({name, state, slicesA.value(slice), slicesB.value(slice), slice});
                }
            } else if (timesA[s] != 0 || timesB[s] != 0) {
                rows.push_back({name, state, timesA[s], timesB[s], std::nullopt});
            }
        }
    }
    return rows;
}

QString stateComparisonCsv(const std::vector<StateDifference>& rows, bool bySlice)
{
    QString csv = bySlice ? QStringLiteral("thread,slice,a_seconds,b_seconds,difference_seconds\n")
                          : QStringLiteral("thread,state,a_seconds,b_seconds,difference_seconds\n");
    for (const StateDifference& row : rows) {
        csv += QStringLiteral("%1,%2,%3,%4,%5\n")
                   .arg(csvField(row.thread), row.slice ? csvField(*row.slice) : laneStateName(row.state),
                        exactSeconds(row.a), exactSeconds(row.b), exactSeconds(row.difference()));
    }
    return csv;
}

} // namespace tl::stats
