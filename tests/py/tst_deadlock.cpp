#include "py/barrier.h"
#include "py/condition.h"
#include "py/lock.h"
#include "py/pythonapi.h"
#include "py/rlock.h"
#include "py/thread.h"
#include "support/coretestutil.h"
#include "trace/deadlocktext.h"

#include <QTest>

#include <algorithm>
#include <atomic>

using namespace tl;
using namespace tl::test;

namespace {

// The issue's bound: a cycle is found within 100 ms of the wait that closes it.
constexpr std::int64_t kBoundNs = 100'000'000;

bool hasDeadlock(const TraceStore& store)
{
    for (EventId id = 0; id < store.eventCount(); ++id) {
        if (store.event(id).kind == EventKind::Deadlock)
            return true;
    }
    return false;
}

// Runs `main` until a Deadlock is recorded, then stops it (the cycle never ends by itself).
GatedRecording recordUntilDeadlock(std::function<void()> main)
{
    return recordGated(std::move(main), hasDeadlock, [](ScenarioRun& run) { run.requestStop(); });
}

// The begin of the last wait on `lane` at or before `ts`: the wait that the lane's marker is about.
std::int64_t lastWaitBegin(const TraceStore& store, LaneId lane, std::int64_t ts)
{
    std::int64_t begin = -1;
    for (const Event& e : store.laneEvents(lane)) {
        const bool wait = e.kind == EventKind::AcquireBlocked || e.kind == EventKind::JoinBegin ||
                          e.kind == EventKind::CondWaitBegin || e.kind == EventKind::ExitWaitBegin;
        if (wait && e.ts <= ts)
            begin = e.ts;
    }
    return begin;
}

// One cycle found: the sentence, and that its marker came within the bound of the wait that closed it (the
// latest of its members' waits) and not before it.
void checkCycle(const GatedRecording& rec, const QString& sentence, std::size_t members)
{
    QVERIFY2(rec.gateReached, "no deadlock was reported");
    QVERIFY(rec.finishedInTime); // Stop ends every wait of the cycle
    const std::vector<DeadlockCycle> cycles = deadlockCycles(*rec.store);
    QCOMPARE(cycles.size(), std::size_t{1});
    const DeadlockCycle& cycle = cycles.front();
    QCOMPARE(cycle.members.size(), members);
    QVERIFY(!cycle.potential);
    QCOMPARE(deadlockSentence(*rec.store, cycle), sentence);
    std::int64_t closing = -1;
    for (EventId id : cycle.members) {
        const Event& e = rec.store->event(id);
        QCOMPARE(e.ts, cycle.ts);
        closing = std::max(closing, lastWaitBegin(*rec.store, e.lane, e.ts));
        // Each member was still stuck when Stop came: its lane unwound.
        QCOMPARE(eventsOf(*rec.store, e.lane, EventKind::Stopped).size(), std::size_t{1});
    }
    QVERIFY(closing >= 0);
    QVERIFY2(cycle.ts - closing <= kBoundNs, qPrintable(QString::number(cycle.ts - closing)));
}

// A lock shared by the scenario's threads: owned by every lambda that uses it, since a stop unwinds main
// (and its locals) while the others may still be unwinding.
std::shared_ptr<Lock> lockNamed(const char* name)
{
    return std::make_shared<Lock>(QString::fromLatin1(name));
}

// Where the threads of a cycle meet once each holds its first lock (and every one has started): the cycle
// then forms whatever the machine's speed, where a sleep would only make it likely.
std::shared_ptr<Barrier> meeting(int parties)
{
    return std::make_shared<Barrier>(parties);
}

} // namespace

// The live wait-for graph: acquire -> the lock's owner, join -> its target, a condition wait -> the holder
// of the condition's lock. Each cycle is reported as it forms, on every lane of it, and the run stays stuck
// until Stop, as Python's would.
class tst_Deadlock : public QObject {
    Q_OBJECT
private slots:
    void twoLocksInOppositeOrder();
    void threeThreadCycle();
    void twoThreadsJoinEachOther();
    void lockAndJoin();
    void conditionWaitAndItsLocksHolder();
    void lockTakenTwiceBySameThread();
    void exitWaitForALockMainHolds();
    void longChainIsNoCycle();
    void releasedWaitLeavesNoEdge();
    void timedWaitIsAPotentialDeadlock_data();
    void timedWaitIsAPotentialDeadlock();
};

void tst_Deadlock::twoLocksInOppositeOrder()
{
    const auto rec = recordUntilDeadlock([] {
        auto a = lockNamed("A");
        auto b = lockNamed("B");
        auto met = meeting(2);
        auto t1 = Thread::create([a, b, met] {
            std::lock_guard holdA(*a);
            met->wait();
            std::lock_guard holdB(*b);
        });
        auto t2 = Thread::create([a, b, met] {
            std::lock_guard holdB(*b);
            met->wait();
            std::lock_guard holdA(*a);
        });
        t1->start();
        t2->start();
        t1->join();
        t2->join();
    });
    checkCycle(rec, QStringLiteral("Deadlock: Thread-1 holds A and waits for B; Thread-2 holds B and waits for A"), 2);
}

