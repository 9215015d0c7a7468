// TraceStore's names as every view and export shows them: the lookups, apart from the indexing.
#include "trace/tracestore.h"

#include <optional>

namespace tl {

std::optional<std::uint32_t> TraceStore::nameGivenBy(const Event& e)
{
    if (e.kind == EventKind::ThreadCreated)
        return e.b;
    if (e.kind == EventKind::ThreadName)
        return e.a;
    return std::nullopt;
}

QString TraceStore::unnamedLaneName(LaneId id)
{
    return QStringLiteral("lane-%1").arg(id);
}

QString TraceStore::laneName(LaneId id) const
{
    if (id < m_lanes.size() && !m_lanes[id].name.isEmpty())
        return m_lanes[id].name;
    return unnamedLaneName(id);
}

QString TraceStore::laneNameAt(LaneId id, std::int64_t ts) const
{
    if (id >= m_lanes.size() || !m_lanes[id].renamedTs || *m_lanes[id].renamedTs <= ts)
        return laneName(id); // renamed last at or before ts, or never: the rare rename is all that needs the walk
    std::optional<QString> name;
    for (const Event& e : m_lanes[id].events) {
        if (e.ts > ts && name)
            break;
        if (const auto given = nameGivenBy(e))
            name = m_strings->text(*given);
    }
    return name && !name->isEmpty() ? *name : unnamedLaneName(id);
}

QString TraceStore::inProcess(LaneId id, const QString& name) const
{
    if (m_groups.size() < 2 || id >= m_lanes.size())
        return name;
    const GroupInfo* g = group(m_lanes[id].group);
    return g ? QStringLiteral("%1 / %2").arg(g->name, name) : name;
}

QString TraceStore::queueName(std::uint32_t id) const
{
    const QueueInfo* q = queue(id);
    return q && !q->uniqueName.isEmpty() ? q->uniqueName : QStringLiteral("queue@%1").arg(id);
}

QString TraceStore::taskName(std::uint32_t taskId) const
{
    const auto it = m_taskNames.find(taskId);
    return it == m_taskNames.end() ? QString() : m_strings->text(it->second);
}

QString TraceStore::itemValue(std::uint32_t queue, std::uint32_t item) const
{
    const auto it = m_itemValues.find(itemKey(queue, item));
    if (it == m_itemValues.end())
        return {};
    const ItemWords& words = it->second;
    return words.number ? QString::number(static_cast<std::int32_t>(words.word)) : m_strings->text(words.word);
}

} // namespace tl
