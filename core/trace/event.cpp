#include "trace/event.h"

#include <array>

namespace tl {

namespace {
constexpr std::array<std::string_view, static_cast<std::size_t>(EventKind::Count_)> kNames = {
    "thread-created",  "start",         "run-begin",      "run-end",
    "sleep-begin",     "sleep-end",     "put-blocked",    "put",
    "get-blocked",     "get",           "task_done",      "queue-join-begin",
    "queue-join-end",  "join-begin",    "join-end",       "exit-wait-begin",
    "exit-wait-end",   "exit",          "daemon-stopped", "stopped",
    "print",           "error",         "queue-created",  "pool-submit",
    "pool-task-begin", "pool-task-end", "socket-begin",   "socket-end",
};
} // namespace

std::string_view eventKindName(EventKind kind)
{
    const auto i = static_cast<std::size_t>(kind);
    return i < kNames.size() ? kNames[i] : std::string_view("unknown");
}

bool eventKindFromName(std::string_view name, EventKind& kind)
{
    for (std::size_t i = 0; i < kNames.size(); ++i) {
        if (kNames[i] == name) {
            kind = static_cast<EventKind>(i);
            return true;
        }
    }
    return false;
}

std::string_view socketOpName(SocketOp op)
{
    switch (op) {
    case SocketOp::Accept:
        return "accept";
    case SocketOp::Recv:
        return "recv";
    case SocketOp::Send:
        return "send";
    case SocketOp::Connect:
        return "connect";
    }
    return "socket";
}

} // namespace tl
