#pragma once

#include "base/result.h"

#include <cstdint>
#include <limits>

namespace tl {

// The process's limits on open file descriptors (RLIMIT_NOFILE).
struct OpenFileLimit {
    static constexpr std::uint64_t kUnlimited = std::numeric_limits<std::uint64_t>::max(); // RLIM_INFINITY
    std::uint64_t soft = 0;
    std::uint64_t hard = 0;
};

// Raises the soft RLIMIT_NOFILE to the hard limit and returns the limits then in force. The pool lessons
// hold two descriptors per client (its end and the server's), so 5000 clients need about 10,000, far
// past the common default soft limit of 1024. The hard limit is never changed. Failing is not fatal:
// the limits stay as they were and the error says why.
// Thread affinity: any thread; call it at start, before sockets are opened.
Result<OpenFileLimit> raiseOpenFileLimit();

// The limits in force before the first raiseOpenFileLimit() (those now, if it never ran): what a program Threadline
// runs (a Python script) gets back, so that it opens as many files as it would on its own.
// Thread affinity: any thread.
OpenFileLimit openFileLimitAtStart();

} // namespace tl
