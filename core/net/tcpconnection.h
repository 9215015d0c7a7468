#pragma once

#include <QByteArray>

#include <cstdint>
#include <memory>

namespace tl {

// A connected TCP socket on 127.0.0.1, as Python's socket object from socket.create_connection() or
// server.accept(). Every call that may block is a state on the caller's lane (see SocketCall): connect,
// recv, send. Errors are OSError with CPython's text.
//
// The descriptor is non-blocking and close-on-exec; the object closes it when destroyed (Python's `with
// conn:`). Shared ownership, because a connection is handed from thread to thread like a Python object
// (through a Queue, into a pool task).
//
// Thread affinity: one engine thread at a time; close() must not race a call blocked on another thread.
class TcpConnection {
public:
    enum class RecvFlags { None, WaitAll }; // WaitAll: Python's socket.MSG_WAITALL

    // socket.create_connection(("127.0.0.1", port)): blocks until connected. OSError when refused.
    static std::shared_ptr<TcpConnection> connect(std::uint16_t port);
    // Takes ownership of a connected descriptor (TcpListener::accept). `id` is its connection id.
    TcpConnection(int fd, std::uint32_t id);
    ~TcpConnection();
    TcpConnection(const TcpConnection&) = delete;
    TcpConnection& operator=(const TcpConnection&) = delete;

    // Up to `bufsize` bytes (all of them with WaitAll, unless the peer closes first); b"" once the peer
    // has closed. ValueError for a negative size.
    QByteArray recv(qsizetype bufsize, RecvFlags flags = RecvFlags::None);
    // Sends every byte, waiting for room as needed. OSError (EPIPE, ECONNRESET) if the peer has gone.
    void sendall(const QByteArray& data);
    // Idempotent. Calls after close raise OSError "[Errno 9] Bad file descriptor", as in Python.
    void close();

    // The run-wide connection id its socket events carry.
    std::uint32_t id() const { return m_id; }
    bool isClosed() const { return m_fd < 0; }
    // getsockname()[1] and getpeername()[1]; 0 once closed.
    std::uint16_t localPort() const;
    std::uint16_t peerPort() const;

private:
    int checkedFd() const;

    int m_fd;
    const std::uint32_t m_id;
};

} // namespace tl
