#include "export/chrometraceevents.h"

#include "trace/laneevents.h"

#include <QJsonDocument>

#include <algorithm>

namespace tl {

namespace {

constexpr int kPid = 1;

int tidOf(LaneId lane)
{
    return static_cast<int>(lane) + 1;
}

// The contract allows accept, recv and send as socket spans, not connect. A blocking connect() sends the
// handshake and waits for the answer; it is written as a "send" span with args.op "connect", so the wait
// stays visible and the names stay in the contract's set.
QString spanName(LaneState state)
{
    return state == LaneState::Connect ? QStringLiteral("send") : laneStateName(state);
}

const char* flowName(Flow::Kind kind)
{
    switch (kind) {
    case Flow::Kind::Start:
        return "start";
    case Flow::Kind::Item:
        return "item";
    case Flow::Kind::Join:
        return "join";
    }
    return "flow";
}

} // namespace

QByteArray ChromeTraceEvent::toJson() const
{
    QByteArray json = "{\"ts\":" + ChromeTraceEvents::microseconds(ts);
    if (dur)
        json += ",\"dur\":" + ChromeTraceEvents::microseconds(*dur);
    const QByteArray rest = QJsonDocument(fields).toJson(QJsonDocument::Compact); // "{...}"
    json += rest.size() > 2 ? "," + rest.mid(1) : QByteArray("}");
    return json;
}

ChromeTraceEvents::ChromeTraceEvents(const TraceStore& store)
    : m_store(store)
    , m_names(store)
{
}

// Timed-out puts and gets put or took nothing: no instant.
const char* ChromeTraceEvents::instantName(const Event& e)
{
    switch (e.kind) {
    case EventKind::Start:
        return "start";
    case EventKind::PutDone:
        return (e.flags & EventFlag::TimedOut) ? nullptr : "put";
    case EventKind::GetDone:
        return (e.flags & EventFlag::TimedOut) ? nullptr : "get";
    case EventKind::TaskDone:
        return "task_done";
    case EventKind::Print:
        return "print";
    case EventKind::Error:
        return "error";
    case EventKind::DaemonStopped:
        return "daemon-stopped";
    case EventKind::Stopped:
        return "stopped";
    case EventKind::Exit:
        return "exit";
    default:
        return nullptr;
    }
}

QByteArray ChromeTraceEvents::microseconds(std::int64_t ns)
{
    // The magnitude in unsigned arithmetic, so that even INT64_MIN has one.
    const std::uint64_t magnitude = ns < 0 ? 0 - static_cast<std::uint64_t>(ns) : static_cast<std::uint64_t>(ns);
    QByteArray text = QByteArray::number(magnitude / 1000) + '.' +
                      QByteArray::number(static_cast<uint>(magnitude % 1000)).rightJustified(3, '0');
    if (ns < 0)
        text.prepend('-');
    return text;
}

ChromeTraceEvent ChromeTraceEvents::processName() const
{
    ChromeTraceEvent process = base("M", QStringLiteral("process_name"), 0, 0);
    process.fields.insert(
        QStringLiteral("args"),
        QJsonObject{{QStringLiteral("name"), QStringLiteral("threadline: %1").arg(m_store.metadata().scenarioId)}});
    return process;
}

ChromeTraceEvent ChromeTraceEvents::threadName(LaneId lane) const
{
    ChromeTraceEvent name = base("M", QStringLiteral("thread_name"), lane, 0);
    name.fields.insert(QStringLiteral("args"), QJsonObject{{QStringLiteral("name"), m_names.lane(lane)},
                                                           {QStringLiteral("daemon"), m_store.lane(lane).daemon}});
    return name;
}

ChromeTraceEvent ChromeTraceEvents::threadSortIndex(LaneId lane, int index) const
{
    ChromeTraceEvent sort = base("M", QStringLiteral("thread_sort_index"), lane, 0);
    sort.fields.insert(QStringLiteral("args"), QJsonObject{{QStringLiteral("sort_index"), index}});
    return sort;
}

ChromeTraceEvent ChromeTraceEvents::spanEvent(LaneId lane, const Span& span) const
{
    const std::int64_t end = span.isOpen() ? std::max(m_store.endTs(), span.begin) : span.end;
    ChromeTraceEvent event = base("X", spanName(span.state), lane, span.begin);
    // From the exact ends, so a span nested in the store ends no later than its parent in the file.
    event.dur = end - span.begin;
    QJsonObject args;
    switch (span.state) {
    case LaneState::Joining:
        args.insert(QStringLiteral("target"), m_names.lane(span.detail));
        break;
    case LaneState::BlockedGet:
    case LaneState::BlockedPut:
    case LaneState::QueueJoin:
        args.insert(QStringLiteral("queue"), m_names.queue(span.detail));
        break;
    case LaneState::Task:
        args.insert(QStringLiteral("task"), m_names.task(span.detail));
        args.insert(QStringLiteral("task_id"), static_cast<qint64>(span.detail));
        break;
    case LaneState::Connect:
        args.insert(QStringLiteral("op"), QStringLiteral("connect"));
        [[fallthrough]];
    case LaneState::Accept:
    case LaneState::Recv:
    case LaneState::Send:
        args.insert(QStringLiteral("connection"), static_cast<qint64>(span.detail));
        break;
    default:
        break;
    }
    if (const Event* begin = openingEvent(m_store.lane(lane), span)) {
        if (span.state == LaneState::Sleeping)
            args.insert(QStringLiteral("seconds"), begin->c / 1e6);
        if (begin->line != 0)
            args.insert(QStringLiteral("line"), begin->line);
    }
    if (span.isOpen())
        args.insert(QStringLiteral("unfinished"), true);
    if (!args.isEmpty())
        event.fields.insert(QStringLiteral("args"), args);
    return event;
}

ChromeTraceEvent ChromeTraceEvents::instantEvent(const Event& e) const
{
    ChromeTraceEvent event = base("i", QLatin1String(instantName(e)), e.lane, e.ts);
    event.fields.insert(QStringLiteral("s"), QStringLiteral("t"));
    QJsonObject args;
    switch (e.kind) {
    case EventKind::Start:
        args.insert(QStringLiteral("target"), m_names.lane(e.a));
        if (!m_store.text(e.b).isEmpty())
            args.insert(QStringLiteral("function"), m_store.text(e.b));
        break;
    case EventKind::PutDone:
    case EventKind::GetDone:
        args.insert(QStringLiteral("queue"), m_names.queue(e.a));
        args.insert(QStringLiteral("item"), static_cast<qint64>(e.b));
        args.insert(QStringLiteral("depth"), static_cast<qint64>(e.c));
        break;
    case EventKind::TaskDone:
        args.insert(QStringLiteral("queue"), m_names.queue(e.a));
        args.insert(QStringLiteral("unfinished"), static_cast<qint64>(e.c));
        break;
    case EventKind::Print:
        args.insert(QStringLiteral("text"), m_store.text(e.a));
        break;
    case EventKind::Error:
        args.insert(QStringLiteral("type"), m_store.text(e.a));
        args.insert(QStringLiteral("message"), m_store.text(e.b));
        break;
    default:
        break;
    }
    if (e.line != 0)
        args.insert(QStringLiteral("line"), e.line);
    if (!args.isEmpty())
        event.fields.insert(QStringLiteral("args"), args);
    return event;
}

ChromeTraceEvent ChromeTraceEvents::flowEvent(std::uint32_t index, bool start) const
{
    const Flow& flow = m_store.flows()[index];
    ChromeTraceEvent event = base(start ? "s" : "f", QLatin1String(flowName(flow.kind)),
                                  start ? flow.fromLane : flow.toLane, start ? flow.fromTs : flow.toTs);
    event.fields.insert(QStringLiteral("cat"), QStringLiteral("flow"));
    event.fields.insert(QStringLiteral("id"), static_cast<qint64>(index) + 1);
    if (!start)
        event.fields.insert(QStringLiteral("bp"), QStringLiteral("e"));
    return event;
}

// One counter per queue: the same name for all, with the queue's id, so that chrome://tracing (which
// fixes a counter's series from its first sample) keeps each queue's series apart.
ChromeTraceEvent ChromeTraceEvents::counterEvent(std::uint32_t queueIndex, std::uint32_t point) const
{
    const QueueInfo& queue = m_store.queues()[queueIndex];
    const auto& [ts, depth] = queue.depth[point];
    ChromeTraceEvent event = base("C", QStringLiteral("queue depth"), 0, ts);
    event.fields.insert(QStringLiteral("id"), QString::number(queue.id));
    event.fields.insert(QStringLiteral("args"), QJsonObject{{m_names.queue(queue.id), static_cast<qint64>(depth)}});
    return event;
}

ChromeTraceEvent ChromeTraceEvents::base(const char* ph, const QString& name, LaneId lane, std::int64_t ts)
{
    ChromeTraceEvent event{QJsonObject{{QStringLiteral("name"), name},
                                       {QStringLiteral("ph"), QLatin1String(ph)},
                                       {QStringLiteral("pid"), kPid},
                                       {QStringLiteral("tid"), tidOf(lane)}},
                           ts, std::nullopt};
    // "cat" is optional in the format, but Chromium's DevTools trace viewer fails on events without
    // one (its event-type and title helpers read it unconditionally). Flows set their own.
    if (qstrcmp(ph, "M") != 0)
        event.fields.insert(QStringLiteral("cat"), QStringLiteral("threadline"));
    return event;
}

} // namespace tl
