#include "net/tcplistener.h"
#include "py/pythonapi.h"
#include "py/queue.h"
#include "py/thread.h"
#include "scenarios/echoclients.h"
#include "scenarios/scenarios.h"

#include <memory>

namespace tl::scenarios {

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
    };
    for (ParameterSpec& spec : EchoClients::parameters())
        s.parameters.push_back(std::move(spec));
    s.main = [](const ParameterValues& values) {
        const int workers = values.toInt(QStringLiteral("workers"));
        const EchoClients clients = EchoClients::fromValues(values, 22, 41);

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

        atLine(33);
        TcpListener server;
        atLine(35);
        // Shared, as the listing's global: the daemon workers still wait on it after main's code has ended.
        auto q = std::make_shared<Queue<Connection>>(0, QStringLiteral("q"));
        for (int w = 0; w < workers; ++w) {
            atLine(37);
            Thread::create([handle, q] { handle(q); }, {.targetName = QStringLiteral("handle"), .daemon = true})
                ->start();
        }

        atLine(39);
        clients.acceptAll(server, [&q](const Connection& conn) { q->put(conn); });
        atLine(48);
        q->join();
        atLine(49);
        print(QStringLiteral("main: %1 clients served by %2 workers").arg(clients.clients).arg(workers));
    };
    return s;
}

} // namespace tl::scenarios
