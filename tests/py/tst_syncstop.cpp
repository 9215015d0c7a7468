#include "py/barrier.h"
#include "py/boundedsemaphore.h"
#include "py/condition.h"
#include "py/lock.h"
#include "py/pythonapi.h"
#include "py/rlock.h"
#include "py/semaphore.h"
#include "py/thread.h"
#include "py/threadingevent.h"
#include "py/timer.h"
#include "support/coretestutil.h"

#include <QTest>

using namespace tl;
using namespace tl::test;

namespace {

using Body = std::function<void()>;

// A blocked worker named "worker" runs `body` while main holds what it needs, then waits for ever itself.
std::function<void()> blockedWorker(const std::function<Body(std::shared_ptr<void>&)>& setup)
{
    return [setup] {
        std::shared_ptr<void> keep;
        const Body body = setup(keep);
        auto worker = Thread::create(body, {.name = QStringLiteral("worker")});
        worker->start();
        worker->join();
    };
}

} // namespace

Q_DECLARE_METATYPE(std::function<void()>)

// Every blocking call of the primitives is interruptible by Stop, and every timed wait ends at its deadline.
class tst_SyncStop : public QObject {
    Q_OBJECT
private slots:
    void stopInterruptsEveryBlockingCall_data();
    void stopInterruptsEveryBlockingCall();
    void timedWaitsEndAtTheirDeadline_data();
    void timedWaitsEndAtTheirDeadline();
};

void tst_SyncStop::stopInterruptsEveryBlockingCall_data()
{
    QTest::addColumn<std::function<void()>>("main");
    QTest::addColumn<int>("state");
    const auto row = [](const char* name, LaneState state, std::function<Body(std::shared_ptr<void>&)> setup) {
        QTest::newRow(name) << blockedWorker(std::move(setup)) << int(state);
    };
    row("Lock.acquire", LaneState::Acquire, [](std::shared_ptr<void>& keep) {
        auto lock = std::make_shared<Lock>();
        keep = lock;
        lock->acquire();
        return [lock] { std::lock_guard guard(*lock); };
    });
    row("RLock.acquire with a timeout", LaneState::Acquire, [](std::shared_ptr<void>& keep) {
        auto lock = std::make_shared<RLock>();
        keep = lock;
        lock->acquire();
        return [lock] { lock->acquire(true, 1e6); };
    });
    row("Condition.wait", LaneState::CondWait, [](std::shared_ptr<void>& keep) {
        auto cond = std::make_shared<Condition>();
        keep = cond;
        return [cond] {
            std::lock_guard guard(*cond); // released by the wait, not restored: the guard's release is skipped
            cond->wait();
        };
    });
    row("Condition.wait_for", LaneState::CondWait, [](std::shared_ptr<void>& keep) {
        auto cond = std::make_shared<Condition>(std::make_shared<Lock>());
        keep = cond;
        return [cond] {
            std::lock_guard guard(*cond);
            cond->waitFor([] { return false; }, 1e6);
        };
    });
    row("Semaphore.acquire", LaneState::Acquire, [](std::shared_ptr<void>& keep) {
        auto sem = std::make_shared<BoundedSemaphore>(1);
        keep = sem;
        sem->acquire();
        return [sem] { std::lock_guard guard(*sem); };
    });
    row("Event.wait", LaneState::EventWait, [](std::shared_ptr<void>& keep) {
        auto event = std::make_shared<ThreadingEvent>();
        keep = event;
        return [event] { event->wait(); };
    });
    row("Barrier.wait", LaneState::BarrierWait, [](std::shared_ptr<void>& keep) {
        auto barrier = std::make_shared<Barrier>(2);
        keep = barrier;
        return [barrier] { barrier->wait(); };
    });
    row("Timer waiting to fire", LaneState::EventWait, [](std::shared_ptr<void>& keep) {
        auto timer = Timer::create(1e6, [] {});
        keep = timer;
        return [timer] {
            timer->start();
            timer->join();
        };
    });
}

