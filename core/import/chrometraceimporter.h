#pragma once

#include "base/result.h"
#include "import/importedtrace.h"

#include <QString>

#include <atomic>
#include <cstdint>
#include <memory>

class QIODevice;

namespace tl::import {

// What a caller on another thread may see of a load and do to it.
struct ImportControl {
    const std::atomic<bool>* cancel = nullptr;      // set to stop: the import fails with "cancelled"
    std::atomic<std::int64_t>* bytesRead = nullptr; // the file's bytes read so far
    std::shared_ptr<StringTable> strings;           // where names go; a new table if null
};

// Reads a Chrome Trace Event JSON file (object or array form, plain or gzip, complete or truncated) as a
// stream: TraceInput's chunks through ChromeTraceReader's SAX state machine into a TraceAssembler. A file
// that is not a trace, or whose JSON is broken before its end, is an error naming what and where (byte
// offset, event index); a truncated one loads as far as it goes, with a warning, unless it ends with nothing to draw
// (threads' and processes' names at most), which is an error. The path is named in the errors of
// importChromeTraceFile.
//
// Why RapidJSON: it reads a stream in chunks with constant memory, where simdjson's On Demand API needs
// the whole document in one buffer, and QJsonDocument builds the whole tree; see tests/bench/README.md
// ("import") for the numbers of the three on the same trace. Thread affinity: any thread, one call at a time.
Result<ImportedTrace> importChromeTrace(QIODevice& device, const ImportControl& control = {});
Result<ImportedTrace> importChromeTraceFile(const QString& path, const ImportControl& control = {});

} // namespace tl::import
