#include "py/trackedwait.h"

#include "engine/runcontext.h"

namespace tl {

TrackedWait::TrackedWait(ThreadState& self, const WaitFor& wait)
    : m_self(self)
{
    const std::optional<WaitCycle> cycle = self.run.waits().beginWait(self, wait);
    if (!cycle)
        return;
    // The moment the closing wait was seen: the others have waited since before it, so no lane gets an
    // event earlier than its last one.
    const std::int64_t ts = self.run.clock().nowNs();
    const std::uint8_t flags = cycle->potential ? EventFlag::Potential : 0;
    // Another lane's listing line is its own thread's to write: those events name none.
    for (const WaitCycle::Member& m : cycle->members)
        self.run.events().push(self, Event{ts, m.lane, 0, EventKind::Deadlock, flags,
                                           m.lane == self.lane ? self.line : std::uint16_t{0}, m.id, m.waitsFor,
                                           cycle->number});
}

void TrackedWait::end()
{
    if (!m_open)
        return;
    m_open = false;
    m_self.run.waits().endWait(m_self);
}

} // namespace tl
