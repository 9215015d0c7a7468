#include "trace/syncnames.h"

namespace tl {

namespace {

const QLatin1String kOwnLockSuffix("'s lock");

} // namespace

QString SyncNames::ownLockName(const QString& condition)
{
    return condition + kOwnLockSuffix;
}

QString SyncNames::freeName(const QString& name, int uses) const
{
    QString unique = uses == 1 ? name : QStringLiteral("%1#%2").arg(name).arg(uses);
    while (m_taken.contains(unique)) // a name given as such already ("lock#2" made by the program)
        unique = QStringLiteral("%1#%2").arg(name).arg(++uses);
    return unique;
}

void SyncNames::created(std::uint32_t id, const QString& name, SyncType type, std::int64_t ts, LaneId lane)
{
    const int uses = ++m_uses[name];
    if (!m_byId.contains(id))
        m_order.push_back(id);
    const QString unique = freeName(name, uses);
    m_taken.insert(unique);
    const Info& info = m_byId[id] = Info{name, unique, type, ts, lane};
    if (type == SyncType::RLock && name.endsWith(kOwnLockSuffix))
        m_unpairedOwnLock.insert(lane, id);
    else if (type == SyncType::Condition)
        pairWithOwnLock(id, info);
}

void SyncNames::pairWithOwnLock(std::uint32_t condition, const Info& info)
{
    const auto unpaired = m_unpairedOwnLock.constFind(info.lane);
    if (unpaired == m_unpairedOwnLock.constEnd())
        return;
    const std::uint32_t lockId = *unpaired;
    m_unpairedOwnLock.erase(unpaired);
    Info& lock = m_byId[lockId];
    if (lock.name != ownLockName(info.name))
        return;
    m_ownLocks.insert(condition, lockId);
    const QString named = ownLockName(info.uniqueName);
    if (named == lock.uniqueName || m_taken.contains(named))
        return;
    m_taken.remove(lock.uniqueName);
    m_taken.insert(named);
    lock.uniqueName = named;
}

std::optional<std::uint32_t> SyncNames::ownLockOf(std::uint32_t condition) const
{
    const auto it = m_ownLocks.constFind(condition);
    return it == m_ownLocks.constEnd() ? std::nullopt : std::optional<std::uint32_t>(*it);
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
