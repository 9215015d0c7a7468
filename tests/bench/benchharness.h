#pragma once

#include "engine/virtualclock.h"
#include "trace/event.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <latch>
#include <span>
#include <thread>
#include <vector>

namespace tl::bench {

// One measured run of one variant.
struct Sample {
    double nsPerEvent = 0; // producer-thread CPU time per emitted event
    double eventsPerS = 0; // every event emitted and held by the consumer, per wall second
    bool ok = false;       // every event arrived, in order per producer
};

inline std::int64_t threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return std::int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

inline std::int64_t wallNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// The event every variant emits: a realistic PutDone with the producer's lane and its own sequence number,
// so the consumer's order check works the same way for every variant.
inline Event benchEvent(std::int64_t ts, LaneId lane, std::uint32_t i)
{
    return Event{ts, lane, i, EventKind::PutDone, 0, 42, 1, i, i & 0xFF};
}

// Every producer, and the consumer, get ready (producer handles created, tokens taken) before the clock
// starts; the main thread then opens the gate for all of them at once.
class StartGate {
public:
    explicit StartGate(int parties)
        : m_ready(parties)
    {
    }
    void arriveAndWait()
    {
        m_ready.count_down();
        m_open.wait();
    }
    void waitReady() { m_ready.wait(); }
    void open() { m_open.count_down(); }

private:
    std::latch m_ready;
    std::latch m_open{1};
};

// True when `held` has exactly `perProducer` events from each of `producers` lanes, each lane's in the
// order it emitted them (sequence numbers 0, 1, 2, ...).
inline bool inProducerOrder(std::span<const Event> held, int producers, std::uint32_t perProducer)
{
    if (held.size() != std::size_t(producers) * perProducer)
        return false;
    std::vector<std::uint32_t> next(std::size_t(producers), 0);
    for (const Event& e : held) {
        if (e.lane >= next.size() || e.seq != next[e.lane])
            return false;
        ++next[e.lane];
    }
    return std::all_of(next.begin(), next.end(), [&](std::uint32_t n) { return n == perProducer; });
}

// Runs `producers` threads that each emit `perProducer` events through a fresh Variant, with its consumer
// (if it has one) on another thread, and measures one Sample. `held` is the consumer's store: cleared, and
// reserved by the caller outside the timing so every variant pays the same for it.
//
// A Variant provides:
//   Variant(int producers, std::uint32_t perProducer);
//   Producer producer(int index);      // on the producer thread, before the clock starts
//   Producer::push(const Event&);      // the emit under test
//   static constexpr bool kHasConsumer;
//   void consume(std::vector<Event>& held, std::size_t total, StartGate& gate);  // consumer thread; must
//                                      // call gate.arriveAndWait() once ready and return once it holds all
//   void collect(std::vector<Event>& held);  // when !kHasConsumer: hand over the events after the clock
//   bool healthy() const;              // the variant's own loss accounting agrees
template <class Variant> Sample measure(int producers, std::uint32_t perProducer, std::vector<Event>& held)
{
    held.clear();
    Variant variant(producers, perProducer);
    const VirtualClock clock; // the same nowNs() path every emit in a run takes
    const std::size_t total = std::size_t(producers) * perProducer;
    StartGate gate(producers + (Variant::kHasConsumer ? 1 : 0));
    std::vector<std::int64_t> cpuNs(std::size_t(producers), 0);
    std::vector<std::int64_t> doneNs(std::size_t(producers), 0);
    std::int64_t consumerDoneNs = 0;

    std::vector<std::thread> threads;
    for (int p = 0; p < producers; ++p) {
        threads.emplace_back([&, p] {
            auto handle = variant.producer(p);
            gate.arriveAndWait();
            const std::int64_t cpu0 = threadCpuNs();
            for (std::uint32_t i = 0; i < perProducer; ++i)
                handle.push(benchEvent(clock.nowNs(), LaneId(p), i));
            cpuNs[std::size_t(p)] = threadCpuNs() - cpu0;
            doneNs[std::size_t(p)] = wallNs();
        });
    }
    if constexpr (Variant::kHasConsumer) {
        threads.emplace_back([&] {
            variant.consume(held, total, gate);
            consumerDoneNs = wallNs();
        });
    }
    gate.waitReady();
    const std::int64_t startNs = wallNs();
    gate.open();
    for (std::thread& t : threads)
        t.join();

    std::int64_t endNs = consumerDoneNs;
    if constexpr (!Variant::kHasConsumer) {
        endNs = *std::max_element(doneNs.begin(), doneNs.end());
        variant.collect(held);
    }
    std::int64_t cpuTotal = 0;
    for (std::int64_t c : cpuNs)
        cpuTotal += c;

    Sample s;
    s.nsPerEvent = double(cpuTotal) / double(total);
    s.eventsPerS = double(total) * 1e9 / double(std::max<std::int64_t>(endNs - startNs, 1));
    s.ok = variant.healthy() && inProducerOrder(held, producers, perProducer);
    return s;
}

} // namespace tl::bench
