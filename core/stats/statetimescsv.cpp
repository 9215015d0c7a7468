#include "stats/statetimescsv.h"

#include "base/csvfield.h"
#include "trace/lanestate.h"

#include <QHash>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <utility>
#include <vector>

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

struct CsvRow {
    QString part; // the state's or the slice's name
    std::int64_t ns = 0;
    int shareUnits = 0; // the share in ten-thousandths
};

// Each row's share of the thread's lifetime in ten-thousandths, rounded so that the shares of a thread add up as its
// seconds do (largest remainders first): rounded one by one, a thread's shares could sum to 0.9999 or 1.0001.
void apportionShares(std::vector<CsvRow>& rows, std::int64_t lifetime)
{
    if (lifetime <= 0)
        return;
    constexpr double kUnits = 10'000;
    std::int64_t totalNs = 0;
    std::vector<std::pair<double, std::size_t>> remainders; // (fraction of a unit left out, row)
    int given = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const double exact = double(rows[i].ns) * kUnits / double(lifetime);
        rows[i].shareUnits = static_cast<int>(std::floor(exact));
        given += rows[i].shareUnits;
        remainders.emplace_back(exact - std::floor(exact), i);
        totalNs += rows[i].ns;
    }
    const auto target = static_cast<int>(std::llround(double(totalNs) * kUnits / double(lifetime)));
    std::stable_sort(remainders.begin(), remainders.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t k = 0; given < target && k < remainders.size(); ++k, ++given)
        ++rows[remainders[k].second].shareUnits;
}

QString csvLine(const QString& thread, const CsvRow& row)
{
    return QStringLiteral("%1,%2,%3,%4.%5\n")
        .arg(csvField(thread), csvField(row.part), exactSeconds(row.ns))
        .arg(row.shareUnits / 10'000)
        .arg(row.shareUnits % 10'000, 4, 10, QLatin1Char('0'));
}

// A thread's rows, in the order stateTimesCsv documents, before their shares.
std::vector<CsvRow> threadRows(const StateTimes& times, const ThreadStateTimes& thread)
{
    std::vector<CsvRow> rows;
    for (std::size_t s = 0; s < kStateCount; ++s) {
        const auto state = static_cast<LaneState>(s);
        if (thread.ns[s] == 0)
            continue;
        if (times.bySlice && state == LaneState::Slice) {
            for (const SliceTotal& slice : times.slices) {
                if (const std::int64_t ns = thread.slices.value(slice.name); ns != 0)
                    rows.push_back({slice.text, ns});
            }
            continue;
        }
        rows.push_back({laneStateName(state), thread.ns[s]});
    }
    return rows;
}

} // namespace

QString stateTimesCsv(const StateTimes& times)
{
    QString csv =
        times.bySlice ? QStringLiteral("thread,slice,seconds,share\n") : QStringLiteral("thread,state,seconds,share\n");
    // Threads of one name (Python lets three be "worker") are told apart as the store tells queues apart, "worker",
    // "worker#2", "worker#3": a reader summing by name got shares of 3.0 (a user-tester).
    QHash<QString, int> seen;
    for (const ThreadStateTimes& thread : times.threads) {
        const int nth = ++seen[thread.name];
        const QString name = nth == 1 ? thread.name : QStringLiteral("%1#%2").arg(thread.name).arg(nth);
        std::vector<CsvRow> rows = threadRows(times, thread);
        apportionShares(rows, thread.lifetime);
        for (const CsvRow& row : rows)
            csv += csvLine(name, row);
    }
    return csv;
}

} // namespace tl::stats
