// DeadlockWatch on hand-made event streams: which cycles it names, when, and which it calls potential. The
// real programs behind these streams run in tst_pythondeadlock; here each rule is held to one small stream, in
// the order the tracer's writer may deliver it (one thread's events before another's that came first).

#include "pysource/deadlockwatch.h"

#include <QTest>

#include <algorithm>

using namespace tl;

namespace {

constexpr LaneId kMain = 0;
constexpr std::uint32_t kA = 1; // primitives' ids
constexpr std::uint32_t kB = 2;

// A stream in arrival order, each event one millisecond after the one before, fed to a watch as it grows;
// arrivals are one wall millisecond apart, and settle() lets a quiet spell pass.
class Stream {
public:
    Stream() { add(kMain, EventKind::RunBegin); }

    Stream& add(LaneId lane, EventKind kind, std::uint32_t a = 0, std::uint32_t c = 0, std::uint32_t b = 0,
                std::uint8_t flags = 0)
    {
        Event e;
        e.flags = flags;
        e.ts = std::int64_t(m_events.size() + 1) * 1'000'000;
        e.lane = lane;
        e.kind = kind;
        e.a = a;
        e.b = b;
        e.c = c;
        e.line = std::uint16_t(m_events.size() + 1);
        m_events.push_back(e);
        m_watch.observe(m_events, m_events.size() - 1, ++m_nowMs);
        return *this;
    }
    // No event for the quiet spell: a cycle through a plain Lock is settled.
    Stream& settle()
    {
        m_nowMs += DeadlockWatch::kQuietMs;
        m_watch.observe(m_events, m_events.size(), m_nowMs);
        return *this;
    }
    // No event for the longer spell that names a stall.
    Stream& settleStall()
    {
        m_nowMs += DeadlockWatch::kStallQuietMs;
        m_watch.observe(m_events, m_events.size(), m_nowMs);
        return *this;
    }
    Stream& lock(std::uint32_t id, SyncType type)
    {
        return add(kMain, EventKind::SyncCreated, id, std::uint32_t(type));
    }
    Stream& start(LaneId lane) { return add(kMain, EventKind::Start, lane).add(lane, EventKind::RunBegin); }
    // Created by main as a daemon, then started (the tracer's start event carries the flag too).
    Stream& startDaemon(LaneId lane) { return startChanged(lane, true, true); }
    // Created one way, then `t.daemon = ...` before start(): start() carries the flag it runs with.
    Stream& startChanged(LaneId lane, bool createdDaemon, bool startedDaemon)
    {
        add(lane, EventKind::ThreadCreated, kMain, 0, 0, createdDaemon ? EventFlag::Daemon : 0);
        return add(kMain, EventKind::Start, lane, 0, 0, startedDaemon ? EventFlag::Daemon : 0)
            .add(lane, EventKind::RunBegin);
    }
    Stream& acquired(LaneId lane, std::uint32_t lock, std::uint32_t wake = 0)
    {
        return add(lane, EventKind::Acquired, lock, 1, wake);
    }
    Stream& released(LaneId lane, std::uint32_t lock, std::uint32_t wake = 0)
    {
        return add(lane, EventKind::Released, lock, 0, wake);
    }
    Stream& blocks(LaneId lane, std::uint32_t lock, std::uint32_t timeoutMs = kNoValue)
    {
        return add(lane, EventKind::AcquireBlocked, lock, timeoutMs);
    }
    Stream& joins(LaneId lane, LaneId target, std::uint32_t timeoutMs = kNoValue)
    {
        return add(lane, EventKind::JoinBegin, target, timeoutMs);
    }
    Stream& sleeps(LaneId lane) { return add(lane, EventKind::SleepBegin, 0, 1000); }
    Stream& gets(LaneId lane, std::uint32_t queue, std::uint32_t timeoutMs = kNoValue)
    {
        return add(lane, EventKind::GetBlocked, queue, 0, timeoutMs);
    }
    Stream& puts(LaneId lane, std::uint32_t queue) { return add(lane, EventKind::PutDone, queue, 1, 1); }

