#include "pythonapi.h"
#include "scenarios.h"
#include "tcpconnection.h"
#include "tcplistener.h"
#include "thread.h"
#include "threadpoolexecutor.h"

#include <memory>
#include <vector>

namespace tl::scenarios {

namespace {

using Connection = std::shared_ptr<TcpConnection>;

// Python's repr() of a bytes value, for the echo check's message.
QString bytesRepr(const QByteArray& bytes)
{
    return QStringLiteral("b'%1'").arg(QString::fromLatin1(bytes));
}

} // namespace

Scenario poolExecutor()
{
    Scenario s;
    s.id = QStringLiteral("pool-executor");
    s.title = QStringLiteral("An echo server on a ThreadPoolExecutor");
    s.summary = QStringLiteral("Main accepts connections and submits handle(conn) to a ThreadPoolExecutor; "
                               "leaving the with block waits for every task.");
    s.explanation = QStringLiteral(
        "concurrent.futures.ThreadPoolExecutor packages the queue-and-workers pattern: submit() puts a call "
        "on the pool's own work queue, and the pool starts threads as work arrives, up to max_workers, named "
        "ThreadPoolExecutor-0_0, ThreadPoolExecutor-0_1, and so on. This echo server on 127.0.0.1 accepts "
        "each connection in the main thread and submits handle(conn); a free pool thread runs it, reading "
        "and sending back until the client closes. With more clients than pool threads the extra tasks wait "
        "their turn inside the pool, their clients blocked in recv(). Leaving the with block calls "
        "shutdown(wait=True): it waits for every submitted task and joins the pool threads, so unlike daemon "
        "workers they end cleanly and nothing is cut at exit.");
    s.parameters = {
        {QStringLiteral("workers"), QStringLiteral("Pool threads"), ParameterSpec::Type::Int, 8, 1, 1000,
         QStringLiteral("max_workers of the pool (WORKERS in the listing)")},
        {QStringLiteral("clients"), QStringLiteral("Clients"), ParameterSpec::Type::Int, 12, 1, 5000,
         QStringLiteral("Client threads, one connection each (CLIENTS in the listing)")},
        {QStringLiteral("messages"), QStringLiteral("Messages"), ParameterSpec::Type::Int, 3, 1, 1000,
         QStringLiteral("Messages each client sends and checks (MESSAGES in the listing)")},
        {QStringLiteral("think"), QStringLiteral("Think time"), ParameterSpec::Type::Double, 0.2, 0.0, 10.0,
         QStringLiteral("Seconds a client waits after each echo (THINK in the listing)")},
    };
    s.main = [](const ParameterValues& values) {
        const int workers = values.toInt(QStringLiteral("workers"));
        const int clients = values.toInt(QStringLiteral("clients"));
        const int messages = values.toInt(QStringLiteral("messages"));
        const double think = values.toDouble(QStringLiteral("think"));

        auto handle = [](const Connection& conn) {
            atLine(14);
            QByteArray data;
            while (!(data = conn->recv(1024)).isEmpty()) {
                atLine(15);
                conn->sendall(data);
                atLine(14);
            }
            conn->close();
        };
        auto client = [messages, think](std::uint16_t port, int n) {
            atLine(19);
            Connection s = TcpConnection::connect(port);
            for (int i = 0; i < messages; ++i) {
                atLine(21);
                const QByteArray msg = QStringLiteral("client %1 message %2").arg(n).arg(i).toUtf8();
                atLine(22);
                s->sendall(msg);
                atLine(23);
                const QByteArray echo = s->recv(msg.size(), TcpConnection::RecvFlags::WaitAll);
                atLine(24);
                if (echo != msg) {
                    atLine(25);
                    throw RuntimeError(QStringLiteral("expected %1, got %2").arg(bytesRepr(msg), bytesRepr(echo)));
                }
                atLine(26);
                sleep(think);
            }
            s->close();
            atLine(27);
            print(QStringLiteral("client %1: %2 echoes ok").arg(n).arg(messages));
        };

        atLine(30);
        TcpListener server;
        atLine(31);
        const std::uint16_t port = server.port();
        atLine(32);
        std::vector<std::shared_ptr<Thread>> clientThreads;
        {
            atLine(33);
            ThreadPoolExecutor pool(workers);
            for (int n = 0; n < clients; ++n) {
                atLine(35);
                auto c =
                    Thread::create([client, port, n] { client(port, n); }, {.targetName = QStringLiteral("client")});
                atLine(36);
                c->start();
                atLine(37);
                clientThreads.push_back(c);
                // Accepting as the clients come keeps the backlog short, however many clients there are.
                atLine(38);
                Connection conn = server.accept();
                atLine(39);
                pool.submit(
                    [handle, conn] {
                        handle(conn);
                        return QVariant();
                    },
                    QStringLiteral("handle"));
            }
            for (const auto& c : clientThreads) {
                atLine(41);
                c->join();
            }
            // Leaving the with block.
            atLine(33);
            pool.shutdown(true);
        }
        atLine(42);
        print(QStringLiteral("main: %1 clients served by %2 pool threads").arg(clients).arg(workers));
    };
    return s;
}

} // namespace tl::scenarios
