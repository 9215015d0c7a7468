#pragma once

#include "trace/tracestore.h"

#include <QByteArray>
#include <QJsonObject>
#include <QSet>
#include <QString>

#include <cstdint>
#include <optional>

namespace tl {

// One event of a Chrome trace: its JSON fields, and its times kept as integer nanoseconds until
// toJson() writes them, so that no time ever passes through a double.
struct ChromeTraceEvent {
    QJsonObject fields; // everything but ts and dur
    std::int64_t ts = 0;
    std::optional<std::int64_t> dur; // X spans only

    // One compact JSON object, "ts" (and "dur") first, in ChromeTraceEvents::microseconds.
    QByteArray toJson() const;
};

// What each event of a Chrome trace says: the M metadata (process name, thread names and sort order), X
// spans, i instants, s/f flows and C queue-depth counters, each with its args (from the event schema's
// fields, names as the store gives them) and times in exact nanoseconds. ChromeTraceExporter decides which events there
// are and in which order (see its class comment for the contract); this class only builds one event at a time.
//
// Thread affinity: the store's owner thread; the store must not change while it is in use.
struct EventField;

// The name of the instant `e` of `store` is written as, or nullptr: the schema's (instantName), and for a run of
// Threadline's each rename of a thread since its creation (`t.name = "b"`), "thread.name", so that the file read back
// has every name at its moment. Another tool's thread names are its thread_name records.
const char* exportedInstantName(const TraceStore& store, const Event& e);

class ChromeTraceEvents {
public:
    explicit ChromeTraceEvents(const TraceStore& store);

    // `ns` as decimal microseconds with exactly three decimals ("1234.567", "2000.000", "-0.001"), from
    // integer arithmetic: a viewer that reads it as llround(value * 1000) gets `ns` back exactly.
    static QByteArray microseconds(std::int64_t ns);
    // The tid a lane is written as: lane + 1, as the importer reads it back.
    static int tidOf(LaneId lane);

    ChromeTraceEvent processName() const;
    // `created`: the lane's ThreadCreated (kNoEvent: none), which no instant shows: its time, creator, function, line
    // and file go in the args ("created", "created_by", "function", "line", "file"; "created_name" and
    // "created_daemon" where they are not the lane's), so that the file opened again has it.
    ChromeTraceEvent threadName(LaneId lane, EventId created = kNoEvent) const;
    ChromeTraceEvent threadSortIndex(LaneId lane, int index) const;
    ChromeTraceEvent spanEvent(LaneId lane, const Span& span) const;
    // Only for an event with an exportedInstantName().
    ChromeTraceEvent instantEvent(EventId id) const;
    // The start (s, on the source lane) or the end (f, on the target lane) of flows()[index], as flow `id`.
    ChromeTraceEvent flowEvent(std::uint32_t index, bool start, std::uint32_t id) const;
    // Point `point` of the depth series of queues()[queueIndex].
    ChromeTraceEvent counterEvent(std::uint32_t queueIndex, std::uint32_t point) const;
    // Point `point` of the value series of semaphores()[semaphoreIndex]: "<name> value", its id, {value}.
    ChromeTraceEvent semaphoreEvent(std::uint32_t semaphoreIndex, std::uint32_t point) const;
    // Point `point` of counters()[seriesIndex], a counter of an opened file: {name: {value}}.
    ChromeTraceEvent seriesEvent(std::uint32_t seriesIndex, std::uint32_t point) const;

    // The event's "line", and its "file" when that is not the program's (TraceStore::fileOf).
    void insertSource(QJsonObject& args, EventId id) const;

private:
    static ChromeTraceEvent base(const char* ph, const QString& name, LaneId lane, std::int64_t ts);
    // A field as an arg; a thread named by a name another thread has too is also named by its tid ("target_tid"):
    // read back by its name alone, two threads both "worker" were one (the first), and the arrows with them.
    void insertField(QJsonObject& args, const EventField& field) const;
    // The words of a closing event that no instant shows (a socket call's bytes, a timed-out barrier wait's index),
    // where its opening has no word of that role: read back, the close is rebuilt from the span alone.
    void insertClosingFields(QJsonObject& args, const Event& opening, const Event& closing) const;
    // A slice or mark of another tool (id; kNoEvent for any other event) says so (`key`: true) and keeps its own
    // category ("cat"): read back, its name is its own, not Threadline's (a slice named "join" is no join).
    void insertForeign(QJsonObject& args, EventId id, const char* key) const;

    const TraceStore& m_store;
    QSet<QString> m_sharedLaneNames; // names more than one lane has
};

} // namespace tl
