// DeadlockWatch on hand-made event streams: the stalls it names, where no cycle is yet nothing can ever end (every
// live thread in a wait no other can end), once the longer quiet spell has passed; and when a stall is only
// potential. The real programs behind them run in tst_pythondeadlock; the cycles: tst_deadlockwatch.

#include "deadlockstream.h"

#include <QTest>

using namespace tl;
using namespace tl::watchtest;

class tst_StallWatch : public QObject {
    Q_OBJECT

private slots:
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

    // A child process may signal the program (a watchdog that sends SIGINT, whose KeyboardInterrupt ends main's wait):
    // while one is alive, a stall is only potential. A headless run stopped a program that a child then interrupted,
    // and killed the child with it (a user-tester). Once the child has ended, the next stall is certain.
    void aLiveChildProcessLeavesAStallPotential()
    {
        constexpr std::uint32_t kQueue = 7;
        auto alive = std::make_shared<bool>(true);
        Stream s;
        s.children(alive).start(1).gets(1, kQueue).joins(kMain, 1).settleStall();
        QCOMPARE(s.stalls().size(), std::size_t(2));
        QVERIFY(potential(s.stalls()[0]) && potential(s.stalls()[1]));
        *alive = false;
        s.add(kMain, EventKind::JoinEnd, 1, 0, 0, EventFlag::TimedOut).joins(kMain, 1).settleStall();
        QCOMPARE(s.stalls().size(), std::size_t(4));
        QVERIFY(!potential(s.stalls()[2]) && !potential(s.stalls()[3]));
    }

    // A thread a C library started has no lane until its first traced call, and may then put the item: while the
    // program has more threads than lanes (and the tracer's writer), a stall is only potential.
    void aThreadNoEventShowedLeavesAStallPotential()
    {
        constexpr std::uint32_t kQueue = 7;
        Stream s;
        s.threads(DeadlockWatch::kTracerThreads + 3); // main, thread 1, and one no event has shown
        s.start(1).gets(1, kQueue).joins(kMain, 1).settleStall();
        QCOMPARE(s.stalls().size(), std::size_t(2));
        QVERIFY(potential(s.stalls()[0]) && potential(s.stalls()[1]));
        s.add(kMain, EventKind::JoinEnd, 1, 0, 0, EventFlag::TimedOut);
        s.threads(DeadlockWatch::kTracerThreads + 2).joins(kMain, 1).settleStall(); // it has ended: news
        QCOMPARE(s.stalls().size(), std::size_t(2));
        s.settleStall();
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

QTEST_GUILESS_MAIN(tst_StallWatch)
#include "tst_stallwatch.moc"
