#include "channelbench.h"

#include "benchharness.h"
#include "moodycamelvariant.h"
#include "mutexdequevariant.h"
#include "qtsignalvariant.h"
#include "threadlinevariant.h"
#include "threadlocalvariant.h"

#include <QMetaType>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <sstream>
#include <thread>

#ifndef THREADLINE_BENCH_BUILD_TYPE
#define THREADLINE_BENCH_BUILD_TYPE "unknown"
#endif

namespace tl::bench {
namespace {

struct VariantSpec {
    const char* name;
    bool fewEvents; // runs with qtEventsPerProducer
    std::function<Sample(int, std::uint32_t, std::vector<Event>&)> measure;
};

const std::vector<VariantSpec>& variants()
{
    static const std::vector<VariantSpec> all{
        {"threadline", false, &measure<ThreadlineVariant>}, {"mutex_deque", false, &measure<MutexDequeVariant>},
        {"moodycamel", false, &measure<MoodycamelVariant>}, {"thread_local", false, &measure<ThreadLocalVariant>},
        {"qt_signal", true, &measure<QtSignalVariant>},
    };
    return all;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// What one VirtualClock::nowNs() costs here: the share of every variant's ns_per_event no queue can save.
double clockReadNs()
{
    const VirtualClock clock;
    constexpr int kReads = 2'000'000;
    std::vector<double> runs;
    for (int r = 0; r < 5; ++r) {
        std::int64_t sink = 0;
        const std::int64_t cpu0 = threadCpuNs();
        for (int i = 0; i < kReads; ++i)
            sink += clock.nowNs();
        runs.push_back(double(threadCpuNs() - cpu0) / kReads);
        if (sink == 42) // keeps the loop; never true in practice
            std::fputs("", stderr);
    }
    return median(runs);
}

double loadAverage()
{
    double load = -1;
    return getloadavg(&load, 1) == 1 ? load : -1;
}

std::string number(double value, int decimals)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

} // namespace

ChannelBench::ChannelBench(ChannelBenchOptions options)
    : m_options(std::move(options))
{
}

std::string ChannelBench::run()
{
    qRegisterMetaType<Event>();
    const double loadBefore = loadAverage();
    const double clockNs = clockReadNs();

    // The consumer's store, reserved and touched once for the largest run: no variant pays page faults
    // for it, and none has an advantage from it.
    const int maxProducers = *std::max_element(m_options.producerCounts.begin(), m_options.producerCounts.end());
    std::vector<Event> held(std::size_t(maxProducers) * m_options.eventsPerProducer);
    held.clear();

    std::ostringstream producersJson;
    bool allOk = true;
    for (std::size_t pc = 0; pc < m_options.producerCounts.size(); ++pc) {
        const int producers = m_options.producerCounts[pc];
        std::vector<std::vector<Sample>> samples(variants().size());
        for (int r = 0; r < m_options.runs; ++r) {
            for (std::size_t v = 0; v < variants().size(); ++v) {
                const VariantSpec& spec = variants()[v];
                const std::uint32_t n = spec.fewEvents ? m_options.qtEventsPerProducer : m_options.eventsPerProducer;
                const Sample s = spec.measure(producers, n, held);
                std::fprintf(stderr, "producers %d run %d %-12s %8.2f ns/event %12.0f events/s%s\n", producers, r + 1,
                             spec.name, s.nsPerEvent, s.eventsPerS, s.ok ? "" : "  LOST OR REORDERED EVENTS");
                allOk = allOk && s.ok;
                samples[v].push_back(s);
            }
        }
        producersJson << (pc == 0 ? "" : ", ") << '"' << producers << "\": {";
        for (std::size_t v = 0; v < variants().size(); ++v) {
            std::vector<double> ns;
            std::vector<double> rate;
            for (const Sample& s : samples[v]) {
                ns.push_back(s.nsPerEvent);
                rate.push_back(s.eventsPerS);
            }
            producersJson << (v == 0 ? "" : ", ") << '"' << variants()[v].name
                          << "\": {\"ns_per_event\": " << number(median(ns), 2)
                          << ", \"events_per_s\": " << number(median(rate), 0) << '}';
        }
        producersJson << '}';
    }
    if (!allOk)
        return {};

    std::ostringstream json;
    json << "{\"channel\": {\"producers\": {" << producersJson.str() << "}, \"runs\": " << m_options.runs
         << ", \"statistic\": \"median\", \"events_per_producer\": " << m_options.eventsPerProducer
         << ", \"qt_signal_events_per_producer\": " << m_options.qtEventsPerProducer
         << ", \"clock_read_ns\": " << number(clockNs, 2) << ", \"build_type\": \"" THREADLINE_BENCH_BUILD_TYPE "\""
         << ", \"hardware_threads\": " << std::thread::hardware_concurrency()
         << ", \"load_average_before\": " << number(loadBefore, 2)
         << ", \"load_average_after\": " << number(loadAverage(), 2) << "}}";
    return json.str();
}

} // namespace tl::bench
