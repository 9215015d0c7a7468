#include "timeline/timelinedescribe.h"

#include "timeline/lanegeometry.h"
#include "timeline/timelinecoordinates.h"
#include "timeline/timelinelayout.h"
#include "timeline/timelinetheme.h"
#include "trace/deadlocktext.h"
#include "trace/eventtext.h"
#include "trace/tracestore.h"

#include <algorithm>

namespace tl::ui {

const Span* selectedSpan(const TraceStore& store, Selection selection)
{
    return selection.kind == Selection::Kind::Span ? store.spanOpenedBy(selection.lane, selection.event) : nullptr;
}

const Event* selectedEvent(const TraceStore& store, Selection selection)
{
    if (selection.isNone() || !store.contains(selection.event))
        return nullptr;
    return &store.event(selection.event);
}

Selection selectionOfEvent(const TraceStore& store, EventId id)
{
    return store.contains(id) ? Selection::ofEvent(store.event(id).lane, id) : Selection{};
}

SelectionDescription describeSelection(const TraceStore& store, Selection selection)
{
    SelectionDescription d;
    if (selection.isNone() || selection.lane >= store.laneCount())
        return d;
    const LaneInfo& lane = store.lane(selection.lane);
    d.thread = laneDisplayName(store, lane);
    if (selection.kind == Selection::Kind::Span) {
        const Span* s = selectedSpan(store, selection);
        if (!s)
            return d;
        d.what = stateLabel(s->state);
        d.start = s->begin;
        d.open = s->isOpen();
        d.duration = (s->isOpen() ? store.endTs() : s->end) - s->begin;
        d.details = spanDetails(store, lane, *s);
        // The run span is the thread's whole life, its waits drawn over it (SelectionDetails says the same).
        if (const std::int64_t running = uncoveredTime(lane, *s, store.endTs());
            s->state == LaneState::Running && s->depth == 0 && running < d.duration) {
            d.what = QStringLiteral("its run");
            d.details = QStringLiteral("running %1 of it, between its other states; %2")
                            .arg(formatDuration(running), d.details);
        }
        d.line = store.event(s->opening).line;
    } else {
        const Event* e = selectedEvent(store, selection);
        if (!e)
            return d;
        d.what = markerLabel(e->kind);
        d.start = e->ts;
        // A deadlock marker stands for its whole cycle: it is told as the status bar tells it.
        const QString cycle = deadlockSentenceOf(store, *e);
        d.details = cycle.isEmpty() ? eventDetails(store, *e) : cycle;
        d.line = e->line;
    }
    d.valid = true;
    return d;
}

QString toolTipHtml(const SelectionDescription& d)
{
    if (!d.valid)
        return QString();
    QString html = QStringLiteral("<b>%1</b> — %2<br/>").arg(d.thread.toHtmlEscaped(), d.what.toHtmlEscaped());
    html += QStringLiteral("start %1").arg(formatNanos(d.start));
    if (d.duration >= 0)
        html += QStringLiteral(", duration %1%2")
                    .arg(formatNanos(d.duration), d.open ? QStringLiteral(" (ongoing)") : QString());
    if (!d.details.isEmpty())
        html += QStringLiteral("<br/>") + d.details.toHtmlEscaped();
    if (d.line > 0)
        html += QStringLiteral("<br/><i>line %1</i>").arg(d.line);
    return html;
}

std::optional<TimeRange> selectionTimes(const TraceStore& store, Selection selection, std::int64_t openEnd)
{
    if (selection.kind == Selection::Kind::Span) {
        const Span* s = selectedSpan(store, selection);
        if (!s)
            return std::nullopt;
        return TimeRange{s->begin, s->isOpen() ? std::max(openEnd, s->begin) : s->end};
    }
    const Event* e = selectedEvent(store, selection);
    if (!e)
        return std::nullopt;
    return TimeRange{e->ts, e->ts};
}

} // namespace tl::ui
