#pragma once

#include "py/errors.h"
#include "py/futurewait.h"
#include "py/pythonapi.h"
#include "py/thread.h"
#include "py/threadpoolexecutor.h"

#include <QVariant>

namespace tl::test {

// One program on the engine and in CPython (docs/future-waits.py, line for line) that waits for futures
// every way issue 11 names: result() released by its task (whose done callback sleeps on after main is
// woken, so that a task end traced after the callbacks would come after the wait it released), wait() for two
// (ALL_COMPLETED: the later one releases it), a result() that times out at 0.1 s and then one that does not,
// as_completed() for two (a wait each), a result() ended by a cancel from another thread, and a result() of a future
// already done (no wait). Each sleep is 0.1 s or more away from the next event it races, so that both runs keep one
// order.
inline void futureProgram()
{
    const auto work = [](double seconds, int value) {
        return [seconds, value] {
            sleep(seconds);
            return QVariant(value);
        };
    };
    ThreadPoolExecutor pool(2);
    const Future first = pool.submit(work(0.2, 1), QStringLiteral("work"));
    first.addDoneCallback([](const Future&) { sleep(0.05); });
    print(first.result().toString());
    const Future slow = pool.submit(work(0.4, 2), QStringLiteral("work"));
    const Future quick = pool.submit(work(0.2, 3), QStringLiteral("work"));
    waitForFutures({slow, quick});
    const Future late = pool.submit(work(0.6, 4), QStringLiteral("work"));
    try {
        late.result(0.1);
    } catch (const TimeoutError&) {
        print(QStringLiteral("timed out"));
    }
    print(late.result().toString());
    AsCompleted completed(
        {pool.submit(work(0.2, 5), QStringLiteral("work")), pool.submit(work(0.4, 6), QStringLiteral("work"))});
    while (const std::optional<Future> f = completed.next())
        print(f->result().toString());
    const Future blocker1 = pool.submit(work(0.4, 7), QStringLiteral("work"));
    const Future blocker2 = pool.submit(work(0.4, 8), QStringLiteral("work"));
    Future doomed = pool.submit(work(0.1, 9), QStringLiteral("work"));
    auto canceller = Thread::create([&doomed] {
        sleep(0.1);
        doomed.cancel();
    });
    canceller->start();
    try {
        doomed.result();
    } catch (const CancelledError&) {
        print(QStringLiteral("cancelled"));
    }
    canceller->join();
    print(first.result().toString());
}

} // namespace tl::test
