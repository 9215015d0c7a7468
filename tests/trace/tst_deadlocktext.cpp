#include "trace/deadlocktext.h"
#include "trace/eventtext.h"
#include "trace/tracestore.h"

#include <QTest>

#include <memory>
#include <vector>

using namespace tl;

namespace {

// A store with MainThread and Thread-1..3 (lanes 0-3), Locks A (1) and B (2), a Condition "ready" (3).
// With `daemons`, Thread-1 and Thread-2 are daemons.
struct Trace {
    std::shared_ptr<StringTable> strings = std::make_shared<StringTable>();
    TraceStore store{strings};
    explicit Trace(bool daemons = false)
    {
        std::vector<Event> setup;
        for (LaneId lane = 0; lane < 4; ++lane) {
            const QString name = lane == 0 ? QStringLiteral("MainThread") : QStringLiteral("Thread-%1").arg(lane);
            const std::uint8_t flags = daemons && (lane == 1 || lane == 2) ? EventFlag::Daemon : 0;
            setup.push_back(Event{0, lane, 0, EventKind::ThreadCreated, flags, 0, 0, strings->intern(name), 0});
        }
        const auto sync = [&](std::uint32_t id, const char* name, SyncType type) {
            setup.push_back(Event{0, 0, 0, EventKind::SyncCreated, 0, 0, id, strings->intern(QString::fromLatin1(name)),
                                  static_cast<std::uint32_t>(type)});
        };
        sync(1, "A", SyncType::Lock);
        sync(2, "B", SyncType::RLock);
        sync(3, "ready", SyncType::Condition);
        store.append(setup);
    }
    // One Deadlock event: `lane` waits on `sync` (kNoValue: joins) for `holder`, in cycle `cycle`.
    StoreChange deadlock(LaneId lane, std::uint32_t sync, LaneId holder, std::uint32_t cycle = 1,
                         std::uint8_t flags = 0, std::int64_t ts = 100)
    {
        const Event e{ts, lane, 0, EventKind::Deadlock, flags, 0, sync, holder, cycle};
        return store.append(std::span(&e, 1));
    }
    QString sentence(std::size_t index = 0) const
    {
        const std::vector<DeadlockCycle> cycles = deadlockCycles(store);
        return index < cycles.size() ? deadlockSentence(store, cycles[index]) : QString();
    }
};

} // namespace

// The deadlock in words, from the store alone, whichever thread closed the cycle and in whatever order its
// events arrived (a file read back sorts them by time and lane).
class tst_DeadlockText : public QObject {
    Q_OBJECT
private slots:
    void noDeadlockNoSentence();
    void twoLocksReadFromTheLowestLane();
    void joinsAndConditionsHaveTheirOwnWords();
    void aConditionsGivenLockIsNamed();
    void threeMembersInCycleOrder();
    void potentialAndSeparateCycles();
    void markerDetails();
    void waitersOnACycleFollowIt();
    void aCycleOfDaemonsAloneKeepsNothing();
    void aStallNamesEachThreadsWait();
    void threadsThatWaitAlikeMakeOneClause_data();
    void threadsThatWaitAlikeMakeOneClause();
};

void tst_DeadlockText::noDeadlockNoSentence()
{
    Trace t;
    QVERIFY(deadlockCycles(t.store).empty());
    QCOMPARE(deadlockSentence(t.store, DeadlockCycle{}), QString());
}

void tst_DeadlockText::twoLocksReadFromTheLowestLane()
{
    Trace t;
    t.deadlock(2, 2, 1); // Thread-2 closed it: it waits for B, held by Thread-1
    t.deadlock(1, 1, 2);
    QCOMPARE(t.sentence(),
             QStringLiteral("Deadlock: Thread-1 holds B and waits for A; Thread-2 holds A and waits for B"));
    const DeadlockCycle cycle = deadlockCycles(t.store).front();
    QCOMPARE(cycle.number, 1u);
    QCOMPARE(cycle.ts, std::int64_t{100});
    QVERIFY(!cycle.potential);
}