    std::vector<Event> deadlocks() const { return ofKind(EventKind::Deadlock); }
    std::vector<Event> stalls() const { return ofKind(EventKind::Stall); }
    // The latest event before the watch's own.
    const Event& last() const
    {
        return *std::find_if(m_events.rbegin(), m_events.rend(), [](const Event& e) {
            return e.kind != EventKind::Deadlock && e.kind != EventKind::Stall;
        });
    }

private:
    std::vector<Event> ofKind(EventKind kind) const
    {
        std::vector<Event> out;
        std::copy_if(m_events.begin(), m_events.end(), std::back_inserter(out),
                     [kind](const Event& e) { return e.kind == kind; });
        return out;
    }

    std::vector<Event> m_events;
    DeadlockWatch m_watch;
    std::int64_t m_nowMs = 0;
};

bool potential(const Event& e)
{
    return (e.flags & EventFlag::Potential) != 0;
}

// Threads 1 and 2, which will take two locks of `type` in opposite order.
Stream& twoThreads(Stream& s, SyncType type)
{
    return s.lock(kA, type).lock(kB, type).start(1).start(2);
}

void closeLockOrderCycle(Stream& s)
{
    s.acquired(1, kA).acquired(2, kB).blocks(1, kB).blocks(2, kA);
}

} // namespace

class tst_DeadlockWatch : public QObject {
    Q_OBJECT

private slots:
    // The lesson: main is in its join as the cycle closes. Named once the quiet spell shows that nothing runs,
    // at the moment, and on the line, of the wait that closed it.
    void aLockCycleIsCertainWhenNoOtherThreadRuns()
    {
        Stream s;
        twoThreads(s, SyncType::Lock).joins(kMain, 1);
        closeLockOrderCycle(s);
        const Event closing = s.last();
        QVERIFY(s.deadlocks().empty()); // not before the quiet spell
        s.settle();
        const std::vector<Event> d = s.deadlocks();
        QCOMPARE(d.size(), std::size_t(2));
        QVERIFY(!potential(d[0]) && !potential(d[1]));
        QCOMPARE(d[0].ts, closing.ts);
        QCOMPARE(d[0].lane, closing.lane);
        QCOMPARE(d[0].line, closing.line);
        QCOMPARE(d[1].line, std::uint16_t(0));
        QCOMPARE(d[0].c, 1u);
        s.settle();
        QCOMPARE(s.deadlocks().size(), std::size_t(2)); // named once
    }

    // Lib/threading.py: "A primitive lock is not owned by a particular thread". Here main waits on a Lock it
    // holds, and thread 1, asleep, will open it: a valid program, which the watch must not call a deadlock.
    void aLockAnotherThreadMayOpenIsOnlyPotential()
    {
        Stream s;
        s.lock(kA, SyncType::Lock).acquired(kMain, kA).start(1).sleeps(1).blocks(kMain, kA).settle();
        std::vector<Event> d = s.deadlocks();
        QCOMPARE(d.size(), std::size_t(1));
        QVERIFY(potential(d[0]));
        QCOMPARE(d[0].lane, kMain);
        QCOMPARE(d[0].b, kMain); // waits for itself
        s.add(1, EventKind::SleepEnd).released(1, kA, 4).acquired(kMain, kA, 4).add(1, EventKind::RunEnd).settle();
        s.joins(kMain, 1).settle();
        QCOMPARE(s.deadlocks().size(), std::size_t(1)); // nothing more: the potential one passed
    }

    // A program whose events never pause (a daemon that prints) has no quiet spell: a cycle a running
    // thread may open is shown potential as it forms.
    void aCycleWhileAThreadRunsIsShownAtOnce()
    {
        Stream s;
        s.lock(kA, SyncType::Lock).acquired(kMain, kA).start(1).sleeps(1).blocks(kMain, kA);
        const std::vector<Event> d = s.deadlocks();
        QCOMPARE(d.size(), std::size_t(1));
        QVERIFY(potential(d[0]));
        QCOMPARE(d[0].ts, s.last().ts);
        s.settle();
        QCOMPARE(s.deadlocks().size(), std::size_t(1)); // shown once
    }

