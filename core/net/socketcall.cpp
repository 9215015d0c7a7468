#include "net/socketcall.h"

#include "engine/runcontext.h"
#include "py/currentthread.h"
#include "py/resourceerrors.h"

#include <poll.h>

#include <cerrno>
#include <system_error>

namespace tl {

namespace {

// After a daemon cut the interrupt eventfd stays readable, so a lane that need not unwind polls its
// socket alone, in slices, to notice a later requestStop().
constexpr int kSliceMs = 50;

const char* opName(SocketOp op)
{
    switch (op) {
    case SocketOp::Accept:
        return "socket.accept()";
    case SocketOp::Recv:
        return "socket.recv()";
    case SocketOp::Send:
        return "socket.sendall()";
    case SocketOp::Connect:
        return "socket.create_connection()";
    }
    return "socket";
}

} // namespace

OSError osError(int error)
{
    const std::string text = std::error_code(error, std::generic_category()).message();
    OSError raised(QStringLiteral("[Errno %1] %2").arg(error).arg(QString::fromLocal8Bit(text.c_str())));
    noteDescriptorShortage(error, QStringLiteral("OSError: ") + raised.message());
    return raised;
}

SocketCall::SocketCall(SocketOp op, std::uint32_t connection)
    : m_self(requireCurrentThread(opName(op)))
    , m_op(op)
    , m_connection(connection)
{
    m_self.run.events().emitChecked(m_self, EventKind::SocketBegin, m_connection, 0, 0,
                                    static_cast<std::uint8_t>(m_op));
}

SocketCall::~SocketCall()
{
    if (m_ended)
        return;
    // An OSError is leaving the call. Read the time before the unwind test, as emitChecked does, so that
    // an event of a lane that unwinds later still precedes the stop moment.
    RunContext& run = m_self.run;
    const std::int64_t ts = run.clock().nowNs();
    if (!run.interrupts().unwindReason(m_self))
        run.events().emitAt(m_self, ts, EventKind::SocketEnd, m_connection, 0, 0, static_cast<std::uint8_t>(m_op));
}

void SocketCall::end(std::uint32_t bytes, std::uint32_t connection)
{
    m_ended = true;
    m_self.run.events().emitChecked(m_self, EventKind::SocketEnd, connection, 0, bytes,
                                    static_cast<std::uint8_t>(m_op));
}

void SocketCall::waitFor(int fd, short events)
{
    RunContext& run = m_self.run;
    VirtualClock& clock = run.clock();
    bool interruptArmed = run.interrupts().interruptFd() >= 0;
    for (;;) {
        pollfd fds[2] = {{fd, events, 0}, {run.interrupts().interruptFd(), POLLIN, 0}};
        // Blocked for the clock while it polls: if every other thread waits too, and this socket has
        // nothing, the clock may jump; data arriving ends the poll, and with it any jump in progress.
        clock.blockOnSocket(m_self.slot, fd, events);
        const int ready = ::poll(fds, interruptArmed ? 2 : 1, interruptArmed ? -1 : kSliceMs);
        const int error = errno;
        clock.resume(m_self.slot);
        if (ready < 0) {
            if (error == EINTR)
                continue;
            throw osError(error);
        }
        if (fds[0].revents != 0)
            return;
        if (!interruptArmed || fds[1].revents != 0) {
            run.interrupts().throwIfUnwinding(m_self);
            // Interrupted, but not for this lane (a non-daemon thread when the daemons are cut).
            interruptArmed = false;
        }
    }
}

} // namespace tl
