#include "net/tcplistener.h"
#include "py/pythonapi.h"
#include "py/threadpoolexecutor.h"
#include "scenarios/echoclients.h"
#include "scenarios/scenarios.h"

namespace tl::scenarios {

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
    };
    for (ParameterSpec& spec : EchoClients::parameters())
        s.parameters.push_back(std::move(spec));
    s.main = [](const ParameterValues& values) {
        const int workers = values.toInt(QStringLiteral("workers"));
        const EchoClients clients = EchoClients::fromValues(values, 19, 35);

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

        atLine(30);
        TcpListener server;
        atLine(32);
        {
            atLine(33);
            ThreadPoolExecutor pool(workers);
            clients.acceptAll(server, [&pool, &handle](const Connection& conn) {
                pool.submit(
                    [handle, conn] {
                        handle(conn);
                        return QVariant();
                    },
                    QStringLiteral("handle"));
            });
            // Leaving the with block.
            atLine(33);
            pool.shutdown(true);
        }
        atLine(42);
        print(QStringLiteral("main: %1 clients served by %2 pool threads").arg(clients.clients).arg(workers));
    };
    return s;
}

} // namespace tl::scenarios
