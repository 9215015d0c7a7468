#include "py/barrier.h"
#include "py/pythonapi.h"
#include "py/thread.h"
#include "support/coretestutil.h"
#include "support/wakelatency.h"

#include <QTest>

#include <algorithm>

using namespace tl;
using namespace tl::test;

namespace {
constexpr std::int64_t kSecond = 1'000'000'000;

// Starts `n` threads running `body(i)` and joins them.
void together(int n, const std::function<void(int)>& body)
{
    std::vector<std::shared_ptr<Thread>> threads;
    for (int i = 0; i < n; ++i) {
        threads.push_back(Thread::create([body, i] { body(i); }));
        threads.back()->start();
    }
    for (auto& t : threads)
        t->join();
}
} // namespace

// threading.Barrier across threads (Lib/test/lock_tests.py's BarrierTests, in spirit).
class tst_Barrier : public QObject {
    Q_OBJECT
private slots:
    void lastArrivalReleasesEveryoneAndRunsTheAction();
    void reusableCycleAfterCycle();
    void aTimeoutBreaksItForEveryWaiter();
    void abortAndResetRaiseInTheWaiters();
    void anActionThatRaisesEndsTheLastWait();
};

void tst_Barrier::lastArrivalReleasesEveryoneAndRunsTheAction()
{
    // Three threads arrive at 0, 1 and 2 s: all leave at 2 s, with their arrival indexes 0, 1, 2; the action
    // runs once, in the last to arrive.
    std::vector<int> indexes(3, -1);
    QString actionThread;
    int actions = 0;
    const auto rec = record([&] {
        Barrier barrier(3, [&] {
            ++actions;
            actionThread = currentThreadName();
        });
        together(3, [&](int i) {
            tl::sleep(i);
            indexes[std::size_t(i)] = barrier.wait();
        });
    });
    QVERIFY(rec.finishedInTime);
    QCOMPARE(indexes, (std::vector<int>{0, 1, 2}));
    QCOMPARE(actions, 1);
    QCOMPARE(actionThread, QStringLiteral("Thread-3"));
    for (LaneId lane = 1; lane <= 3; ++lane) {
        const Event end = firstOf(*rec.store, lane, EventKind::BarrierWaitEnd);
        // Woken by another thread, a waiter ends its wait when it runs again: the machine's latency, a few ms
        // on a loaded machine, not the clock's.
        QVERIFY2(end.ts >= 2 * kSecond && end.ts < 2 * kSecond + tl::test::kWakeLatencyNs, qPrintable(QString::number(end.ts)));
        QCOMPARE(end.flags, std::uint8_t(0));
    }
}

void tst_Barrier::reusableCycleAfterCycle()
{
    std::atomic<int> passes{0};
    int waitingAtEnd = -1;
    const auto rec = record([&] {
        Barrier barrier(4);
        together(4, [&](int i) {
            for (int cycle = 0; cycle < 3; ++cycle) {
                tl::sleep(0.1 * i);
                barrier.wait();
                ++passes;
            }
        });
        waitingAtEnd = barrier.nWaiting();
    });
    QVERIFY(rec.finishedInTime);
    QCOMPARE(passes.load(), 12);
    QCOMPARE(waitingAtEnd, 0);
}