    // The lesson's cycle while main still sleeps: potential, since main could open either lock; certain once
    // main blocks in its join, as a new cycle on the same two lanes, at the join's moment.
    void aPotentialLockCycleIsConfirmedWhenTheLastRunnerBlocks()
    {
        Stream s;
        twoThreads(s, SyncType::Lock).sleeps(kMain);
        closeLockOrderCycle(s);
        s.settle();
        QCOMPARE(s.deadlocks().size(), std::size_t(2));
        QVERIFY(potential(s.deadlocks()[0]));
        s.add(kMain, EventKind::SleepEnd).settle();
        QCOMPARE(s.deadlocks().size(), std::size_t(2)); // main runs again: nothing new
        s.joins(kMain, 1);
        const Event join = s.last();
        s.settle();
        const std::vector<Event> d = s.deadlocks();
        QCOMPARE(d.size(), std::size_t(4));
        QVERIFY(!potential(d[2]) && !potential(d[3]));
        QCOMPARE(d[2].c, 2u);
        QCOMPARE(d[2].ts, join.ts);
        QCOMPARE(d[2].line, std::uint16_t(0)); // neither member's own line
        QCOMPARE(std::vector<LaneId>({d[2].lane, d[3].lane}), std::vector<LaneId>({2, 1}));
    }

    void aThreadsEndCanLeaveNothingRunning()
    {
        Stream s;
        twoThreads(s, SyncType::Lock).start(3).joins(kMain, 1);
        closeLockOrderCycle(s);
        s.settle();
        QCOMPARE(s.deadlocks().size(), std::size_t(2)); // potential: thread 3 runs
        s.add(3, EventKind::RunEnd).settle();
        QCOMPARE(s.deadlocks().size(), std::size_t(4));
        QVERIFY(!potential(s.deadlocks()[3]));
    }

    // A woken thread's wait-end may arrive after the run-end of the thread that woke it: here the opener of
    // the Lock leaves its join. The quiet spell waits for that end; the cycle stays potential.
    void aWokenThreadsLateEndIsNoDeadlock()
    {
        Stream s;
        s.lock(kA, SyncType::Lock).start(1).start(2).start(3);
        s.acquired(1, kA).blocks(1, kA); // 1 waits for 2 to open kA
        s.joins(2, 3).sleeps(kMain);     // 2 waits for 3 to end
        s.add(kMain, EventKind::SleepEnd).joins(kMain, 1);
        s.add(3, EventKind::RunEnd);     // nothing seems to run...
        s.add(2, EventKind::JoinEnd, 3); // ...until 2's join-end, within the spell
        s.settle();
        const std::vector<Event> d = s.deadlocks();
        QCOMPARE(d.size(), std::size_t(1));
        QVERIFY(potential(d[0]));
    }

    // A join of a thread that has ended returns at once: it is no stuck wait for long.
    void aJoinOfAnEndedThreadLeavesItsThreadRunning()
    {
        Stream s;
        s.lock(kA, SyncType::Lock).start(1).start(2).add(2, EventKind::RunEnd);
        s.acquired(1, kA).blocks(1, kA);
        s.joins(kMain, 2).add(kMain, EventKind::JoinEnd, 2).sleeps(kMain).settle();
        QCOMPARE(s.deadlocks().size(), std::size_t(1));
        QVERIFY(potential(s.deadlocks()[0]));
    }

    // A pool worker has no start event, and its run-begin may arrive after main's wait.
    void aThreadWhoseRunBeginArrivesLateRuns()
    {
        Stream s;
        s.lock(kA, SyncType::Lock).acquired(kMain, kA).blocks(kMain, kA);
        s.add(1, EventKind::RunBegin).sleeps(1).settle();
        QCOMPARE(s.deadlocks().size(), std::size_t(1));
        QVERIFY(potential(s.deadlocks()[0]));
    }

    // A lane's events before its run-begin, or after its end, do not make it run: a late event is no
    // thread come back to life.
    void aLaneEndedIsNotCountedAgain()
    {
        Stream s;
        twoThreads(s, SyncType::Lock).start(5).add(5, EventKind::RunEnd).add(5, EventKind::Print);
        s.joins(kMain, 1);
        closeLockOrderCycle(s);
        s.settle();
        QCOMPARE(s.deadlocks().size(), std::size_t(2));
        QVERIFY(!potential(s.deadlocks()[0]));
    }

