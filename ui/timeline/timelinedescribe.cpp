#include "timeline/timelinedescribe.h"

#include "timeline/lanegeometry.h"
#include "timeline/timelinecoordinates.h"
#include "timeline/timelinelayout.h"
#include "timeline/timelinetheme.h"
#include "trace/laneevents.h"
#include "trace/tracestore.h"

#include <algorithm>

namespace tl::ui {

namespace {

QString queueName(const TraceStore& store, std::uint32_t id)
{
    const QueueInfo* q = store.queue(id);
    return q ? q->name : QStringLiteral("queue #%1").arg(id);
}

QString laneName(const TraceStore& store, std::uint32_t id)
{
    return id < store.laneCount() ? store.lane(id).name : QStringLiteral("lane %1").arg(id);
}

QString eventDetails(const TraceStore& store, const Event& e)
{
    const bool timedOut = (e.flags & EventFlag::TimedOut) != 0;
    switch (e.kind) {
    case EventKind::Start:
        return QStringLiteral("started %1%2")
            .arg(laneName(store, e.a), (e.flags & EventFlag::Daemon) ? QStringLiteral(" (daemon)") : QString());
    case EventKind::PutDone:
        return timedOut ? QStringLiteral("put on %1 timed out (queue.Full)").arg(queueName(store, e.a))
                        : QStringLiteral("item #%1 into %2, depth now %3").arg(e.b).arg(queueName(store, e.a)).arg(e.c);
    case EventKind::GetDone:
        return timedOut ? QStringLiteral("get on %1 timed out (queue.Empty)").arg(queueName(store, e.a))
                        : QStringLiteral("item #%1 from %2, depth now %3").arg(e.b).arg(queueName(store, e.a)).arg(e.c);
    case EventKind::TaskDone:
        return QStringLiteral("%1.task_done(), %2 unfinished").arg(queueName(store, e.a)).arg(e.c);
    case EventKind::Print:
        return store.text(e.a);
    case EventKind::Error:
        return QStringLiteral("%1: %2").arg(store.text(e.a), store.text(e.b));
    case EventKind::DaemonStopped:
        return QStringLiteral("daemon thread cut at interpreter exit");
    case EventKind::Stopped:
        return QStringLiteral("unwound: the run was stopped");
    case EventKind::Exit:
        return QStringLiteral("main has ended; daemon threads are cut");
    default:
        return QString();
    }
}

QString spanDetails(const TraceStore& store, const LaneInfo& lane, const Span& span)
{
    switch (span.state) {
    case LaneState::Running:
        return lane.target.isEmpty() ? QStringLiteral("thread body") : QStringLiteral("target %1").arg(lane.target);
    case LaneState::BlockedGet:
        return QStringLiteral("get() on %1: empty").arg(queueName(store, span.detail));
    case LaneState::BlockedPut:
        return QStringLiteral("put() on %1: full").arg(queueName(store, span.detail));
    case LaneState::QueueJoin:
        return QStringLiteral("%1.join(): waiting for task_done()").arg(queueName(store, span.detail));
    case LaneState::Joining:
        return QStringLiteral("join() on %1").arg(laneName(store, span.detail));
    case LaneState::ExitWait:
        return QStringLiteral("interpreter exit: waiting for non-daemon threads");
    case LaneState::Accept:
    case LaneState::Recv:
    case LaneState::Send:
    case LaneState::Connect:
        return QStringLiteral("connection #%1").arg(span.detail);
    default:
        return spanShortLabel(store, lane, span);
    }
}

} // namespace

SelectionDescription describeSelection(const TraceStore& store, Selection selection)
{
    SelectionDescription d;
    if (selection.isNone() || selection.lane >= store.laneCount())
        return d;
    const LaneInfo& lane = store.lane(selection.lane);
    d.thread = laneDisplayName(lane);
    if (selection.kind == Selection::Kind::Span) {
        if (selection.index >= lane.spans.size())
            return d;
        const Span& s = lane.spans[selection.index];
        d.what = stateLabel(s.state);
        d.start = s.begin;
        d.open = s.isOpen();
        d.duration = (s.isOpen() ? store.endTs() : s.end) - s.begin;
        d.details = spanDetails(store, lane, s);
        // The line of the event that opened the span; failing that (a lossy run), of any event then.
        const Event* opening = openingEvent(lane, s);
        if (const auto at = eventsAt(lane, s.begin); !opening && !at.empty())
            opening = &at.front();
        if (opening)
            d.line = opening->line;
    } else {
        if (selection.index >= lane.events.size())
            return d;
        const Event& e = lane.events[selection.index];
        d.what = markerLabel(e.kind);
        d.start = e.ts;
        d.details = eventDetails(store, e);
        d.line = e.line;
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
    if (selection.isNone() || selection.lane >= store.laneCount())
        return std::nullopt;
    const LaneInfo& lane = store.lane(selection.lane);
    if (selection.kind == Selection::Kind::Span) {
        if (selection.index >= lane.spans.size())
            return std::nullopt;
        const Span& s = lane.spans[selection.index];
        return TimeRange{s.begin, s.isOpen() ? std::max(openEnd, s.begin) : s.end};
    }
    if (selection.index >= lane.events.size())
        return std::nullopt;
    const std::int64_t ts = lane.events[selection.index].ts;
    return TimeRange{ts, ts};
}

} // namespace tl::ui
