#include "py/lock.h"
#include "py/pythonapi.h"
#include "py/queue.h"
#include "py/thread.h"
#include "support/coretestutil.h"

#include <QElapsedTimer>
#include <QTest>

#include <algorithm>
#include <mutex>

using namespace tl;
using namespace tl::test;

namespace {

constexpr std::int64_t kMs = 1'000'000;

// Code that runs for `ms` of wall time and waits for nothing.
void compute(int ms)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < ms) {
    }
}

Event only(const TraceStore& store, LaneId lane, EventKind kind)
{
    const auto events = eventsOf(store, lane, kind);
    return events.size() == 1 ? events.front() : Event{.ts = -1};
}

} // namespace

// The virtual clock as Python code sees it (issue 10): compute costs real time, waits last exactly their
// length at any speed, and the speed can change while the run is live.
class tst_VirtualTime : public QObject {
    Q_OBJECT
private slots:
    void jumpsNeverCutShortARunningThread();
    void timeoutsEndAtTheirDeadline();
    void speedChangesWhileLive();
    void waitersAreWokenInArrivalOrder();
    void startReturnsWhenTheNewThreadFirstWaits();
};

void tst_VirtualTime::jumpsNeverCutShortARunningThread()
{
    // One thread computes 50 ms of real time while one sleeps 20 ms and one 10 s, at max speed. The short
    // sleep ends during the computation (time runs at the real rate while code runs); the long one only by
    // a jump after it, and the computation spans its real length, not a jump's.
    const auto rec = record(
        [] {
            auto busy = Thread::create([] { compute(50); }, {.name = QStringLiteral("busy")});
            auto brief = Thread::create([] { tl::sleep(0.02); }, {.name = QStringLiteral("brief")});
            auto lengthy = Thread::create([] { tl::sleep(10); }, {.name = QStringLiteral("lengthy")});
            for (const auto& t : {brief, lengthy, busy})
                t->start();
            for (const auto& t : {brief, lengthy, busy})
                t->join();
        },
        {.speed = kSpeedMax});
    QVERIFY(rec.finishedInTime);
    const TraceStore& s = *rec.store;
    const LaneId busy = *laneNamed(s, QStringLiteral("busy"));
    const LaneId brief = *laneNamed(s, QStringLiteral("brief"));
    const LaneId lengthy = *laneNamed(s, QStringLiteral("lengthy"));
    const std::int64_t computed = s.lane(busy).endTs - only(s, busy, EventKind::RunBegin).ts;
    QVERIFY2(computed >= 50 * kMs && computed < 1000 * kMs, qPrintable(QString::number(computed)));
    const Event briefEnd = only(s, brief, EventKind::SleepEnd);
    QCOMPARE(briefEnd.ts - only(s, brief, EventKind::SleepBegin).ts, 20 * kMs);
    QVERIFY(briefEnd.ts < s.lane(busy).endTs);
    const Event lengthyEnd = only(s, lengthy, EventKind::SleepEnd);
    QCOMPARE(lengthyEnd.ts - only(s, lengthy, EventKind::SleepBegin).ts, 10'000 * kMs);
    QVERIFY(lengthyEnd.ts > s.lane(busy).endTs);
}

void tst_VirtualTime::timeoutsEndAtTheirDeadline()
{
    // A join and a get that time out end exactly their timeout after they began, at every speed.
    for (const double speed : {kSpeedMax, 1000.0, 20.0}) {
        const auto rec = record(
            [] {
                auto sleeper = Thread::create([] { tl::sleep(5); }, {.name = QStringLiteral("sleeper")});
                sleeper->start();
                sleeper->join(0.25);
                Queue<int> q(0, QStringLiteral("q"));
                try {
                    q.get(true, 0.125);
                } catch (const QueueEmpty&) {
                }
                sleeper->join();
            },
            {.speed = speed});
        QVERIFY(rec.finishedInTime);
        const TraceStore& s = *rec.store;
        const auto joinBegins = eventsOf(s, 0, EventKind::JoinBegin);
        const auto joinEnds = eventsOf(s, 0, EventKind::JoinEnd);
        QCOMPARE(joinEnds.size(), std::size_t(2));
        QCOMPARE(joinEnds[0].flags, EventFlag::TimedOut);
        QCOMPARE(joinEnds[0].ts - joinBegins[0].ts, 250 * kMs);
        const Event blocked = only(s, 0, EventKind::GetBlocked);
        const Event timedOut = only(s, 0, EventKind::GetDone);
        QCOMPARE(timedOut.flags, EventFlag::TimedOut);
        QCOMPARE(timedOut.ts - blocked.ts, 125 * kMs);
        // The second join ends when the sleeper does: within issue 10's bound, 1 ms or 0.1% of the run
        // (5 s here), whichever is more. The wake-up is real time on the clock (main is runnable), and on
        // a loaded 2-core machine it once took over 1 ms.
        const LaneId sleeper = *laneNamed(s, QStringLiteral("sleeper"));
        QCOMPARE(joinEnds[1].flags, std::uint8_t(0));
        const std::int64_t wake = joinEnds[1].ts - s.lane(sleeper).endTs;
        QVERIFY2(wake >= 0 && wake < std::max(kMs, s.endTs() / 1000), qPrintable(QString::number(wake)));
    }
}

void tst_VirtualTime::speedChangesWhileLive()
{
    // At 1x a 1000 s sleep would take 1000 s; switched to max while it sleeps, the run ends at once, and
    // the sleep is still 1000 s long.
    ScenarioRun run(RunOptions{.speed = 1});
    TraceStore store(run.context().sharedStrings());
    TraceRecorder recorder(run, store);
    run.start([] { tl::sleep(1000); });
    QVERIFY(QTest::qWaitFor(
        [&] {
            recorder.drainOnce();
            return inOpenSpan(store, QStringLiteral("MainThread"), LaneState::Sleeping);
        },
        10000));
    QCOMPARE(run.speed(), 1.0);
    QElapsedTimer wall;
    wall.start();
    run.setSpeed(kSpeedMax);
    QCOMPARE(run.speed(), kSpeedMax);
    QVERIFY(run.waitForFinished(10000));
    QVERIFY(wall.elapsed() < 5000);
    recorder.recordToCompletion();
    QCOMPARE(only(store, 0, EventKind::SleepEnd).ts - only(store, 0, EventKind::SleepBegin).ts,
             std::int64_t(1000) * 1000 * kMs);
}

void tst_VirtualTime::waitersAreWokenInArrivalOrder()
{
    // CPython's Condition.notify() wakes the longest waiter; queue.Queue.get waits on it. Four consumers
    // block in get() one after another; items put one at a time later go to them in that order.
    const auto rec = record([] {
        auto q = std::make_shared<Queue<int>>(0, QStringLiteral("q"));
        std::vector<std::shared_ptr<Thread>> consumers;
        for (int i = 0; i < 4; ++i) {
            consumers.push_back(Thread::create([q] { q->get(); }, {.name = QStringLiteral("c%1").arg(i)}));
            consumers.back()->start();
            // Each is blocked in get() before the next starts. A second, not 10 ms: at max speed the sleep
            // costs nothing once the consumer blocks, but the clock runs at the real rate until then, and a
            // sanitizer on a loaded machine can take more than 10 ms to get it there.
            tl::sleep(1);
        }
        for (int i = 0; i < 4; ++i) {
            q->put(i);
            tl::sleep(1); // taken before the next is put
        }
        for (const auto& c : consumers)
            c->join();
    });
    QVERIFY(rec.finishedInTime);
    const TraceStore& s = *rec.store;
    for (int i = 0; i < 4; ++i) {
        const LaneId lane = *laneNamed(s, QStringLiteral("c%1").arg(i));
        QVERIFY(only(s, lane, EventKind::GetBlocked).ts >= 0);
        QCOMPARE(only(s, lane, EventKind::GetDone).b, std::uint32_t(i + 1)); // item ids count from 1
    }
}

void tst_VirtualTime::startReturnsWhenTheNewThreadFirstWaits()
{
    // CPython's start() gets the GIL back only when the new thread drops it, at its first wait: a first thread
    // that computes 20 ms before it takes a lock takes it before a second, started right after it, can. (The
    // lock lesson's second thread read 0 under ThreadSanitizer while start() returned as the first one began.)
    const auto rec = record([] {
        auto lock = std::make_shared<Lock>(QStringLiteral("lock"));
        const auto takeLock = [lock] {
            std::lock_guard held(*lock);
            tl::sleep(0.01);
        };
        auto first = Thread::create(
            [takeLock] {
                compute(20);
                takeLock();
            },
            {.name = QStringLiteral("first")});
        auto second = Thread::create(takeLock, {.name = QStringLiteral("second")});
        first->start();
        second->start();
        first->join();
        second->join();
    });
    QVERIFY(rec.finishedInTime);
    const TraceStore& store = *rec.store;
    const auto first = laneNamed(store, QStringLiteral("first"));
    const auto second = laneNamed(store, QStringLiteral("second"));
    QVERIFY(first && second);
    QVERIFY(only(store, *first, EventKind::Acquired).ts < only(store, *second, EventKind::Acquired).ts);
    QVERIFY(eventsOf(store, *first, EventKind::AcquireBlocked).empty());
    // Main's wait in start() ends at the first thread's sleep, its first wait, as CPython's trace shows it.
    const auto startWaitEnds = eventsOf(store, 0, EventKind::StartWaitEnd);
    QCOMPARE(startWaitEnds.size(), std::size_t(2));
    QVERIFY(startWaitEnds[0].ts >= only(store, *first, EventKind::SleepBegin).ts);
}

QTEST_GUILESS_MAIN(tst_VirtualTime)
#include "tst_virtualtime.moc"
