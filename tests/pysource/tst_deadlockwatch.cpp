// DeadlockWatch on hand-made event streams: which cycles it names, when, and which it calls potential. The
// real programs behind these streams run in tst_pythonsync; here each rule is held to one small stream.

#include "pysource/deadlockwatch.h"

#include <QTest>

#include <algorithm>

using namespace tl;

namespace {

constexpr LaneId kMain = 0;
constexpr std::uint32_t kA = 1; // primitives' ids
constexpr std::uint32_t kB = 2;

// A stream in arrival order, each event one millisecond after the one before, fed to a watch as it grows.
class Stream {
public:
    Stream& add(LaneId lane, EventKind kind, std::uint32_t a = 0, std::uint32_t c = 0)
    {
        Event e;
        e.ts = std::int64_t(m_events.size() + 1) * 1'000'000;
        e.lane = lane;
        e.kind = kind;
        e.a = a;
        e.c = c;
        e.line = std::uint16_t(m_events.size() + 1);
        m_events.push_back(e);
        m_watch.observe(m_events, m_events.size() - 1);
        return *this;
    }
    Stream& lock(std::uint32_t id, SyncType type) { return add(kMain, EventKind::SyncCreated, id, std::uint32_t(type)); }
    Stream& start(LaneId lane) { return add(kMain, EventKind::Start, lane); }
    Stream& acquired(LaneId lane, std::uint32_t lock) { return add(lane, EventKind::Acquired, lock, 1); }
    Stream& released(LaneId lane, std::uint32_t lock) { return add(lane, EventKind::Released, lock, 0); }
    Stream& blocks(LaneId lane, std::uint32_t lock, std::uint32_t timeoutMs = kNoValue)
    {
        return add(lane, EventKind::AcquireBlocked, lock, timeoutMs);
    }
    Stream& joins(LaneId lane, LaneId target, std::uint32_t timeoutMs = kNoValue)
    {
        return add(lane, EventKind::JoinBegin, target, timeoutMs);
    }
    Stream& sleeps(LaneId lane) { return add(lane, EventKind::SleepBegin, 0, 1000); }

    std::vector<Event> deadlocks() const
    {
        std::vector<Event> out;
        std::copy_if(m_events.begin(), m_events.end(), std::back_inserter(out),
                     [](const Event& e) { return e.kind == EventKind::Deadlock; });
        return out;
    }
    // The ts of the last event before the watch's own.
    std::int64_t lastTs() const
    {
        for (auto e = m_events.rbegin(); e != m_events.rend(); ++e)
            if (e->kind != EventKind::Deadlock)
                return e->ts;
        return -1;
    }

private:
    std::vector<Event> m_events;
    DeadlockWatch m_watch;
};

bool potential(const Event& e)
{
    return (e.flags & EventFlag::Potential) != 0;
}

// Threads 1 and 2 take the locks in opposite order; main does what `mainMeanwhile` makes it do first.
Stream& lockOrderCycle(Stream& s, SyncType type)
{
    s.lock(kA, type).lock(kB, type).start(1).start(2);
    return s;
}

void closeLockOrderCycle(Stream& s)
{
    s.acquired(1, kA).acquired(2, kB).blocks(1, kB).blocks(2, kA);
}

} // namespace

class tst_DeadlockWatch : public QObject {
    Q_OBJECT

private slots:
    void aLockCycleIsCertainWhenNoOtherThreadRuns()
    {
        Stream s;
        lockOrderCycle(s, SyncType::Lock).joins(kMain, 1);
        closeLockOrderCycle(s);
        const std::vector<Event> d = s.deadlocks();
        QCOMPARE(d.size(), std::size_t(2));
        QVERIFY(!potential(d[0]) && !potential(d[1]));
        QCOMPARE(d[0].ts, s.lastTs()); // found as the closing wait began
        QCOMPARE(d[0].c, 1u);
    }

