#pragma once

#include "trace/event.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace tl {

class EventChannel;

// The writing end of the channel for exactly one thread.
//
// Why hand-made rather than moodycamel::ConcurrentQueue: an event is written by the one thread that owns
// the producer and read by one consumer, so a single-producer single-consumer chunk list needs no CAS and
// no shared index at all: one 32-byte store and one release store of the chunk's count per event. This is
// what Tracy, Perfetto and LTTng do; `threadline-bench channel` measures it against moodycamel.
//
// Thread affinity: push() only from the owning thread; the channel's consumer reads it during drain().
class EventProducer {
public:
    static constexpr std::uint32_t kChunkEvents = 4096;

    EventProducer(const EventProducer&) = delete;
    EventProducer& operator=(const EventProducer&) = delete;
    ~EventProducer();

    // Never blocks, never throws (but std::bad_alloc once per 4096 events when memory is gone and no
    // drained chunk is there to reuse), never calls out. In a bounded channel an event over the bound is
    // counted as dropped; its sequence number is still consumed, so the gap is visible downstream.
    void push(const Event& event)
    {
        const std::uint32_t seq = m_nextSeq++;
        if (m_capacity != 0 && m_written - m_consumedSeen >= m_capacity && !refreshRoom()) {
            m_dropped.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        if (m_tailCount == kChunkEvents)
            growTail();
        Event stamped = event;
        stamped.seq = seq;
        m_tail->events[m_tailCount] = stamped; // one 32-byte store
        ++m_tailCount;
        ++m_written;
        m_tail->count.store(m_tailCount, std::memory_order_release);
    }

    std::uint64_t dropped() const { return m_dropped.load(std::memory_order_relaxed); }

private:
    friend class EventChannel;
    // The published count shares no cache line with the events: the consumer polling it does not steal
    // the lines the producer is writing. The events are left uninitialised (the union): a new chunk costs
    // no 128 KiB memset, and a thread that emits ten events touches one page, not thirty-two.
    struct Chunk {
        Chunk() {}
        ~Chunk() {}
        alignas(64) std::atomic<std::uint32_t> count{0};
        std::atomic<Chunk*> next{nullptr};
        union {
            alignas(64) Event events[kChunkEvents];
        };
    };
    // Drained chunks a producer keeps for reuse (up to 8 MiB): steady emitting allocates nothing, and a
    // consumer that falls behind for a while (a descheduled GUI thread) costs fresh memory only once, not
    // on every lag; page faults are what an emit pays most for a fresh chunk (~10 us per 4 KiB page in a
    // VM). Beyond the bound, drained chunks are freed.
    static constexpr std::uint64_t kMaxSpareChunks = 64;

    explicit EventProducer(std::uint64_t capacity);
    void growTail();
    bool refreshRoom();
    // Consumer side: appends what is published and hands the chunks the producer has left back to it.
    std::size_t drainInto(std::vector<Event>& out);
    void recycle(Chunk* chunk);

    // Producer-owned, written only by the owning thread.
    alignas(64) Chunk* m_tail;
    std::uint32_t m_tailCount = 0;
    std::uint32_t m_nextSeq = 0;
    std::uint64_t m_written = 0;
    std::uint64_t m_consumedSeen = 0; // last m_consumed read: the bound is checked against it first
    const std::uint64_t m_capacity;
    Chunk* m_spares = nullptr;              // chunks taken back from m_returned, linked by `next`
    std::atomic<std::uint64_t> m_reused{0}; // spares put back into use (read by the consumer)
    std::atomic<std::uint64_t> m_dropped{0};

    // Consumer-owned.
    alignas(64) Chunk* m_head;
    std::uint32_t m_headRead = 0;
    std::uint32_t m_expectedSeq = 0;
    std::uint64_t m_gaps = 0;     // events missing from the sequence as the consumer saw it
    std::uint64_t m_recycled = 0; // chunks pushed onto m_returned
    std::atomic<std::uint64_t> m_consumed{0};
    // Drained chunks for the producer: pushed by the consumer only, taken all at once by the producer
    // (exchange), so the stack has no ABA problem.
    std::atomic<Chunk*> m_returned{nullptr};
};

// A many-producer, one-consumer, lossless (by default) event channel.
//
// Each emitting thread asks once for its own EventProducer and then writes without locks or allocation
// (chunks of 4096 events go back from the consumer to their producer for reuse; a new one is allocated
// only while the consumer lags). The consumer drains every producer in batches: events of one producer
// arrive complete and in the order they were emitted; there is no order across producers (consumers sort
// by timestamp where they need one).
//
// Thread affinity: createProducer() from any thread; drain() and the statistics from one consumer thread
// at a time. Producers live until the channel is destroyed, which must happen after every producer has
// stopped emitting.
class EventChannel {
public:
    // capacity 0: unbounded and lossless. Otherwise the most events one producer may have in flight
    // (emitted and not yet drained) before further ones are dropped and counted.
    explicit EventChannel(std::uint64_t capacityPerProducer = 0);
    ~EventChannel();
    EventChannel(const EventChannel&) = delete;
    EventChannel& operator=(const EventChannel&) = delete;

    EventProducer* createProducer();

    // Appends every event published so far to `out`; returns how many were appended.
    std::size_t drain(std::vector<Event>& out);

    // Events producers dropped over a configured bound (exact, counted at the producer).
    std::uint64_t droppedEvents() const;
    // Events missing from the per-producer sequences as drained so far: the consumer's own check, equal
    // to droppedEvents() once every producer's last event has been drained (consumer thread only).
    std::uint64_t sequenceGaps() const;
    std::size_t producerCount() const;

private:
    const std::uint64_t m_capacity;
    mutable std::mutex m_producersMutex;
    std::vector<std::unique_ptr<EventProducer>> m_producers;
    std::vector<EventProducer*> m_snapshot; // consumer's copy, refreshed when producers were added
    std::atomic<std::size_t> m_producerCount{0};
};

} // namespace tl
