#pragma once

#include "import/rawtraceevent.h"
#include "import/traceinput.h"

#include <QJsonObject>
#include <QString>

#include <cstdint>

namespace tl::import {

// What reading a file found, besides the events handed to the sink.
struct ReadOutcome {
    enum class Form : std::uint8_t { Unknown, Object, Array };
    Form form = Form::Unknown;
    bool ok = false;          // read to the end, or to a truncation (then `truncated`)
    bool truncated = false;   // the text ends before the trace is closed (a crashed writer): kept so far
    bool cancelled = false;   // stopped by the input's cancel flag
    QString error;            // when !ok: what is wrong and where (byte offset, event index)
    QString truncation;       // when truncated: where the text ended
    std::uint64_t events = 0; // elements of traceEvents read whole
    std::uint64_t notObjects = 0;
    QJsonObject otherData; // the object form's otherData (small: Threadline's metadata)
    QString displayTimeUnit;
};

// Reads Chrome Trace Event JSON as a stream with RapidJSON's SAX reader: the object form
// {"traceEvents": [...], "otherData": {...}, ...} or the bare array form [...], each element of
// traceEvents handed to a sink as it ends, so memory does not grow with the file (only otherData, which
// is small, is kept as a tree). Iterative parsing, so deeply nested input cannot exhaust the stack.
//
// Thread affinity: one call at a time; the sink is called on the calling thread.
class ChromeTraceReader {
public:
    static ReadOutcome read(TraceInput& input, RawEventSink& sink);
};

} // namespace tl::import