void tst_Barrier::aTimeoutBreaksItForEveryWaiter()
{
    // Two of three arrive; one has a timeout of 0.5 s: at 0.5 s both raise BrokenBarrierError, and the
    // barrier stays broken.
    std::vector<std::optional<PyError>> errors(2);
    std::optional<PyError> late;
    bool broken = false;
    const auto rec = record([&] {
        Barrier barrier(3);
        together(2, [&](int i) {
            errors[std::size_t(i)] = pyError([&] { barrier.wait(i == 0 ? std::optional(0.5) : std::nullopt); });
        });
        broken = barrier.broken();
        late = pyError([&] { barrier.wait(); }); // Barrier._enter: a broken barrier lets nobody in
    });
    QVERIFY(rec.finishedInTime);
    for (const auto& e : errors)
        QVERIFY(isPyError(e, "threading.BrokenBarrierError"));
    QVERIFY(broken);
    QVERIFY(isPyError(late, "threading.BrokenBarrierError"));
    // The late arrival's wait ends as it begins, by the error, with no index: it was never counted in.
    const Event lateBegin = firstOf(*rec.store, 0, EventKind::BarrierWaitBegin);
    const Event lateEnd = firstOf(*rec.store, 0, EventKind::BarrierWaitEnd);
    QCOMPARE(lateEnd.ts, lateBegin.ts);
    QCOMPARE(lateEnd.flags, EventFlag::TimedOut);
    QCOMPARE(lateEnd.c, kNoValue);
    const Event brokenAt = firstOf(*rec.store, 1, EventKind::BarrierBroken);
    QCOMPARE(brokenAt.ts - firstOf(*rec.store, 1, EventKind::BarrierWaitBegin).ts, kSecond / 2);
    QCOMPARE(firstOf(*rec.store, 1, EventKind::BarrierWaitEnd).flags, EventFlag::TimedOut);
    QCOMPARE(firstOf(*rec.store, 2, EventKind::BarrierWaitEnd).flags, EventFlag::TimedOut);
}

void tst_Barrier::abortAndResetRaiseInTheWaiters()
{
    // abort() breaks the barrier for its waiters; reset() wakes its waiters with the error and makes it usable.
    std::vector<std::optional<PyError>> aborted(2), reset(2);
    int afterReset = -1;
    const auto rec = record([&] {
        Barrier first(3), second(3);
        auto waiters = Thread::create(
            [&] { together(2, [&](int i) { aborted[std::size_t(i)] = pyError([&] { first.wait(); }); }); });
        waiters->start();
        tl::sleep(1);
        first.abort();
        waiters->join();
        auto again = Thread::create(
            [&] { together(2, [&](int i) { reset[std::size_t(i)] = pyError([&] { second.wait(); }); }); });
        again->start();
        tl::sleep(1);
        second.reset();
        again->join();
        Barrier one(1);
        afterReset = second.broken() ? -2 : one.wait();
    });
    QVERIFY(rec.finishedInTime);
    for (const auto& e : aborted)
        QVERIFY(isPyError(e, "threading.BrokenBarrierError"));
    for (const auto& e : reset)
        QVERIFY(isPyError(e, "threading.BrokenBarrierError"));
    QCOMPARE(afterReset, 0);
    QVERIFY(hasKind(*rec.store, 0, EventKind::BarrierBroken)); // abort() says so on the caller's lane
}

QTEST_GUILESS_MAIN(tst_Barrier)
#include "tst_barrier.moc"

// Barrier._release: an action that raises breaks the barrier, and its exception goes on in the last arrival, whose
// wait ends by it. Its wait was left open, its band running on to the thread's next event (a 1 s sleep's end).
void tst_Barrier::anActionThatRaisesEndsTheLastWait()
{
    std::optional<PyError> raised, broken;
    const auto rec = record([&] {
        Barrier barrier(2, [] { throw ValueError(QStringLiteral("action")); });
        auto first = Thread::create([&] { broken = pyError([&] { barrier.wait(); }); });
        first->start();
        tl::sleep(1);
        raised = pyError([&] { barrier.wait(); });
        tl::sleep(1);
        first->join();
    });
    QVERIFY(rec.finishedInTime);
    QVERIFY(isPyError(raised, "ValueError", "action"));
    QVERIFY(isPyError(broken, "threading.BrokenBarrierError"));
    const Event end = firstOf(*rec.store, 0, EventKind::BarrierWaitEnd);
    QCOMPARE(end.flags, std::uint8_t(EventFlag::TimedOut | EventFlag::Interrupted));
    QVERIFY2(end.ts < kSecond + kSecond / 10, qPrintable(QString::number(end.ts)));
}
