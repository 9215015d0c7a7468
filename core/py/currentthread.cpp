#include "py/currentthread.h"

#include "py/errors.h"

namespace tl {

ThreadState& requireCurrentThread(const char* what)
{
    ThreadState* self = currentThreadState();
    if (self == nullptr)
        throw RuntimeError(QStringLiteral("%1 called outside a Threadline run").arg(QLatin1String(what)));
    return *self;
}

} // namespace tl
