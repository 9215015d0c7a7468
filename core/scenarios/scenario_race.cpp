#include "py/pythonapi.h"
#include "py/thread.h"
#include "scenarios/scenarios.h"

#include <atomic>

namespace tl::scenarios {

Scenario race()
{
    Scenario s;
    s.id = QStringLiteral("race");
    s.title = QStringLiteral("A race: two threads lose each other's updates");
    s.summary =
        QStringLiteral("Read, yield, write: each thread overwrites what the other wrote, and the count falls short.");
    s.explanation = QStringLiteral(
        "Each thread adds one to a shared counter a few times, in three steps: it reads the counter, lets "
        "another thread run, and writes what it read plus one. The other thread reads the same value in "
        "between, so both write the same number and one update is lost. The lanes show it in the program's "
        "own words: both threads read 0 and both write 1, then both read 1 and write 2. In real code the window "
        "between read and write is a "
        "few bytecodes wide and a switch inside it is rare, which is why such a bug can pass every test; the "
        "sleep here holds the window open so that it happens every time. The lock lesson closes it.");
    s.parameters = {
        {QStringLiteral("threads"), QStringLiteral("Threads"), ParameterSpec::Type::Int, 2, 1, 100,
         QStringLiteral("How many threads increment the counter (THREADS in the listing)")},
        {QStringLiteral("increments"), QStringLiteral("Increments"), ParameterSpec::Type::Int, 3, 1, 1000,
         QStringLiteral("How many times each thread adds one (INCREMENTS in the listing)")},
        {QStringLiteral("yield_seconds"), QStringLiteral("Between read and write"), ParameterSpec::Type::Double, 0.1,
         0.0, 60.0,
         QStringLiteral("Seconds each thread lets the others run between its read and its write "
                        "(YIELD_SECONDS in the listing)")},
    };
    s.main = [](const ParameterValues& values) {
        const int threadCount = values.toInt(QStringLiteral("threads"));
        const int increments = values.toInt(QStringLiteral("increments"));
        const double yieldSeconds = values.toDouble(QStringLiteral("yield_seconds"));
        atLine(8);
        // Owned by the threads too: a stop unwinds main, and its locals, while they may still unwind. Atomic
        // only so that the C++ is race-free: the lost updates are the listing's, made by the steps below.
        auto counter = std::make_shared<std::atomic<int>>(0);
        std::vector<std::shared_ptr<Thread>> threads;
        for (int n = 0; n < threadCount; ++n) {
            atLine(22);
            threads.push_back(Thread::create(
                [counter, increments, yieldSeconds] {
                    atLine(13);
                    const QString name = currentThreadName();
                    for (int i = 0; i < increments; ++i) {
                        atLine(15);
                        const int value = counter->load();
                        atLine(16);
                        print(QStringLiteral("%1 read %2").arg(name).arg(value));
                        atLine(17);
                        sleep(yieldSeconds);
                        atLine(18);
                        counter->store(value + 1);
                        atLine(19);
                        print(QStringLiteral("%1 wrote %2").arg(name).arg(value + 1));
                    }
                },
                {.targetName = QStringLiteral("increment")}));
        }
        for (const auto& t : threads) {
            atLine(24);
            t->start();
        }
        for (const auto& t : threads) {
            atLine(26);
            t->join();
        }
        atLine(27);
        print(QStringLiteral("counter = %1, expected %2").arg(counter->load()).arg(threadCount * increments));
    };
    return s;
}

} // namespace tl::scenarios