    void aWaitWithATimeoutLeavesItPotential()
    {
        Stream s;
        twoThreads(s, SyncType::Lock).joins(kMain, 1, 5000);
        closeLockOrderCycle(s);
        s.settle();
        QCOMPARE(s.deadlocks().size(), std::size_t(2));
        QVERIFY(potential(s.deadlocks()[0]));
    }

    // A queue's blocked get or put with no timeout waits for another thread's put or get, as a lock's acquire
    // waits for a release: nothing runs. With a timeout the thread comes back by itself and may open the lock.
    void aBlockedQueueWaitRunsOnlyWithATimeout_data()
    {
        QTest::addColumn<bool>("put");
        QTest::addColumn<uint>("timeoutMs");
        QTest::addRow("get") << false << uint(kNoValue);
        QTest::addRow("put") << true << uint(kNoValue);
        QTest::addRow("get with a timeout") << false << 500u;
        QTest::addRow("put with a timeout of 0") << true << 0u;
    }
    void aBlockedQueueWaitRunsOnlyWithATimeout()
    {
        QFETCH(bool, put);
        QFETCH(uint, timeoutMs);
        const EventKind kind = put ? EventKind::PutBlocked : EventKind::GetBlocked;
        Stream s;
        twoThreads(s, SyncType::Lock).start(3).add(3, kind, 7, 0, timeoutMs).joins(kMain, 1);
        closeLockOrderCycle(s);
        s.settle();
        QCOMPARE(s.deadlocks().size(), std::size_t(2));
        QCOMPARE(potential(s.deadlocks()[0]), timeoutMs != kNoValue);
    }

    // The put or get that ends the wait sets the thread running again.
    void aQueueWaitThatEndsRunsAgain()
    {
        Stream s;
        twoThreads(s, SyncType::Lock).start(3).add(3, EventKind::GetBlocked, 7, 0, kNoValue);
        s.add(3, EventKind::GetDone, 7, 0, 1).joins(kMain, 1);
        closeLockOrderCycle(s);
        s.settle();
        QCOMPARE(s.deadlocks().size(), std::size_t(2));
        QVERIFY(potential(s.deadlocks()[0]));
    }

    // Only an RLock's owner may release it, and only the joined thread can end a join: certain at once.
    void anRLockCycleIsCertainWhileOthersRun()
    {
        Stream s;
        twoThreads(s, SyncType::RLock).sleeps(kMain);
        closeLockOrderCycle(s);
        const std::vector<Event> d = s.deadlocks();
        QCOMPARE(d.size(), std::size_t(2));
        QVERIFY(!potential(d[0]));
    }

    void aJoinCycleIsCertainWhileOthersRun()
    {
        Stream s;
        s.start(1).start(2).sleeps(kMain).joins(1, 2).joins(2, 1);
        const std::vector<Event> d = s.deadlocks();
        QCOMPARE(d.size(), std::size_t(2));
        QVERIFY(!potential(d[0]));
    }

    // Thread 1 hands an RLock to main, whose acquired arrives before 1's release (the writer's order); main
    // then joins 1, which waits for the RLock again: main holds it, so this is a deadlock.
    void aLockHandedOverKeepsItsNewHolder()
    {
        Stream s;
        s.lock(kA, SyncType::RLock).start(1).acquired(1, kA).blocks(kMain, kA);
        s.acquired(kMain, kA, 9).released(1, kA, 9); // the release that woke main, arriving second
        s.joins(kMain, 1).blocks(1, kA);
        const std::vector<Event> d = s.deadlocks();
        QCOMPARE(d.size(), std::size_t(2));
        QVERIFY(!potential(d[0]));
    }

