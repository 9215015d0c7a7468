#include "import/lanesequencer.h"

#include "trace/eventschema.h"

#include <limits>

namespace tl::import {

namespace {

// The close event of a span, synthesised where no point closes it: the words its closing kind shares with
// the opening kind (a join's target, a task's id and name, a connection, a slice's name) are copied, the others
// and the line are what the span's args said of the close (PendingSpan::close).
Event closeOf(const PendingSpan& s)
{
    const EventSchema& open = schemaOf(s.open.kind);
    const EventSchema& close = schemaOf(s.closeKind);
    Event e = s.close;
    e.ts = s.end;
    e.lane = s.open.lane;
    e.kind = s.closeKind;
    e.a = close.a.role == open.a.role && !(s.closeOwnWords & 1u) ? s.open.a : s.close.a;
    e.b = close.b.role == open.b.role && !(s.closeOwnWords & 2u) ? s.open.b : s.close.b;
    e.c = close.c.role == open.c.role && !(s.closeOwnWords & 4u) ? s.open.c : s.close.c;
    e.flags = close.flags == FlagRole::SocketOp ? s.open.flags : s.closeFlags;
    return e;
}

// Whether `e` closes a span of its state that opens at `ts` and ends there (a wait that took no time).
bool closesAnOpeningSpan(const Event& e, const std::vector<PendingSpan>& spans, std::size_t from, std::int64_t ts)
{
    const EventSchema& s = schemaOf(e.kind);
    if ((s.span != SpanEffect::Close && s.span != SpanEffect::CloseAll) || s.a.role == ArgRole::Label)
        return false;
    for (std::size_t i = from; i < spans.size() && spans[i].open.ts == ts; ++i) {
        if (spans[i].end == ts && (s.span == SpanEffect::CloseAll || spanStateOf(spans[i].open) == spanStateOf(e)))
            return true;
    }
    return false;
}

class Sequencer {
public:
    Sequencer(const std::vector<PendingSpan>& spans, std::vector<Event>& out)
        : m_spans(spans)
        , m_out(out)
    {
    }

    void closeTop(bool synthesise)
    {
        if (synthesise)
            m_out.push_back(closeOf(m_spans[m_stack.back()]));
        m_stack.pop_back();
    }
    // Closes the spans that ended before `ts`, innermost first.
    void closeBefore(std::int64_t ts)
    {
        while (!m_stack.empty() && m_spans[m_stack.back()].end < ts)
            closeTop(true);
    }
    // Whether `e` closes a span on the stack that ends at its ts; if so, closes it (and what it holds:
    // those end there too) without synthesising its close, and appends `e`.
    bool closesSpan(const Event& e)
    {
        const EventSchema& s = schemaOf(e.kind);
        if (s.span != SpanEffect::Close && s.span != SpanEffect::CloseAll)
            return false;
        if (s.a.role == ArgRole::Label) // a slice's end is synthesised, never a point
            return false;
        const std::optional<LaneState> state = spanStateOf(e);
        for (std::size_t i = m_stack.size(); i-- > 0;) {
            const PendingSpan& span = m_spans[m_stack[i]];
            if (span.end != e.ts)
                break;
            if (s.span == SpanEffect::CloseAll
                    ? i == 0
                    : span.open.kind != EventKind::SliceBegin && state && spanStateOf(span.open) == state) {
                while (m_stack.size() > i)
                    closeTop(false);
                m_out.push_back(e);
                return true;
            }
        }
        return false;
    }
    // Opens `index`, first closing what it does not nest in; false when it overlaps the enclosing span.
    bool open(std::uint32_t index)
    {
        const PendingSpan& s = m_spans[index];
        // A span that ended as this one begins is closed first, unless this one is empty and nests at its end.
        while (!m_stack.empty()) {
            const PendingSpan& top = m_spans[m_stack.back()];
            if (top.end < s.open.ts || (top.end == s.open.ts && s.end > top.end))
                closeTop(true);
            else
                break;
        }
        if (!m_stack.empty() && s.end > m_spans[m_stack.back()].end)
            return false;
        m_out.push_back(s.open);
        m_stack.push_back(index);
        return true;
    }
    void closeAllEnded()
    {
        while (!m_stack.empty() && m_spans[m_stack.back()].end != kOpenEnd)
            closeTop(true);
        // An open-ended span holds only open-ended ones: the rest stay open, as in the file.
        m_stack.clear();
    }

private:
    const std::vector<PendingSpan>& m_spans;
    std::vector<Event>& m_out;
    std::vector<std::uint32_t> m_stack; // indexes into m_spans, innermost last
};

} // namespace

std::size_t LaneSequencer::sequence(const std::vector<PendingSpan>& spans, const std::vector<PendingPoint>& points,
                                    std::vector<Event>& out)
{
    constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();
    Sequencer seq(spans, out);
    std::size_t dropped = 0;
    std::size_t si = 0;
    std::size_t pi = 0;
    while (si < spans.size() || pi < points.size()) {
        const std::int64_t ts =
            std::min(si < spans.size() ? spans[si].open.ts : kNever, pi < points.size() ? points[pi].event.ts : kNever);
        seq.closeBefore(ts);
        // Points at ts in file order, before the spans that open at ts: each closes the span it ends, or is
        // simply emitted; only a closer waiting for a span that opens at ts (an empty wait) comes after them.
        std::vector<std::size_t> waiting;
        for (; pi < points.size() && points[pi].event.ts == ts; ++pi) {
            const Event& e = points[pi].event;
            if (seq.closesSpan(e))
                continue;
            if (closesAnOpeningSpan(e, spans, si, ts))
                waiting.push_back(pi);
            else
                out.push_back(e);
        }
        for (; si < spans.size() && spans[si].open.ts == ts; ++si) {
            if (!seq.open(static_cast<std::uint32_t>(si)))
                ++dropped;
        }
        for (std::size_t p : waiting) {
            if (!seq.closesSpan(points[p].event))
                out.push_back(points[p].event);
        }
    }
    seq.closeAllEnded();
    return dropped;
}

} // namespace tl::import
