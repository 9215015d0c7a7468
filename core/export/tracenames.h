#pragma once

#include "trace/tracestore.h"

#include <QHash>
#include <QString>

#include <cstdint>

namespace tl {

// The names the exports give to what events refer to by id: lanes (thread names), queues and pool tasks.
//
// Queue names are made unique: Python code may create two queues both named "queue"; the second and
// later ones become "queue#2", "queue#3", ... in the store's order, so that counters and instants of
// different queues never merge in a viewer. A lane with no ThreadCreated event (lost in a lossy run) is
// called "lane-N".
//
// Built once from a store; it does not follow later appends. Thread affinity: the store's owner thread.
class TraceNames {
public:
    explicit TraceNames(const TraceStore& store);

    QString lane(LaneId id) const;
    QString queue(std::uint32_t id) const;
    QString task(std::uint32_t id) const;

private:
    const TraceStore& m_store;
    QHash<std::uint32_t, QString> m_queues;
    QHash<std::uint32_t, StringId> m_tasks;
};

} // namespace tl
