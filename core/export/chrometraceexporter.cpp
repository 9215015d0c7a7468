#include "export/chrometraceexporter.h"

#include "export/chrometraceevents.h"
#include "export/outputfile.h"

#include <QBuffer>
#include <QIODevice>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <optional>
#include <set>
#include <tuple>
#include <vector>

#ifndef THREADLINE_VERSION
#define THREADLINE_VERSION "unknown"
#endif

namespace tl {

namespace {

// One trace event to write, in a form cheap to sort.
struct Item {
    enum class Type : std::uint8_t { Span, Instant, FlowStart, FlowEnd, Counter };
    std::int64_t ts = 0;
    LaneId lane = 0;
    // At equal time on one lane: 0 spans, 1 instants (each followed by the flow events on it), 2 other
    // flow events, 3 counters.
    std::uint8_t rank = 0;
    std::uint8_t depth = 0;
    std::uint32_t order = 0; // rank 1: 2 * the instant's event index, + 1 for a flow event on it
    Type type = Type::Span;
    std::uint32_t index = 0; // span or event index in the lane, flow index, or queue index
    std::uint32_t point = 0; // counter: index in the queue's depth series
};

// The instants a flow leaves and lands on, as event indexes in their lanes: a start flow leaves the start
// instant of the thread it starts; an item flow leaves the put of its item and lands on the get of the
// same item. (A join flow, and a start flow's landing on the run span, have no instant.)
struct FlowInstants {
    std::optional<std::uint32_t> from;
    std::optional<std::uint32_t> to;
};

// Calls `found(index)` for each event of `lane` at exactly `ts` that becomes a `kind` instant, until it
// returns true.
template <typename Found> void forInstantsAt(const LaneInfo& lane, std::int64_t ts, EventKind kind, Found found)
{
    auto it = std::lower_bound(lane.events.begin(), lane.events.end(), ts,
                               [](const Event& e, std::int64_t t) { return e.ts < t; });
    for (; it != lane.events.end() && it->ts == ts; ++it) {
        if (it->kind == kind && ChromeTraceEvents::instantName(*it) != nullptr &&
            found(static_cast<std::uint32_t>(it - lane.events.begin())))
            return;
    }
}

// `taken` holds the put instants already given to a flow: two items put and got in the same nanoseconds
// make two flows with the same lanes and times, and each must leave its own put.
FlowInstants flowInstants(const TraceStore& store, const Flow& flow, std::set<std::pair<LaneId, std::uint32_t>>& taken)
{
    FlowInstants at;
    const LaneInfo& from = store.lane(flow.fromLane);
    const LaneInfo& to = store.lane(flow.toLane);
    if (flow.kind == Flow::Kind::Start) {
        forInstantsAt(from, flow.fromTs, EventKind::Start, [&](std::uint32_t i) {
            if (from.events[i].a == flow.toLane)
                at.from = i;
            return at.from.has_value();
        });
    } else if (flow.kind == Flow::Kind::Item) {
        forInstantsAt(from, flow.fromTs, EventKind::PutDone, [&](std::uint32_t put) {
            if (taken.contains({flow.fromLane, put}))
                return false;
            forInstantsAt(to, flow.toTs, EventKind::GetDone, [&](std::uint32_t get) {
                if (from.events[put].a == to.events[get].a && from.events[put].b == to.events[get].b) {
                    at.from = put;
                    at.to = get;
                }
                return at.to.has_value();
            });
            if (at.from)
                taken.insert({flow.fromLane, put});
            return at.from.has_value();
        });
    }
    return at;
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
            ok = writeEvent(m_events.threadName(order[i])) &&
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
            for (std::size_t i = 0; i < info.events.size(); ++i) {
                const auto index = static_cast<std::uint32_t>(i);
                if (ChromeTraceEvents::instantName(info.events[i]) != nullptr)
                    items.push_back({.ts = info.events[i].ts,
                                     .lane = lane,
                                     .rank = 1,
                                     .order = 2 * index,
                                     .type = Item::Type::Instant,
                                     .index = index});
            }
        }
        const auto& flows = m_store.flows();
        std::set<std::pair<LaneId, std::uint32_t>> takenPuts;
        for (std::size_t i = 0; i < flows.size(); ++i) {
            const auto index = static_cast<std::uint32_t>(i);
            const FlowInstants at = flowInstants(m_store, flows[i], takenPuts);
            items.push_back(flowItem(flows[i].fromTs, flows[i].fromLane, at.from, Item::Type::FlowStart, index));
            items.push_back(flowItem(flows[i].toTs, flows[i].toLane, at.to, Item::Type::FlowEnd, index));
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
        std::stable_sort(items.begin(), items.end(), [](const Item& x, const Item& y) {
            return std::tie(x.ts, x.lane, x.rank, x.depth, x.order) < std::tie(y.ts, y.lane, y.rank, y.depth, y.order);
        });
        return items;
    }

    ChromeTraceEvent eventFor(const Item& item) const
    {
        switch (item.type) {
        case Item::Type::Span:
            return m_events.spanEvent(item.lane, m_store.lane(item.lane).spans[item.index]);
        case Item::Type::Instant:
            return m_events.instantEvent(m_store.lane(item.lane).events[item.index]);
        case Item::Type::FlowStart:
        case Item::Type::FlowEnd:
            return m_events.flowEvent(item.index, item.type == Item::Type::FlowStart);
        case Item::Type::Counter:
            return m_events.counterEvent(item.index, item.point);
        }
        return {};
    }

    QJsonObject otherData() const
    {
        const TraceMetadata& meta = m_store.metadata();
        QJsonObject parameters;
        for (const auto& [key, value] : meta.parameters)
            parameters.insert(key, QJsonValue::fromVariant(value));
        return QJsonObject{
            {QStringLiteral("scenario"), meta.scenarioId},
            {QStringLiteral("title"), meta.scenarioTitle},
            {QStringLiteral("parameters"), parameters},
            {QStringLiteral("speed"), meta.isMaxSpeed() ? QJsonValue(QStringLiteral("max")) : QJsonValue(meta.speed)},
            {QStringLiteral("version"), QStringLiteral(THREADLINE_VERSION)},
            {QStringLiteral("dropped_events"), static_cast<qint64>(m_store.droppedEvents())}};
    }

    const TraceStore& m_store;
    const ChromeTraceEvents m_events;
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
