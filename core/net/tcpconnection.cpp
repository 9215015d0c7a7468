#include "net/tcpconnection.h"

#include "engine/runcontext.h"
#include "net/socketcall.h"
#include "py/currentthread.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <limits>

namespace tl {

namespace {

std::uint32_t byteCount(qsizetype bytes)
{
    return static_cast<std::uint32_t>(std::min<qsizetype>(bytes, std::numeric_limits<std::uint32_t>::max()));
}

std::uint16_t portOf(int fd, int (*query)(int, sockaddr*, socklen_t*))
{
    if (fd < 0)
        return 0;
    sockaddr_in address{};
    socklen_t length = sizeof address;
    if (query(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        return 0;
    return ntohs(address.sin_port);
}

} // namespace

std::shared_ptr<TcpConnection> TcpConnection::connect(std::uint16_t port)
{
    ThreadState& self = requireCurrentThread("socket.create_connection()");
    auto connection = std::make_shared<TcpConnection>(-1, self.run.threads().nextConnectionId());
    SocketCall call(SocketOp::Connect, connection->id());
    connection->m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (connection->m_fd < 0)
        throw osError(errno);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int result = ::connect(connection->m_fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
    while (result != 0 && errno == EINTR)
        result = ::connect(connection->m_fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
    if (result != 0) {
        if (errno != EINPROGRESS && errno != EALREADY)
            throw osError(errno);
        call.waitFor(connection->m_fd, POLLOUT);
        int error = 0;
        socklen_t length = sizeof error;
        if (::getsockopt(connection->m_fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0)
            throw osError(errno);
        if (error != 0)
            throw osError(error);
    }
    call.end(0);
    return connection;
}

TcpConnection::TcpConnection(int fd, std::uint32_t id)
    : m_fd(fd)
    , m_id(id)
{
}

TcpConnection::~TcpConnection()
{
    close();
}

void TcpConnection::close()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

int TcpConnection::checkedFd() const
{
    if (m_fd < 0)
        throw osError(EBADF);
    return m_fd;
}

QByteArray TcpConnection::recv(qsizetype bufsize, RecvFlags flags)
{
    if (bufsize < 0)
        throw ValueError(QStringLiteral("negative buffersize in recv"));
    const int fd = checkedFd();
    SocketCall call(SocketOp::Recv, m_id);
    QByteArray data(bufsize, Qt::Uninitialized);
    qsizetype got = 0;
    while (got < bufsize) {
        const ssize_t n = ::recv(fd, data.data() + got, static_cast<std::size_t>(bufsize - got), 0);
        if (n > 0) {
            got += n;
            if (flags != RecvFlags::WaitAll)
                break;
        } else if (n == 0) {
            break; // the peer has closed: b"" (or what arrived before, with WaitAll)
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            call.waitFor(fd, POLLIN);
        } else if (errno != EINTR) {
            throw osError(errno);
        }
    }
    data.truncate(got);
    call.end(byteCount(got));
    return data;
}

void TcpConnection::sendall(const QByteArray& data)
{
    const int fd = checkedFd();
    SocketCall call(SocketOp::Send, m_id);
    qsizetype sent = 0;
    while (sent < data.size()) {
        const ssize_t n =
            ::send(fd, data.constData() + sent, static_cast<std::size_t>(data.size() - sent), MSG_NOSIGNAL);
        if (n >= 0)
            sent += n;
        else if (errno == EAGAIN || errno == EWOULDBLOCK)
            call.waitFor(fd, POLLOUT);
        else if (errno != EINTR)
            throw osError(errno);
    }
    call.end(byteCount(sent));
}

std::uint16_t TcpConnection::localPort() const
{
    return portOf(m_fd, ::getsockname);
}

std::uint16_t TcpConnection::peerPort() const
{
    return portOf(m_fd, ::getpeername);
}

} // namespace tl
