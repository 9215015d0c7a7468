#pragma once

#include "py/syncprimitive.h"
#include "py/waiterlist.h"

#include <QString>

#include <optional>

namespace tl {

// Python's threading.Event (Lib/threading.py; named so beside the trace's Event): a flag that wait() waits
// for. set() wakes every waiter; a woken wait returns true even if the flag was cleared again before it ran,
// as CPython's does (it returns what its Condition.wait returned).
//
// Thread affinity: any engine thread of the run that created it.
class ThreadingEvent final : public SyncPrimitive {
public:
    explicit ThreadingEvent(const QString& name = QStringLiteral("event"));

    bool isSet() const;
    void set();
    void clear();
    // True once set; false when the timeout (scenario seconds; empty: none; 0 or less: no wait) passed.
    bool wait(std::optional<double> timeout = std::nullopt);

private:
    bool m_flag = false;
    WaiterList m_waiters;
};

} // namespace tl
