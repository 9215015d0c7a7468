#include "pythonapi.h"
#include "queue.h"
#include "scenarios.h"
#include "tcpconnection.h"
#include "tcplistener.h"
#include "thread.h"

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

Scenario poolQueue()
{
    Scenario s;
    s.id = QStringLiteral("pool-queue");
    s.title = QStringLiteral("An echo server: a Queue and a pool of daemon workers");
    s.summary = QStringLiteral("Main accepts connections and puts them on a Queue; daemon workers get, echo "
                               "until the client closes, and task_done.");
    s.explanation = QStringLiteral(
        "A server that starts a thread per connection does not scale to thousands of clients; a fixed pool of "
        "worker threads does. Here a real TCP echo server listens on 127.0.0.1 (port 0 lets the system pick a "
        "free port). The main thread accepts each connection and puts it on a queue.Queue; the worker threads "
        "get a connection, read and send back whatever arrives until the client closes, then call "
        "task_done(). Each client thread connects, sends its messages, checks every echo and closes. With "
        "more clients than workers the extra connections wait in the queue, their clients sitting in recv() "
        "with nobody serving them yet. accept(), recv() and send() are waits of their own on the timeline. "
        "Main joins the clients, then q.join(); the workers loop forever, so they are daemons, cut at exit "
        "while blocked in get().");
    s.parameters = {
        {QStringLiteral("workers"), QStringLiteral("Workers"), ParameterSpec::Type::Int, 8, 1, 1000,
         QStringLiteral("Daemon worker threads serving connections (WORKERS in the listing)")},
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

        auto handle = [](const std::shared_ptr<Queue<Connection>>& q) {
            for (;;) {
                atLine(14);
                Connection conn = q->get();
                atLine(16);
                QByteArray data;
                while (!(data = conn->recv(1024)).isEmpty()) {
                    atLine(17);
                    conn->sendall(data);
                    atLine(16);
                }
                conn->close();
                atLine(18);
                q->taskDone();
            }
        };
        auto client = [messages, think](std::uint16_t port, int n) {
            atLine(22);
            Connection s = TcpConnection::connect(port);
            for (int i = 0; i < messages; ++i) {
                atLine(24);
                const QByteArray msg = QStringLiteral("client %1 message %2").arg(n).arg(i).toUtf8();
                atLine(25);
                s->sendall(msg);
                atLine(26);
                const QByteArray echo = s->recv(msg.size(), TcpConnection::RecvFlags::WaitAll);
                atLine(27);
                if (echo != msg) {
                    atLine(28);
                    throw RuntimeError(QStringLiteral("expected %1, got %2").arg(bytesRepr(msg), bytesRepr(echo)));
                }
                atLine(29);
                sleep(think);
            }
            s->close();
            atLine(30);
            print(QStringLiteral("client %1: %2 echoes ok").arg(n).arg(messages));
        };

        atLine(33);
        TcpListener server;
        atLine(34);
        const std::uint16_t port = server.port();
        atLine(35);
        // Shared, as the listing's global: the daemon workers still wait on it after main's code has ended.
        auto q = std::make_shared<Queue<Connection>>(0, QStringLiteral("q"));
        for (int w = 0; w < workers; ++w) {
            atLine(37);
            Thread::create([handle, q] { handle(q); }, {.targetName = QStringLiteral("handle"), .daemon = true})
                ->start();
        }

        atLine(39);
        std::vector<std::shared_ptr<Thread>> clientThreads;
        for (int n = 0; n < clients; ++n) {
            atLine(41);
            auto c = Thread::create([client, port, n] { client(port, n); }, {.targetName = QStringLiteral("client")});
            atLine(42);
            c->start();
            atLine(43);
            clientThreads.push_back(c);
            // Accepting as the clients come keeps the backlog short, however many clients there are.
            atLine(44);
            Connection conn = server.accept();
            atLine(45);
            q->put(conn);
        }
        for (const auto& c : clientThreads) {
            atLine(47);
            c->join();
        }
        atLine(48);
        q->join();
        atLine(49);
        print(QStringLiteral("main: %1 clients served by %2 workers").arg(clients).arg(workers));
    };
    return s;
}

} // namespace tl::scenarios
