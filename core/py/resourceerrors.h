#pragma once

#include "py/errors.h"

namespace tl {

class ThreadState;

// CPython's RuntimeError "can't start new thread", for `caller` to raise when the system would not give
// an OS thread. Also reports the shortage to the run, which is then stopped (see ResourceShortage).
RuntimeError noThreadError(ThreadState& caller);

// Reports to the calling engine thread's run that the system refused it a file descriptor, when `error`
// (an errno) says so; the OSError it raises is the caller's own.
void noteDescriptorShortage(int error, const QString& pythonError);

} // namespace tl
