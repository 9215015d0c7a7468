// DeadlockWatch on hand-made event streams: which cycles it names, when, and which it calls potential. The
// real programs behind these streams run in tst_pythondeadlock; here each rule is held to one small stream, in
// the order the tracer's writer may deliver it (one thread's events before another's that came first). The
// stalls: tst_stallwatch.

#include "deadlockstream.h"

#include <QTest>

using namespace tl;
using namespace tl::watchtest;

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

    // The same, with the opener a thread a C library started, which has no lane until its first traced call: the
    // program's threads, as its system counts them, are more than its lanes and the tracer's writer. Once that
    // thread has gone, and a quiet spell has passed since, nothing can open it: certain.
    void aThreadNoEventShowedMayOpenALock()
    {
        Stream s;
        s.threads(DeadlockWatch::kTracerThreads + 2); // main, and the unseen thread
        s.lock(kA, SyncType::Lock).acquired(kMain, kA).blocks(kMain, kA).settle();
        QCOMPARE(s.deadlocks().size(), std::size_t(1));
        QVERIFY(potential(s.deadlocks()[0]));
        // Its end is news: its release may be on its way (a run under load named this cycle certain while the
        // release was still in the writer's deque). A quiet spell after it, and nothing came: certain.
        s.threads(DeadlockWatch::kTracerThreads + 1).settle();
        QCOMPARE(s.deadlocks().size(), std::size_t(1));
        s.settle();
        QCOMPARE(s.deadlocks().size(), std::size_t(2));
        QVERIFY(!potential(s.deadlocks()[1]));
    }

    // The count is a directory listing: read when a quiet spell could settle a cycle or name a stall, not on
    // every drain of a program that sleeps.
    void theThreadCountIsReadOnlyWhenItCouldMatter()
    {
        Stream s;
        s.threads(DeadlockWatch::kTracerThreads + 1).lock(kA, SyncType::Lock).sleeps(kMain);
        for (int i = 0; i < 10; ++i)
            s.settle();
        QCOMPARE(s.threadCountReads(), 0);
        s.add(kMain, EventKind::SleepEnd).acquired(kMain, kA).blocks(kMain, kA).settle();
        QVERIFY(s.threadCountReads() > 0);
        QCOMPARE(s.deadlocks().size(), std::size_t(1));
        QVERIFY(!potential(s.deadlocks()[0]));
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

    // The same program drained late (CI's ThreadSanitizer stage once stalled its drain for 450 ms): the opener's
    // run-begin arrives after main's wait, and the whole cycle, release and all, before any quiet spell. It
    // was shown in no event; the opener's release shows it potential, at the moment main's wait began.
    // The release may also arrive after main's acquire it woke (each thread's events come in turn): main's
    // wait ending shows it then.
    void aCycleThatPassesBeforeAnyQuietSpellIsPotential_data()
    {
        QTest::addColumn<bool>("releaseFirst");
        QTest::newRow("release, then acquire") << true;
        QTest::newRow("acquire, then release") << false;
    }
    void aCycleThatPassesBeforeAnyQuietSpellIsPotential()
    {
        QFETCH(bool, releaseFirst);
        Stream s;
        s.lock(kA, SyncType::Lock).acquired(kMain, kA).add(kMain, EventKind::Start, 1).blocks(kMain, kA);
        const Event closing = s.last();
        s.add(1, EventKind::RunBegin).sleeps(1).add(1, EventKind::SleepEnd);
        QVERIFY(s.deadlocks().empty());
        if (releaseFirst)
            s.released(1, kA, 4).acquired(kMain, kA, 4);
        else
            s.acquired(kMain, kA, 4).released(1, kA, 4);
        std::vector<Event> d = s.deadlocks();
        QCOMPARE(d.size(), std::size_t(1));
        QVERIFY(potential(d[0]));
        QCOMPARE(d[0].lane, kMain);
        QCOMPARE(d[0].ts, closing.ts);
        s.add(1, EventKind::RunEnd).settle();
        QCOMPARE(s.deadlocks().size(), std::size_t(1)); // shown once
    }

    // The lesson's cycle, with the release that handed a to thread 1 arriving after the cycle formed (thread 3's
    // events in a later round of the writer): that release came before thread 1's acquire, and undoes nothing.
    // The cycle is certain, and only certain.
    void aLateReleaseBeforeTheHoldersAcquireUndoesNothing()
    {
        Stream s;
        s.lock(kA, SyncType::Lock).lock(kB, SyncType::Lock).start(1).start(2).add(kMain, EventKind::Start, 3);
        s.joins(kMain, 1).acquired(1, kA, 7).acquired(2, kB).blocks(1, kB).blocks(2, kA);
        s.add(3, EventKind::RunBegin).released(3, kA, 7).add(3, EventKind::RunEnd).settle();
        const std::vector<Event> d = s.deadlocks();
        QCOMPARE(d.size(), std::size_t(2));
        QVERIFY(!potential(d[0]) && !potential(d[1]));
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

    // Python runs a signal handler in main, and what it raises ends main's wait: while the program has a handler of
    // its own, a cycle main waits in is potential (main taking a Lock it holds, with a SIGALRM to raise out of it), a
    // cycle of other threads certain as before.
    void aSignalHandlerLeavesMainsCyclePotential()
    {
        constexpr std::uint32_t kSigalrm = 40; // the signal's and the handler's names, as string ids
        constexpr std::uint32_t kHandler = 41;
        Stream s;
        s.add(kMain, EventKind::SignalHandler, kSigalrm, 1, kHandler).lock(kA, SyncType::RLock);
        s.lock(kB, SyncType::Lock).acquired(kMain, kB).blocks(kMain, kB).settle();
        QCOMPARE(s.deadlocks().size(), std::size_t(1));
        QVERIFY(potential(s.deadlocks()[0]));
        constexpr std::uint32_t kC = 3;
        s.start(1).start(2).lock(kC, SyncType::RLock).acquired(1, kA).acquired(2, kC).blocks(1, kC).blocks(2, kA);
        QCOMPARE(s.deadlocks().size(), std::size_t(3));
        QVERIFY(!potential(s.deadlocks()[1]) && !potential(s.deadlocks()[2]));
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
};

QTEST_GUILESS_MAIN(tst_DeadlockWatch)
#include "tst_deadlockwatch.moc"
