#include "py/lock.h"
#include "py/pythonapi.h"
#include "py/thread.h"
#include "scenarios/scenarios.h"

#include <mutex>

namespace tl::scenarios {

Scenario lock()
{
    Scenario s;
    s.id = QStringLiteral("lock");
    s.title = QStringLiteral("A Lock: the same counter, no update lost");
    s.summary =
        QStringLiteral("The race's read, yield and write under a Lock: one thread at a time, and the count is right.");
    s.explanation = QStringLiteral(
        "The race lesson's counter, with its read, yield and write inside `with counter_lock:`. A thread that "
        "finds the lock taken blocks until the holder releases it, so no thread reads the counter while "
        "another is between its read and its write, and the final count is the expected one. The price is "
        "visible too: the blocked bands are time a thread could not work. Each thread also does some work "
        "that needs no lock; keep the locked part as short as that allows. The arrows run from each release "
        "to the acquire it let through.");
    s.parameters = {
        {QStringLiteral("threads"), QStringLiteral("Threads"), ParameterSpec::Type::Int, 2, 1, 100,
         QStringLiteral("How many threads increment the counter (THREADS in the listing)")},
        {QStringLiteral("increments"), QStringLiteral("Increments"), ParameterSpec::Type::Int, 3, 1, 1000,
         QStringLiteral("How many times each thread adds one (INCREMENTS in the listing)")},
        {QStringLiteral("yield_seconds"), QStringLiteral("Between read and write"), ParameterSpec::Type::Double, 0.1,
         0.0, 60.0,
         QStringLiteral("Seconds each thread holds the lock between its read and its write "
                        "(YIELD_SECONDS in the listing)")},
        {QStringLiteral("work_seconds"), QStringLiteral("Work without the lock"), ParameterSpec::Type::Double, 0.05,
         0.0, 60.0,
         QStringLiteral("Seconds of work after each increment that needs no lock (WORK_SECONDS in the listing)")},
    };
    s.main = [](const ParameterValues& values) {
        const int threadCount = values.toInt(QStringLiteral("threads"));
        const int increments = values.toInt(QStringLiteral("increments"));
        const double yieldSeconds = values.toDouble(QStringLiteral("yield_seconds"));
        const double workSeconds = values.toDouble(QStringLiteral("work_seconds"));
        atLine(9);
        // Owned by the threads too: a stop unwinds main, and its locals, while they may still unwind.
        auto counter = std::make_shared<int>(0); // guarded by counterLock, as in the listing
        atLine(10);
        auto counterLock = std::make_shared<Lock>(QStringLiteral("counter_lock"));
        std::vector<std::shared_ptr<Thread>> threads;
        for (int n = 0; n < threadCount; ++n) {
            atLine(26);
            threads.push_back(Thread::create(
                [counter, counterLock, increments, yieldSeconds, workSeconds] {
                    atLine(15);
                    const QString name = currentThreadName();
                    for (int i = 0; i < increments; ++i) {
                        {
                            atLine(17);
                            std::lock_guard held(*counterLock);
                            atLine(18);
                            const int value = *counter;
                            atLine(19);
                            print(QStringLiteral("%1 read %2").arg(name).arg(value));
                            atLine(20);
                            sleep(yieldSeconds);
                            atLine(21);
                            *counter = value + 1;
                            atLine(22);
                            print(QStringLiteral("%1 wrote %2").arg(name).arg(value + 1));
                            atLine(17);
                        }
                        atLine(23);
                        sleep(workSeconds);
                    }
                },
                {.targetName = QStringLiteral("increment")}));
        }
        for (const auto& t : threads) {
            atLine(28);
            t->start();
        }
        for (const auto& t : threads) {
            atLine(30);
            t->join();
        }
        atLine(31);
        print(QStringLiteral("counter = %1, expected %2").arg(*counter).arg(threadCount * increments));
    };
    return s;
}

} // namespace tl::scenarios
