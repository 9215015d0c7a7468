#include "py/pythonapi.h"
#include "py/thread.h"
#include "py/threadingevent.h"
#include "scenarios/scenarios.h"

namespace tl::scenarios {

Scenario event()
{
    Scenario s;
    s.id = QStringLiteral("event");
    s.title = QStringLiteral("An Event: a start gun");
    s.summary = QStringLiteral("Runners wait on an Event; main's one set() releases them all at once.");
    s.explanation = QStringLiteral(
        "An Event is a flag that threads can wait for. The runners start and wait() on the start gun, which "
        "is not set, so each blocks. Main gets ready, then calls set(): the flag is now true and every "
        "waiting runner wakes at the same moment, as the arrows from the set marker show. A thread that "
        "called wait() after set() would not block at all; clear() would make the next ones wait again. Use "
        "an Event when many threads wait for one thing to happen once; use a Condition when they wait for "
        "a state that comes and goes.");
    s.parameters = {
        {QStringLiteral("runners"), QStringLiteral("Runners"), ParameterSpec::Type::Int, 3, 1, 1000,
         QStringLiteral("How many threads wait for the start gun (RUNNERS in the listing)")},
        {QStringLiteral("ready_seconds"), QStringLiteral("Ready"), ParameterSpec::Type::Double, 1.0, 0.0, 600.0,
         QStringLiteral("Seconds main waits before it sets the event (READY_SECONDS in the listing)")},
    };
    s.main = [](const ParameterValues& values) {
        const int runnerCount = values.toInt(QStringLiteral("runners"));
        const double readySeconds = values.toDouble(QStringLiteral("ready_seconds"));
        atLine(7);
        // Owned by the threads too: a stop unwinds main, and its locals, while they may still unwind.
        auto startGun = std::make_shared<ThreadingEvent>(QStringLiteral("start_gun"));
        std::vector<std::shared_ptr<Thread>> runners;
        for (int n = 0; n < runnerCount; ++n) {
            atLine(15);
            runners.push_back(Thread::create(
                [startGun] {
                    atLine(11);
                    startGun->wait();
                    atLine(12);
                    print(QStringLiteral("%1: off").arg(currentThreadName()));
                },
                {.targetName = QStringLiteral("runner")}));
        }
        for (const auto& r : runners) {
            atLine(17);
            r->start();
        }
        atLine(18);
        sleep(readySeconds);
        atLine(19);
        startGun->set();
        for (const auto& r : runners) {
            atLine(21);
            r->join();
        }
    };
    return s;
}

} // namespace tl::scenarios
