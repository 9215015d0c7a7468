#pragma once

#include "py/lockbase.h"

namespace tl {

// Python's threading.Lock: not reentrant, released by any thread. The name labels it in the trace.
class Lock final : public LockBase {
public:
    explicit Lock(const QString& name = QStringLiteral("lock"))
        : LockBase(SyncType::Lock, false, "Lock()")
    {
        announce(name);
    }
    bool locked() const { return lockedNow(); }
};

} // namespace tl
