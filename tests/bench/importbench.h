#pragma once

#include <string>

namespace tl::bench {

struct ImportBenchOptions {
    long events = 3'000'000; // trace events in the generated file
    int runs = 3;            // runs of each variant, interleaved; the median is reported
};

// `threadline-bench import`: the JSON reader for opening traces, chosen by measurement. Generates one
// large Chrome trace (VizTracer-like complete events on 8 threads, nested, listed as they end, with some
// instants and counters), then parses that same file with
//   rapidjson_sax      RapidJSON's SAX reader through TraceInput's 1 MiB chunks (what the importer uses),
//   simdjson_ondemand  simdjson's On Demand API over the whole file loaded into one padded buffer,
//   qjsondocument      QJsonDocument::fromJson over the whole file (Qt's DOM: the baseline),
// each reading every event's ph, name, ts, dur, pid and tid; and the whole Threadline import
// (threadline_import: read, assemble, order each lane) for the end-to-end figure. Each run is a forked
// child, so that its peak resident memory (VmHWM, reset through /proc/self/clear_refs) is its own.
// Prints one JSON object: MB/s (file bytes per second of wall time) and peak memory per variant.
class ImportBench {
public:
    explicit ImportBench(ImportBenchOptions options)
        : m_options(options)
    {
    }
    // The figures as JSON; empty on a failure (said on stderr).
    std::string run();

private:
    ImportBenchOptions m_options;
};

} // namespace tl::bench
