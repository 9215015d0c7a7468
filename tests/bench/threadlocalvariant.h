#pragma once

#include "benchharness.h"

#include <vector>

namespace tl::bench {

// The floor: each producer appends to its own std::vector<Event>, with no hand-off at all; "end to end" is
// the moment the last producer finished. Choice: every buffer is reserved *and* touched (resize, then
// clear) before the clock starts, so neither vector growth nor first-touch page faults are measured: the
// floor is the timestamp read plus one 32-byte append, the least any emit can cost. The other variants'
// consumer store is pre-faulted the same way. The buffers are kept from run to run (a page fault costs
// ~10 us on the VM this was written on: touching 512 MiB afresh every run would dominate the run time).
//
// Thread affinity: producer(i) and push() on producer thread i only; collect() after every producer ended.
// One instance at a time (the buffers are shared by every run).
class ThreadLocalVariant {
public:
    static constexpr bool kHasConsumer = false;

    struct Producer {
        std::vector<Event>* buffer;
        void push(const Event& event) { buffer->push_back(event); }
    };

    ThreadLocalVariant(int producers, std::uint32_t perProducer)
        : m_buffers(keptBuffers())
    {
        if (m_buffers.size() < std::size_t(producers))
            m_buffers.resize(std::size_t(producers));
        for (std::vector<Event>& b : m_buffers) {
            if (b.capacity() < perProducer)
                b.resize(perProducer);
            b.clear();
        }
    }

    Producer producer(int index) { return Producer{&m_buffers[std::size_t(index)]}; }

    void consume(std::vector<Event>&, std::size_t, StartGate&) {}

    void collect(std::vector<Event>& held)
    {
        for (const std::vector<Event>& b : m_buffers)
            held.insert(held.end(), b.begin(), b.end());
    }

    bool healthy() const { return true; }

private:
    static std::vector<std::vector<Event>>& keptBuffers()
    {
        static std::vector<std::vector<Event>> buffers;
        return buffers;
    }

    std::vector<std::vector<Event>>& m_buffers;
};

} // namespace tl::bench