void tst_SyncStop::stopInterruptsEveryBlockingCall()
{
    QFETCH(std::function<void()>, main);
    QFETCH(int, state);
    const auto rec = recordGated(
        main,
        [state](const TraceStore& s) {
            for (std::size_t i = 0; i < s.laneCount(); ++i) {
                for (std::uint32_t open : s.lane(LaneId(i)).openSpans) {
                    if (s.lane(LaneId(i)).spans[open].state == LaneState(state) && i != 0)
                        return true;
                }
            }
            return false;
        },
        [](ScenarioRun& run) { run.requestStop(); }, {.speed = 200}, 10000);
    QVERIFY(rec.gateReached);
    QVERIFY(rec.finishedInTime);
    const TraceStore& s = *rec.store;
    int stopped = 0;
    for (std::size_t i = 0; i < s.laneCount(); ++i) {
        const LaneInfo& lane = s.lane(LaneId(i));
        for (const Span& span : lane.spans)
            QVERIFY2(!span.isOpen(), qPrintable(lane.name));
        if (hasKind(s, lane.id, EventKind::Stopped))
            ++stopped;
    }
    QVERIFY(stopped >= 2); // main and the blocked thread
}

void tst_SyncStop::timedWaitsEndAtTheirDeadline_data()
{
    QTest::addColumn<std::function<void()>>("main");
    QTest::addColumn<int>("endKind");
    QTest::addColumn<std::int64_t>("nanoseconds");
    QTest::newRow("Lock.acquire(timeout=1.5)") << std::function<void()>([] {
        Lock lock;
        lock.acquire();
        lock.acquire(true, 1.5);
    }) << int(EventKind::Acquired) << std::int64_t(1'500'000'000);
    QTest::newRow("RLock.acquire(timeout=0.001)") << std::function<void()>([] {
        RLock lock;
        lock.acquire();
        auto other = Thread::create([&] { lock.acquire(true, 0.001); });
        other->start();
        other->join();
    }) << int(EventKind::Acquired) << std::int64_t(1'000'000);
    QTest::newRow("Semaphore.acquire(timeout=7)") << std::function<void()>([] { Semaphore(0).acquire(true, 7); })
                                                  << int(EventKind::Acquired) << std::int64_t(7'000'000'000);
    QTest::newRow("Condition.wait(3.25)") << std::function<void()>([] {
        Condition cond;
        std::lock_guard guard(cond);
        cond.wait(3.25);
    }) << int(EventKind::CondWaitEnd) << std::int64_t(3'250'000'000);
    QTest::newRow("Event.wait(100)") << std::function<void()>([] { ThreadingEvent().wait(100); })
                                     << int(EventKind::EventWaitEnd) << std::int64_t(100'000'000'000);
    QTest::newRow("Barrier.wait(2.5)") << std::function<void()>([] {
        Barrier barrier(2, {}, 2.5);
        pyError([&] { barrier.wait(); });
    }) << int(EventKind::BarrierWaitEnd)
                                       << std::int64_t(2'500'000'000);
}

void tst_SyncStop::timedWaitsEndAtTheirDeadline()
{
    // At speed max the clock jumps to each deadline at once; the wait's end is stamped at its deadline, so
    // its span lasts exactly the timeout, to the nanosecond.
    QFETCH(std::function<void()>, main);
    QFETCH(int, endKind);
    QFETCH(std::int64_t, nanoseconds);
    const auto rec = record(main);
    QVERIFY(rec.finishedInTime);
    const TraceStore& s = *rec.store;
    bool found = false;
    for (std::size_t i = 0; i < s.laneCount(); ++i) {
        for (const Span& span : s.lane(LaneId(i)).spans) {
            if (span.state == LaneState::Running || span.state == LaneState::Joining || span.closing == kNoEvent)
                continue;
            const Event& end = s.event(span.closing);
            if (end.kind != EventKind(endKind))
                continue;
            QCOMPARE(end.flags, EventFlag::TimedOut);
            QCOMPARE(span.end - span.begin, nanoseconds);
            found = true;
        }
    }
    QVERIFY(found);
    // Only the wait took scenario time: the run ends a moment after the deadline.
    QVERIFY(s.endTs() - nanoseconds < 50'000'000);
}

QTEST_GUILESS_MAIN(tst_SyncStop)
#include "tst_syncstop.moc"
