#pragma once

#include "trace/event.h"
#include "trace/eventtable.h"
#include "trace/flowlinker.h"
#include "trace/lanestate.h"
#include "trace/lockholds.h"
#include "trace/semaphorevalues.h"
#include "trace/stringtable.h"
#include "trace/syncnames.h"
#include "trace/tracemetadata.h"

#include <QHash>
#include <QString>

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

namespace tl {

inline constexpr std::int64_t kOpenEnd = std::numeric_limits<std::int64_t>::max();

inline constexpr std::uint8_t kMaxSpanDepth = 255; // Span::depth's cap: deeper spans share it

// A state interval of one lane. `end` is kOpenEnd while the state lasts. `depth` 0 is the run span.
struct Span {
    std::int64_t begin = 0;
    std::int64_t end = kOpenEnd;
    LaneState state = LaneState::Running;
    std::uint8_t depth = 0;     // how many spans it nests in, kMaxSpanDepth for that many or more
    std::uint32_t detail = 0;   // the opening event's first word: join target, queue, task id, connection,
                                // or a Slice's name (a StringId)
    EventId opening = kNoEvent; // the event that opened it: a span's identity
    EventId closing = kNoEvent; // the event that closed it, once closed
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
    LaneEvents events;                                               // sorted by (ts, id)
    std::vector<Span> spans;                                         // sorted by begin
    std::vector<std::uint32_t> openSpans;                            // indexes into spans still open, innermost last
    std::int64_t endTs = kOpenEnd;                                   // RunEnd, once seen
    EventId endEvent = kNoEvent;                                     // the RunEnd
    std::uint32_t group = kNoValue;     // the lane group (process) an opened file puts it in (ThreadName)
    std::uint32_t sortIndex = kNoValue; // the position the file asks for (ThreadName), before firstTs
    // When a ThreadName last named it: the latest name wins, and a ThreadCreated, which comes before any rename but
    // may arrive after it (another thread's buffer), names it only if none has.
    std::optional<std::int64_t> renamedTs;
    // The outermost and innermost depths of its slices of another tool (LaneState::Slice), while it has any:
    // nested slices are drawn a row per depth, as a flame chart.
    std::uint8_t firstSliceDepth = kNoSliceDepth;
    std::uint8_t lastSliceDepth = 0;
    static constexpr std::uint8_t kNoSliceDepth = 255;
    // How many depths its slices span: 0 with none, 1 when none nests in another.
    int sliceLevels() const { return firstSliceDepth > lastSliceDepth ? 0 : lastSliceDepth - firstSliceDepth + 1; }
    // Its events that its own row draws: all but its names and counter samples. A file's counter with a pid and no
    // tid sits on a lane of that pid that may hold nothing else (Chrome and Perfetto draw no track for it).
    std::uint32_t drawnEvents = 0;
    bool drawsAnything() const { return drawnEvents > 0; }
};

// A group of lanes: a process of an opened trace file (GroupName). Engine and Python runs have none.
struct GroupInfo {
    std::uint32_t id = 0; // the process id in the file
    QString name;
    std::uint32_t sortIndex = kNoValue;
};

// The samples of one counter of an opened trace file (CounterValue events), sorted by ts.
struct CounterSeries {
    StringId name = 0;
    std::vector<std::pair<std::int64_t, double>> points;
    double min = 0;
    double max = 0;
};

struct QueueInfo {
    std::uint32_t id = 0;
    QString name;       // as created ("queue", "jobs")
    QString uniqueName; // as shown and exported: the second "queue" of a run is "queue#2"
    int maxsize = 0;
    std::vector<std::pair<std::int64_t, std::uint32_t>> depth; // (ts, depth after), sorted by ts
    std::uint32_t maxDepth = 0;                                // the largest depth in the series
};

// What one append() changed, so that views redo exactly that and nothing else.
struct StoreChange {
    EventId firstEvent = 0; // the batch's events are ids [firstEvent, endEvent), in arrival order
    EventId endEvent = 0;
    std::vector<LaneId> lanes;        // lanes that got events, ascending
    std::vector<LaneId> rebuiltLanes; // of those, lanes that got an event before their last one: their
                                      // spans were rebuilt and positions in their vectors moved
    std::int64_t from = std::numeric_limits<std::int64_t>::max(); // the batch's earliest and latest ts
    std::int64_t to = std::numeric_limits<std::int64_t>::min();
    bool laneInfoChanged = false;   // a lane appeared, or its name, daemon flag, start time or slice depths changed
    bool queueInfoChanged = false;  // a queue appeared, or its name or maxsize arrived
    bool depthsChanged = false;     // a queue's depth series grew
    bool countersChanged = false;   // a counter series appeared or grew
    bool semaphoresChanged = false; // a semaphore appeared, or its value series changed
    bool locksChanged = false;      // a lock appeared, or who holds it changed
    std::uint32_t firstFlow = 0;    // flows [firstFlow, flows().size()) are new
    bool isEmpty() const { return endEvent == firstEvent; }
};

// The events of one run (or of a loaded trace): each once, in arrival order, with its EventId; indexed
// per lane, with each lane's state spans, each queue's depth series, the flows between events, and the
// names everything is shown by. It grows while a run is live: append() takes each drained batch and says
// what changed.
//
// Invariants: event ids are dense and never change; a lane's events are sorted by (ts, id); its spans are
// derived from them alone (the schema's span effects), sorted by begin and properly nested, each naming
// the event that opened it; lanes are ids 0..n-1, MainThread is lane 0; every flow joins two events of
// the store.
//
// Thread affinity: the one thread that drains the source (GUI thread or headless recorder).
class TraceStore {
public:
    explicit TraceStore(std::shared_ptr<const StringTable> strings);

