#include "trace/stringtable.h"
#include "trace/tracestore.h"

#include <QTest>

using namespace tl;

namespace {

Event ev(std::int64_t ts, LaneId lane, EventKind kind, std::uint32_t a, std::uint32_t c = 0, std::uint8_t flags = 0)
{
    Event e{};
    e.ts = ts;
    e.lane = lane;
    e.kind = kind;
    e.a = a;
    e.c = c;
    e.flags = flags;
    return e;
}

Event created(std::int64_t ts, std::uint32_t id, StringTable& strings, const char* name, SyncType type)
{
    Event e = ev(ts, 0, EventKind::SyncCreated, id, static_cast<std::uint32_t>(type));
    e.b = strings.intern(QString::fromLatin1(name));
    return e;
}

using Depths = std::vector<std::pair<std::int64_t, std::uint32_t>>;

// (begin, end, holder) of each hold: the shape a test states its expectation in.
struct Span3 {
    std::int64_t begin;
    std::int64_t end;
    LaneId holder;
    bool operator==(const Span3&) const = default;
};

std::vector<Span3> holdsOf(const LockHoldsInfo& lock)
{
    std::vector<Span3> out;
    for (const LockHold& h : lock.holds)
        out.push_back({h.begin, h.end, h.holder});
    return out;
}

constexpr std::int64_t kOpen = LockHold::kOpen;

} // namespace

// Who holds a Lock or RLock over time, as the store reads it from the acquires and releases (issue 13's
// lock lane): a hold per holder, an RLock's depth inside it.
class TestLockHolds : public QObject {
    Q_OBJECT
private slots:
    void threadsTakeTurns();
    void aLaneDrainedLateLandsInTimeOrder();
    void lanesDrainedInAnyOrderGiveTheHoldsOfTimeOrder();
    void aReleaseAndATakeOfOneMomentReadReleaseFirst();
    void rlockDepthRisesAndFalls();
    void conditionWaitLetsGoAndTakesBackItsDepth();
    void aLockReleasedByAnotherThreadIsFree();
    void pointsBeforeTheCreationWaitForIt();
    void semaphoresAndTimedOutAcquiresHoldNothing();
};

// Two threads take turns; the second's last hold is still open. Each hold names the acquire that began it.
void TestLockHolds::threadsTakeTurns()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    const StoreChange change = store.append(std::vector<Event>{
        created(10, 4, *strings, "counter_lock", SyncType::Lock),
        ev(20, 1, EventKind::Acquired, 4, 1),
        ev(30, 1, EventKind::Released, 4, 0),
        ev(31, 2, EventKind::Acquired, 4, 1),
    });
    QVERIFY(change.locksChanged);
    QCOMPARE(store.locks().size(), std::size_t{1});
    const LockHoldsInfo& lock = store.locks().front();
    QCOMPARE(lock.id, 4u);
    QVERIFY(!lock.reentrant);
    QVERIFY(holdsOf(lock) == (std::vector<Span3>{{20, 30, 1}, {31, kOpen, 2}}));
    QCOMPARE(store.event(lock.holds[0].acquired).ts, 20);
    QCOMPARE(store.event(lock.holds[1].acquired).lane, LaneId{2});
    QVERIFY(lock.holds[1].isOpen());
    QVERIFY(lock.holds[0].depth == (Depths{{20, 1}}));
}

// Lane 2's hold arrives after lane 1's later one (each producer drains on its own): the fold starts over
// and the holds are what they would be in time order.
void TestLockHolds::aLaneDrainedLateLandsInTimeOrder()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    store.append(std::vector<Event>{
        created(10, 4, *strings, "l", SyncType::Lock),
        ev(50, 1, EventKind::Acquired, 4, 1),
        ev(60, 1, EventKind::Released, 4, 0),
    });
    QVERIFY(holdsOf(store.locks().front()) == (std::vector<Span3>{{50, 60, 1}}));
    const StoreChange late =
        store.append(std::vector<Event>{ev(20, 2, EventKind::Acquired, 4, 1), ev(40, 2, EventKind::Released, 4, 0)});
    QVERIFY(late.locksChanged);
    QVERIFY(holdsOf(store.locks().front()) == (std::vector<Span3>{{20, 40, 2}, {50, 60, 1}}));
}

