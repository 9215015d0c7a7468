#include "engine/eventchannel.h"

namespace tl {

EventProducer::EventProducer(std::uint64_t capacity)
    : m_tail(new Chunk)
    , m_capacity(capacity)
    , m_head(m_tail)
{
}

EventProducer::~EventProducer()
{
    for (Chunk* list : {m_head, m_spares, m_returned.load(std::memory_order_acquire)}) {
        for (Chunk* c = list; c != nullptr;) {
            Chunk* next = c->next.load(std::memory_order_relaxed);
            delete c;
            c = next;
        }
    }
}

void EventProducer::growTail()
{
    if (m_spares == nullptr)
        m_spares = m_returned.exchange(nullptr, std::memory_order_acquire);
    Chunk* fresh = m_spares;
    if (fresh != nullptr) {
        m_spares = fresh->next.load(std::memory_order_relaxed);
        fresh->count.store(0, std::memory_order_relaxed);
        fresh->next.store(nullptr, std::memory_order_relaxed);
        m_reused.store(m_reused.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    } else {
        fresh = new Chunk;
    }
    // Release: the consumer that follows `next` sees the reset count.
    m_tail->next.store(fresh, std::memory_order_release);
    m_tail = fresh;
    m_tailCount = 0;
}

// The bound looked reached against a stale view of what the consumer took: look again (once per event
// only while the channel is really full).
bool EventProducer::refreshRoom()
{
    m_consumedSeen = m_consumed.load(std::memory_order_acquire);
    return m_written - m_consumedSeen < m_capacity;
}

void EventProducer::recycle(Chunk* chunk)
{
    // m_reused may lag: then the pool looks fuller than it is and the chunk is freed; harmless.
    if (m_recycled - m_reused.load(std::memory_order_relaxed) >= kMaxSpareChunks) {
        delete chunk;
        return;
    }
    ++m_recycled;
    Chunk* top = m_returned.load(std::memory_order_relaxed);
    do {
        chunk->next.store(top, std::memory_order_relaxed);
    } while (!m_returned.compare_exchange_weak(top, chunk, std::memory_order_release, std::memory_order_relaxed));
}

std::size_t EventProducer::drainInto(std::vector<Event>& out)
{
    std::size_t moved = 0;
    for (;;) {
        const std::uint32_t published = m_head->count.load(std::memory_order_acquire);
        if (published > m_headRead) {
            const Event* first = m_head->events + m_headRead;
            const Event* last = m_head->events + published;
            // Sequence numbers are consecutive but for dropped events: count the gap in one step.
            m_gaps += static_cast<std::uint32_t>((last - 1)->seq - m_expectedSeq) + 1 - (published - m_headRead);
            m_expectedSeq = (last - 1)->seq + 1;
            out.insert(out.end(), first, last);
            moved += published - m_headRead;
            m_headRead = published;
        }
        if (m_headRead < kChunkEvents)
            break;
        // The producer links the next chunk only after filling this one and never touches it again.
        Chunk* next = m_head->next.load(std::memory_order_acquire);
        if (next == nullptr)
            break;
        recycle(m_head);
        m_head = next;
        m_headRead = 0;
    }
    // Only this thread writes m_consumed: a plain release store, no locked read-modify-write.
    if (moved != 0)
        m_consumed.store(m_consumed.load(std::memory_order_relaxed) + moved, std::memory_order_release);
    return moved;
}

EventChannel::EventChannel(std::uint64_t capacityPerProducer)
    : m_capacity(capacityPerProducer)
{
}

EventChannel::~EventChannel() = default;

EventProducer* EventChannel::createProducer()
{
    std::lock_guard lock(m_producersMutex);
    m_producers.push_back(std::unique_ptr<EventProducer>(new EventProducer(m_capacity)));
    m_producerCount.store(m_producers.size(), std::memory_order_release);
    return m_producers.back().get();
}

std::size_t EventChannel::drain(std::vector<Event>& out)
{
    if (m_snapshot.size() != m_producerCount.load(std::memory_order_acquire)) {
        std::lock_guard lock(m_producersMutex);
        m_snapshot.clear();
        for (const auto& p : m_producers)
            m_snapshot.push_back(p.get());
    }
    std::size_t moved = 0;
    for (EventProducer* p : m_snapshot)
        moved += p->drainInto(out);
    return moved;
}

std::uint64_t EventChannel::droppedEvents() const
{
    std::lock_guard lock(m_producersMutex);
    std::uint64_t total = 0;
    for (const auto& p : m_producers)
        total += p->dropped();
    return total;
}

std::uint64_t EventChannel::sequenceGaps() const
{
    std::uint64_t total = 0;
    for (EventProducer* p : m_snapshot)
        total += p->m_gaps;
    return total;
}

std::size_t EventChannel::producerCount() const
{
    return m_producerCount.load(std::memory_order_acquire);
}

} // namespace tl
