#pragma once

#include "benchharness.h"

#include <concurrentqueue.h>

#include <iterator>
#include <thread>
#include <vector>

namespace tl::bench {

// Baseline: moodycamel::ConcurrentQueue<Event> with its default traits, used the fast way: a ProducerToken
// per producer thread (one sub-queue each, no contention between producers) and a ConsumerToken with
// try_dequeue_bulk on the consumer, which writes straight into the store.
//
// Thread affinity: producer() and push() on each producer thread, consume() on the one consumer thread.
class MoodycamelVariant {
public:
    static constexpr bool kHasConsumer = true;
    static constexpr std::size_t kBulk = 8192;

    struct Producer {
        moodycamel::ConcurrentQueue<Event>* queue;
        moodycamel::ProducerToken token;
        // enqueue() only fails when memory is exhausted; the consumer's count check would then catch it.
        void push(const Event& event) { queue->enqueue(token, event); }
    };

    MoodycamelVariant(int, std::uint32_t) {}

    Producer producer(int) { return Producer{&m_queue, moodycamel::ProducerToken(m_queue)}; }

    void consume(std::vector<Event>& held, std::size_t total, StartGate& gate)
    {
        moodycamel::ConsumerToken token(m_queue);
        gate.arriveAndWait();
        while (held.size() < total) {
            if (m_queue.try_dequeue_bulk(token, std::back_inserter(held), kBulk) == 0)
                std::this_thread::yield();
        }
    }

    void collect(std::vector<Event>&) {}
    bool healthy() const { return true; }

private:
    moodycamel::ConcurrentQueue<Event> m_queue;
};

} // namespace tl::bench
