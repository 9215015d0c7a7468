#pragma once

#include "pysource/streamhello.h"
#include "trace/event.h"

#include <QByteArray>
#include <QString>

#include <array>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace tl {

class StringTable;

// Turns the tracer's byte stream (pysource/wireprotocol.h) into Threadline events, chunk by chunk, as
// they arrive. A pure parser: bytes in; events, strings, the hello and the end record out; no I/O.
//
// It never trusts the stream: every length is checked before it is read, every string and kind a record
// names must have been defined, and lane and queue ids may run ahead of their creation events only by a
// bounded slack, so a hostile stream cannot make the store allocate without end. The first violation
// stops it: error() names what was wrong and errorOffset() the stream byte where the bad record began;
// what was parsed before stays valid.
//
// Events come out with scenario timestamps ((ts - clock zero) x speed, saturated at 0), string ids of
// `strings`, and per-lane sequence numbers; each event's file (the user file it happened in) in a
// parallel vector.
//
// Thread affinity: one thread at a time (PythonSource's reader thread). `strings` may be shared.
class StreamParser {
public:
    explicit StreamParser(StringTable& strings);

    // Parses what `bytes` completes. Appends events to `events` and their files to `files`. Returns
    // false once the stream is malformed (then and afterwards nothing more is parsed).
    bool feed(const char* data, std::size_t size, std::vector<Event>& events, std::vector<StringId>& files);
    // The stream has ended: false if it stopped inside a record (error() says so), or was malformed.
    bool finish();

    bool failed() const { return !m_error.isEmpty(); }
    const QString& error() const { return m_error; }
    std::uint64_t errorOffset() const { return m_errorOffset; }

    bool hasHello() const { return m_hello.has_value(); }
    const StreamHello& hello() const { return *m_hello; }
    bool hasEnd() const { return m_endSeen; }
    std::uint64_t endEventCount() const { return m_endCount; }
    std::uint64_t eventsAfterExit() const { return m_afterExit; }
    const QString& endReason() const { return m_endReason; }

    std::uint64_t bytesParsed() const { return m_offset; }
    std::uint64_t eventsParsed() const { return m_eventsParsed; }
    // Events of kinds this Threadline does not know (a newer tracer's), left out.
    std::uint64_t eventsSkipped() const { return m_eventsSkipped; }
    std::uint64_t recordsSkipped() const { return m_recordsSkipped; }

    // Scenario nanoseconds of a CLOCK_MONOTONIC reading, by the hello's zero and speed (0 before it).
    std::int64_t toScenarioNs(std::int64_t monotonicNs) const;

    // How far lane and queue ids may run ahead of the creation events seen (events of different
    // threads reach the stream in any order).
    static constexpr std::uint32_t kIdSlack = 4096;

private:
    bool parseHeader();
    bool parseRecord(std::uint8_t type, const char* payload, std::uint32_t length, std::vector<Event>& events,
                     std::vector<StringId>& files);
    bool parseHello(const char* p, std::uint32_t length);
    bool parseKind(const char* p, std::uint32_t length);
    bool parseString(const char* p, std::uint32_t length);
    bool parseEvents(const char* p, std::uint32_t length, std::vector<Event>& events, std::vector<StringId>& files);
    bool parseEnd(const char* p, std::uint32_t length);
    bool fail(const QString& message);
    std::optional<StringId> string(std::uint32_t wireId) const;
    bool mapStrings(Event& e, std::uint32_t eventOffset);
    bool checkIds(const Event& e, std::uint32_t eventOffset);

    StringTable& m_strings;
    QByteArray m_pending;         // bytes of a record not complete yet
    std::uint64_t m_offset = 0;   // stream offset of m_pending's first byte
    std::uint64_t m_recordAt = 0; // stream offset of the record being parsed
    bool m_headerSeen = false;
    std::optional<StreamHello> m_hello;
    struct KindEntry {
        bool defined = false;
        std::optional<EventKind> kind;
    };
    std::array<KindEntry, 256> m_kinds{};
    std::unordered_map<std::uint32_t, StringId> m_stringIds;
    std::vector<std::uint32_t> m_laneSeq; // next sequence number per lane
    std::vector<bool> m_laneCreated;      // a thread-created event was seen for the lane
    std::uint32_t m_lanesCreated = 0;
    std::uint32_t m_queuesCreated = 0;
    bool m_endSeen = false;
    std::uint64_t m_endCount = 0;
    std::uint64_t m_afterExit = 0;
    QString m_endReason;
    std::uint64_t m_eventsParsed = 0;
    std::uint64_t m_eventsSkipped = 0;
    std::uint64_t m_recordsSkipped = 0;
    QString m_error;
    std::uint64_t m_errorOffset = 0;
};

} // namespace tl