    // A condition's waiter waits for whoever holds its lock. Of a condition on a plain Lock, any thread may
    // open that lock: potential while thread 2 runs, certain once it has ended. On an RLock, certain at once.
    void aConditionsLockDecidesAsALocksDoes_data()
    {
        QTest::addColumn<bool>("plain"); // the condition's lock: a Lock, else an RLock
        QTest::addRow("Lock") << true;
        QTest::addRow("RLock") << false;
    }
    void aConditionsLockDecidesAsALocksDoes()
    {
        QFETCH(bool, plain);
        Stream s;
        s.lock(kA, plain ? SyncType::Lock : SyncType::RLock).lock(kB, SyncType::Condition).start(1).start(2).sleeps(2);
        s.acquired(1, kA).released(1, kA).add(1, EventKind::CondWaitBegin, kB, kNoValue);
        s.acquired(kMain, kA).joins(kMain, 1).settle();
        std::vector<Event> d = s.deadlocks();
        QCOMPARE(d.size(), std::size_t(2));
        QCOMPARE(potential(d[0]), plain);
        QCOMPARE(d[0].lane, kMain);
        QCOMPARE(d[0].a, kNoValue); // a join names no primitive
        QCOMPARE(d[1].a, kB);       // thread 1 waits on the condition
        s.add(2, EventKind::RunEnd).settle();
        d = s.deadlocks();
        QCOMPARE(d.size(), std::size_t(plain ? 4 : 2));
        QVERIFY(!potential(d.back()));
    }
    // Daemons are cut at exit: a cycle of daemons alone is named, but names no other thread while main runs.
    // Once main joins one of them with no timeout, main's wait is named with the cycle's number: the program
    // cannot end then. With a timeout, it can.
    void aWaitOnACycleOfDaemonsIsNamedWithIt_data()
    {
        QTest::addColumn<bool>("timed"); // main's join has a timeout
        QTest::addRow("join") << false;
        QTest::addRow("join with a timeout") << true;
    }
    void aWaitOnACycleOfDaemonsIsNamedWithIt()
    {
        QFETCH(bool, timed);
        Stream s;
        s.lock(kA, SyncType::RLock).lock(kB, SyncType::RLock).startDaemon(1).startDaemon(2).sleeps(kMain);
        closeLockOrderCycle(s);
        std::vector<Event> d = s.deadlocks();
        QCOMPARE(d.size(), std::size_t(2));
        QVERIFY(!potential(d[0]) && !potential(d[1]));
        s.add(kMain, EventKind::SleepEnd).joins(kMain, 2, timed ? 500 : kNoValue).settle();
        d = s.deadlocks();
        QCOMPARE(d.size(), std::size_t(timed ? 2 : 3));
        if (timed)
            return;
        QCOMPARE(d[2].lane, kMain);
        QCOMPARE(d[2].b, LaneId(2));
        QCOMPARE(d[2].a, kNoValue);
        QCOMPARE(d[2].c, d[0].c);
        QCOMPARE(d[2].line, s.last().line);
        QVERIFY(!potential(d[2]));
    }

    // Main joined a daemon before the daemons closed their cycle: named as the cycle is, at its moment. A
    // thread that is not a daemon, joining main, is named after it; main's own wait is not named twice.
    void aWaitBeforeTheCycleClosesIsNamedWithIt()
    {
        Stream s;
        s.lock(kA, SyncType::RLock).lock(kB, SyncType::RLock).startDaemon(1).startDaemon(2).start(3);
        s.joins(kMain, 1).acquired(1, kA).acquired(2, kB).blocks(1, kB).blocks(2, kA);
        const Event closing = s.last();
        std::vector<Event> d = s.deadlocks();
        QCOMPARE(d.size(), std::size_t(3));
        QCOMPARE(d[2].lane, kMain);
        QCOMPARE(d[2].ts, closing.ts);
        QCOMPARE(d[2].b, LaneId(1));
        s.joins(3, kMain);
        d = s.deadlocks();
        QCOMPARE(d.size(), std::size_t(4));
        QCOMPARE(d[3].lane, LaneId(3));
        QCOMPARE(d[3].b, kMain);
        QCOMPARE(d[3].c, d[0].c);
    }

