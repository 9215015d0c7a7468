#include "py/syncprimitive.h"

#include "py/currentthread.h"

namespace tl {

SyncPrimitive::SyncPrimitive(SyncType type, const char* what)
    : m_run(requireCurrentThread(what).run)
    , m_type(type)
    , m_id(m_run.threads().nextSyncId())
{
}

void SyncPrimitive::announce(const QString& name)
{
    ThreadState& self = *currentThreadState();
    m_run.events().emitChecked(self, EventKind::SyncCreated, m_id, m_run.strings().intern(name),
                               static_cast<std::uint32_t>(m_type));
}

std::int64_t SyncPrimitive::stamp(ThreadState& self) const
{
    const std::int64_t ts = m_run.clock().nowNs();
    m_run.interrupts().throwIfUnwinding(self);
    return ts;
}

void SyncPrimitive::emitQuietly(ThreadState& self, EventKind kind, std::uint32_t b, std::uint32_t c)
{
    const std::int64_t ts = m_run.clock().nowNs();
    if (!unwinding(self))
        m_run.events().emitAt(self, ts, kind, m_id, b, c);
}

bool SyncPrimitive::unwinding(const ThreadState& self) const
{
    return m_run.interrupts().unwindReason(self).has_value();
}

} // namespace tl