void tst_DeadlockText::joinsAndConditionsHaveTheirOwnWords()
{
    Trace t;
    t.deadlock(1, kNoValue, 2, 1);
    t.deadlock(2, kNoValue, 1, 1);
    t.deadlock(1, 3, 3, 2);
    t.deadlock(3, 1, 1, 2);
    t.deadlock(2, 1, 3, 3);
    t.deadlock(3, kNoValue, 2, 3);
    QCOMPARE(t.sentence(0), QStringLiteral("Deadlock: Thread-1 waits for Thread-2 to end; Thread-2 waits for Thread-1 "
                                           "to end"));
    QCOMPARE(t.sentence(1), QStringLiteral("Deadlock: Thread-1 holds A and waits for a notify on ready; Thread-3 holds "
                                           "ready's lock and waits for A"));
    QCOMPARE(t.sentence(2),
             QStringLiteral("Deadlock: Thread-2 waits for A; Thread-3 holds A and waits for Thread-2 to end"));
}

// Condition(mutex): the condition names no lock of its own, and the sentence said "holds ready's lock" for a lock the
// program called B (a reviewer). The wait's release, just before it began, names it.
void tst_DeadlockText::aConditionsGivenLockIsNamed()
{
    Trace t;
    const std::vector<Event> waits{
        {50, 1, 0, EventKind::Acquired, 0, 0, 1, 0, 1}, {60, 1, 0, EventKind::Acquired, 0, 0, 2, 0, 1},
        {61, 1, 0, EventKind::Released, 0, 0, 2, 0, 0}, {61, 1, 0, EventKind::CondWaitBegin, 0, 0, 3, 0, kNoValue},
        {70, 3, 0, EventKind::Acquired, 0, 0, 2, 0, 1}, {71, 3, 0, EventKind::AcquireBlocked, 0, 0, 1, 0, kNoValue}};
    t.store.append(waits);
    t.deadlock(1, 3, 3);
    t.deadlock(3, 1, 1);
    QCOMPARE(t.sentence(), QStringLiteral("Deadlock: Thread-1 holds A and waits for a notify on ready; Thread-3 holds "
                                          "B and waits for A"));
}

void tst_DeadlockText::threeMembersInCycleOrder()
{
    Trace t;
    t.deadlock(3, 1, 1); // Thread-3 waits for A (Thread-1's), Thread-1 for B (Thread-2's), Thread-2 for ready
    t.deadlock(2, 3, 3);
    t.deadlock(1, 2, 2);
    QCOMPARE(t.sentence(),
             QStringLiteral("Deadlock: Thread-1 holds A and waits for B; Thread-2 holds B and waits for a "
                            "notify on ready; Thread-3 holds ready's lock and waits for A"));
}

void tst_DeadlockText::potentialAndSeparateCycles()
{
    Trace t;
    t.deadlock(1, 1, 1, 1, EventFlag::Potential, 50);
    t.deadlock(1, 2, 2, 2, 0, 70);
    t.deadlock(2, 1, 1, 2, 0, 70);
    const std::vector<DeadlockCycle> cycles = deadlockCycles(t.store);
    QCOMPARE(cycles.size(), std::size_t{2});
    QVERIFY(cycles[0].potential);
    QVERIFY(!cycles[1].potential);
    QCOMPARE(t.sentence(0), QStringLiteral("Potential deadlock: Thread-1 holds A and waits for A"));
    QCOMPARE(t.sentence(1),
             QStringLiteral("Deadlock: Thread-1 holds A and waits for B; Thread-2 holds B and waits for A"));
}

void tst_DeadlockText::markerDetails()
{
    // The marker's own words (event list, tooltip), from the schema row.
    Trace t;
    t.deadlock(1, 1, 2, 1, EventFlag::Potential);
    t.deadlock(2, kNoValue, 1, 1);
    const std::vector<DeadlockCycle> cycles = deadlockCycles(t.store);
    QCOMPARE(eventDetails(t.store, t.store.event(cycles[0].members[0])),
             QStringLiteral("deadlock on A: waits for Thread-2, cycle 1 (potential)"));
    QCOMPARE(eventDetails(t.store, t.store.event(cycles[0].members[1])),
             QStringLiteral("deadlock: waits for Thread-1, cycle 1"));
}

