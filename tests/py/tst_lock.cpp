#include "py/lock.h"
#include "py/pythonapi.h"
#include "py/rlock.h"
#include "py/thread.h"
#include "support/coretestutil.h"
#include "support/wakelatency.h"

#include <QTest>

#include <atomic>

using namespace tl;
using namespace tl::test;

namespace {
constexpr std::int64_t kSecond = 1'000'000'000;
// How late a thread may run after the moment it was woken for (a deadline, a release): the OS's latency on
// a loaded machine, which the scenario clock counts as running time. Waits that end at a deadline are exact.
constexpr std::int64_t kLatency = tl::test::kWakeLatencyNs;
} // namespace

// threading.Lock and RLock across threads (in the spirit of CPython's Lib/test/lock_tests.py).
class tst_Lock : public QObject {
    Q_OBJECT
private slots:
    void lockExcludesAndUpdatesAreNotLost_data();
    void lockExcludesAndUpdatesAreNotLost();
    void anyThreadMayReleaseALock();
    void blockedAcquireTakesTheLockAtTheRelease();
    void timedAcquireFailsAtItsDeadline();
    void rlockCountsItsOwnersAcquires();
    void rlockIsOnlyReleasedByItsOwner();
};

void tst_Lock::lockExcludesAndUpdatesAreNotLost_data()
{
    QTest::addColumn<bool>("locked");
    QTest::newRow("with the lock: every update kept") << true;
    QTest::newRow("without it: updates lost (the test can fail)") << false;
}

void tst_Lock::lockExcludesAndUpdatesAreNotLost()
{
    // Four threads each read, yield and write a counter 50 times. With the lock held around the three steps
    // the count is exact; without it the same code loses updates, which shows the test sees a difference.
    QFETCH(bool, locked);
    // Atomic so that the unlocked row is a race of the program's logic, not a data race (ThreadSanitizer).
    std::atomic<int> counter{0};
    const auto rec = record([&] {
        Lock lock;
        std::vector<std::shared_ptr<Thread>> threads;
        for (int t = 0; t < 4; ++t) {
            threads.push_back(Thread::create([&] {
                for (int i = 0; i < 50; ++i) {
                    if (locked)
                        lock.acquire();
                    const int read = counter.load();
                    tl::sleep(0.001);
                    counter.store(read + 1);
                    if (locked)
                        lock.release();
                }
            }));
            threads.back()->start();
        }
        for (auto& t : threads)
            t->join();
    });
    QVERIFY(rec.finishedInTime);
    if (locked)
        QCOMPARE(counter.load(), 200);
    else
        QVERIFY(counter.load() < 200);
}

void tst_Lock::anyThreadMayReleaseALock()
{
    // test_different_thread: a Lock acquired by one thread is released by another.
    bool reacquired = false;
    const auto rec = record([&] {
        Lock lock;
        lock.acquire();
        auto releaser = Thread::create([&] { lock.release(); });
        releaser->start();
        releaser->join();
        reacquired = lock.acquire(false);
    });
    QVERIFY(rec.finishedInTime);
    QVERIFY(reacquired);
}

void tst_Lock::blockedAcquireTakesTheLockAtTheRelease()
{
    // A holder sleeps 2 s with the lock; main's acquire blocks and returns at the release, exactly.
    const auto rec = record([&] {
        Lock lock;
        auto holder = Thread::create(
            [&] {
                std::lock_guard guard(lock);
                tl::sleep(2);
            },
            {.targetName = QStringLiteral("holder")});
        holder->start();
        tl::sleep(0.5);
        std::lock_guard guard(lock);
        holder->join();
    });
    QVERIFY(rec.finishedInTime);
    const TraceStore& s = *rec.store;
    const Event blocked = firstOf(s, 0, EventKind::AcquireBlocked);
    const Event acquired = firstOf(s, 0, EventKind::Acquired);
    const auto holder = laneNamed(s, QStringLiteral("Thread-1 (holder)"));
    QVERIFY(holder);
    const Event released = firstOf(s, *holder, EventKind::Released);
    // Each just after its sleep ended: running code costs real time, a fraction of a millisecond here.
    QVERIFY(blocked.ts >= kSecond / 2 && blocked.ts < kSecond / 2 + kLatency);
    QVERIFY(released.ts >= 2 * kSecond && released.ts < 2 * kSecond + kLatency);
    QVERIFY(acquired.ts >= released.ts && acquired.ts - released.ts < kLatency);
    QCOMPARE(acquired.flags, std::uint8_t(0));
    QCOMPARE(acquired.c, 1u);
}

void tst_Lock::timedAcquireFailsAtItsDeadline()
{
    bool got = true;
    const auto rec = record([&] {
        Lock lock;
        auto holder = Thread::create([&] {
            std::lock_guard guard(lock);
            tl::sleep(5);
        });
        holder->start();
        tl::sleep(0.25);
        got = lock.acquire(true, 1.5);
        holder->join();
    });
    QVERIFY(rec.finishedInTime);
    QVERIFY(!got);
    const Event blocked = firstOf(*rec.store, 0, EventKind::AcquireBlocked);
    const Event ended = firstOf(*rec.store, 0, EventKind::Acquired);
    QCOMPARE(blocked.c, 1500u); // the timeout, in ms
    QCOMPARE(ended.flags, EventFlag::TimedOut);
    QCOMPARE(ended.ts - blocked.ts, 3 * kSecond / 2);
}

void tst_Lock::rlockCountsItsOwnersAcquires()
{
    // The owner takes it three times without blocking; another thread gets it only after three releases.
    bool otherEarly = true, otherLate = false;
    const auto rec = record([&] {
        RLock rlock;
        for (int i = 0; i < 3; ++i)
            rlock.acquire();
        auto other = Thread::create([&] {
            otherEarly = rlock.acquire(true, 0.5);
            otherLate = rlock.acquire();
            rlock.release();
        });
        other->start();
        tl::sleep(1);
        for (int i = 0; i < 3; ++i)
            rlock.release();
        other->join();
    });
    QVERIFY(rec.finishedInTime);
    QVERIFY(!otherEarly);
    QVERIFY(otherLate);
    std::vector<std::uint32_t> counts;
    for (const Event& e : rec.store->laneEvents(0)) {
        if (e.kind == EventKind::Acquired || e.kind == EventKind::Released)
            counts.push_back(e.c);
    }
    QCOMPARE(counts, (std::vector<std::uint32_t>{1, 2, 3, 2, 1, 0}));
}

void tst_Lock::rlockIsOnlyReleasedByItsOwner()
{
    std::optional<PyError> error;
    const auto rec = record([&] {
        RLock rlock;
        rlock.acquire();
        auto other = Thread::create([&] { error = pyError([&] { rlock.release(); }); });
        other->start();
        other->join();
        rlock.release();
    });
    QVERIFY(rec.finishedInTime);
    QVERIFY(isPyError(error, "RuntimeError", "cannot release un-acquired lock"));
}

QTEST_GUILESS_MAIN(tst_Lock)
#include "tst_lock.moc"
