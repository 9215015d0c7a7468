#pragma once

#include "engine/threadstate.h"

namespace tl {

// The calling engine thread's state, for a Python API call named `what`; RuntimeError when called
// outside a run.
ThreadState& requireCurrentThread(const char* what);

} // namespace tl