// Four lanes take an RLock in turns, twice deep, for many rounds; drained as the tracer sends them (a batch per lane
// per round, the lanes of a round in any order, a lane's own events in order), the holds and depths are those of the
// events in time order: the partial refolds (from the last moment the lock was free) miss nothing.
void TestLockHolds::lanesDrainedInAnyOrderGiveTheHoldsOfTimeOrder()
{
    constexpr int kLanes = 4;
    constexpr int kRounds = 30;
    constexpr int kTurnsPerRound = 5;
    std::vector<std::vector<std::vector<Event>>> batches(kRounds, std::vector<std::vector<Event>>(kLanes));
    std::vector<Event> inOrder;
    std::int64_t ts = 100;
    for (int round = 0; round < kRounds; ++round) {
        for (int turn = 0; turn < kTurnsPerRound * kLanes; ++turn) {
            const LaneId lane = static_cast<LaneId>(1 + (turn * 3 + round) % kLanes);
            for (const auto& [kind, count] : {std::pair{EventKind::Acquired, 1u},
                                              {EventKind::Acquired, 2u},
                                              {EventKind::Released, 1u},
                                              {EventKind::Released, 0u}}) {
                const Event e = ev(ts += 10, lane, kind, 4, count);
                inOrder.push_back(e);
                batches[static_cast<std::size_t>(round)][lane - 1].push_back(e);
            }
        }
    }
    auto strings = std::make_shared<StringTable>();
    const Event lock = created(10, 4, *strings, "l", SyncType::RLock);
    TraceStore timeOrder(strings);
    timeOrder.append(std::vector<Event>{lock});
    timeOrder.append(inOrder);
    TraceStore drained(strings);
    drained.append(std::vector<Event>{lock});
    for (int round = 0; round < kRounds; ++round) {
        for (int i = 0; i < kLanes; ++i) // last lane first, each round starting elsewhere
            drained.append(
                batches[static_cast<std::size_t>(round)][static_cast<std::size_t>((kLanes - 1 - i + round) % kLanes)]);
    }
    const LockHoldsInfo& want = timeOrder.locks().front();
    const LockHoldsInfo& got = drained.locks().front();
    QCOMPARE(want.holds.size(), std::size_t(kRounds * kTurnsPerRound * kLanes));
    QVERIFY(holdsOf(got) == holdsOf(want));
    for (std::size_t i = 0; i < want.holds.size(); ++i) {
        QVERIFY(got.holds[i].depth == want.holds[i].depth);
        QCOMPARE(got.holds[i].maxDepth, 2u);
    }
}

// The taker of a lock at the moment its holder lets go, drained before the release: the release still
// comes first, so the first hold ends and the second begins at that moment.
void TestLockHolds::aReleaseAndATakeOfOneMomentReadReleaseFirst()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    store.append(std::vector<Event>{
        created(10, 4, *strings, "l", SyncType::Lock),
        ev(20, 1, EventKind::Acquired, 4, 1),
        ev(40, 2, EventKind::Acquired, 4, 1),
    });
    store.append(std::vector<Event>{ev(40, 1, EventKind::Released, 4, 0)});
    QVERIFY(holdsOf(store.locks().front()) == (std::vector<Span3>{{20, 40, 1}, {40, kOpen, 2}}));
}

