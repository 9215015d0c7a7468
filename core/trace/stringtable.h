#pragma once

#include "trace/event.h"

#include <QHash>
#include <QString>

#include <deque>
#include <mutex>

namespace tl {

// Interns the strings events refer to (thread names, printed text, error messages), so that an event
// carries a 4-byte id instead of a copy. Id 0 is the empty string.
//
// Thread affinity: any thread. Interning takes a lock; it happens when a thread or queue is created, on
// print and on error, never on the put/get/sleep paths.
class StringTable {
public:
    StringTable();

    StringId intern(const QString& text);
    QString text(StringId id) const;
    std::size_t size() const;

private:
    mutable std::mutex m_mutex;
    std::deque<QString> m_strings;
    QHash<QString, StringId> m_ids;
};

} // namespace tl