    // `t.daemon = True` after Thread() and before start(), the usual way to make a daemon, counts as
    // daemon=True does; `t.daemon = False` likewise undoes daemon=True.
    void theDaemonFlagIsTheOneStartCarries_data()
    {
        QTest::addColumn<bool>("createdDaemon");
        QTest::addColumn<bool>("startedDaemon");
        QTest::addRow("made daemons before start") << false << true;
        QTest::addRow("made not daemons before start") << true << false;
    }
    void theDaemonFlagIsTheOneStartCarries()
    {
        QFETCH(bool, createdDaemon);
        QFETCH(bool, startedDaemon);
        Stream s;
        s.lock(kA, SyncType::RLock).lock(kB, SyncType::RLock);
        s.startChanged(1, createdDaemon, startedDaemon).startChanged(2, createdDaemon, startedDaemon);
        closeLockOrderCycle(s);
        s.joins(kMain, 1).settle();
        const std::vector<Event> d = s.deadlocks();
        // Main's wait is named only when the cycle is of daemons: else the cycle holds the program already.
        QCOMPARE(d.size(), std::size_t(startedDaemon ? 3 : 2));
        if (startedDaemon) {
            QCOMPARE(d[2].lane, kMain);
            QCOMPARE(d[2].b, LaneId(1));
        }
    }

    // A cycle with a thread that is not a daemon in it names no waiters: it holds the program already.
    void aCycleWithAThreadNotADaemonNamesNoWaiter()
    {
        Stream s;
        s.lock(kA, SyncType::RLock).lock(kB, SyncType::RLock).startDaemon(1).start(2);
        closeLockOrderCycle(s);
        s.joins(kMain, 1).settle();
        QCOMPARE(s.deadlocks().size(), std::size_t(2));
    }

    // The forgotten sentinel: a consumer in q.get() that nothing will feed, and main joining it. No cycle,
    // yet nothing ever ends: a stall, on both lanes, once the longer spell has passed, at main's join.
    void aForgottenSentinelIsAStall()
    {
        constexpr std::uint32_t kQueue = 7;
        Stream s;
        s.start(1).gets(1, kQueue).joins(kMain, 1);
        const Event join = s.last();
        s.settle();
        QVERIFY(s.stalls().empty()); // not after the cycles' spell
        s.settleStall();
        const std::vector<Event> d = s.stalls();
        QCOMPARE(d.size(), std::size_t(2));
        QCOMPARE(std::vector<LaneId>({d[0].lane, d[1].lane}), std::vector<LaneId>({kMain, 1}));
        QCOMPARE(d[0].ts, join.ts);
        QCOMPARE(d[1].ts, join.ts);
        QCOMPARE(d[0].line, join.line);
        QCOMPARE(d[1].line, std::uint16_t(0));
        QCOMPARE(d[0].c, 1u);
        QCOMPARE(d[1].c, 1u);
        QVERIFY(s.deadlocks().empty());
        s.settleStall().settleStall();
        QCOMPARE(s.stalls().size(), std::size_t(2)); // named once
    }

