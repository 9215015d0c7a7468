#pragma once

namespace tl {

// Thrown by a blocking primitive to unwind a thread whose run was stopped, or a daemon cut at exit.
// Deliberately not a std::exception, so that scenario code catching std::exception cannot swallow it.
struct ThreadUnwind {
    enum class Reason { Stopped, DaemonCut } reason;
};

} // namespace tl
