#pragma once

#include "import/chrometracereader.h"
#include "import/flowresolver.h"
#include "import/importedtrace.h"
#include "import/importissues.h"
#include "import/pendingitems.h"
#include "import/rawtraceevent.h"
#include "import/threadlinevocabulary.h"

#include <QHash>

#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tl::import {

// Turns the events of a Chrome trace, as the reader hands them over, into TraceStore events.
//
// A Threadline export (its first event is our process_name "threadline: ...", pid 1) maps back through
// the schema (ThreadlineVocabulary): lane = tid - 1, instants to their kinds, spans to the kinds that
// open and close their state, counters to the queues they count, names to ThreadName events; its flows
// are kept to be checked against the ones the store derives. Anything else is another tool's trace:
// each (pid, tid) a lane in its process's group, named by thread_name (or "thread <tid>"); X and B/E
// slices keep their names (SliceBegin/SliceEnd), instants become Marks, C args CounterValues named as
// Perfetto names them ("name key"), and flows (v1 s/t/f and v2 bind_id) FlowOut/FlowIn pairs; its times
// are moved so that its first event is at 0, as the timeline starts at 0. An event that cannot be read
// (no phase, no ts, an E with no B, an unsupported phase) is skipped and counted in the warnings.
//
// Everything is kept until finish(), which orders each lane (LaneSequencer): a file may list complete
// events in the order they ended (as VizTracer does), and the store needs each lane's in time order.
//
// Thread affinity: one thread (the loader's).
class TraceAssembler : public RawEventSink {
public:
    explicit TraceAssembler(std::shared_ptr<StringTable> strings);

    bool event(const RawTraceEvent& e) override;
    // Why the file read cannot be a Threadline export after all, or nothing: its tids run far past what its
    // events could name (an export writes two metadata events per thread, its tids 1 to n). Such a file made a
    // million lanes of a 3 KB trace, then gigabytes of pictures; it is refused before any lane is made.
    std::optional<QString> implausibleLanes(const ReadOutcome& outcome) const;
    ImportedTrace finish(const ReadOutcome& outcome);

private:
    // The largest tid a Threadline export can have: lanes are dense, and a larger one would allocate lanes
    // for nothing.
    static constexpr std::uint32_t kMaxOwnTid = 1u << 20;

    struct LaneRecord {
        QString name;
        bool named = false;
        bool daemon = false;
        std::uint32_t sortIndex = kNoValue;
        std::uint32_t group = kNoValue;
        QString tidText;
        // Our own export's thread_name args of the lane's ThreadCreated (ChromeTraceEvents::threadName): `created`
        // holds its ts, lane and line, with a its creator (a lane), b its name and c its function.
        std::optional<Event> created;
    };
    struct GroupRecord {
        std::uint32_t id = 0;
        QString name;
        std::uint32_t sortIndex = kNoValue;
        LaneId firstLane = kNoValue;
    };
    struct QueueRecord {
        std::uint32_t id = 0;
        QString uniqueName;
        std::int64_t firstTs = 0;
        std::uint32_t maxsize = 0; // otherData.queues; 0: unbounded (or not said, as before it was written)
        LaneId lane = 0;           // otherData.queues: the lane and line that created it (before: lane 0, none)
        std::uint16_t line = 0;
        StringId file = 0;
    };
    struct OwnFlowEnd {
        QString name;
        LaneId lane = 0;
        std::int64_t ts = 0;
    };

