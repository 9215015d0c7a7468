#pragma once

#include <cstdint>
#include <memory>

namespace tl {

class TcpConnection;

// A listening TCP socket on 127.0.0.1, as Python's socket.create_server(("127.0.0.1", port)): bound
// (port 0 picks a free port; SO_REUSEADDR as CPython sets it on POSIX) and listening with a SOMAXCONN
// backlog. Only the loopback address, never any other. accept() is a state on the caller's lane with
// connection id 0 (a listener); its end names the new connection's id.
//
// The descriptor is non-blocking and close-on-exec; the destructor closes it.
//
// Thread affinity: one engine thread at a time may accept(); construction needs no run.
class TcpListener {
public:
    // OSError if the socket cannot be created, bound or put to listen (e.g. the port is in use).
    explicit TcpListener(std::uint16_t port = 0);
    ~TcpListener();
    TcpListener(const TcpListener&) = delete;
    TcpListener& operator=(const TcpListener&) = delete;

    // Blocks until a client connects; the new connection gets the run's next connection id.
    // OSError "[Errno 9] Bad file descriptor" once closed.
    std::shared_ptr<TcpConnection> accept();
    // getsockname()[1]: the port clients connect to.
    std::uint16_t port() const { return m_port; }
    void close();

private:
    int m_fd = -1;
    std::uint16_t m_port = 0;
};

} // namespace tl
