#include "import/flowcheck.h"

#include <algorithm>
#include <tuple>

namespace tl::import {

namespace {

QString kindName(Flow::Kind kind)
{
    return QString::fromLatin1(flowKindName(kind)); // Other: empty, never derived from our own events
}

auto key(const ExpectedFlow& f)
{
    return std::tie(f.name, f.fromLane, f.fromTs, f.toLane, f.toTs);
}

QString describe(const ExpectedFlow& f)
{
    return QStringLiteral("%1 from lane %2 at %3 ns to lane %4 at %5 ns")
        .arg(f.name)
        .arg(f.fromLane)
        .arg(f.fromTs)
        .arg(f.toLane)
        .arg(f.toTs);
}

} // namespace

QStringList checkThreadlineFlows(const TraceStore& store, const std::vector<ExpectedFlow>& expected)
{
    std::vector<ExpectedFlow> derived;
    for (const Flow& f : store.flows()) {
        if (f.kind != Flow::Kind::Other)
            derived.push_back({kindName(f.kind), f.fromLane, f.fromTs, f.toLane, f.toTs});
    }
    std::vector<ExpectedFlow> stated = expected;
    const auto less = [](const ExpectedFlow& x, const ExpectedFlow& y) { return key(x) < key(y); };
    std::sort(derived.begin(), derived.end(), less);
    std::sort(stated.begin(), stated.end(), less);
    std::vector<ExpectedFlow> missing;
    std::vector<ExpectedFlow> extra;
    std::set_difference(stated.begin(), stated.end(), derived.begin(), derived.end(), std::back_inserter(missing),
                        less);
    std::set_difference(derived.begin(), derived.end(), stated.begin(), stated.end(), std::back_inserter(extra), less);
    QStringList lines;
    for (const ExpectedFlow& f : missing)
        lines << QStringLiteral("the file's flow %1 is not one its events make").arg(describe(f));
    for (const ExpectedFlow& f : extra)
        lines << QStringLiteral("the events make a flow %1 that the file does not state").arg(describe(f));
    return lines;
}

} // namespace tl::import
