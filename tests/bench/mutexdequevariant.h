#pragma once

#include "benchharness.h"

#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace tl::bench {

// Baseline: one std::mutex around one std::deque<Event>. Producers lock for every event; the consumer
// swaps the whole deque out under the lock and copies it into its store outside the lock.
//
// Thread affinity: push() from any producer thread, consume() on the one consumer thread.
class MutexDequeVariant {
public:
    static constexpr bool kHasConsumer = true;

    struct Producer {
        MutexDequeVariant* owner;
        void push(const Event& event)
        {
            std::lock_guard lock(owner->m_mutex);
            owner->m_queue.push_back(event);
        }
    };

    MutexDequeVariant(int, std::uint32_t) {}

    Producer producer(int) { return Producer{this}; }

    void consume(std::vector<Event>& held, std::size_t total, StartGate& gate)
    {
        std::deque<Event> batch;
        gate.arriveAndWait();
        while (held.size() < total) {
            {
                std::lock_guard lock(m_mutex);
                m_queue.swap(batch);
            }
            if (batch.empty()) {
                std::this_thread::yield();
                continue;
            }
            held.insert(held.end(), batch.begin(), batch.end());
            batch.clear();
        }
    }

    void collect(std::vector<Event>&) {}
    bool healthy() const { return true; }

private:
    std::mutex m_mutex;
    std::deque<Event> m_queue;
};

} // namespace tl::bench
