#pragma once

#include "trace/event.h"
#include "trace/stringtable.h"
#include "trace/tracemetadata.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QVariant>

#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <unordered_map>
#include <vector>

namespace tl {

// What a lane is doing during a span. Nested spans sit on top of the run span that contains them.
enum class LaneState : std::uint8_t {
    Running,
    Sleeping,
    BlockedGet,
    BlockedPut,
    Joining,
    QueueJoin,
    ExitWait,
    Accept,
    Recv,
    Send,
    Connect,
    Task,
    Count_
};
QString laneStateName(LaneState state); // the Chrome trace span name: "run", "sleep", "get", ...

inline constexpr std::int64_t kOpenEnd = std::numeric_limits<std::int64_t>::max();

// A state interval of one lane. `end` is kOpenEnd while the state lasts. `depth` 0 is the run span.
struct Span {
    std::int64_t begin = 0;
    std::int64_t end = kOpenEnd;
    LaneState state = LaneState::Running;
    std::uint8_t depth = 0;
    std::uint32_t detail = 0; // join: target lane; get/put/queue.join: queue; task: task id
    bool isOpen() const { return end == kOpenEnd; }
};

struct LaneInfo {
    LaneId id = 0;
    QString name;
    QString target;
    bool daemon = false;
    LaneId parent = 0;
    std::int64_t createdTs = 0;
    std::int64_t firstTs = std::numeric_limits<std::int64_t>::max(); // start (or first) event: the sort key
    std::vector<Event> events;                                       // sorted by ts
    std::vector<Span> spans;                                         // sorted by begin
    std::vector<std::uint32_t> openSpans;                            // indexes into spans still open, innermost last
    std::int64_t endTs = kOpenEnd;                                   // RunEnd, once seen
};

struct QueueInfo {
    std::uint32_t id = 0;
    QString name;
    int maxsize = 0;
    std::vector<std::pair<std::int64_t, std::uint32_t>> depth; // (ts, depth after), sorted by ts
};

// An arrow between two lanes: start -> run begin, put -> the get that took the item, end -> the join.
struct Flow {
    enum class Kind : std::uint8_t { Start, Item, Join } kind;
    LaneId fromLane;
    std::int64_t fromTs;
    LaneId toLane;
    std::int64_t toTs;
};

// The drained events of one run (or of a loaded trace), indexed per lane, with each lane's state spans,
// each queue's depth series and the flows between lanes. It grows while a run is live: append() takes
// each drained batch.
//
// Invariants: every lane's events are sorted by ts; its spans are derived from them alone (see
// SpanBuilder), sorted by begin and properly nested; lanes are ids 0..n-1, MainThread is lane 0.
//
// Thread affinity: the one thread that drains the channel owns it (GUI thread or headless recorder).
class TraceStore {
public:
    explicit TraceStore(std::shared_ptr<const StringTable> strings);

    void append(std::span<const Event> batch);
    void setDroppedEvents(std::uint64_t dropped) { m_dropped = dropped; }
    void setMetadata(TraceMetadata metadata) { m_metadata = std::move(metadata); }

    const TraceMetadata& metadata() const { return m_metadata; }
    const StringTable& strings() const { return *m_strings; }
    QString text(StringId id) const { return m_strings->text(id); }
    std::uint64_t droppedEvents() const { return m_dropped; }
    std::uint64_t eventCount() const { return m_eventCount; }
    std::int64_t endTs() const { return m_endTs; } // latest timestamp seen

    std::size_t laneCount() const { return m_lanes.size(); }
    const LaneInfo& lane(LaneId id) const { return m_lanes[id]; }
    // Lane ids in display order: MainThread first, then by start (or first event) time.
    std::vector<LaneId> laneOrder() const;
    const std::vector<QueueInfo>& queues() const { return m_queues; }
    const QueueInfo* queue(std::uint32_t id) const;
    const std::vector<Flow>& flows() const { return m_flows; }
    // Every event of every lane, sorted by (ts, lane): for exports and the event list.
    std::vector<Event> allEventsSorted() const;

private:
    LaneInfo& laneFor(LaneId id);
    QueueInfo& queueFor(std::uint32_t id);
    void index(const Event& e);
    void linkFlows(const Event& e);
    void addFlow(Flow::Kind kind, LaneId fromLane, std::int64_t fromTs, LaneId toLane, std::int64_t toTs);

    std::shared_ptr<const StringTable> m_strings;
    TraceMetadata m_metadata;
    std::vector<LaneInfo> m_lanes;
    std::vector<QueueInfo> m_queues;
    std::vector<Flow> m_flows;
    std::uint64_t m_eventCount = 0;
    std::uint64_t m_dropped = 0;
    std::int64_t m_endTs = 0;

    // Flow ends seen before their other end arrived (events of different lanes come from different
    // producers, so either end may be drained first).
    struct Endpoint {
        LaneId lane;
        std::int64_t ts;
    };
    std::unordered_map<std::uint64_t, Endpoint> m_pendingFrom;
    std::unordered_map<std::uint64_t, Endpoint> m_pendingTo;
    std::unordered_map<LaneId, std::vector<Endpoint>> m_pendingJoins; // joins of lanes not yet ended
};

// Extends a lane's spans by one event (events must come in ts order).
void feedSpan(LaneInfo& lane, const Event& e);
// Rebuilds a lane's spans from its sorted events.
void rebuildSpans(LaneInfo& lane);

} // namespace tl
