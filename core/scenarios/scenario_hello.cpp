#include "py/pythonapi.h"
#include "py/thread.h"
#include "scenarios/scenarios.h"

namespace tl::scenarios {

Scenario hello()
{
    Scenario s;
    s.id = QStringLiteral("hello");
    s.title = QStringLiteral("Start a thread with a target");
    s.summary = QStringLiteral("Thread(target=...), start(), join(), and a second start() that raises.");
    s.explanation = QStringLiteral(
        "A Thread runs a target function on its own OS thread. start() returns once the new thread is "
        "running; join() waits for it to end. A Thread object stands for exactly one run: calling start() "
        "a second time, even after the thread has ended, raises RuntimeError (\"threads can only be "
        "started once\"). Uncaught in the main thread, the error ends the main code there.");
    s.parameters = {
        {QStringLiteral("start_twice"), QStringLiteral("Start twice"), ParameterSpec::Type::Bool, true, QVariant(),
         QVariant(), QStringLiteral("Call start() a second time after join() (START_TWICE in the listing)")},
    };
    s.main = [](const ParameterValues& values) {
        atLine(10);
        auto t = Thread::create(
            [] {
                atLine(7);
                print(QStringLiteral("Hello, world!"));
            },
            {.targetName = QStringLiteral("greet")});
        atLine(11);
        t->start();
        atLine(12);
        t->join();
        if (values.toBool(QStringLiteral("start_twice"))) {
            atLine(14);
            t->start();
        }
    };
    return s;
}

} // namespace tl::scenarios
