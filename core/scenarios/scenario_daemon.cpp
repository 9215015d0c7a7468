#include "py/pythonapi.h"
#include "py/thread.h"
#include "scenarios/scenarios.h"

namespace tl::scenarios {

Scenario daemon()
{
    Scenario s;
    s.id = QStringLiteral("daemon");
    s.title = QStringLiteral("A daemon thread is cut at exit");
    s.summary = QStringLiteral("A daemon beats every second; main sleeps 3.5 s, ends, and the daemon stops mid-sleep.");
    s.explanation = QStringLiteral(
        "A daemon thread does not keep the program alive. Here a heartbeat thread loops forever, sleeping "
        "and printing; the main thread sleeps a while and its code ends. Python waits at exit only for "
        "threads that are not daemons, so it ends at once and the daemon is stopped wherever it is, here in "
        "the middle of a sleep: no finally block, no last print. Use daemons for background work that may be "
        "lost, never for work that must finish or clean up.");
    s.parameters = {
        {QStringLiteral("interval"), QStringLiteral("Beat interval"), ParameterSpec::Type::Double, 1.0, 0.01, 60.0,
         QStringLiteral("Seconds the daemon sleeps between two beats (INTERVAL in the listing)")},
        {QStringLiteral("main_seconds"), QStringLiteral("Main sleep"), ParameterSpec::Type::Double, 3.5, 0.0, 600.0,
         QStringLiteral("Seconds main sleeps before its code ends (MAIN_SECONDS in the listing)")},
    };
    s.main = [](const ParameterValues& values) {
        const double interval = values.toDouble(QStringLiteral("interval"));
        atLine(16);
        Thread::create(
            [interval] {
                int beats = 0;
                for (;;) {
                    atLine(11);
                    sleep(interval);
                    ++beats;
                    atLine(13);
                    print(QStringLiteral("heartbeat %1").arg(beats));
                }
            },
            {.targetName = QStringLiteral("heartbeat"), .daemon = true})
            ->start();
        atLine(17);
        sleep(values.toDouble(QStringLiteral("main_seconds")));
        atLine(18);
        print(QStringLiteral("main: done; the daemon is cut at exit"));
    };
    return s;
}

} // namespace tl::scenarios