    // files: the batch's events whose line is in another file than the program's (TraceSource::lastDrainFiles).
    StoreChange append(std::span<const Event> batch, std::span<const EventFile> files = {});
    void setDroppedEvents(std::uint64_t dropped) { m_dropped = dropped; }
    void setMetadata(TraceMetadata metadata) { m_metadata = std::move(metadata); }

    const TraceMetadata& metadata() const { return m_metadata; }
    const StringTable& strings() const { return *m_strings; }
    QString text(StringId id) const { return m_strings->text(id); }
    std::uint64_t droppedEvents() const { return m_dropped; }
    std::uint64_t eventCount() const { return m_events.size(); }
    std::int64_t endTs() const { return m_endTs; } // latest timestamp seen

    // Events by identity. The reference stays valid for the store's life.
    const Event& event(EventId id) const { return m_events[id]; }
    bool contains(EventId id) const { return id < m_events.size(); }
    // A lane's events, sorted by (ts, id).
    EventView laneEvents(LaneId lane) const { return m_lanes[lane].events.view(); }
    EventView laneEvents(const LaneInfo& lane) const { return lane.events.view(); }
    // Every event sorted by (ts, lane, id): for exports and the finished event list. Built on first use
    // after an append.
    EventView eventsByTime() const;
    // The position of `id` in its lane's events, or -1.
    std::ptrdiff_t indexInLane(EventId id) const;
    // The file an event's line is in when it is not the program's (an imported module's), a string id; 0 for an
    // event of the program's own lines, or with none.
    StringId fileOf(EventId id) const;
    // The span `opening` opened on `lane`, or nullptr.
    const Span* spanOpenedBy(LaneId lane, EventId opening) const;

    std::size_t laneCount() const { return m_lanes.size(); }
    const LaneInfo& lane(LaneId id) const { return m_lanes[id]; }
    // Lane ids in display order: by group (its sort index, then id) when lanes have groups; in a group, by
    // the sort index a file asked for, then MainThread first, then by start (or first event) time.
    std::vector<LaneId> laneOrder() const;
    const std::vector<GroupInfo>& groups() const { return m_groups; }
    const GroupInfo* group(std::uint32_t id) const;
    const std::vector<CounterSeries>& counters() const { return m_counters; }
    const std::vector<QueueInfo>& queues() const { return m_queues; }
    const QueueInfo* queue(std::uint32_t id) const;
    const std::vector<Flow>& flows() const { return m_flows.flows(); }
    // The flows leaving or reaching `id`, as indexes into flows().
    std::vector<std::uint32_t> flowsOf(EventId id) const { return m_flows.flowsOf(id); }

