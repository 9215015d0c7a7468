#pragma once

#include "net/tcpconnection.h"
#include "scenarios/parameter.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace tl {
class TcpListener;

// A connection on a lesson's queue is a socket.socket in the listing: so it reads on the put and the get (Queue<T>).
inline QString pythonRepr(const std::shared_ptr<TcpConnection>& /*connection*/)
{
    return QStringLiteral("<socket>");
}
}

namespace tl::scenarios {

using Connection = std::shared_ptr<TcpConnection>;

// The client side of the echo-server lessons (pool-queue, pool-executor) and main's loop that starts and
// accepts the clients. Both listings hold the same Python text for client(port, n) and for that loop; only
// the server side differs (q.put(conn) or pool.submit(handle, conn)). The text stands at different lines in
// each listing, so the lesson names where each block starts and the lines inside follow in order.
//
// A value type; acceptAll() runs on main's engine thread, each client on its own engine thread.
struct EchoClients {
    int clients = 0;
    int messages = 0;
    double think = 0;
    int clientLine = 0; // `with socket.create_connection(...) as s:`, the first line of client()'s body
    int loopLine = 0;   // `c = threading.Thread(target=client, ...)`, the first line of main's loop body

    // The CLIENTS, MESSAGES and THINK parameters, in the listings' order.
    static std::vector<ParameterSpec> parameters();
    static EchoClients fromValues(const ParameterValues& values, int clientLine, int loopLine);

    // Main's loop: starts each client thread, accepts its connection as it comes and hands it to `serve`,
    // then joins every client. Accepting as the clients come keeps the backlog short, however many there are.
    void acceptAll(TcpListener& server, const std::function<void(const Connection&)>& serve) const;

    // client(port, n): connects, sends each message and checks its echo (RuntimeError if one differs),
    // thinks after each, closes and prints.
    void runClient(std::uint16_t port, int n) const;
};

} // namespace tl::scenarios
