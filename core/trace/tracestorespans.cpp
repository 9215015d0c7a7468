// A lane's spans (its state bands) from its events: what feedSpan() opens and closes, apart from the store's
// indexing.
#include "trace/tracestore.h"

#include "trace/eventschema.h"

#include <algorithm>

namespace tl {

namespace {

// What a span is about, from the event that opens it: the first word naming a lane, queue, task, connection
// or primitive (a join's target, a get's queue, a pool task, a socket's connection, a lock); 0 if none.
std::uint32_t spanDetail(const Event& e)
{
    const EventSchema& s = schemaOf(e.kind);
    const std::uint32_t words[] = {e.a, e.b, e.c};
    const ArgSpec* specs[] = {&s.a, &s.b, &s.c};
    for (int i = 0; i < 3; ++i) {
        switch (specs[i]->role) {
        case ArgRole::Lane:
        case ArgRole::Queue:
        case ArgRole::Task:
        case ArgRole::Connection:
        case ArgRole::Label:
        case ArgRole::Sync:
            return words[i];
        default:
            break;
        }
    }
    return 0;
}

// Whether the lane's slices now span more depths.
bool openSpan(LaneInfo& lane, const Event& e, EventId id, LaneState state)
{
    Span span;
    span.begin = e.ts;
    span.state = state;
    span.depth = static_cast<std::uint8_t>(std::min<std::size_t>(lane.openSpans.size(), kMaxSpanDepth));
    span.detail = spanDetail(e);
    span.opening = id;
    lane.openSpans.push_back(static_cast<std::uint32_t>(lane.spans.size()));
    lane.spans.push_back(span);
    if (state != LaneState::Slice)
        return false;
    const int levels = lane.sliceLevels();
    lane.firstSliceDepth = std::min(lane.firstSliceDepth, span.depth);
    lane.lastSliceDepth = std::max(lane.lastSliceDepth, span.depth);
    return lane.sliceLevels() != levels;
}

// Closes the innermost open span in `state` and every span nested in it. An end with no matching
// begin (e.g. a get that never blocked) closes nothing.
void closeSpan(LaneInfo& lane, std::int64_t ts, EventId id, LaneState state)
{
    const auto it = std::find_if(lane.openSpans.rbegin(), lane.openSpans.rend(),
                                 [&](std::uint32_t i) { return lane.spans[i].state == state; });
    if (it == lane.openSpans.rend())
        return;
    const auto keep = static_cast<std::size_t>(lane.openSpans.rend() - it) - 1;
    for (std::size_t i = keep; i < lane.openSpans.size(); ++i) {
        lane.spans[lane.openSpans[i]].end = ts;
        lane.spans[lane.openSpans[i]].closing = id;
    }
    lane.openSpans.resize(keep);
}

void closeAll(LaneInfo& lane, std::int64_t ts, EventId id)
{
    for (std::uint32_t i : lane.openSpans) {
        lane.spans[i].end = ts;
        lane.spans[i].closing = id;
    }
    lane.openSpans.clear();
}

} // namespace

bool feedSpan(LaneInfo& lane, const Event& e, EventId id)
{
    const EventSchema& schema = schemaOf(e.kind);
    switch (schema.span) {
    case SpanEffect::Open:
        return openSpan(lane, e, id, *spanStateOf(e));
    case SpanEffect::Close:
        closeSpan(lane, e.ts, id, *spanStateOf(e));
        break;
    case SpanEffect::CloseAll:
        closeAll(lane, e.ts, id);
        break;
    case SpanEffect::None:
        break;
    }
    return false;
}

std::int64_t uncoveredTime(const LaneInfo& lane, const Span& span, std::int64_t openEnd)
{
    const auto endOf = [openEnd](const Span& s) { return s.isOpen() ? std::max(openEnd, s.begin) : s.end; };
    const std::int64_t end = endOf(span);
    // Spans are sorted by begin and properly nested: its children are among the spans after it that begin inside it.
    std::int64_t covered = 0;
    for (auto i = static_cast<std::size_t>(&span - lane.spans.data()) + 1;
         i < lane.spans.size() && lane.spans[i].begin <= end; ++i) {
        const Span& child = lane.spans[i];
        if (child.depth == span.depth + 1)
            covered += std::max<std::int64_t>(0, std::min(end, endOf(child)) - child.begin);
    }
    return std::max<std::int64_t>(0, end - span.begin - covered);
}

void rebuildSpans(LaneInfo& lane, const EventTable& events)
{
    lane.spans.clear();
    lane.openSpans.clear();
    lane.firstSliceDepth = LaneInfo::kNoSliceDepth;
    lane.lastSliceDepth = 0;
    for (EventId id : lane.events.ids())
        feedSpan(lane, events[id], id);
}

} // namespace tl
