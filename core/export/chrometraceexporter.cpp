#include "chrometraceexporter.h"

#include "laneevents.h"
#include "outputfile.h"
#include "tracenames.h"

#include <QBuffer>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <vector>

#ifndef THREADLINE_VERSION
#define THREADLINE_VERSION "unknown"
#endif

namespace tl {

namespace {

constexpr int kPid = 1;

int tidOf(LaneId lane)
{
    return static_cast<int>(lane) + 1;
}

// Floor division, so that the rounding is monotonic (see the class comment).
qint64 toUs(std::int64_t ns)
{
    return ns >= 0 ? ns / 1000 : -((-ns + 999) / 1000);
}

// One trace event to write, in a form cheap to sort.
struct Item {
    enum class Type : std::uint8_t { Span, Instant, FlowStart, FlowEnd, Counter };
    std::int64_t ts = 0;
    LaneId lane = 0;
    std::uint8_t rank = 0; // at equal time on one lane: 0 spans, 1 instants, 2 flows, 3 counters
    std::uint8_t depth = 0;
    Type type = Type::Span;
    std::uint32_t index = 0; // span or event index in the lane, flow index, or queue index
    std::uint32_t point = 0; // counter: index in the queue's depth series
};

// The instant an event becomes, or nullptr. Timed-out puts and gets put or took nothing: no instant.
const char* instantName(const Event& e)
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

// The state of one export: the store, the names, and the device written to.
class Writer {
public:
    Writer(const TraceStore& store, QIODevice& out)
        : m_store(store)
        , m_names(store)
        , m_out(out)
    {
    }

    bool run()
    {
        bool ok = m_out.write("{\"traceEvents\":[\n") >= 0;
        ok = ok && writeMetadata();
        for (const Item& item : collect()) {
            if (!ok)
                break;
            ok = writeEvent(eventFor(item));
        }
        const QByteArray other = QJsonDocument(otherData()).toJson(QJsonDocument::Compact);
        return ok && m_out.write("\n],\n\"displayTimeUnit\":\"ms\",\n\"otherData\":" + other + "\n}\n") >= 0;
    }

private:
    bool writeEvent(const QJsonObject& event)
    {
        QByteArray line = QJsonDocument(event).toJson(QJsonDocument::Compact);
        if (!m_first)
            line.prepend(",\n");
        m_first = false;
        return m_out.write(line) == line.size();
    }

    static QJsonObject base(const char* ph, const QString& name, LaneId lane, std::int64_t ts)
    {
        QJsonObject event{{QStringLiteral("name"), name},
                          {QStringLiteral("ph"), QLatin1String(ph)},
                          {QStringLiteral("pid"), kPid},
                          {QStringLiteral("tid"), tidOf(lane)},
                          {QStringLiteral("ts"), toUs(ts)}};
        // "cat" is optional in the format, but Chromium's DevTools trace viewer fails on events without
        // one (its event-type and title helpers read it unconditionally). Flows set their own.
        if (qstrcmp(ph, "M") != 0)
            event.insert(QStringLiteral("cat"), QStringLiteral("threadline"));
        return event;
    }

    bool writeMetadata()
    {
        QJsonObject process = base("M", QStringLiteral("process_name"), 0, 0);
        process.insert(
            QStringLiteral("args"),
            QJsonObject{{QStringLiteral("name"), QStringLiteral("threadline: %1").arg(m_store.metadata().scenarioId)}});
        bool ok = writeEvent(process);
        const std::vector<LaneId> order = m_store.laneOrder();
        for (std::size_t i = 0; i < order.size() && ok; ++i) {
            const LaneId id = order[i];
            QJsonObject name = base("M", QStringLiteral("thread_name"), id, 0);
            name.insert(QStringLiteral("args"), QJsonObject{{QStringLiteral("name"), m_names.lane(id)},
                                                            {QStringLiteral("daemon"), m_store.lane(id).daemon}});
            QJsonObject sort = base("M", QStringLiteral("thread_sort_index"), id, 0);
            sort.insert(QStringLiteral("args"), QJsonObject{{QStringLiteral("sort_index"), static_cast<int>(i)}});
            ok = writeEvent(name) && writeEvent(sort);
        }
        return ok;
    }