    // Lib/threading.py: "A primitive lock is not owned by a particular thread". Here main waits on a Lock it
    // holds, and thread 1, asleep, will open it: a valid program, which the watch must not call a deadlock.
    void aLockAnotherThreadMayOpenIsOnlyPotential()
    {
        Stream s;
        s.lock(kA, SyncType::Lock).acquired(kMain, kA).start(1).add(1, EventKind::RunBegin).sleeps(1).blocks(kMain, kA);
        std::vector<Event> d = s.deadlocks();
        QCOMPARE(d.size(), std::size_t(1));
        QVERIFY(potential(d[0]));
        QCOMPARE(d[0].lane, kMain);
        QCOMPARE(d[0].b, kMain); // waits for itself
        s.add(1, EventKind::SleepEnd).released(1, kA).acquired(kMain, kA).add(1, EventKind::RunEnd).joins(kMain, 1);
        QCOMPARE(s.deadlocks().size(), std::size_t(1)); // nothing more: the potential one passed
    }

    // The lesson's cycle while main still sleeps: potential, since main could open either lock; certain the
    // moment main blocks in its join, as a new cycle on the same two lanes.
    void aPotentialLockCycleIsConfirmedWhenTheLastRunnerBlocks()
    {
        Stream s;
        lockOrderCycle(s, SyncType::Lock).sleeps(kMain);
        closeLockOrderCycle(s);
        QCOMPARE(s.deadlocks().size(), std::size_t(2));
        QVERIFY(potential(s.deadlocks()[0]));
        s.add(kMain, EventKind::SleepEnd);
        QCOMPARE(s.deadlocks().size(), std::size_t(2)); // main runs again: nothing new
        s.joins(kMain, 1);
        const std::vector<Event> d = s.deadlocks();
        QCOMPARE(d.size(), std::size_t(4));
        QVERIFY(!potential(d[2]) && !potential(d[3]));
        QCOMPARE(d[2].c, 2u);
        QCOMPARE(d[2].ts, s.lastTs()); // at main's join
        QCOMPARE(d[2].line, std::uint16_t(0)); // neither member's own line
        QCOMPARE(std::vector<LaneId>({d[2].lane, d[3].lane}), std::vector<LaneId>({2, 1}));
    }

    void aThreadsEndCanLeaveNothingRunning()
    {
        Stream s;
        lockOrderCycle(s, SyncType::Lock).start(3).joins(kMain, 1);
        closeLockOrderCycle(s);
        QCOMPARE(s.deadlocks().size(), std::size_t(2)); // thread 3 runs
        s.add(3, EventKind::RunEnd);
        QCOMPARE(s.deadlocks().size(), std::size_t(4));
        QVERIFY(!potential(s.deadlocks()[3]));
    }

    void aWaitWithATimeoutLeavesItPotential()
    {
        Stream s;
        lockOrderCycle(s, SyncType::Lock).joins(kMain, 1, 5000);
        closeLockOrderCycle(s);
        QCOMPARE(s.deadlocks().size(), std::size_t(2));
        QVERIFY(potential(s.deadlocks()[0]));
    }

    // A queue's blocked get does not say whether it has a timeout: the thread may come back and open a lock.
    void aBlockedQueueGetCountsAsRunning()
    {
        Stream s;
        lockOrderCycle(s, SyncType::Lock).start(3).add(3, EventKind::GetBlocked, 7, 0).joins(kMain, 1);
        closeLockOrderCycle(s);
        QCOMPARE(s.deadlocks().size(), std::size_t(2));
        QVERIFY(potential(s.deadlocks()[0]));
    }

    // Only an RLock's owner may release it, and only the joined thread can end a join: certain at once.
    void anRLockCycleIsCertainWhileOthersRun()
    {
        Stream s;
        lockOrderCycle(s, SyncType::RLock).sleeps(kMain);
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
        s.acquired(kMain, kA).joins(kMain, 1);
        std::vector<Event> d = s.deadlocks();
        QCOMPARE(d.size(), std::size_t(2));
        QCOMPARE(potential(d[0]), plain);
        QCOMPARE(d[0].lane, kMain);
        QCOMPARE(d[0].a, kNoValue); // a join names no primitive
        QCOMPARE(d[1].a, kB);       // thread 1 waits on the condition
        s.add(2, EventKind::RunEnd);
        d = s.deadlocks();
        QCOMPARE(d.size(), std::size_t(plain ? 4 : 2));
        QVERIFY(!potential(d.back()));
    }
};

QTEST_GUILESS_MAIN(tst_DeadlockWatch)
#include "tst_deadlockwatch.moc"
