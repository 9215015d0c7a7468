#pragma once

#include "py/lockbase.h"

namespace tl {

// Python's threading.RLock: reentrant; only the owner releases it, once per acquire.
class RLock final : public LockBase {
public:
    explicit RLock(const QString& name = QStringLiteral("rlock"))
        : LockBase(SyncType::RLock, true, "RLock()")
    {
        announce(name);
    }
};

} // namespace tl