    // Each way a wait ends by itself, or has ended without its end arriving yet, leaves the program running;
    // the same waits when nothing can end them are a stall: a put before the get blocked wakes nothing, main
    // at exit waits for a thread that is not a daemon, a set() came before the wait began. Of two threads
    // waiting on one queue, lock or condition, the one a put, release or notify did not serve waits for good.
    void aStallNeedsEveryWaitForGood_data()
    {
        QTest::addColumn<int>("variant");
        QTest::addColumn<int>("stalled"); // lanes named in the stall
        QTest::addRow("a get with a timeout") << 0 << 0;
        QTest::addRow("a put after the get blocked, its end not come") << 1 << 0;
        QTest::addRow("a thread started, its run not begun") << 2 << 0;
        QTest::addRow("main at exit with daemons alone left") << 3 << 0;
        QTest::addRow("a join of a thread that has ended") << 4 << 0;
        QTest::addRow("a thread asleep") << 5 << 0;
        QTest::addRow("a set() after the wait began") << 6 << 0;
        QTest::addRow("a put before the get blocked") << 7 << 2;
        QTest::addRow("main at exit, a thread that is not a daemon left") << 8 << 2;
        QTest::addRow("a set() before the wait began, then clear()") << 9 << 2;
        QTest::addRow("a started thread begins, then waits") << 10 << 2;
        QTest::addRow("two gets, one put: the other get") << 11 << 3;
        QTest::addRow("a Lock let go, its new holder's acquire not come") << 12 << 0;
        QTest::addRow("a Lock let go and taken by the other waiter") << 13 << 3;
        QTest::addRow("a notify, the woken wait's end not come") << 14 << 0;
        QTest::addRow("a notify of one of two waiters, its end come") << 15 << 3;
        QTest::addRow("a Semaphore released, its taker's acquire not come") << 16 << 0;
        QTest::addRow("a put on a full queue, room made, its end not come") << 17 << 0;
    }
    void aStallNeedsEveryWaitForGood()
    {
        QFETCH(int, variant);
        QFETCH(int, stalled);
        constexpr std::uint32_t kQueue = 7;
        constexpr std::uint32_t kEvent = 3;
        constexpr std::uint32_t kCond = 4;
        constexpr std::uint32_t kSem = 5;
        Stream s;
        switch (variant) {
        case 0:
            s.start(1).gets(1, kQueue, 500).joins(kMain, 1);
            break;
        case 1:
            s.start(1).gets(1, kQueue).puts(kMain, kQueue).joins(kMain, 1);
            break;
        case 2:
            s.add(kMain, EventKind::Start, 1).joins(kMain, 1);
            break;
        case 3:
            s.startDaemon(1).gets(1, kQueue).add(kMain, EventKind::ExitWaitBegin);
            break;
        case 4:
            s.start(1).add(1, EventKind::RunEnd).joins(kMain, 1);
            break;
        case 5:
            s.start(1).sleeps(1).joins(kMain, 1);
            break;
        case 6:
            s.lock(kEvent, SyncType::Event).start(1).add(1, EventKind::EventWaitBegin, kEvent, kNoValue);
            s.add(kMain, EventKind::EventSet, kEvent, 1).joins(kMain, 1);
            break;
        case 7:
            s.start(1).puts(kMain, kQueue).add(kMain, EventKind::GetDone, kQueue, 0, 1).gets(1, kQueue);
            s.joins(kMain, 1);
            break;
        case 8:
            s.start(1).gets(1, kQueue).add(kMain, EventKind::ExitWaitBegin);
            break;
        case 9:
            s.lock(kEvent, SyncType::Event).start(1).add(kMain, EventKind::EventSet, kEvent, 0);
            s.add(kMain, EventKind::EventClear, kEvent).add(1, EventKind::EventWaitBegin, kEvent, kNoValue);
            s.joins(kMain, 1);
            break;
        case 10:
            s.add(kMain, EventKind::Start, 1).joins(kMain, 1).add(1, EventKind::RunBegin).gets(1, kQueue);
            break;
        case 11: // 1 took the item and waits again; 2 has waited since before the put
            s.start(1).start(2).gets(1, kQueue).gets(2, kQueue).puts(kMain, kQueue);
            s.add(1, EventKind::GetDone, kQueue, 0, 1).gets(1, kQueue).joins(kMain, 1);
            break;
        case 12:
            s.lock(kA, SyncType::Lock).acquired(kMain, kA).start(1).blocks(1, kA).released(kMain, kA).joins(kMain, 1);
            break;
        case 13: // 1 took it and waits on the queue holding it; 2 waits for it still
            s.lock(kA, SyncType::Lock).acquired(kMain, kA).start(1).start(2).blocks(1, kA).blocks(2, kA);
            s.released(kMain, kA).acquired(1, kA).gets(1, kQueue).joins(kMain, 2);
            break;
        case 14:
            s.lock(kCond, SyncType::Condition).start(1).add(1, EventKind::CondWaitBegin, kCond, kNoValue);
            s.add(kMain, EventKind::Notify, kCond, 1).joins(kMain, 1);
            break;
        case 15: // notify() woke 1, which ended its wait and waits on the queue; 2 waits for a notify still
            s.lock(kCond, SyncType::Condition).start(1).start(2).add(1, EventKind::CondWaitBegin, kCond, kNoValue);
            s.add(2, EventKind::CondWaitBegin, kCond, kNoValue).add(kMain, EventKind::Notify, kCond, 1);
            s.add(1, EventKind::CondWaitEnd, kCond).gets(1, kQueue).joins(kMain, 1);
            break;
        case 16:
            s.lock(kSem, SyncType::Semaphore).start(1).add(1, EventKind::AcquireBlocked, kSem, kNoValue);
            s.add(kMain, EventKind::Released, kSem, 1).joins(kMain, 1);
            break;
        case 17: // maxsize 1, full; main's get made room
            s.add(kMain, EventKind::QueueCreated, kQueue, 1)
                .start(1)
                .add(1, EventKind::PutBlocked, kQueue, 1, kNoValue);
            s.add(kMain, EventKind::GetDone, kQueue, 0, 1).joins(kMain, 1);
            break;
        }
        s.settleStall().settleStall();
        QCOMPARE(s.stalls().size(), std::size_t(stalled));
        QVERIFY(s.deadlocks().empty());
    }