// Main joins Thread-3, which waits for B, held by Thread-1 of the cycle: two waiters, named after the cycle,
// from the far end of the chain, whatever order their events came in.
void tst_DeadlockText::waitersOnACycleFollowIt()
{
    Trace t;
    t.deadlock(1, 1, 2);
    t.deadlock(2, 2, 1);
    t.deadlock(3, 2, 1);
    t.deadlock(0, kNoValue, 3);
    const DeadlockCycle cycle = deadlockCycles(t.store).front();
    QCOMPARE(cycle.members.size(), std::size_t{2});
    QCOMPARE(cycle.waiters.size(), std::size_t{2});
    QCOMPARE(t.sentence(), QStringLiteral("Deadlock: Thread-1 holds B and waits for A; Thread-2 holds A and waits for "
                                          "B; MainThread waits for Thread-3 to end; Thread-3 waits for B"));
}

// Daemons are cut at exit: their cycle alone does not stop a headless run; main waiting on it does.
void tst_DeadlockText::aCycleOfDaemonsAloneKeepsNothing()
{
    Trace t(true);
    StoreChange cycle = t.deadlock(1, 1, 2);
    cycle.endEvent = t.deadlock(2, 2, 1).endEvent;
    QVERIFY(!keepsTheProgram(t.store, deadlockCycles(t.store).front()));
    QVERIFY(!changeHasDeadlock(t.store, cycle));
    QVERIFY(firstDeadlock(t.store).has_value()); // still a deadlock, and named
    const StoreChange mainWaits = t.deadlock(0, kNoValue, 1);
    QVERIFY(keepsTheProgram(t.store, deadlockCycles(t.store).front()));
    QVERIFY(changeHasDeadlock(t.store, mainWaits));

    Trace mixed(true); // Thread-3 is no daemon
    StoreChange both = mixed.deadlock(1, 1, 3);
    both.endEvent = mixed.deadlock(3, 2, 1).endEvent;
    QVERIFY(changeHasDeadlock(mixed.store, both));
}

// A stall: every thread waits, no cycle. Each thread's wait is its open span at the stall's moment, in its
// own words; the waits on a primitive come first (what nothing feeds), the waits on a thread after them.
void tst_DeadlockText::aStallNamesEachThreadsWait()
{
    Trace t;
    constexpr std::uint32_t kJobs = 5;
    const std::uint32_t kReady = 3;
    std::vector<Event> run{
        Event{1, 0, 0, EventKind::QueueCreated, 0, 0, kJobs, t.strings->intern(QStringLiteral("jobs")), 0},
        Event{2, 0, 0, EventKind::RunBegin, 0, 0, 0, 0, 0},
        Event{3, 1, 0, EventKind::RunBegin, 0, 0, 0, 0, 0},
        Event{4, 2, 0, EventKind::RunBegin, 0, 0, 0, 0, 0},
        Event{5, 3, 0, EventKind::RunBegin, 0, 0, 0, 0, 0},
        Event{6, 0, 0, EventKind::JoinBegin, 0, 0, 1, 0, kNoValue},
        Event{7, 3, 0, EventKind::CondWaitBegin, 0, 0, kReady, 0, kNoValue},
        Event{8, 2, 0, EventKind::PutBlocked, 0, 0, kJobs, kNoValue, 1},
        Event{9, 1, 0, EventKind::JoinBegin, 0, 0, 2, 0, kNoValue},
    };
    for (LaneId lane : {3, 1, 0, 2}) // in any order, as an opened file may hold them
        run.push_back(Event{9, lane, 0, EventKind::Stall, 0, 0, 0, 0, 4});
    StoreChange change = t.store.append(run);
    const std::vector<DeadlockCycle> cycles = deadlockCycles(t.store);
    QCOMPARE(cycles.size(), std::size_t{1});
    QVERIFY(cycles[0].stall);
    QCOMPARE(cycles[0].number, 4u);
    QCOMPARE(t.sentence(), QStringLiteral("Deadlock: every thread waits, and none is left to wake another: Thread-2 "
                                          "waits for room on jobs; Thread-3 waits for a notify on ready; MainThread "
                                          "waits for Thread-1 to end; Thread-1 waits for Thread-2 to end"));
    QCOMPARE(deadlockSentenceOf(t.store, t.store.event(cycles[0].members[0])), t.sentence());
    QCOMPARE(eventDetails(t.store, t.store.event(cycles[0].members[0])),
             QStringLiteral("stall: every thread waits, cycle 4"));
    QVERIFY(keepsTheProgram(t.store, cycles[0]));
    QVERIFY(changeHasDeadlock(t.store, change));
    QCOMPARE(firstDeadlock(t.store)->number, 4u);

    // With a signal handler of the program's set, only potential: no stop, and said so.
    Trace handled;
    QCOMPARE(handled.strings->intern(QStringLiteral("jobs")), run[0].b); // the same names, the same ids
    for (Event& e : run)
        e.flags = e.kind == EventKind::Stall ? EventFlag::Potential : e.flags;
    change = handled.store.append(run);
    QCOMPARE(handled.sentence(), QStringLiteral("Potential deadlock: every thread waits, and only a signal handler is "
                                                "left to wake one: Thread-2 waits for room on jobs; Thread-3 waits for "
                                                "a notify on ready; MainThread waits for Thread-1 to end; Thread-1 "
                                                "waits for Thread-2 to end"));
    QVERIFY(!changeHasDeadlock(handled.store, change));
    QVERIFY(!firstDeadlock(handled.store));
}

