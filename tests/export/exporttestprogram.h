#pragma once

#include "py/pythonapi.h"
#include "py/queue.h"
#include "py/thread.h"

#include <QString>

namespace tl::test {

inline constexpr int kExportTestItems = 5;
inline const QString kExportTestPrinted = QStringLiteral("done, \"all\"\n\titems \u00e9");

// A small program of our own, so the exports are checked on a real run whatever the lessons do: a bounded
// queue (the producer blocks in put), a daemon cut at exit, a thread that raises, joins, prints.
inline void exportTestProgram()
{
    Queue<int> jobs(1, QStringLiteral("jobs"));
    auto ticker = Thread::create(
        [] {
            for (;;) {
                sleep(1.0);
                print(QStringLiteral("tick"));
            }
        },
        {.name = QStringLiteral("ticker"), .daemon = true});
    auto producer = Thread::create(
        [&jobs] {
            for (int i = 0; i < kExportTestItems; ++i)
                jobs.put(i);
        },
        {.name = QStringLiteral("producer")});
    auto consumer = Thread::create(
        [&jobs] {
            for (int i = 0; i < kExportTestItems; ++i) {
                jobs.get();
                sleep(0.5);
                jobs.taskDone();
            }
            print(kExportTestPrinted);
        },
        {.name = QStringLiteral("consumer")});
    auto failing =
        Thread::create([] { throw ValueError(QStringLiteral("bad value")); }, {.name = QStringLiteral("failing")});
    ticker->start();
    producer->start();
    consumer->start();
    failing->start();
    producer->join();
    jobs.join();
    consumer->join();
    failing->join();
}

} // namespace tl::test
