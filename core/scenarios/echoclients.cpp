#include "scenarios/echoclients.h"

#include "net/tcplistener.h"
#include "py/errors.h"
#include "py/pythonapi.h"
#include "py/thread.h"

namespace tl::scenarios {

namespace {

// Python's repr() of a bytes value, for the echo check's message.
QString bytesRepr(const QByteArray& bytes)
{
    return QStringLiteral("b'%1'").arg(QString::fromLatin1(bytes));
}

} // namespace

std::vector<ParameterSpec> EchoClients::parameters()
{
    return {
        {QStringLiteral("clients"), QStringLiteral("Clients"), ParameterSpec::Type::Int, 12, 1, 5000,
         QStringLiteral("Client threads, one connection each (CLIENTS in the listing)")},
        {QStringLiteral("messages"), QStringLiteral("Messages"), ParameterSpec::Type::Int, 3, 1, 1000,
         QStringLiteral("Messages each client sends and checks (MESSAGES in the listing)")},
        {QStringLiteral("think"), QStringLiteral("Think time"), ParameterSpec::Type::Double, 0.2, 0.0, 10.0,
         QStringLiteral("Seconds a client waits after each echo (THINK in the listing)")},
    };
}

EchoClients EchoClients::fromValues(const ParameterValues& values, int clientLine, int loopLine)
{
    return {values.toInt(QStringLiteral("clients")), values.toInt(QStringLiteral("messages")),
            values.toDouble(QStringLiteral("think")), clientLine, loopLine};
}

void EchoClients::acceptAll(TcpListener& server, const std::function<void(const Connection&)>& serve) const
{
    const std::uint16_t port = server.port();
    std::vector<std::shared_ptr<Thread>> clientThreads;
    for (int n = 0; n < clients; ++n) {
        atLine(loopLine);
        auto c = Thread::create([self = *this, port, n] { self.runClient(port, n); },
                                {.targetName = QStringLiteral("client")});
        atLine(loopLine + 1);
        c->start();
        atLine(loopLine + 2);
        clientThreads.push_back(c);
        atLine(loopLine + 3);
        Connection conn = server.accept();
        atLine(loopLine + 4);
        serve(conn);
    }
    for (const auto& c : clientThreads) {
        atLine(loopLine + 6);
        c->join();
    }
}

void EchoClients::runClient(std::uint16_t port, int n) const
{
    atLine(clientLine);
    Connection s = TcpConnection::connect(port);
    for (int i = 0; i < messages; ++i) {
        atLine(clientLine + 2);
        const QByteArray msg = QStringLiteral("client %1 message %2").arg(n).arg(i).toUtf8();
        atLine(clientLine + 3);
        s->sendall(msg);
        atLine(clientLine + 4);
        const QByteArray echo = s->recv(msg.size(), TcpConnection::RecvFlags::WaitAll);
        atLine(clientLine + 5);
        if (echo != msg) {
            atLine(clientLine + 6);
            throw RuntimeError(QStringLiteral("expected %1, got %2").arg(bytesRepr(msg), bytesRepr(echo)));
        }
        atLine(clientLine + 7);
        sleep(think);
    }
    s->close();
    atLine(clientLine + 8);
    print(QStringLiteral("client %1: %2 echoes ok").arg(n).arg(messages));
}

} // namespace tl::scenarios
