#include "chrometraceexporter.h"

#include "chrometraceevents.h"
#include "outputfile.h"

#include <QBuffer>
#include <QIODevice>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
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
    std::uint8_t rank = 0; // at equal time on one lane: 0 spans, 1 instants, 2 flows, 3 counters
    std::uint8_t depth = 0;
    Type type = Type::Span;
    std::uint32_t index = 0; // span or event index in the lane, flow index, or queue index
    std::uint32_t point = 0; // counter: index in the queue's depth series
};

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
                items.push_back({info.spans[i].begin, lane, 0, info.spans[i].depth, Item::Type::Span,
                                 static_cast<std::uint32_t>(i), 0});
            for (std::size_t i = 0; i < info.events.size(); ++i) {
                if (ChromeTraceEvents::instantName(info.events[i]) != nullptr)
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
        return QJsonObject{{QStringLiteral("scenario"), meta.scenarioId},
                           {QStringLiteral("title"), meta.scenarioTitle},
                           {QStringLiteral("parameters"), parameters},
                           {QStringLiteral("speed"), meta.speed},
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
