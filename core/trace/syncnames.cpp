#include "trace/syncnames.h"

namespace tl {

void SyncNames::created(std::uint32_t id, const QString& name, SyncType type, std::int64_t ts, LaneId lane)
{
    const int uses = ++m_uses[name];
    if (!m_byId.contains(id))
        m_order.push_back(id);
    m_byId[id] = Info{name, uses == 1 ? name : QStringLiteral("%1#%2").arg(name).arg(uses), type, ts, lane};
}

const SyncNames::Info* SyncNames::find(std::uint32_t id) const
{
    const auto it = m_byId.find(id);
    return it == m_byId.end() ? nullptr : &it->second;
}

QString SyncNames::name(std::uint32_t id) const
{
    const Info* info = find(id);
    return info ? info->uniqueName : QStringLiteral("primitive@%1").arg(id);
}

} // namespace tl
