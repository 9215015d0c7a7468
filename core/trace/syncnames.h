#pragma once

#include "trace/event.h"

#include <QHash>
#include <QSet>
#include <QString>

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace tl {

// The synchronization primitives of a trace (locks, conditions, semaphores, events, barriers) as their
// SyncCreated events name them. Names are unique in the run as queues' are: the second "lock" is "lock#2",
// so that an event list, a tooltip or a CSV row never leaves two primitives with one name.
//
// Thread affinity: the store's owner thread.
class SyncNames {
public:
    struct Info {
        QString name;       // as created
        QString uniqueName; // as shown and exported
        SyncType type = SyncType::Lock;
        std::int64_t createdTs = 0; // its SyncCreated event's time and lane, which an export keeps
        LaneId lane = 0;
    };

    // The name of the lock a Condition makes for itself, after the condition's ("changed's lock"): the engine's
    // Condition and the CPython tracer (conditions.py) name it so, and a deadlock's words say it so.
    static QString ownLockName(const QString& condition);

    // A condition's own lock is created just before it, on its lane, and is named after it once it comes: the
    // second "cond" is "cond#2", its lock "cond#2's lock" (not "cond's lock#2"), unless that name is taken.
    void created(std::uint32_t id, const QString& name, SyncType type, std::int64_t ts = 0, LaneId lane = 0);
    const Info* find(std::uint32_t id) const;
    // The unique name; "primitive@N" for an id with no SyncCreated.
    QString name(std::uint32_t id) const;
    // The lock a condition made for itself, if it did (paired as they were created, on one lane).
    std::optional<std::uint32_t> ownLockOf(std::uint32_t condition) const;
    // Every primitive's id, in creation order (as their SyncCreated events arrived).
    const std::vector<std::uint32_t>& ids() const { return m_order; }

private:
    QString freeName(const QString& name, int uses) const; // name, else name#uses, #uses+1, ... not yet given
    void pairWithOwnLock(std::uint32_t condition, const Info& info);

    std::unordered_map<std::uint32_t, Info> m_byId;
    std::vector<std::uint32_t> m_order;
    QHash<QString, int> m_uses;
    QSet<QString> m_taken;                          // every unique name given
    QHash<LaneId, std::uint32_t> m_unpairedOwnLock; // per lane, a lock named as a condition's own, before it
    QHash<std::uint32_t, std::uint32_t> m_ownLocks; // condition -> its own lock
};

} // namespace tl