// A thousand consumers on one queue make one clause, not a thousand: the first two named, the rest counted.
void tst_DeadlockText::threadsThatWaitAlikeMakeOneClause_data()
{
    QTest::addColumn<int>("consumers"); // lanes 1..consumers wait on jobs; main joins lane 1
    QTest::addColumn<QString>("clause");
    QTest::addRow("one") << 1 << QStringLiteral("Thread-1 waits for an item on jobs");
    QTest::addRow("two") << 2 << QStringLiteral("Thread-1 and Thread-2 wait for an item on jobs");
    QTest::addRow("three") << 3 << QStringLiteral("Thread-1, Thread-2 and Thread-3 wait for an item on jobs");
    QTest::addRow("a thousand") << 1000
                                << QStringLiteral("Thread-1, Thread-2 and 998 more threads wait for an item on jobs");
}

void tst_DeadlockText::threadsThatWaitAlikeMakeOneClause()
{
    QFETCH(int, consumers);
    QFETCH(QString, clause);
    Trace t;
    constexpr std::uint32_t kJobs = 5;
    std::vector<Event> run{
        Event{1, 0, 0, EventKind::QueueCreated, 0, 0, kJobs, t.strings->intern(QStringLiteral("jobs")), 0},
        Event{2, 0, 0, EventKind::RunBegin, 0, 0, 0, 0, 0},
        Event{3, 0, 0, EventKind::JoinBegin, 0, 0, 1, 0, kNoValue},
    };
    for (LaneId lane = 1; lane <= LaneId(consumers); ++lane) {
        if (lane > 3) // Thread-1..3 are the Trace's own
            run.push_back(Event{0, lane, 0, EventKind::ThreadCreated, 0, 0, 0,
                                t.strings->intern(QStringLiteral("Thread-%1").arg(lane)), 0});
        run.push_back(Event{4, lane, 0, EventKind::RunBegin, 0, 0, 0, 0, 0});
        run.push_back(Event{5, lane, 0, EventKind::GetBlocked, 0, 0, kJobs, kNoValue, 0});
    }
    for (LaneId lane = 0; lane <= LaneId(consumers); ++lane)
        run.push_back(Event{6, lane, 0, EventKind::Stall, 0, 0, 0, 0, 1});
    t.store.append(run);
    QCOMPARE(t.sentence(), QStringLiteral("Deadlock: every thread waits, and none is left to wake another: ") + clause +
                               QStringLiteral("; MainThread waits for Thread-1 to end"));
}

QTEST_GUILESS_MAIN(tst_DeadlockText)
#include "tst_deadlocktext.moc"
