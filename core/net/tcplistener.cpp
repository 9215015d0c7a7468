#include "net/tcplistener.h"

#include "engine/runcontext.h"
#include "net/socketcall.h"
#include "net/tcpconnection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace tl {

TcpListener::TcpListener(std::uint16_t port)
{
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0)
        throw osError(errno);
    const int on = 1;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::setsockopt(m_fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
        ::bind(m_fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(m_fd, SOMAXCONN) != 0 || ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        const int error = errno;
        close();
        throw osError(error);
    }
    m_port = ntohs(address.sin_port);
}

TcpListener::~TcpListener()
{
    close();
}

void TcpListener::close()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

std::shared_ptr<TcpConnection> TcpListener::accept()
{
    if (m_fd < 0)
        throw osError(EBADF);
    SocketCall call(SocketOp::Accept, 0);
    for (;;) {
        const int fd = ::accept4(m_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0) {
            auto connection = std::make_shared<TcpConnection>(fd, call.self().run.threads().nextConnectionId());
            call.end(0, connection->id());
            return connection;
        }
        // A client that gave up before we took it (ECONNABORTED) is skipped, as the kernel may report it.
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            call.waitFor(m_fd, POLLIN);
        else if (errno != EINTR && errno != ECONNABORTED)
            throw osError(errno);
    }
}

} // namespace tl
