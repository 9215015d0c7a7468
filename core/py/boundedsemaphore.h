#pragma once

#include "py/semaphore.h"

namespace tl {

// Python's threading.BoundedSemaphore: a Semaphore whose release() raises ValueError "Semaphore released too
// many times" rather than go above its initial value.
class BoundedSemaphore final : public Semaphore {
public:
    explicit BoundedSemaphore(int value = 1, const QString& name = QStringLiteral("semaphore"))
        : Semaphore(SyncType::BoundedSemaphore, value, name, "BoundedSemaphore()")
    {
    }
};

} // namespace tl
