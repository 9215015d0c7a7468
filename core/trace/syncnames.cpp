#include "trace/syncnames.h"

namespace tl {

namespace {

const QLatin1String kOwnLockSuffix("'s lock");

} // namespace

QString SyncNames::ownLockName(const QString& condition)
{
    return condition + kOwnLockSuffix;
}

QString SyncNames::uniqueName(const QString& name, int uses) const
{
    if (name.endsWith(kOwnLockSuffix) && name.size() > kOwnLockSuffix.size()) {
        const QString condition = name.chopped(kOwnLockSuffix.size());
        const int next = m_uses.value(condition) + 1; // the number its condition, created next, takes
        const QString owned = next == 1 ? name : ownLockName(QStringLiteral("%1#%2").arg(condition).arg(next));
        if (!m_taken.contains(owned))
            return owned;
    }
    return uses == 1 ? name : QStringLiteral("%1#%2").arg(name).arg(uses);
}

void SyncNames::created(std::uint32_t id, const QString& name, SyncType type, std::int64_t ts, LaneId lane)
{
    const int uses = ++m_uses[name];
    if (!m_byId.contains(id))
        m_order.push_back(id);
    const QString unique = uniqueName(name, uses);
    m_taken.insert(unique);
    m_byId[id] = Info{name, unique, type, ts, lane};
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
