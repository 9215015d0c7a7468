#pragma once

#include "benchharness.h"
#include "engine/eventchannel.h"

#include <thread>
#include <vector>

namespace tl::bench {

// The system under test: tl::EventChannel with one EventProducer per producer thread, exactly as the
// engine emits (EventSink::emitAt pushes one Event), and a consumer that drains every producer in batches
// straight into its store, as TraceRecorder does. The channel is unbounded (the engine's default).
//
// Thread affinity: producer() and push() on each producer thread, consume() on the one consumer thread.
class ThreadlineVariant {
public:
    static constexpr bool kHasConsumer = true;

    struct Producer {
        EventProducer* producer;
        void push(const Event& event) { producer->push(event); }
    };

    ThreadlineVariant(int, std::uint32_t) {}

    Producer producer(int) { return Producer{m_channel.createProducer()}; }

    void consume(std::vector<Event>& held, std::size_t total, StartGate& gate)
    {
        gate.arriveAndWait();
        while (held.size() < total) {
            if (m_channel.drain(held) == 0)
                std::this_thread::yield();
        }
    }

    void collect(std::vector<Event>&) {}

    // Lossless: nothing dropped, no gap in any producer's sequence.
    bool healthy() const { return m_channel.droppedEvents() == 0 && m_channel.sequenceGaps() == 0; }

private:
    EventChannel m_channel;
};

} // namespace tl::bench
