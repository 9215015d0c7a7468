#include "stats/statetimes.h"

#include <algorithm>

namespace tl::stats {

namespace {

struct Interval {
    std::int64_t begin;
    std::int64_t end;
    std::int64_t length() const { return std::max<std::int64_t>(0, end - begin); }
};

} // namespace

StateDurations laneStateTimes(const LaneInfo& lane, std::int64_t from, std::int64_t to, std::int64_t openEnd,
                              std::int64_t& lifetime)
{
    StateDurations ns{};
    lifetime = 0;
    // The enclosing spans of the one at hand, outermost first, each clipped to its own parent: a span adds
    // its clipped time to its state and takes the same time from its parent's state.
    struct Open {
        Interval clipped;
        std::int64_t end; // unclipped: decides when it stops enclosing
        LaneState state;
    };
    std::vector<Open> stack;
    for (const Span& span : lane.spans) {
        const std::int64_t end = span.isOpen() ? std::max(openEnd, span.begin) : span.end;
        // Pop what this span is not nested in (by depth, and by time as a guard against a malformed store).
        while (!stack.empty() && (stack.size() > span.depth || stack.back().end <= span.begin))
            stack.pop_back();
        Interval clipped{std::max(span.begin, from), std::min(end, to)};
        if (!stack.empty()) {
            clipped.begin = std::max(clipped.begin, stack.back().clipped.begin);
            clipped.end = std::min(clipped.end, stack.back().clipped.end);
        }
        clipped.end = std::max(clipped.end, clipped.begin);
        const std::int64_t length = clipped.length();
        ns[static_cast<std::size_t>(span.state)] += length;
        if (stack.empty())
            lifetime += length;
        else
            ns[static_cast<std::size_t>(stack.back().state)] -= length;
        stack.push_back({clipped, end, span.state});
    }
    return ns;
}

StateTimes computeStateTimes(const TraceStore& store, TimeRange range, std::int64_t now)
{
    StateTimes result;
    const std::int64_t openEnd = std::max(store.endTs(), now);
    if (range.from == std::numeric_limits<std::int64_t>::min()) {
        range.from = std::numeric_limits<std::int64_t>::max();
        for (LaneId id = 0; id < store.laneCount(); ++id) {
            if (!store.lane(id).spans.empty())
                range.from = std::min(range.from, store.lane(id).spans.front().begin);
        }
        if (range.from == std::numeric_limits<std::int64_t>::max())
            range.from = 0;
    }
    if (range.to == std::numeric_limits<std::int64_t>::max())
        range.to = std::max(openEnd, range.from);
    result.range = range;
    for (const LaneId id : store.laneOrder()) {
        const LaneInfo& lane = store.lane(id);
        ThreadStateTimes times;
        times.lane = id;
        times.name = store.laneName(id);
        times.ns = laneStateTimes(lane, range.from, range.to, openEnd, times.lifetime);
        if (times.lifetime == 0)
            continue;
        for (std::size_t s = 0; s < kStateCount; ++s)
            result.totals[s] += times.ns[s];
        result.totalLifetime += times.lifetime;
        result.threads.push_back(std::move(times));
    }
    return result;
}

} // namespace tl::stats
