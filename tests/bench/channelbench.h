#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tl::bench {

struct ChannelBenchOptions {
    int runs = 5;
    std::uint32_t eventsPerProducer = 2'000'000;
    // A Qt queued signal costs microseconds per event (an allocation, a lock, a wake-up): fewer events keep
    // the whole benchmark under a minute on two cores.
    std::uint32_t qtEventsPerProducer = 20'000;
    std::vector<int> producerCounts{1, 2, 8};
};

// `threadline-bench channel`: the event channel against four baselines, for each producer count the
// median of `runs` runs of every variant, interleaved (run 1 of every variant, then run 2, ...) so that
// load from other processes spreads over all of them alike.
//
// Thread affinity: the main thread (it needs the QCoreApplication for the Qt baseline).
class ChannelBench {
public:
    explicit ChannelBench(ChannelBenchOptions options);

    // Runs everything and returns the JSON object (one line). Empty when a variant lost or reordered
    // events, which is reported on stderr: a benchmark that measures a broken queue must fail.
    std::string run();

private:
    ChannelBenchOptions m_options;
};

} // namespace tl::bench
