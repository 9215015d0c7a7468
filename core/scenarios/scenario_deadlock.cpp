#include "py/lock.h"
#include "py/pythonapi.h"
#include "py/thread.h"
#include "scenarios/scenarios.h"

#include <mutex>

namespace tl::scenarios {

Scenario deadlock()
{
    Scenario s;
    s.id = QStringLiteral("deadlock");
    s.title = QStringLiteral("A deadlock: two locks in opposite order");
    s.summary = QStringLiteral("one takes a then b, two takes b then a: each holds what the other waits for.");
    s.explanation = QStringLiteral(
        "Two threads each need both locks a and b. one takes a, pauses, then asks for b; two takes b, pauses, "
        "then asks for a. Each now holds the lock the other waits for, and neither can let go: a deadlock. "
        "Python does not notice; the program simply hangs. Threadline keeps a graph of who waits for whom and "
        "marks the cycle the moment it closes; the run stays stuck until you press Stop (headless, it is "
        "stopped and the exit code is 3). Tick 'Same lock order' and both take a first: two waits for a "
        "while one works, then takes its locks in turn, and there is no cycle.");
    s.parameters = {
        {QStringLiteral("consistent_order"), QStringLiteral("Same lock order"), ParameterSpec::Type::Bool, false,
         QVariant(), QVariant(), QStringLiteral("Both threads take a before b (CONSISTENT_ORDER in the listing)")},
        {QStringLiteral("pause_seconds"), QStringLiteral("Pause between locks"), ParameterSpec::Type::Double, 0.1, 0.0,
         60.0,
         QStringLiteral("Seconds each thread holds its first lock before it asks for the second "
                        "(PAUSE_SECONDS in the listing)")},
    };
    s.main = [](const ParameterValues& values) {
        const bool consistent = values.toBool(QStringLiteral("consistent_order"));
        const double pause = values.toDouble(QStringLiteral("pause_seconds"));
        // Owned by the threads too: a stop unwinds main, and its locals, while they may still unwind.
        atLine(7);
        auto a = std::make_shared<Lock>(QStringLiteral("a"));
        atLine(8);
        auto b = std::make_shared<Lock>(QStringLiteral("b"));
        atLine(26);
        auto t1 = Thread::create(
            [a, b, pause] {
                atLine(12);
                std::lock_guard first(*a);
                atLine(13);
                sleep(pause);
                atLine(14);
                std::lock_guard second(*b);
                atLine(15);
                print(QStringLiteral("one: has both locks"));
            },
            {.targetName = QStringLiteral("one")});
        atLine(27);
        auto t2 = Thread::create(
            [a, b, pause, consistent] {
                atLine(19);
                Lock& firstLock = consistent ? *a : *b;
                Lock& secondLock = consistent ? *b : *a;
                atLine(20);
                std::lock_guard first(firstLock);
                atLine(21);
                sleep(pause);
                atLine(22);
                std::lock_guard second(secondLock);
                atLine(23);
                print(QStringLiteral("two: has both locks"));
            },
            {.targetName = QStringLiteral("two")});
        atLine(28);
        t1->start();
        atLine(29);
        t2->start();
        atLine(30);
        t1->join();
        atLine(31);
        t2->join();
        atLine(32);
        print(QStringLiteral("main: both done"));
    };
    return s;
}

} // namespace tl::scenarios
