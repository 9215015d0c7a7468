#include "stats/statetimes.h"

#include "trace/stringtable.h"

#include <algorithm>

namespace tl::stats {

namespace {

struct Interval {
    std::int64_t begin;
    std::int64_t end;
    std::int64_t length() const { return std::max<std::int64_t>(0, end - begin); }
};

std::vector<SliceTotal> sortedSlices(const SliceDurations& totals, const StringTable& strings)
{
    std::vector<SliceTotal> slices;
    slices.reserve(static_cast<std::size_t>(totals.size()));
    for (auto it = totals.cbegin(); it != totals.cend(); ++it)
        slices.push_back({it.key(), strings.text(it.key()), it.value()});
    std::sort(slices.begin(), slices.end(),
              [](const SliceTotal& a, const SliceTotal& b) { return a.ns != b.ns ? a.ns > b.ns : a.text < b.text; });
    return slices;
}

} // namespace

StateDurations laneStateTimes(const LaneInfo& lane, std::int64_t from, std::int64_t to, std::int64_t openEnd,
                              std::int64_t& lifetime, SliceDurations& slices)
{
    StateDurations ns{};
    lifetime = 0;
    slices.clear();
    // A span's time, or the time taken from its parent (negative), by its state and a slice's also by its name.
    const auto add = [&ns, &slices](LaneState state, std::uint32_t detail, std::int64_t length) {
        ns[static_cast<std::size_t>(state)] += length;
        if (state == LaneState::Slice && length != 0)
            slices[detail] += length;
    };
    // The enclosing spans of the one at hand, outermost first, each clipped to its own parent: a span adds
    // its clipped time to its state and takes the same time from its parent's state.
    struct Open {
        Interval clipped;
        std::int64_t end; // unclipped: decides when it stops enclosing
        LaneState state;
        std::uint32_t detail;
    };
    std::vector<Open> stack;
    for (const Span& span : lane.spans) {
        const std::int64_t end = span.isOpen() ? std::max(openEnd, span.begin) : span.end;
        // Pop what this span is not nested in (by depth, and by time as a guard against a malformed store). Past
        // kMaxSpanDepth the depth no longer tells: by time alone (a deep profile's slices took time from their
        // grandparents, and a name's time went negative).
        const bool depthTells = span.depth < kMaxSpanDepth;
        while (!stack.empty() && ((depthTells && stack.size() > span.depth) || stack.back().end <= span.begin))
            stack.pop_back();
        Interval clipped{std::max(span.begin, from), std::min(end, to)};
        if (!stack.empty()) {
            clipped.begin = std::max(clipped.begin, stack.back().clipped.begin);
            clipped.end = std::min(clipped.end, stack.back().clipped.end);
        }
        clipped.end = std::max(clipped.end, clipped.begin);
        const std::int64_t length = clipped.length();
        add(span.state, span.detail, length);
        if (stack.empty())
            lifetime += length;
        else
            add(stack.back().state, stack.back().detail, -length);
        stack.push_back({clipped, end, span.state, span.detail});
    }
    // A slice whose time its nested slices took whole has none of its own.
    slices.removeIf([](const auto& entry) { return entry.value() == 0; });
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
    result.bySlice = store.metadata().isAnotherToolsTrace();
    SliceDurations sliceTotals;
    for (const LaneId id : store.laneOrder()) {
        const LaneInfo& lane = store.lane(id);
        ThreadStateTimes times;
        times.lane = id;
        times.name = store.inProcess(id, store.laneName(id));
        times.ns = laneStateTimes(lane, range.from, range.to, openEnd, times.lifetime, times.slices);
        if (times.lifetime == 0)
            continue;
        for (std::size_t s = 0; s < kStateCount; ++s)
            result.totals[s] += times.ns[s];
        for (auto it = times.slices.cbegin(); it != times.slices.cend(); ++it)
            sliceTotals[it.key()] += it.value();
        result.totalLifetime += times.lifetime;
        result.threads.push_back(std::move(times));
    }
    result.slices = sortedSlices(sliceTotals, store.strings());
    return result;
}

} // namespace tl::stats