    // Names as every view and export shows them.
    QString laneName(LaneId id) const;            // the thread's name; "lane-N" if its creation is unknown
    // Its name as it was at `ts`: a thread renamed later still had its first name then (before it was created, the
    // first name it had).
    QString laneNameAt(LaneId id, std::int64_t ts) const;
    // In a trace of several processes (groups), a thread's name after its process's ("web / thread 1"): each process
    // may have a thread of that name, or tid. With one process or none, `name` as it is.
    QString inProcess(LaneId id, const QString& name) const;
    QString queueName(std::uint32_t id) const;    // unique in the run; "queue@N" if unknown
    QString taskName(std::uint32_t taskId) const; // a pool task's name, empty if unknown
    // What item `item` of queue `queue` is, in words (its short repr, "42"); empty if no ItemValue said.
    QString itemValue(std::uint32_t queue, std::uint32_t item) const;
    // A lock's, condition's, semaphore's, event's or barrier's name, unique in the run; "primitive@N" if unknown.
    QString syncName(std::uint32_t id) const { return m_syncs.name(id); }
    const SyncNames& syncs() const { return m_syncs; }
    // Each semaphore's value over time, in the order they were created.
    const std::vector<SemaphoreInfo>& semaphores() const { return m_semaphoreValues.all(); }
    // Who holds each Lock and RLock over time, in the order they were created.
    const std::vector<LockHoldsInfo>& locks() const { return m_lockHolds.all(); }
    // The marks that reach past their own thread (MarkScope Process or Global), by time.
    const std::vector<EventId>& wideMarks() const { return m_wideMarks; }

private:
    LaneInfo& laneFor(LaneId id);
    QueueInfo& queueFor(std::uint32_t id);
    GroupInfo& groupFor(std::uint32_t id);
    void addCounterValue(const Event& e);
    void index(const Event& e, EventId id, StoreChange& change);
    void placeInLane(LaneInfo& lane, EventId id, StoreChange& change);
    // The string id of the name an event gives its thread: a creation's (b) or a rename's (a); none for another.
    static std::optional<std::uint32_t> nameGivenBy(const Event& e);
    static QString unnamedLaneName(LaneId id); // what a thread whose name is unknown or empty is called

    std::shared_ptr<const StringTable> m_strings;
    TraceMetadata m_metadata;
    EventTable m_events;
    std::vector<LaneInfo> m_lanes;
    std::vector<QueueInfo> m_queues;
    std::unordered_map<std::uint32_t, std::size_t> m_queueIndex; // queue id -> index in m_queues
    QHash<QString, int> m_queueNameUses;                         // for the "#2" suffixes
    std::unordered_map<std::uint32_t, StringId> m_taskNames;
    static std::uint64_t itemKey(std::uint32_t queue, std::uint32_t item) { return std::uint64_t{queue} << 32 | item; }
    struct ItemWords {
        std::uint32_t word = 0; // a StringId, or the item itself when `number`
        bool number = false;
    };
    std::unordered_map<std::uint64_t, ItemWords> m_itemValues; // itemValue(), by itemKey()
    std::unordered_map<EventId, StringId> m_eventFiles; // fileOf(): the few events of other files than the program's
    SyncNames m_syncs;
    SemaphoreValues m_semaphoreValues;
    LockHolds m_lockHolds;
    std::vector<GroupInfo> m_groups;
    std::vector<CounterSeries> m_counters;
    std::vector<EventId> m_wideMarks;
    std::unordered_map<StringId, std::size_t> m_counterIndex; // series name -> index in m_counters
    FlowLinker m_flows;
    std::uint64_t m_dropped = 0;
    std::int64_t m_endTs = 0;
    mutable std::vector<EventId> m_byTime; // eventsByTime(), for m_byTimeCount events
    mutable std::size_t m_byTimeCount = 0;
};

// The time of `span` (an element of lane.spans) that no span nested directly in it covers, up to `openEnd` for one
// still open: for a thread's run span, the time it was running, the bands drawn between its other states.
std::int64_t uncoveredTime(const LaneInfo& lane, const Span& span, std::int64_t openEnd);

// A lane's spans from its events (which must be in ts order), one event at a time, as the store derives
// them; rebuildSpans() starts over. feedSpan() says whether the lane's slices now span more depths.
bool feedSpan(LaneInfo& lane, const Event& e, EventId id);
void rebuildSpans(LaneInfo& lane, const EventTable& events);

} // namespace tl
