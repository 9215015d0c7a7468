#pragma once

#include "engine/threadunwind.h"
#include "py/errors.h"
#include "py/traceback.h"

#include <functional>
#include <optional>

namespace tl {

class ThreadState;

// What escaped a piece of Python code (a thread's run(), the main function, a pool task), said once for
// every place that runs such code: either a Python error, or an unwind, which is no error.
struct Escape {
    std::optional<PyException> error;            // to report (threads, main) or to store (a pool task's future)
    std::optional<ThreadUnwind::Reason> unwound; // the lane must end: the run stopped or cut the daemons
    bool clean() const { return !error && !unwound; }
};

// Runs `body` and catches whatever leaves it, translated as Python would see it: a PyException as itself,
// any other std::exception as Python's `Exception` with its what(), and anything else (`throw 42;`) as
// unknownCppException(): left to escape an engine thread, it would reach std::terminate and end the process.
// Thread affinity: any engine thread.
Escape catchEscaping(const std::function<void()>& body);

// threading.excepthook (site Thread) or sys.excepthook (site Main) for an error that escaped `self`'s code:
// an Error event on its lane, and CPython's report on stderr when the run echoes, with the listing's frame
// at `self`'s line. Throws ThreadUnwind (and emits nothing) when `self` must unwind.
// Thread affinity: the engine thread that owns `self`.
void reportUncaught(ThreadState& self, const PyException& error, ErrorSite site = ErrorSite::Thread);

} // namespace tl
