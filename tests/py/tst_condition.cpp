#include "py/condition.h"
#include "py/lock.h"
#include "py/pythonapi.h"
#include "py/rlock.h"
#include "py/thread.h"
#include "support/coretestutil.h"

#include <QTest>

#include <deque>

using namespace tl;
using namespace tl::test;

namespace {
constexpr std::int64_t kSecond = 1'000'000'000;
} // namespace

// threading.Condition across threads (in the spirit of Lib/test/lock_tests.py's ConditionTests).
class tst_Condition : public QObject {
    Q_OBJECT
private slots:
    void notifyWakesTheLongestWaiterFirst();
    void notifyNWakesNAndNotifyAllTheRest();
    void boundedBufferWithWaitFor();
    void waitRestoresTheRLockRecursion();
    void timedWaitEndsAtItsDeadline();
};

void tst_Condition::notifyWakesTheLongestWaiterFirst()
{
    std::vector<int> order;
    const auto rec = record([&] {
        Condition cond;
        std::vector<std::shared_ptr<Thread>> waiters;
        for (int i = 0; i < 3; ++i) {
            waiters.push_back(Thread::create([&, i] {
                tl::sleep(0.1 * (i + 1)); // they begin to wait in order 0, 1, 2
                std::lock_guard guard(cond);
                cond.wait();
                order.push_back(i);
            }));
            waiters.back()->start();
        }
        tl::sleep(1);
        for (int i = 0; i < 3; ++i) {
            {
                std::lock_guard guard(cond);
                cond.notify();
            }
            tl::sleep(0.1);
        }
        for (auto& w : waiters)
            w->join();
    });
    QVERIFY(rec.finishedInTime);
    QCOMPARE(order, (std::vector<int>{0, 1, 2}));
}

void tst_Condition::notifyNWakesNAndNotifyAllTheRest()
{
    std::atomic<int> woken{0};
    int afterNotify = -1;
    const auto rec = record([&] {
        Condition cond(std::make_shared<Lock>());
        std::vector<std::shared_ptr<Thread>> waiters;
        for (int i = 0; i < 5; ++i) {
            waiters.push_back(Thread::create([&] {
                std::lock_guard guard(cond);
                if (cond.wait())
                    ++woken;
            }));
            waiters.back()->start();
        }
        tl::sleep(1);
        {
            std::lock_guard guard(cond);
            cond.notify(2);
        }
        tl::sleep(1);
        afterNotify = woken.load();
        {
            std::lock_guard guard(cond);
            cond.notifyAll();
            cond.notify(); // nobody left: notifies none
        }
        for (auto& w : waiters)
            w->join();
    });
    QVERIFY(rec.finishedInTime);
    QCOMPARE(afterNotify, 2);
    QCOMPARE(woken.load(), 5);
    QCOMPARE(firstOf(*rec.store, 0, EventKind::Notify).c, 2u);
    QCOMPARE(firstOf(*rec.store, 0, EventKind::NotifyAll).c, 3u);
    const auto notifies = eventsOf(*rec.store, 0, EventKind::Notify);
    QCOMPARE(notifies.size(), std::size_t(2));
    QCOMPARE(notifies[1].c, 0u);
    QCOMPARE(notifies[1].b, 0u);
}

void tst_Condition::boundedBufferWithWaitFor()
{
    // A producer and a consumer share a buffer of two through one condition: every item arrives, in order.
    std::vector<int> got;
    const auto rec = record([&] {
        Condition cond;
        std::deque<int> buffer;
        auto consumer = Thread::create([&] {
            for (int i = 0; i < 20; ++i) {
                std::lock_guard guard(cond);
                cond.waitFor([&] { return !buffer.empty(); });
                got.push_back(buffer.front());
                buffer.pop_front();
                cond.notify();
            }
        });
        consumer->start();
        for (int i = 0; i < 20; ++i) {
            std::lock_guard guard(cond);
            cond.waitFor([&] { return buffer.size() < 2; });
            buffer.push_back(i);
            cond.notify();
        }
        consumer->join();
    });
    QVERIFY(rec.finishedInTime);
    QCOMPARE(got.size(), std::size_t(20));
    for (int i = 0; i < 20; ++i)
        QCOMPARE(got[std::size_t(i)], i);
}

void tst_Condition::waitRestoresTheRLockRecursion()
{
    // _release_save / _acquire_restore: an RLock held twice is fully released while waiting and held twice
    // again afterwards (a third release raises).
    bool otherGotIt = false;
    std::optional<PyError> third;
    const auto rec = record([&] {
        auto rlock = std::make_shared<RLock>();
        Condition cond(rlock);
        rlock->acquire();
        rlock->acquire();
        auto other = Thread::create([&] {
            tl::sleep(0.1); // main waits by then
            otherGotIt = rlock->acquire(false);
            if (otherGotIt)
                rlock->release();
        });
        other->start();
        cond.wait(0.5);
        other->join();
        rlock->release();
        rlock->release();
        third = pyError([&] { rlock->release(); });
    });
    QVERIFY(rec.finishedInTime);
    QVERIFY(otherGotIt);
    QVERIFY(isPyError(third, "RuntimeError", "cannot release un-acquired lock"));
}

void tst_Condition::timedWaitEndsAtItsDeadline()
{
    bool notified = true;
    const auto rec = record([&] {
        Condition cond;
        std::lock_guard guard(cond);
        notified = cond.wait(0.75);
    });
    QVERIFY(rec.finishedInTime);
    QVERIFY(!notified);
    const Event begin = firstOf(*rec.store, 0, EventKind::CondWaitBegin);
    const Event end = firstOf(*rec.store, 0, EventKind::CondWaitEnd);
    QCOMPARE(begin.c, 750u);
    QCOMPARE(end.flags, EventFlag::TimedOut);
    QCOMPARE(end.ts - begin.ts, 3 * kSecond / 4);
}

QTEST_GUILESS_MAIN(tst_Condition)
#include "tst_condition.moc"
