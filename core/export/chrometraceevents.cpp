#include "export/chrometraceevents.h"

#include "trace/eventfields.h"
#include "trace/eventschema.h"

#include <QJsonDocument>

#include <algorithm>

namespace tl {

namespace {

constexpr int kPid = 1;

// The contract allows accept, recv and send as socket spans, not connect. A blocking connect() sends the
// handshake and waits for the answer; it is written as a "send" span with args.op "connect", so the wait
// stays visible and the names stay in the contract's set.
QString spanName(LaneState state)
{
    return state == LaneState::Connect ? QStringLiteral("send") : laneStateName(state);
}

// A span's args come from the event that opened it: what it waits on or works on (a join's target, a
// get's queue, the sleep's length, the task and its executor, the connection), not the counts of the moment,
// but for a blocked put's depth: the queue was full, and "q is full (0 items)" read back said otherwise.
bool isSpanArg(ArgRole role)
{
    switch (role) {
    case ArgRole::Depth:
    case ArgRole::Lane:
    case ArgRole::Queue:
    case ArgRole::Micros:
    case ArgRole::TimeoutMs:
    case ArgRole::Task:
    case ArgRole::Executor:
    case ArgRole::Name:
    case ArgRole::Connection:
    case ArgRole::Sync:
    case ArgRole::Wake: // the last arrival at a barrier: the arrows it starts need its wake word back
        return true;
    default:
        return false;
    }
}

QString flowName(const TraceStore& store, const Flow& flow)
{
    const char* own = flowKindName(flow.kind);
    return own ? QString::fromLatin1(own) : store.text(flow.name);
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
{
    QSet<QString> seen;
    for (LaneId lane = 0; lane < store.laneCount(); ++lane) {
        const QString name = store.laneName(lane);
        if (seen.contains(name))
            m_sharedLaneNames.insert(name);
        seen.insert(name);
    }
}

void ChromeTraceEvents::insertField(QJsonObject& args, const EventField& field) const
{
    args.insert(QLatin1String(field.key), QJsonValue::fromVariant(field.value));
    if (field.role == ArgRole::Lane && m_sharedLaneNames.contains(field.text))
        args.insert(QLatin1String(field.key) + QLatin1String("_tid"), tidOf(field.word));
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

ChromeTraceEvent ChromeTraceEvents::threadName(LaneId lane, EventId created) const
{
    ChromeTraceEvent name = base("M", QStringLiteral("thread_name"), lane, 0);
    const LaneInfo& info = m_store.lane(lane);
    QJsonObject args{{QStringLiteral("name"), m_store.laneName(lane)}, {QStringLiteral("daemon"), info.daemon}};
    // Another tool's trace of several processes: the thread's, so that it is read back into it. Every lane keeps the
    // one pid of Threadline's exports (the file is read as Threadline's own by it).
    if (const GroupInfo* g = m_store.groups().size() >= 2 ? m_store.group(info.group) : nullptr) {
        args.insert(QStringLiteral("process"), g->name);
        args.insert(QStringLiteral("process_id"), static_cast<qint64>(g->id));
        if (g->sortIndex != kNoValue)
            args.insert(QStringLiteral("process_sort_index"), static_cast<qint64>(g->sortIndex));
    }
    if (m_store.contains(created)) {
        const Event& e = m_store.event(created);
        args.insert(QStringLiteral("created"), QString::fromLatin1(microseconds(e.ts)));
        args.insert(QStringLiteral("created_by"), e.a < m_store.laneCount() ? tidOf(e.a) : 0);
        if (const QString function = m_store.text(e.c); !function.isEmpty())
            args.insert(QStringLiteral("function"), function);
        if (const QString createdName = m_store.text(e.b); createdName != m_store.laneName(lane))
            args.insert(QStringLiteral("created_name"), createdName);
        if (const bool daemon = (e.flags & EventFlag::Daemon) != 0; daemon != info.daemon)
            args.insert(QStringLiteral("created_daemon"), daemon);
        insertSource(args, created);
    }
    name.fields.insert(QStringLiteral("args"), args);
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
    // A slice of another tool keeps its own name.
    ChromeTraceEvent event =
        base("X", span.state == LaneState::Slice ? m_store.text(span.detail) : spanName(span.state), lane, span.begin);
    // From the exact ends, so a span nested in the store ends no later than its parent in the file.
    event.dur = end - span.begin;
    QJsonObject args;
    if (span.state == LaneState::Connect)
        args.insert(QStringLiteral("op"), QStringLiteral("connect"));
    insertForeign(args, span.state == LaneState::Slice ? span.opening : kNoEvent, "slice");
    if (m_store.contains(span.opening)) {
        const Event& opening = m_store.event(span.opening);
        for (const EventField& f : eventFields(m_store, opening)) {
            if (isSpanArg(f.role))
                insertField(args, f);
        }
        insertSource(args, span.opening);
        if (m_store.contains(span.closing))
            insertClosingFields(args, opening, m_store.event(span.closing));
    }
    if (span.isOpen())
        args.insert(QStringLiteral("unfinished"), true);
    // A wait an exception ended has no instant at its end, as one that timed out: read back, it would be that.
    else if (m_store.contains(span.closing) && flagSet(m_store.event(span.closing), FlagRole::TimedOut) &&
             (m_store.event(span.closing).flags & EventFlag::Interrupted) != 0)
        args.insert(QStringLiteral("interrupted"), true);
    if (!args.isEmpty())
        event.fields.insert(QStringLiteral("args"), args);
    return event;
}

const char* exportedInstantName(const TraceStore& store, const Event& e)
{
    // A rename follows its thread's creation, and names no process (b): another tool's thread names, and those the
    // importer gives lanes that came with no creation, are their thread_name records.
    if (e.kind == EventKind::ThreadName) {
        if (store.metadata().isAnotherToolsTrace() || e.b != kNoValue)
            return nullptr;
        const EventView events = store.laneEvents(e.lane);
        return !events.empty() && events[0].kind == EventKind::ThreadCreated ? kRenameInstant.data() : nullptr;
    }
    return instantName(e);
}

ChromeTraceEvent ChromeTraceEvents::instantEvent(EventId id) const
{
    const Event& e = m_store.event(id);
    // A mark of another tool keeps its own name: the schema says its first word is its name.
    const bool named = schemaOf(e.kind).a.role == ArgRole::Label;
    ChromeTraceEvent event =
        base("i", named ? m_store.text(e.a) : QString::fromLatin1(exportedInstantName(m_store, e)), e.lane, e.ts);
    const MarkScope scope = markScope(e);
    event.fields.insert(QStringLiteral("s"), scope == MarkScope::Global    ? QStringLiteral("g")
                                             : scope == MarkScope::Process ? QStringLiteral("p")
                                                                           : QStringLiteral("t"));
    QJsonObject args;
    // Empty texts are kept: print("") printed an empty line, and its instant says so.
    for (const EventField& f : eventFields(m_store, e, EmptyText::Keep))
        insertField(args, f);
    insertForeign(args, e.kind == EventKind::Mark ? id : kNoEvent, "mark");
    // A potential deadlock ends by itself; read back without this it would be a real one.
    if (flagSet(e, FlagRole::Potential))
        args.insert(QStringLiteral("potential"), true);
    if (flagSet(e, FlagRole::Raised)) // a pool task that raised
        args.insert(QStringLiteral("raised"), true);
    if (flagSet(e, FlagRole::ByStop)) // the stop's KeyboardInterrupt: read back without this it would be a failure
        args.insert(QStringLiteral("stop"), true);
    if (flagSet(e, FlagRole::Stderr)) // a line the program wrote to stderr (its traceback, say), not to stdout
        args.insert(QStringLiteral("stderr"), true);
    // A daemon's rename: read back without this, the lane it names would no longer be a daemon's. (A start's flag is
    // its lane's, which the file has.)
    if (e.kind == EventKind::ThreadName && flagSet(e, FlagRole::Daemon))
        args.insert(QStringLiteral("daemon"), true);
    insertSource(args, id);
    if (!args.isEmpty())
        event.fields.insert(QStringLiteral("args"), args);
    return event;
}

void ChromeTraceEvents::insertClosingFields(QJsonObject& args, const Event& opening, const Event& closing) const
{
    if (instantName(closing) != nullptr)
        return;
    const EventSchema& open = schemaOf(opening.kind);
    const ArgRole openRoles[] = {open.a.role, open.b.role, open.c.role};
    const std::uint32_t openWords[] = {opening.a, opening.b, opening.c};
    for (int slot = 0; slot < 3; ++slot) {
        const std::optional<EventField> f = eventField(m_store, closing, slot);
        if (!f)
            continue;
        if (f->role != openRoles[slot] && !args.contains(QLatin1String(f->key)))
            insertField(args, *f);
        // A word the close has of its own where the opening has one of that role: an accept's connection, which
        // its wait (connection 0, the listener) had not yet.
        else if (f->role == openRoles[slot] && f->word != openWords[slot] && f->value.typeId() == QMetaType::LongLong)
            args.insert(QStringLiteral("end_") + QLatin1String(f->key), QJsonValue::fromVariant(f->value));
    }
}

void ChromeTraceEvents::insertForeign(QJsonObject& args, EventId id, const char* key) const
{
    if (!m_store.contains(id))
        return;
    args.insert(QLatin1String(key), true);
    if (const QString cat = m_store.text(m_store.event(id).b); !cat.isEmpty())
        args.insert(QStringLiteral("cat"), cat);
}

void ChromeTraceEvents::insertSource(QJsonObject& args, EventId id) const
{
    const Event& e = m_store.event(id);
    if (e.line == 0)
        return;
    args.insert(QStringLiteral("line"), e.line);
    if (const StringId file = m_store.fileOf(id); file != 0)
        args.insert(QStringLiteral("file"), m_store.text(file));
}

ChromeTraceEvent ChromeTraceEvents::flowEvent(std::uint32_t index, bool start, std::uint32_t id) const
{
    const Flow& flow = m_store.flows()[index];
    // The flow keeps base()'s cat, the one of every event: Chrome DevTools binds a flow event to the slice or
    // instant with the same ts, pid, tid and cat, so a cat of its own ("flow") bound none of our arrows.
    ChromeTraceEvent event = base(start ? "s" : "f", flowName(m_store, flow), start ? flow.fromLane : flow.toLane,
                                  start ? flow.fromTs : flow.toTs);
    event.fields.insert(QStringLiteral("id"), static_cast<qint64>(id));
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
    event.fields.insert(QStringLiteral("args"), QJsonObject{{m_store.queueName(queue.id), static_cast<qint64>(depth)}});
    return event;
}

// One counter per semaphore, "<name> value" as issue 13 names it: a name of its own keeps each series
// apart in chrome://tracing too. The id says which primitive it is, for the importer.
ChromeTraceEvent ChromeTraceEvents::semaphoreEvent(std::uint32_t semaphoreIndex, std::uint32_t point) const
{
    const SemaphoreInfo& semaphore = m_store.semaphores()[semaphoreIndex];
    const auto& [ts, value] = semaphore.value[point];
    ChromeTraceEvent event = base("C", m_store.syncName(semaphore.id) + QStringLiteral(" value"), 0, ts);
    event.fields.insert(QStringLiteral("id"), QString::number(semaphore.id));
    event.fields.insert(QStringLiteral("args"), QJsonObject{{QStringLiteral("value"), static_cast<qint64>(value)}});
    return event;
}

ChromeTraceEvent ChromeTraceEvents::seriesEvent(std::uint32_t seriesIndex, std::uint32_t point) const
{
    const CounterSeries& series = m_store.counters()[seriesIndex];
    const auto& [ts, value] = series.points[point];
    ChromeTraceEvent event = base("C", m_store.text(series.name), 0, ts);
    event.fields.insert(QStringLiteral("args"), QJsonObject{{QStringLiteral("value"), value}});
    return event;
}

int ChromeTraceEvents::tidOf(LaneId lane)
{
    return static_cast<int>(lane) + 1;
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
