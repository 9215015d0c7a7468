#pragma once

#include "import/rawtraceevent.h"
#include "trace/event.h"
#include "trace/lanestate.h"
#include "trace/stringtable.h"

#include <QString>

#include <optional>
#include <string_view>

namespace tl::import {

// Threadline's own export read back through the schema table (trace/eventschema.h): an instant's name
// gives its EventKind (the schema's instant names), a span's name its LaneState (laneStateName) and so
// the kinds that open and close it, and the args give back the words the exporter wrote from them, by the
// schema's keys and roles. Words that name a lane or a queue are read as the name's StringId; the
// assembler turns them into ids once every name is known (TraceAssembler::finish).
//
// Thread affinity: any thread; immutable after construction.
class ThreadlineVocabulary {
public:
    ThreadlineVocabulary();

    std::optional<EventKind> instantKind(std::string_view name) const;
    // The state of a span named `name`, with "send" + args.op "connect" read as Connect (the exporter's
    // spelling of a connect); nullopt for a name that is no state.
    std::optional<LaneState> spanState(std::string_view name, const RawTraceEvent& e) const;
    // The kinds that open and close a span of `state` (for the socket states, SocketBegin and SocketEnd).
    EventKind openKind(LaneState state) const;
    EventKind closeKind(LaneState state) const;
    // The flags a socket span's events carry for `state` (its SocketOp); 0 for the other states.
    static std::uint8_t socketFlags(LaneState state);

    // Fills e.a, e.b, e.c and e.line from `raw`'s args, by the schema of e.kind; a word whose arg is
    // absent keeps the value the exporter leaves out (0, or kNoValue for a timeout). A line's "file" (the
    // exporter writes it for a line that is not the program's) goes in e.seq, unused until the assembler has put
    // the events in their final order and takes it out (TraceAssembler::takeFiles). Returns the keys it could not
    // read (an arg of the wrong type), empty if none.
    //
    // A thread is named by its name's StringId, resolved once every lane is known; one named by its tid too
    // ("target_tid": a name two threads share) is that tid's lane at once, marked kLaneByTid.
    QString fillWords(Event& e, const RawTraceEvent& raw, StringTable& strings) const;
    static constexpr std::uint32_t kLaneByTid = 0x80000000u; // far above any StringId and any lane of an export

private:
    std::array<EventKind, static_cast<std::size_t>(LaneState::Count_)> m_open{};
    std::array<EventKind, static_cast<std::size_t>(LaneState::Count_)> m_close{};
};

} // namespace tl::import