    std::vector<Item> collect() const
    {
        std::vector<Item> items;
        for (std::size_t l = 0; l < m_store.laneCount(); ++l) {
            const auto lane = static_cast<LaneId>(l);
            const LaneInfo& info = m_store.lane(lane);
            for (std::size_t i = 0; i < info.spans.size(); ++i)
                items.push_back({info.spans[i].begin, lane, 0, info.spans[i].depth, Item::Type::Span,
                                 static_cast<std::uint32_t>(i), 0});
            for (std::size_t i = 0; i < info.events.size(); ++i) {
                if (instantName(info.events[i]) != nullptr)
                    items.push_back(
                        {info.events[i].ts, lane, 1, 0, Item::Type::Instant, static_cast<std::uint32_t>(i), 0});
            }
        }
        const auto& flows = m_store.flows();
        for (std::size_t i = 0; i < flows.size(); ++i) {
            const auto index = static_cast<std::uint32_t>(i);
            items.push_back({flows[i].fromTs, flows[i].fromLane, 2, 0, Item::Type::FlowStart, index, 0});
            items.push_back({flows[i].toTs, flows[i].toLane, 2, 0, Item::Type::FlowEnd, index, 0});
        }
        const auto& queues = m_store.queues();
        for (std::size_t q = 0; q < queues.size(); ++q) {
            for (std::size_t p = 0; p < queues[q].depth.size(); ++p)
                items.push_back({queues[q].depth[p].first, 0, 3, 0, Item::Type::Counter, static_cast<std::uint32_t>(q),
                                 static_cast<std::uint32_t>(p)});
        }
        std::stable_sort(items.begin(), items.end(), [](const Item& x, const Item& y) {
            if (x.ts != y.ts)
                return x.ts < y.ts;
            if (x.lane != y.lane)
                return x.lane < y.lane;
            return x.rank != y.rank ? x.rank < y.rank : x.depth < y.depth;
        });
        return items;
    }

    QJsonObject eventFor(const Item& item) const
    {
        switch (item.type) {
        case Item::Type::Span:
            return spanEvent(item.lane, m_store.lane(item.lane).spans[item.index]);
        case Item::Type::Instant:
            return instantEvent(m_store.lane(item.lane).events[item.index]);
        case Item::Type::FlowStart:
        case Item::Type::FlowEnd:
            return flowEvent(item);
        case Item::Type::Counter:
            return counterEvent(item);
        }
        return {};
    }

    QJsonObject spanEvent(LaneId lane, const Span& span) const
    {
        const std::int64_t end = span.isOpen() ? std::max(m_store.endTs(), span.begin) : span.end;
        QJsonObject event = base("X", spanName(span.state), lane, span.begin);
        event.insert(QStringLiteral("dur"), toUs(end) - toUs(span.begin));
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
            event.insert(QStringLiteral("args"), args);
        return event;
    }

    QJsonObject instantEvent(const Event& e) const
    {
        QJsonObject event = base("i", QLatin1String(instantName(e)), e.lane, e.ts);
        event.insert(QStringLiteral("s"), QStringLiteral("t"));
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
            event.insert(QStringLiteral("args"), args);
        return event;
    }

    QJsonObject flowEvent(const Item& item) const
    {
        const Flow& flow = m_store.flows()[item.index];
        const bool start = item.type == Item::Type::FlowStart;
        QJsonObject event = base(start ? "s" : "f", QLatin1String(flowName(flow.kind)), item.lane, item.ts);
        event.insert(QStringLiteral("cat"), QStringLiteral("flow"));
        event.insert(QStringLiteral("id"), static_cast<qint64>(item.index) + 1);
        if (!start)
            event.insert(QStringLiteral("bp"), QStringLiteral("e"));
        return event;
    }

    // One counter per queue: the same name for all, with the queue's id, so that chrome://tracing (which
    // fixes a counter's series from its first sample) keeps each queue's series apart.
    QJsonObject counterEvent(const Item& item) const
    {
        const QueueInfo& queue = m_store.queues()[item.index];
        const auto& [ts, depth] = queue.depth[item.point];
        QJsonObject event = base("C", QStringLiteral("queue depth"), item.lane, ts);
        event.insert(QStringLiteral("id"), QString::number(queue.id));
        event.insert(QStringLiteral("args"), QJsonObject{{m_names.queue(queue.id), static_cast<qint64>(depth)}});
        return event;
    }

    QJsonObject otherData() const
    {
        const TraceMetadata& meta = m_store.metadata();
        QJsonObject parameters;
        for (const auto& [key, value] : meta.parameters)
            parameters.insert(key, QJsonValue::fromVariant(value));
        return QJsonObject{{QStringLiteral("scenario"), meta.scenarioId},
                           {QStringLiteral("title"), meta.scenarioTitle},
                           {QStringLiteral("parameters"), parameters},
                           {QStringLiteral("speed"), meta.speed},
                           {QStringLiteral("version"), QStringLiteral(THREADLINE_VERSION)},
                           {QStringLiteral("dropped_events"), static_cast<qint64>(m_store.droppedEvents())}};
    }

    const TraceStore& m_store;
    const TraceNames m_names;
    QIODevice& m_out;
    bool m_first = true;
};

} // namespace

ChromeTraceExporter::ChromeTraceExporter(const TraceStore& store)
    : m_store(store)
{
}

bool ChromeTraceExporter::write(QIODevice& out) const
{
    return Writer(m_store, out).run();
}

QByteArray ChromeTraceExporter::toJson() const
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    write(buffer);
    return bytes;
}

Status ChromeTraceExporter::writeToFile(const QString& path) const
{
    return writeFileAtomically(path, [this](QIODevice& out) { return write(out); });
}

} // namespace tl
