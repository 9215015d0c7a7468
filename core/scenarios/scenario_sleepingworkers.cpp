#include "py/pythonapi.h"
#include "py/thread.h"
#include "scenarios/scenarios.h"

namespace tl::scenarios {

Scenario sleepingWorkers()
{
    Scenario s;
    s.id = QStringLiteral("sleeping-workers");
    s.title = QStringLiteral("Python waits for its threads at exit");
    s.summary = QStringLiteral("Workers sleep; main never joins them, yet the program waits for them at exit.");
    s.explanation = QStringLiteral(
        "The main thread starts a few workers and never joins them: its own code ends at once. The program "
        "does not end there, though. At exit Python joins every thread that is not a daemon, so the main "
        "thread's lane shows an exit-wait that lasts until the last worker has woken up and printed. A "
        "thread you forget to join still keeps the program alive; only daemon threads do not.");
    s.parameters = {
        {QStringLiteral("workers"), QStringLiteral("Workers"), ParameterSpec::Type::Int, 5, 1, 1000,
         QStringLiteral("How many worker threads main starts (WORKERS in the listing)")},
        {QStringLiteral("seconds"), QStringLiteral("Sleep"), ParameterSpec::Type::Double, 10.0, 0.0, 600.0,
         QStringLiteral("How long each worker sleeps, in seconds (SECONDS in the listing)")},
    };
    s.main = [](const ParameterValues& values) {
        const int workers = values.toInt(QStringLiteral("workers"));
        const double seconds = values.toDouble(QStringLiteral("seconds"));
        for (int n = 0; n < workers; ++n) {
            atLine(15);
            // Nothing keeps the Thread but its own running body, as in the listing.
            Thread::create(
                [n, seconds] {
                    atLine(9);
                    print(QStringLiteral("worker %1: going to sleep").arg(n));
                    atLine(10);
                    sleep(seconds);
                    atLine(11);
                    print(QStringLiteral("worker %1: awake").arg(n));
                },
                {.targetName = QStringLiteral("worker")})
                ->start();
        }
        atLine(16);
        print(QStringLiteral("main: my code ends here; Python waits for the workers at exit"));
    };
    return s;
}

} // namespace tl::scenarios
