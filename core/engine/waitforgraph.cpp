#include "engine/waitforgraph.h"

#include "engine/threadstate.h"

namespace tl {

const ThreadState* WaitFor::holder() const
{
    if (owner != nullptr)
        return owner->load(std::memory_order_acquire);
    if (joined != nullptr && !joined->ended.load(std::memory_order_acquire))
        return joined;
    return nullptr;
}

std::optional<WaitCycle> WaitForGraph::beginWait(const ThreadState& self, const WaitFor& wait)
{
    std::lock_guard lock(m_mutex);
    m_edges[&self] = wait;
    // Follow the chain of "waits for": it comes back to `self` (a new cycle), ends at a thread that does
    // not wait, or enters a cycle reported before (the step limit ends that walk).
    WaitCycle cycle;
    const ThreadState* at = &self;
    for (std::size_t steps = 0; steps <= m_edges.size(); ++steps) {
        const auto edge = m_edges.find(at);
        if (edge == m_edges.end())
            return std::nullopt;
        const ThreadState* next = edge->second.holder();
        if (next == nullptr)
            return std::nullopt;
        cycle.potential = cycle.potential || edge->second.timed;
        cycle.members.push_back({at->lane, edge->second.id, next->lane});
        if (next == &self) {
            cycle.number = ++m_cycles;
            return cycle;
        }
        at = next;
    }
    return std::nullopt;
}

void WaitForGraph::endWait(const ThreadState& self)
{
    std::lock_guard lock(m_mutex);
    m_edges.erase(&self);
}

std::uint32_t WaitForGraph::cyclesFound() const
{
    std::lock_guard lock(m_mutex);
    return m_cycles;
}

} // namespace tl
