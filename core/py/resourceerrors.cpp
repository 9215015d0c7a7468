#include "py/resourceerrors.h"

#include "engine/runcontext.h"

#include <cerrno>

namespace tl {

RuntimeError noThreadError(ThreadState& caller)
{
    RuntimeError error(QStringLiteral("can't start new thread"));
    caller.run.shortage().report(caller.lane, QStringLiteral("a thread"),
                                 QStringLiteral("RuntimeError: can't start new thread"));
    return error;
}

void noteDescriptorShortage(int error, const QString& pythonError)
{
    if (error != EMFILE && error != ENFILE)
        return;
    if (ThreadState* self = currentThreadState())
        self->run.shortage().report(self->lane, QStringLiteral("a file descriptor"), pythonError);
}

} // namespace tl