void tst_Deadlock::threeThreadCycle()
{
    const auto rec = recordUntilDeadlock([] {
        const std::shared_ptr<Lock> locks[3] = {lockNamed("A"), lockNamed("B"), lockNamed("C")};
        std::vector<std::shared_ptr<Thread>> threads;
        auto met = meeting(3);
        for (int t = 0; t < 3; ++t) {
            threads.push_back(Thread::create([first = locks[t], second = locks[(t + 1) % 3], met] {
                std::lock_guard holdFirst(*first);
                met->wait();
                std::lock_guard holdSecond(*second);
            }));
            threads.back()->start();
        }
        for (auto& thread : threads)
            thread->join();
    });
    checkCycle(rec,
               QStringLiteral("Deadlock: Thread-1 holds A and waits for B; Thread-2 holds B and waits for C; "
                              "Thread-3 holds C and waits for A"),
               3);
}

void tst_Deadlock::twoThreadsJoinEachOther()
{
    // CPython raises "cannot join current thread" only for a thread joining itself; two threads joining each
    // other hang for ever.
    const auto rec = recordUntilDeadlock([] {
        // Each knows the other by a weak reference: strong ones would make the two Threads own each other,
        // a cycle LeakSanitizer reports once nothing else holds them.
        auto t1 = std::make_shared<std::weak_ptr<Thread>>();
        auto t2 = std::make_shared<std::weak_ptr<Thread>>();
        auto met = meeting(2); // both started: a join of an unstarted thread raises instead
        const auto one = Thread::create([t2, met] {
            met->wait();
            t2->lock()->join();
        });
        const auto two = Thread::create([t1, met] {
            met->wait();
            t1->lock()->join();
        });
        *t1 = one;
        *t2 = two;
        one->start();
        two->start();
        one->join();
    });
    checkCycle(rec, QStringLiteral("Deadlock: Thread-1 waits for Thread-2 to end; Thread-2 waits for Thread-1 to end"),
               2);
}

void tst_Deadlock::lockAndJoin()
{
    const auto rec = recordUntilDeadlock([] {
        auto a = lockNamed("A");
        auto t2 = std::make_shared<std::shared_ptr<Thread>>();
        auto met = meeting(2);
        auto t1 = Thread::create([a, t2, met] {
            std::lock_guard holdA(*a);
            met->wait();
            (*t2)->join();
        });
        *t2 = Thread::create([a, met] {
            met->wait();
            std::lock_guard holdA(*a);
        });
        t1->start();
        (*t2)->start();
        t1->join();
    });
    checkCycle(rec, QStringLiteral("Deadlock: Thread-1 holds A and waits for Thread-2 to end; Thread-2 waits for A"),
               2);
}

void tst_Deadlock::conditionWaitAndItsLocksHolder()
{
    // Thread-1 waits on the condition holding M; Thread-2 takes the condition's lock and then wants M. Only a
    // holder of the condition's lock can notify, and that holder is stuck: no one ever will.
    const auto rec = recordUntilDeadlock([] {
        auto m = lockNamed("M");
        auto cond = std::make_shared<Condition>(std::shared_ptr<LockBase>{}, QStringLiteral("ready"));
        // Set under the condition's lock just before the wait releases it: whoever holds that lock and reads
        // true knows Thread-1 is waiting.
        auto waiting = std::make_shared<std::atomic<bool>>(false);
        auto t1 = Thread::create([m, cond, waiting] {
            std::lock_guard holdM(*m);
            std::lock_guard holdCond(*cond);
            waiting->store(true);
            cond->wait();
        });
        auto t2 = Thread::create([m, cond, waiting] {
            for (;;) {
                {
                    std::lock_guard holdCond(*cond);
                    if (waiting->load()) {
                        std::lock_guard holdM(*m);
                        return;
                    }
                }
                tl::sleep(0.001); // not yet: let Thread-1 take the lock, and look again
            }
        });
        t1->start();
        t2->start();
        t1->join();
    });
    checkCycle(rec,
               QStringLiteral("Deadlock: Thread-1 holds M and waits for a notify on ready; Thread-2 holds ready's lock "
                              "and waits for M"),
               2);
}

void tst_Deadlock::lockTakenTwiceBySameThread()
{
    // A Lock is not reentrant: its holder waits for itself (an RLock would count on).
    const auto rec = recordUntilDeadlock([] {
        auto a = lockNamed("A");
        auto r = std::make_shared<RLock>(QStringLiteral("R"));
        auto t1 = Thread::create([a, r] {
            std::lock_guard once(*r);
            std::lock_guard twice(*r);
            a->acquire();
            a->acquire();
        });
        t1->start();
        t1->join();
    });
    checkCycle(rec, QStringLiteral("Deadlock: Thread-1 holds A and waits for A"), 1);
}

void tst_Deadlock::exitWaitForALockMainHolds()
{
    // Main ends holding A while Thread-1 waits for it: at interpreter exit main joins Thread-1, which never
    // ends (CPython hangs the same way; a lock is not released at exit).
    const auto rec = recordUntilDeadlock([] {
        auto a = lockNamed("A");
        a->acquire();
        Thread::create([a] { std::lock_guard holdA(*a); })->start();
    });
    checkCycle(rec, QStringLiteral("Deadlock: MainThread holds A and waits for Thread-1 to end; Thread-1 waits for A"),
               2);
}

