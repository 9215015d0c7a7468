#include "py/pythonapi.h"
#include "py/thread.h"
#include "scenarios/scenarios.h"

namespace tl::scenarios {

Scenario joinOrder()
{
    Scenario s;
    s.id = QStringLiteral("join-order");
    s.title = QStringLiteral("The order of join() calls");
    s.summary = QStringLiteral("foo sleeps 4 s, bar 2 s; main joins foo then bar, and join(bar) returns at once.");
    s.explanation = QStringLiteral(
        "join() waits for one thread only, and it waits in the order you call it. The main thread starts foo "
        "(4 s) and bar (2 s), then joins foo: it is blocked for 4 s, and bar ends while main is still waiting "
        "on foo. The following join(bar) finds bar already ended and returns at once. The total wait is the "
        "longest thread's time whatever the order; swap the order and main waits 2 s on bar, then the "
        "remaining 2 s on foo.");
    s.parameters = {
        {QStringLiteral("foo_seconds"), QStringLiteral("foo sleeps"), ParameterSpec::Type::Double, 4.0, 0.0, 600.0,
         QStringLiteral("Seconds foo sleeps (FOO_SECONDS in the listing)")},
        {QStringLiteral("bar_seconds"), QStringLiteral("bar sleeps"), ParameterSpec::Type::Double, 2.0, 0.0, 600.0,
         QStringLiteral("Seconds bar sleeps (BAR_SECONDS in the listing)")},
        {QStringLiteral("bar_first"), QStringLiteral("Join bar first"), ParameterSpec::Type::Bool, false, QVariant(),
         QVariant(), QStringLiteral("Join bar before foo (BAR_FIRST in the listing)")},
    };
    s.main = [](const ParameterValues& values) {
        const double fooSeconds = values.toDouble(QStringLiteral("foo_seconds"));
        const double barSeconds = values.toDouble(QStringLiteral("bar_seconds"));
        atLine(19);
        auto f = Thread::create(
            [fooSeconds] {
                atLine(10);
                sleep(fooSeconds);
                atLine(11);
                print(QStringLiteral("foo: done"));
            },
            {.targetName = QStringLiteral("foo")});
        atLine(20);
        auto b = Thread::create(
            [barSeconds] {
                atLine(15);
                sleep(barSeconds);
                atLine(16);
                print(QStringLiteral("bar: done"));
            },
            {.targetName = QStringLiteral("bar")});
        atLine(21);
        f->start();
        atLine(22);
        b->start();
        if (values.toBool(QStringLiteral("bar_first"))) {
            atLine(24);
            b->join();
            atLine(25);
            f->join();
        } else {
            atLine(27);
            f->join();
            atLine(28);
            b->join();
        }
        atLine(29);
        print(QStringLiteral("main: both joined"));
    };
    return s;
}

} // namespace tl::scenarios
