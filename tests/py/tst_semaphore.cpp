#include "py/boundedsemaphore.h"
#include "py/pythonapi.h"
#include "py/semaphore.h"
#include "py/thread.h"
#include "support/coretestutil.h"

#include <QTest>

#include <algorithm>

using namespace tl;
using namespace tl::test;

namespace {
constexpr std::int64_t kSecond = 1'000'000'000;
} // namespace

// threading.Semaphore and BoundedSemaphore across threads.
class tst_Semaphore : public QObject {
    Q_OBJECT
private slots:
    void limitsHowManyHoldIt();
    void releaseNWakesNWaiters();
    void boundedSemaphoreWithBlock();
};

void tst_Semaphore::limitsHowManyHoldIt()
{
    // Ten workers share three slots for a second each: never more than three at once, and the run takes
    // ceil(10 / 3) = 4 scenario seconds.
    int inside = 0, most = 0;
    std::mutex mutex;
    const auto rec = record([&] {
        BoundedSemaphore pool(3, QStringLiteral("connections"));
        std::vector<std::shared_ptr<Thread>> workers;
        for (int i = 0; i < 10; ++i) {
            workers.push_back(Thread::create([&] {
                std::lock_guard guard(pool);
                {
                    std::lock_guard m(mutex);
                    most = std::max(most, ++inside);
                }
                tl::sleep(1);
                std::lock_guard m(mutex);
                --inside;
            }));
            workers.back()->start();
        }
        for (auto& w : workers)
            w->join();
    });
    QVERIFY(rec.finishedInTime);
    QCOMPARE(most, 3);
    QVERIFY(rec.store->endTs() >= 4 * kSecond);
    QVERIFY(rec.store->endTs() < 4 * kSecond + 100'000'000);
}

void tst_Semaphore::releaseNWakesNWaiters()
{
    // release(2) lets exactly two of three blocked acquirers through.
    std::atomic<int> through{0};
    int value = -1;
    const auto rec = record([&] {
        Semaphore sem(0);
        std::vector<std::shared_ptr<Thread>> waiters;
        for (int i = 0; i < 3; ++i) {
            waiters.push_back(Thread::create([&] {
                if (sem.acquire(true, 2.0))
                    ++through;
            }));
            waiters.back()->start();
        }
        tl::sleep(1);
        sem.release(2);
        for (auto& w : waiters)
            w->join();
        value = sem.value();
    });
    QVERIFY(rec.finishedInTime);
    QCOMPARE(through.load(), 2);
    QCOMPARE(value, 0);
    const Event released = firstOf(*rec.store, 0, EventKind::Released);
    QCOMPARE(released.c, 2u); // the value right after the release
    QVERIFY(released.b != 0); // it woke someone
}

void tst_Semaphore::boundedSemaphoreWithBlock()
{
    // `with sem:` takes one and gives it back; the value follows in the events' counts.
    std::vector<int> values;
    const auto rec = record([&] {
        BoundedSemaphore sem(2);
        values.push_back(sem.value());
        {
            std::lock_guard guard(sem);
            values.push_back(sem.value());
        }
        values.push_back(sem.value());
    });
    QVERIFY(rec.finishedInTime);
    QCOMPARE(values, (std::vector<int>{2, 1, 2}));
    QCOMPARE(firstOf(*rec.store, 0, EventKind::Acquired).c, 1u);
    QCOMPARE(firstOf(*rec.store, 0, EventKind::Released).c, 2u);
}

QTEST_GUILESS_MAIN(tst_Semaphore)
#include "tst_semaphore.moc"
