#include "export/chrometraceexporter.h"

#include "base/outputfile.h"
#include "export/chrometraceevents.h"
#include "trace/eventschema.h"

#include <QBuffer>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <optional>
#include <tuple>
#include <unordered_map>
#include <vector>

#ifndef THREADLINE_VERSION
#define THREADLINE_VERSION "unknown"
#endif

namespace tl {

namespace {

// One trace event to write, in a form cheap to sort.
struct Item {
    enum class Type : std::uint8_t { Span, Instant, FlowStart, FlowEnd, Counter, SemaphoreValue, Series };
    std::int64_t ts = 0;
    LaneId lane = 0;
    // At equal time on one lane: 0 spans, 1 instants (each followed by the flow events on it), 2 other
    // flow events, 3 counters.
    std::uint8_t rank = 0;
    std::uint8_t depth = 0;
    std::uint32_t order = 0; // rank 1: 2 * the instant's event index, + 1 for a flow event on it
    Type type = Type::Span;
    std::uint32_t index = 0; // span index in the lane, event id, flow index, or queue index
    std::uint32_t point = 0; // counter: index in the queue's depth series
};

// The sort order of a flow end: right after the instant of its event when that event is one (a start
// flow leaves the start instant; an item flow leaves the put and lands on the get), else after the lane's
// spans and instants at that time (a join leaves a RunEnd; a start flow lands on the run span).
std::optional<std::uint32_t> instantOrder(const TraceStore& store, EventId id)
{
    if (exportedInstantName(store, store.event(id)) == nullptr)
        return std::nullopt;
    const std::ptrdiff_t index = store.indexInLane(id);
    return index < 0 ? std::nullopt : std::optional<std::uint32_t>(static_cast<std::uint32_t>(index));
}

// A flow event on its own instant sorts right after it; any other after the lane's spans and instants.
Item flowItem(std::int64_t ts, LaneId lane, std::optional<std::uint32_t> instant, Item::Type type, std::uint32_t flow)
{
    if (instant)
        return {.ts = ts, .lane = lane, .rank = 1, .order = 2 * *instant + 1, .type = type, .index = flow};
    return {.ts = ts, .lane = lane, .rank = 2, .type = type, .index = flow};
}

// The state of one export: the store, the event builder, and the device written to.
class Writer {
public:
    Writer(const TraceStore& store, QIODevice& out)
        : m_store(store)
        , m_events(store)
        , m_out(out)
    {
        findCreations();
    }