void tst_Deadlock::longChainIsNoCycle()
{
    // Thread-1 holds A (and the condition's lock) through a long sleep; Thread-2 waits for A, Thread-3 joins
    // Thread-2, Thread-4 waits on the condition, main joins them all: a chain of waits that ends at a sleeper.
    // The first sleeps order the threads; they are seconds, not milliseconds, because the clock runs at the
    // real rate until Thread-4 waits, and a sanitizer can take longer than 10 ms to get it there (then
    // Thread-1 would take the condition first, and Thread-4 would wait forever).
    const auto rec = record([] {
        Lock a(QStringLiteral("A"));
        Condition cond({}, QStringLiteral("ready"));
        std::shared_ptr<Thread> t2;
        auto t1 = Thread::create([&] {
            tl::sleep(1);
            std::lock_guard holdA(a);
            std::lock_guard holdCond(cond);
            tl::sleep(600);
            cond.notifyAll();
        });
        t2 = Thread::create([&] {
            tl::sleep(2);
            std::lock_guard holdA(a);
        });
        auto t3 = Thread::create([&] { t2->join(); });
        auto t4 = Thread::create([&] {
            std::lock_guard holdCond(cond);
            cond.wait();
        });
        for (auto* t : {&t4, &t1, &t2, &t3})
            (*t)->start();
        for (auto* t : {&t3, &t1, &t4})
            (*t)->join();
    });
    QVERIFY(rec.finishedInTime);
    QVERIFY(deadlockCycles(*rec.store).empty());
    QVERIFY(rec.store->endTs() >= 600'000'000'000); // the waits did last the sleep
}

void tst_Deadlock::releasedWaitLeavesNoEdge()
{
    // Thread-2 waited for A once; it got A, released it, and runs on holding B when Thread-1, holding A again,
    // waits for B. Had Thread-2's old edge stayed, "Thread-1 -> B's Thread-2 -> A's Thread-1" would be a cycle.
    const auto rec = record([] {
        Lock a(QStringLiteral("A"));
        Lock b(QStringLiteral("B"));
        auto t1 = Thread::create([&] {
            a.acquire();
            tl::sleep(0.1);
            a.release();
            tl::sleep(0.1);
            std::lock_guard holdA(a);
            std::lock_guard holdB(b);
        });
        auto t2 = Thread::create([&] {
            tl::sleep(0.05);
            a.acquire();
            a.release();
            std::lock_guard holdB(b);
            tl::sleep(1.0);
        });
        t1->start();
        t2->start();
        t1->join();
        t2->join();
    });
    QVERIFY(rec.finishedInTime);
    QVERIFY(deadlockCycles(*rec.store).empty());
    const auto t1 = laneNamed(*rec.store, QStringLiteral("Thread-1"));
    QVERIFY(t1);
    QCOMPARE(eventsOf(*rec.store, *t1, EventKind::AcquireBlocked).size(), std::size_t{1}); // it did wait for B
}

void tst_Deadlock::timedWaitIsAPotentialDeadlock_data()
{
    QTest::addColumn<bool>("timedWaitCloses");
    QTest::newRow("the timed wait closes the cycle") << true;
    QTest::newRow("an untimed wait closes a cycle with a timed one") << false;
}

void tst_Deadlock::timedWaitIsAPotentialDeadlock()
{
    // Thread-1's acquire of B has a timeout: the cycle is reported as potential, and it ends by itself when
    // that acquire gives up and Thread-1 releases A.
    QFETCH(bool, timedWaitCloses);
    bool gotB = true;
    const auto rec = record([&] {
        Lock a(QStringLiteral("A"));
        Lock b(QStringLiteral("B"));
        Barrier met(2);
        auto t1 = Thread::create([&] {
            std::lock_guard holdA(a);
            met.wait();
            tl::sleep(timedWaitCloses ? 0.02 : 0.01);
            gotB = b.acquire(true, 1.0);
        });
        auto t2 = Thread::create([&] {
            std::lock_guard holdB(b);
            met.wait();
            tl::sleep(timedWaitCloses ? 0.01 : 0.02);
            std::lock_guard holdA(a);
        });
        t1->start();
        t2->start();
        t1->join();
        t2->join();
    });
    QVERIFY(rec.finishedInTime);
    QVERIFY(!gotB);
    const std::vector<DeadlockCycle> cycles = deadlockCycles(*rec.store);
    QCOMPARE(cycles.size(), std::size_t{1});
    QVERIFY(cycles.front().potential);
    QCOMPARE(deadlockSentence(*rec.store, cycles.front()),
             QStringLiteral("Potential deadlock: Thread-1 holds A and waits for B; Thread-2 holds B and waits for A"));
    for (EventId id : cycles.front().members)
        QVERIFY(rec.store->event(id).flags & EventFlag::Potential);
}

QTEST_GUILESS_MAIN(tst_Deadlock)
#include "tst_deadlock.moc"
