#include "py/boundedsemaphore.h"
#include "py/pythonapi.h"
#include "py/thread.h"
#include "scenarios/scenarios.h"

#include <mutex>

namespace tl::scenarios {

Scenario semaphore()
{
    Scenario s;
    s.id = QStringLiteral("semaphore");
    s.title = QStringLiteral("A Semaphore: ten workers, three connections");
    s.summary = QStringLiteral("A BoundedSemaphore lets three workers in at a time; the others wait their turn.");
    s.explanation = QStringLiteral(
        "A semaphore counts free places. acquire() takes one, or blocks while there is none; release() gives "
        "one back and wakes a waiter. Here ten workers share three database connections: three query at "
        "once, the other seven block in acquire, and each release lets the next one in, in waves. A "
        "BoundedSemaphore also catches a release without an acquire, which would make a fourth connection "
        "out of nothing: it raises ValueError, 'Semaphore released too many times'. Who gets in at each "
        "release is the scheduler's choice, not the order of arrival.");
    s.parameters = {
        {QStringLiteral("workers"), QStringLiteral("Workers"), ParameterSpec::Type::Int, 10, 1, 1000,
         QStringLiteral("How many threads want a connection (WORKERS in the listing)")},
        {QStringLiteral("connections"), QStringLiteral("Connections"), ParameterSpec::Type::Int, 3, 1, 1000,
         QStringLiteral("How many may use one at once: the semaphore's value (CONNECTIONS in the listing)")},
        {QStringLiteral("query_seconds"), QStringLiteral("Query"), ParameterSpec::Type::Double, 0.5, 0.0, 600.0,
         QStringLiteral("Seconds each worker holds its connection (QUERY_SECONDS in the listing)")},
    };
    s.main = [](const ParameterValues& values) {
        const int workerCount = values.toInt(QStringLiteral("workers"));
        const int connectionCount = values.toInt(QStringLiteral("connections"));
        const double querySeconds = values.toDouble(QStringLiteral("query_seconds"));
        atLine(8);
        // Owned by the threads too: a stop unwinds main, and its locals, while they may still unwind.
        auto connections = std::make_shared<BoundedSemaphore>(connectionCount, QStringLiteral("connections"));
        std::vector<std::shared_ptr<Thread>> workers;
        for (int n = 0; n < workerCount; ++n) {
            atLine(16);
            workers.push_back(Thread::create(
                [connections, querySeconds] {
                    atLine(12);
                    std::lock_guard held(*connections);
                    atLine(13);
                    sleep(querySeconds);
                    atLine(12);
                },
                {.targetName = QStringLiteral("query")}));
        }
        for (const auto& w : workers) {
            atLine(18);
            w->start();
        }
        for (const auto& w : workers) {
            atLine(20);
            w->join();
        }
        atLine(21);
        print(QStringLiteral("all queries done"));
    };
    return s;
}

} // namespace tl::scenarios