    std::optional<LaneId> laneOf(const RawTraceEvent& e);
    std::uint32_t groupOf(const RawTraceEvent::Field& pid);
    StringId intern(const std::string& text);
    StringId seriesOf(const std::string& name, const RawTraceEvent::Field& pid);
    void metadataEvent(const RawTraceEvent& e, LaneId lane);
    // The ThreadCreated our own export's thread_name args describe, if they do (none before they were written).
    std::optional<Event> threadCreated(const RawTraceEvent& e, LaneId lane);
    // Our own export of another tool's trace of several processes: the process its thread_name says (process_id,
    // process, process_sort_index), kept as a group; kNoValue when it says none.
    std::uint32_t ownProcess(const RawTraceEvent& e, LaneId lane);
    // An otherData entry's "line" and "file" (as ChromeTraceEvents::insertSource writes them) into `line` and
    // `file`; a value of the wrong type is left out.
    void readSource(const QJsonObject& entry, std::uint16_t& line, StringId& file);
    void processMetadata(const RawTraceEvent& e);
    void spanEvent(const RawTraceEvent& e, LaneId lane, std::int64_t ts, char ph);
    void endEvent(const RawTraceEvent& e, LaneId lane, std::int64_t ts);
    // The words of a span's close that its args give as "end_<key>" (ChromeTraceEvents::insertClosingFields), put
    // in `close`; returns them as bits (PendingSpan::closeOwnWords).
    static std::uint8_t closeOwnWords(const RawTraceEvent& e, Event& close);
    void instantEvent(const RawTraceEvent& e, LaneId lane, std::int64_t ts);
    // A put's or get's "value" arg: the ItemValue that gives the store its item's words, ahead of the event.
    void itemValue(const RawTraceEvent& e, const Event& ev);
    void counterEvent(const RawTraceEvent& e, LaneId lane, std::int64_t ts);
    void flowEvent(const RawTraceEvent& e, LaneId lane, std::int64_t ts, char ph);
    void v2Flow(const RawTraceEvent& e, LaneId lane, std::int64_t ts, StringId name);
    void skip(const RawTraceEvent& e, const QString& kind, const QString& why);
    bool isOwn(const RawTraceEvent& e) const;
    // A slice's or mark's category: its "cat", or in Threadline's export (whose cat is its own) the arg "cat".
    StringId foreignCategory(const RawTraceEvent& e);
    static bool isOwnFlowName(std::string_view name);

    void resolveOwnWords(Event& e);
    void addNamesAndQueues(std::vector<PendingPoint>& points);
    TraceMetadata ownMetadata(const QJsonObject& other, std::uint64_t& dropped);
    void addPrimitives(const QJsonObject& other, std::vector<PendingPoint>& points);
    void readQueueSizes(const QJsonObject& other);
    // Moves each event's file, which fillWords left in its seq, to out.files, once the events are in their order.
    static void takeFiles(ImportedTrace& out);

    std::shared_ptr<StringTable> m_strings;
    ThreadlineVocabulary m_vocabulary;
    bool m_decided = false;
    bool m_own = false;
    bool m_sawAnchors = false; // an "end" or "joined" instant: a join span with none timed out
    std::int64_t m_latestTs = std::numeric_limits<std::int64_t>::min(); // of the events read (a cut file's cut)
    std::vector<LaneRecord> m_lanes;
    QHash<QString, LaneId> m_firstLaneNamed; // resolveOwnWords' index, built at its first use
    std::unordered_map<std::string, LaneId> m_laneByKey;
    RawTraceEvent::Field m_lastPid; // the (pid, tid) of the last lane looked up, and that lane
    RawTraceEvent::Field m_lastTid;
    LaneId m_lastLane = kNoValue;
    std::vector<GroupRecord> m_groups;
    std::unordered_map<std::string, std::uint32_t> m_groupByPid;
    std::unordered_map<StringId, std::uint32_t> m_counterGroups; // a counter's name -> the group it is first of
    std::vector<QueueRecord> m_queues;
    std::vector<PendingSpan> m_spans;
    std::vector<PendingPoint> m_points;
    std::vector<std::vector<std::uint32_t>> m_openB; // per lane: B events not yet ended, innermost last
    FlowResolver m_flows;
    std::unordered_map<std::string, std::uint32_t> m_chains;
    QHash<qint64, OwnFlowEnd> m_ownFlowStarts;
    QHash<qint64, OwnFlowEnd> m_ownFlowEnds;
    std::unordered_map<std::string, StringId> m_interned; // a cache before the locked StringTable
    ImportIssues m_issues;
};

} // namespace tl::import
