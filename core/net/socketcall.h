#pragma once

#include "py/errors.h"
#include "trace/event.h"

#include <cstdint>

namespace tl {

class ThreadState;

// Python's OSError for an errno value, with CPython's text: "[Errno 111] Connection refused".
OSError osError(int error);

// One blocking socket call (accept, recv, send, connect) as a state on the calling lane.
//
// The constructor emits SocketBegin, end() emits SocketEnd with the bytes moved. If the call leaves by an
// OSError instead, the destructor emits the SocketEnd, so the state is closed before the error reaches
// the scenario. A lane that unwinds (run stopped, daemon cut) emits nothing more: its Stopped or
// DaemonStopped event closes the state.
//
// waitFor() is the only place a socket call blocks. It polls the socket together with the run's
// interrupt eventfd, so requestStop() and a daemon cut wake it at once.
//
// Thread affinity: lives on the stack of the engine thread that makes the call, for that call only.
class SocketCall {
public:
    // Throws RuntimeError outside a run, ThreadUnwind when the lane must unwind.
    SocketCall(SocketOp op, std::uint32_t connection);
    ~SocketCall();
    SocketCall(const SocketCall&) = delete;
    SocketCall& operator=(const SocketCall&) = delete;

    // Blocks until `fd` has one of `events` (POLLIN / POLLOUT) or an error condition; the caller then
    // retries its call, which reports the error. Throws ThreadUnwind when the lane must unwind.
    void waitFor(int fd, short events);
    // Closes the state. `connection` names the connection the call ended with (accept: the new one).
    void end(std::uint32_t bytes, std::uint32_t connection);
    void end(std::uint32_t bytes) { end(bytes, m_connection); }

    ThreadState& self() const { return m_self; }

private:
    ThreadState& m_self;
    const SocketOp m_op;
    const std::uint32_t m_connection;
    bool m_ended = false;
};

} // namespace tl
