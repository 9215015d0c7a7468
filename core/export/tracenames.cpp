#include "export/tracenames.h"

namespace tl {

TraceNames::TraceNames(const TraceStore& store)
    : m_store(store)
{
    QHash<QString, int> seen;
    for (const QueueInfo& q : store.queues()) {
        const int n = ++seen[q.name];
        m_queues.insert(q.id, n == 1 ? q.name : QStringLiteral("%1#%2").arg(q.name).arg(n));
    }
    for (std::size_t i = 0; i < store.laneCount(); ++i) {
        for (const Event& e : store.lane(static_cast<LaneId>(i)).events) {
            if (e.kind == EventKind::PoolSubmit || e.kind == EventKind::PoolTaskBegin)
                m_tasks.insert(e.b, e.c);
        }
    }
}

QString TraceNames::lane(LaneId id) const
{
    if (id < m_store.laneCount() && !m_store.lane(id).name.isEmpty())
        return m_store.lane(id).name;
    return QStringLiteral("lane-%1").arg(id);
}

QString TraceNames::queue(std::uint32_t id) const
{
    return m_queues.value(id, QStringLiteral("queue@%1").arg(id));
}

QString TraceNames::task(std::uint32_t id) const
{
    const auto it = m_tasks.constFind(id);
    return it == m_tasks.cend() ? QString() : m_store.text(*it);
}

} // namespace tl
