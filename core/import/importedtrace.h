#pragma once

#include "trace/event.h"
#include "trace/stringtable.h"
#include "trace/tracemetadata.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <vector>

namespace tl::import {

// A flow of Threadline's own export as its file states it: the store derives its flows from the events
// (FlowLinker), and the loader checks that they are these (checkThreadlineFlows), so that a flow the
// events cannot explain is reported, not invented.
struct ExpectedFlow {
    QString name; // "start", "item", "join"
    LaneId fromLane = 0;
    std::int64_t fromTs = 0;
    LaneId toLane = 0;
    std::int64_t toTs = 0;
    friend bool operator==(const ExpectedFlow&, const ExpectedFlow&) = default;
};

// A trace file read whole into store events: in the order a TraceStore takes them (by time; each lane's
// spans opening and closing as in the file), with the strings they name, the file's metadata and what
// could not be read as it stood.
struct ImportedTrace {
    std::vector<Event> events;
    std::shared_ptr<StringTable> strings;
    TraceMetadata metadata;
    std::uint64_t droppedEvents = 0; // Threadline's otherData.dropped_events
    QStringList warnings;            // one line per kind of problem; the truncation first
    bool threadline = false;         // the file is a Threadline export (its events map to EventKinds)
    bool truncated = false;
    std::vector<ExpectedFlow> flows; // Threadline exports only
    std::vector<EventFile> files;    // the events whose line is in another file than the program's, ascending
};

} // namespace tl::import