    // A cycle that is certain and keeps the program names the hang; no stall is added to it. A cycle of
    // daemons alone does not: a thread that is not a daemon stuck elsewhere is a stall of its own.
    void aCertainCycleIsNoStall()
    {
        Stream s;
        twoThreads(s, SyncType::RLock);
        closeLockOrderCycle(s);
        s.joins(kMain, 1).settleStall();
        QCOMPARE(s.deadlocks().size(), std::size_t(2));
        QVERIFY(s.stalls().empty());
    }
    void aStallBesideACycleOfDaemons()
    {
        constexpr std::uint32_t kQueue = 7;
        Stream s;
        s.lock(kA, SyncType::RLock).lock(kB, SyncType::RLock).startDaemon(1).startDaemon(2).start(3);
        closeLockOrderCycle(s);
        s.gets(3, kQueue).joins(kMain, 3).settleStall();
        QCOMPARE(s.deadlocks().size(), std::size_t(2));
        const std::vector<Event> d = s.stalls();
        QCOMPARE(d.size(), std::size_t(2));
        QCOMPARE(std::vector<LaneId>({d[0].lane, d[1].lane}), std::vector<LaneId>({kMain, 3}));
        QCOMPARE(d[0].c, 2u); // numbered after the cycle
    }

    // A handler of the program's own may run in main at any wait (a SIGALRM that puts the sentinel): while
    // one is set, a stall is only potential. Set back to SIG_DFL, the next stall is certain.
    void aSignalHandlerLeavesAStallPotential()
    {
        constexpr std::uint32_t kQueue = 7;
        constexpr std::uint32_t kSigalrm = 40; // the signal's and the handlers' names, as string ids
        constexpr std::uint32_t kHandler = 41;
        constexpr std::uint32_t kDefault = 42;
        Stream s;
        s.add(kMain, EventKind::SignalHandler, kSigalrm, 1, kHandler);
        s.start(1).gets(1, kQueue).joins(kMain, 1).settleStall();
        QCOMPARE(s.stalls().size(), std::size_t(2));
        QVERIFY(potential(s.stalls()[0]) && potential(s.stalls()[1]));
        s.add(kMain, EventKind::JoinEnd, 1, 0, 0, EventFlag::TimedOut)
            .add(kMain, EventKind::SignalHandler, kSigalrm, 0, kDefault);
        s.joins(kMain, 1).settleStall();
        QCOMPARE(s.stalls().size(), std::size_t(4));
        QVERIFY(!potential(s.stalls()[2]) && !potential(s.stalls()[3]));
    }

    // A thread named stuck that runs after all (a signal handler in main) ends the stall; a later one is
    // named anew.
    void aStallThatEndsCanBeNamedAgain()
    {
        constexpr std::uint32_t kQueue = 7;
        Stream s;
        s.start(1).gets(1, kQueue).joins(kMain, 1).settleStall();
        QCOMPARE(s.stalls().size(), std::size_t(2));
        s.add(kMain, EventKind::JoinEnd, 1, 0, 0, EventFlag::TimedOut).joins(kMain, 1).settleStall();
        QCOMPARE(s.stalls().size(), std::size_t(4));
        QCOMPARE(s.stalls()[2].c, 2u);
    }
};

QTEST_GUILESS_MAIN(tst_DeadlockWatch)
#include "tst_deadlockwatch.moc"