    bool run()
    {
        numberFlows();
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
    bool writeEvent(const ChromeTraceEvent& event)
    {
        QByteArray line = event.toJson();
        if (!m_first)
            line.prepend(",\n");
        m_first = false;
        return m_out.write(line) == line.size();
    }

    bool writeMetadata()
    {
        bool ok = writeEvent(m_events.processName());
        const std::vector<LaneId> order = m_store.laneOrder();
        for (std::size_t i = 0; i < order.size() && ok; ++i) {
            ok = writeEvent(m_events.threadName(order[i], m_threadCreated[order[i]])) &&
                 writeEvent(m_events.threadSortIndex(order[i], static_cast<int>(i)));
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
                items.push_back({.ts = info.spans[i].begin,
                                 .lane = lane,
                                 .rank = 0,
                                 .depth = info.spans[i].depth,
                                 .type = Item::Type::Span,
                                 .index = static_cast<std::uint32_t>(i)});
            const EventView events = m_store.laneEvents(info);
            for (std::size_t i = 0; i < events.size(); ++i) {
                if (exportedInstantName(m_store, events[i]) != nullptr)
                    items.push_back({.ts = events[i].ts,
                                     .lane = lane,
                                     .rank = 1,
                                     .order = 2 * static_cast<std::uint32_t>(i),
                                     .type = Item::Type::Instant,
                                     .index = events.id(i)});
            }
        }
        const auto& flows = m_store.flows();
        for (std::size_t i = 0; i < flows.size(); ++i) {
            const auto index = static_cast<std::uint32_t>(i);
            const Flow& f = flows[i];
            items.push_back(
                flowItem(f.fromTs, f.fromLane, instantOrder(m_store, f.from), Item::Type::FlowStart, index));
            items.push_back(flowItem(f.toTs, f.toLane, instantOrder(m_store, f.to), Item::Type::FlowEnd, index));
        }
        const auto& queues = m_store.queues();
        for (std::size_t q = 0; q < queues.size(); ++q) {
            for (std::size_t p = 0; p < queues[q].depth.size(); ++p)
                items.push_back({.ts = queues[q].depth[p].first,
                                 .rank = 3,
                                 .type = Item::Type::Counter,
                                 .index = static_cast<std::uint32_t>(q),
                                 .point = static_cast<std::uint32_t>(p)});
        }
        const auto& semaphores = m_store.semaphores();
        for (std::size_t s = 0; s < semaphores.size(); ++s) {
            for (std::size_t p = 0; p < semaphores[s].value.size(); ++p)
                items.push_back({.ts = semaphores[s].value[p].first,
                                 .rank = 3,
                                 .type = Item::Type::SemaphoreValue,
                                 .index = static_cast<std::uint32_t>(s),
                                 .point = static_cast<std::uint32_t>(p)});
        }
        const auto& counters = m_store.counters();
        for (std::size_t c = 0; c < counters.size(); ++c) {
            for (std::size_t p = 0; p < counters[c].points.size(); ++p)
                items.push_back({.ts = counters[c].points[p].first,
                                 .rank = 3,
                                 .type = Item::Type::Series,
                                 .index = static_cast<std::uint32_t>(c),
                                 .point = static_cast<std::uint32_t>(p)});
        }
        // Flow events at one place go by their ids, not by the store's pairing order (which a live run's
        // batches decide): a file opened and exported again is the same file.
        const auto flowId = [this](const Item& i) {
            return i.type == Item::Type::FlowStart || i.type == Item::Type::FlowEnd ? m_flowIds[i.index] : 0u;
        };
        std::stable_sort(items.begin(), items.end(), [&flowId](const Item& x, const Item& y) {
            return std::tuple(x.ts, x.lane, x.rank, x.depth, x.order, flowId(x)) <
                   std::tuple(y.ts, y.lane, y.rank, y.depth, y.order, flowId(y));
        });
        return items;
    }

    ChromeTraceEvent eventFor(const Item& item) const
    {
        switch (item.type) {
        case Item::Type::Span:
            return m_events.spanEvent(item.lane, m_store.lane(item.lane).spans[item.index]);
        case Item::Type::Instant:
            return m_events.instantEvent(item.index);
        case Item::Type::FlowStart:
        case Item::Type::FlowEnd:
            return m_events.flowEvent(item.index, item.type == Item::Type::FlowStart, m_flowIds[item.index]);
        case Item::Type::Counter:
            return m_events.counterEvent(item.index, item.point);
        case Item::Type::SemaphoreValue:
            return m_events.semaphoreEvent(item.index, item.point);
        case Item::Type::Series:
            return m_events.seriesEvent(item.index, item.point);
        }
        return {};
    }

    // The events that create a thread, a queue or a primitive: no instant shows them, and the file keeps their
    // times, lanes and lines elsewhere (the thread_name args, otherData.queues and otherData.primitives).
    void findCreations()
    {
        m_threadCreated.assign(m_store.laneCount(), kNoEvent);
        const EventView all = m_store.eventsByTime();
        for (std::size_t i = 0; i < all.size(); ++i) {
            const Event& e = all[i];
            if (e.kind == EventKind::ThreadCreated && m_threadCreated[e.lane] == kNoEvent)
                m_threadCreated[e.lane] = all.id(i);
            else if (e.kind == EventKind::QueueCreated)
                m_queueCreated.try_emplace(e.a, all.id(i));
            else if (e.kind == EventKind::SyncCreated)
                m_syncCreated.try_emplace(e.a, all.id(i));
        }
    }

    // "tid", "line" and "file" of the creation of queue or primitive `id` (`created`), when the store has it.
    void insertCreation(QJsonObject& entry, const std::unordered_map<std::uint32_t, EventId>& created, std::uint32_t id,
                        bool withTid) const
    {
        const auto it = created.find(id);
        if (it == created.end())
            return;
        if (withTid)
            entry.insert(QStringLiteral("tid"), ChromeTraceEvents::tidOf(m_store.event(it->second).lane));
        m_events.insertSource(entry, it->second);
    }

    // Flow ids from 1 in the order of the flows' ends (source time and lane, then target time and lane), not
    // in the order the store paired them, which follows how a live run's batches happened to arrive: the
    // same trace gives the same file, and a file opened and exported again keeps its ids.
    void numberFlows()
    {
        const auto& flows = m_store.flows();
        std::vector<std::uint32_t> order(flows.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = static_cast<std::uint32_t>(i);
        std::sort(order.begin(), order.end(), [&flows](std::uint32_t x, std::uint32_t y) {
            const Flow& a = flows[x];
            const Flow& b = flows[y];
            return std::tie(a.fromTs, a.fromLane, a.toTs, a.toLane, a.kind, x) <
                   std::tie(b.fromTs, b.fromLane, b.toTs, b.toLane, b.kind, y);
        });
        m_flowIds.assign(flows.size(), 0);
        for (std::size_t i = 0; i < order.size(); ++i)
            m_flowIds[order[i]] = static_cast<std::uint32_t>(i) + 1;
    }

    QJsonObject otherData() const
    {
        const TraceMetadata& meta = m_store.metadata();
        QJsonObject parameters;
        for (const auto& [key, value] : meta.parameters)
            parameters.insert(key, QJsonValue::fromVariant(value));
        QJsonObject other{
            {QStringLiteral("scenario"), meta.scenarioId},
            {QStringLiteral("title"), meta.scenarioTitle},
            {QStringLiteral("parameters"), parameters},
            {QStringLiteral("speed"), meta.isMaxSpeed() ? QJsonValue(QStringLiteral("max")) : QJsonValue(meta.speed)},
            {QStringLiteral("version"), QStringLiteral(THREADLINE_VERSION)},
            {QStringLiteral("dropped_events"), static_cast<qint64>(m_store.droppedEvents())}};
        if (!meta.source.isEmpty())
            other.insert(QStringLiteral("source"), meta.source);
        // What ran a Python program, at the top level where a reader of any trace looks for it.
        if (meta.isPython()) {
            other.insert(QStringLiteral("interpreter"), meta.interpreter);
            other.insert(QStringLiteral("executable"), meta.executable);
            if (!meta.module.isEmpty())
                other.insert(QStringLiteral("module"), meta.module);
            else
                other.insert(QStringLiteral("script"), meta.script);
            other.insert(QStringLiteral("args"), QJsonArray::fromStringList(meta.args));
        }
        if (!meta.problems.isEmpty())
            other.insert(QStringLiteral("problems"), QJsonArray::fromStringList(meta.problems));
        if (meta.stopped)
            other.insert(QStringLiteral("stopped"), true);
        if (meta.cutShort) // read from a file cut short: written again whole, it still holds only what came before
            other.insert(QStringLiteral("cut_short"), true);
        // The primitives' names and types: no event carries them (the events name a primitive by its id), so
        // that an opened export names "a" and "connections" as the run did, and knows a semaphore.
        QJsonArray primitives;
        for (const std::uint32_t id : m_store.syncs().ids()) {
            const SyncNames::Info& info = *m_store.syncs().find(id);
            const std::string_view type = syncTypeName(info.type);
            QJsonObject entry{
                {QStringLiteral("id"), static_cast<qint64>(id)},
                {QStringLiteral("name"), info.name},
                {QStringLiteral("type"), QString::fromLatin1(type.data(), static_cast<qsizetype>(type.size()))},
                {QStringLiteral("tid"), static_cast<qint64>(ChromeTraceEvents::tidOf(info.lane))},
                {QStringLiteral("ts"), QString::fromLatin1(ChromeTraceEvents::microseconds(info.createdTs))}};
            insertCreation(entry, m_syncCreated, id, false);
            primitives.append(entry);
        }
        if (!primitives.isEmpty())
            other.insert(QStringLiteral("primitives"), primitives);
        // Each queue's maxsize: the depth counter carries the depth alone, and a queue of one slot must not
        // come back as unbounded. The thread and line that created it too: its counter is the process's.
        QJsonArray queues;
        for (const QueueInfo& queue : m_store.queues()) {
            QJsonObject entry{{QStringLiteral("id"), static_cast<qint64>(queue.id)},
                              {QStringLiteral("maxsize"), queue.maxsize}};
            insertCreation(entry, m_queueCreated, queue.id, true);
            queues.append(entry);
        }
        if (!queues.isEmpty())
            other.insert(QStringLiteral("queues"), queues);
        return other;
    }

    const TraceStore& m_store;
    const ChromeTraceEvents m_events;
    QIODevice& m_out;
    bool m_first = true;
    std::vector<std::uint32_t> m_flowIds;                      // by flow index
    std::vector<EventId> m_threadCreated;                      // by lane: its first ThreadCreated, or kNoEvent
    std::unordered_map<std::uint32_t, EventId> m_queueCreated; // by queue id
    std::unordered_map<std::uint32_t, EventId> m_syncCreated;  // by primitive id
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