// An RLock taken three deep and let go: one hold, its depth over time.
void TestLockHolds::rlockDepthRisesAndFalls()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    store.append(std::vector<Event>{
        created(10, 5, *strings, "r", SyncType::RLock),
        ev(20, 1, EventKind::Acquired, 5, 1),
        ev(30, 1, EventKind::Acquired, 5, 2),
        ev(35, 1, EventKind::Acquired, 5, 3),
        ev(40, 1, EventKind::Released, 5, 2),
        ev(45, 1, EventKind::Released, 5, 1),
        ev(50, 1, EventKind::Released, 5, 0),
    });
    const LockHoldsInfo& lock = store.locks().front();
    QVERIFY(lock.reentrant);
    QVERIFY(holdsOf(lock) == (std::vector<Span3>{{20, 50, 1}}));
    QVERIFY(lock.holds[0].depth == (Depths{{20, 1}, {30, 2}, {35, 3}, {40, 2}, {45, 1}}));
    QCOMPARE(lock.holds[0].maxDepth, 3u);
}

// Condition.wait releases the RLock whole (count 0) and takes it back at the depth it had: the lock is
// free, and another thread may hold it, while the waiter waits.
void TestLockHolds::conditionWaitLetsGoAndTakesBackItsDepth()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    store.append(std::vector<Event>{
        created(10, 5, *strings, "r", SyncType::RLock),
        ev(20, 1, EventKind::Acquired, 5, 1),
        ev(25, 1, EventKind::Acquired, 5, 2),
        ev(30, 1, EventKind::Released, 5, 0), // wait() lets go
        ev(40, 2, EventKind::Acquired, 5, 1),
        ev(45, 2, EventKind::Released, 5, 0), // notify, then leave the with block
        ev(50, 1, EventKind::Acquired, 5, 2), // wait() takes it back, two deep
        ev(60, 1, EventKind::Released, 5, 1),
    });
    const LockHoldsInfo& lock = store.locks().front();
    QVERIFY(holdsOf(lock) == (std::vector<Span3>{{20, 30, 1}, {40, 45, 2}, {50, kOpen, 1}}));
    QVERIFY(lock.holds[2].depth == (Depths{{50, 2}, {60, 1}}));
    QCOMPARE(lock.holds[2].maxDepth, 2u);
}

// Python lets any thread release a Lock (not an RLock): the holder's hold ends there.
void TestLockHolds::aLockReleasedByAnotherThreadIsFree()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    store.append(std::vector<Event>{
        created(10, 4, *strings, "l", SyncType::Lock),
        ev(20, 1, EventKind::Acquired, 4, 1),
        ev(30, 2, EventKind::Released, 4, 0),
    });
    QVERIFY(holdsOf(store.locks().front()) == (std::vector<Span3>{{20, 30, 1}}));
}

// An acquire from another lane's producer may be drained before the SyncCreated: it waits for it.
void TestLockHolds::pointsBeforeTheCreationWaitForIt()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    const StoreChange early = store.append(std::vector<Event>{ev(20, 1, EventKind::Acquired, 4, 1)});
    QVERIFY(!early.locksChanged);
    QVERIFY(store.locks().empty());
    const StoreChange later = store.append(std::vector<Event>{created(10, 4, *strings, "l", SyncType::Lock)});
    QVERIFY(later.locksChanged);
    QVERIFY(holdsOf(store.locks().front()) == (std::vector<Span3>{{20, kOpen, 1}}));
}

// A semaphore has no owner in Python, and an acquire that timed out took nothing.
void TestLockHolds::semaphoresAndTimedOutAcquiresHoldNothing()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    const StoreChange change = store.append(std::vector<Event>{
        created(10, 3, *strings, "s", SyncType::Semaphore),
        created(10, 4, *strings, "l", SyncType::Lock),
        ev(20, 1, EventKind::Acquired, 3, 0),
        ev(30, 1, EventKind::Acquired, 4, kNoValue, EventFlag::TimedOut),
    });
    QCOMPARE(store.locks().size(), std::size_t{1});
    QCOMPARE(store.locks().front().id, 4u);
    QVERIFY(store.locks().front().holds.empty());
    QVERIFY(change.locksChanged); // the lock appeared
}

QTEST_MAIN(TestLockHolds)
#include "tst_lockholds.moc"
