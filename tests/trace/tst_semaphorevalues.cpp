#include "support/testevent.h"
#include "trace/stringtable.h"
#include "trace/tracestore.h"

#include <QTest>

using namespace tl;
using tl::test::ev;

namespace {

using Series = std::vector<std::pair<std::int64_t, std::uint32_t>>;

} // namespace

// A semaphore's value over time, as the store reads it from the acquires and releases (issue 13's
// semaphore lane and export counter).
class TestSemaphoreValues : public QObject {
    Q_OBJECT
private slots:
    void valueFollowsAcquiresAndReleases();
    void eventsOfLanesDrainedOutOfOrderStillSort();
    void pointsBeforeTheCreationWaitForIt();
    void locksAndTimedOutAcquiresAreNoValue();
};

// Created at 10 with value 2 (read from the first acquire: 1 after it); two acquires, two releases.
void TestSemaphoreValues::valueFollowsAcquiresAndReleases()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    const std::uint32_t name = strings->intern(QStringLiteral("connections"));
    const StoreChange change = store.append(std::vector<Event>{
        ev(10, 0, EventKind::SyncCreated, 7, name, static_cast<std::uint32_t>(SyncType::BoundedSemaphore)),
        ev(20, 0, EventKind::Acquired, 7, 0, 1),
        ev(30, 0, EventKind::Acquired, 7, 0, 0),
        ev(40, 0, EventKind::Released, 7, 0, 1),
        ev(50, 0, EventKind::Released, 7, 0, 2),
    });
    QVERIFY(change.semaphoresChanged);
    QCOMPARE(store.semaphores().size(), std::size_t{1});
    const SemaphoreInfo& s = store.semaphores().front();
    QCOMPARE(s.id, 7u);
    QVERIFY(s.bounded);
    QCOMPARE(store.syncName(s.id), QStringLiteral("connections"));
    QVERIFY(s.value == (Series{{10, 2}, {20, 1}, {30, 0}, {40, 1}, {50, 2}}));
    QCOMPARE(s.maxValue, 2u);
}

// Another lane's acquire drained after a later release still lands in time order, and an earlier first
// point moves the value at creation with it.
void TestSemaphoreValues::eventsOfLanesDrainedOutOfOrderStillSort()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    store.append(std::vector<Event>{
        ev(10, 0, EventKind::SyncCreated, 3, strings->intern(QStringLiteral("s")),
           static_cast<std::uint32_t>(SyncType::Semaphore)),
        ev(50, 1, EventKind::Released, 3, 0, 5),
    });
    QVERIFY(store.semaphores().front().value == (Series{{10, 4}, {50, 5}}));
    store.append(std::vector<Event>{ev(20, 2, EventKind::Acquired, 3, 0, 4), ev(30, 2, EventKind::Released, 3, 0, 5)});
    QVERIFY(store.semaphores().front().value == (Series{{10, 5}, {20, 4}, {30, 5}, {50, 5}}));
    QCOMPARE(store.semaphores().front().maxValue, 5u);
    QVERIFY(!store.semaphores().front().bounded);
}

// An acquire from another lane's producer may be drained before the SyncCreated: it waits for it.
void TestSemaphoreValues::pointsBeforeTheCreationWaitForIt()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    const StoreChange early = store.append(std::vector<Event>{ev(20, 1, EventKind::Acquired, 9, 0, 2)});
    QVERIFY(!early.semaphoresChanged);
    QVERIFY(store.semaphores().empty());
    const StoreChange created = store.append(std::vector<Event>{
        ev(5, 0, EventKind::SyncCreated, 9, strings->intern(QStringLiteral("pool")),
           static_cast<std::uint32_t>(SyncType::Semaphore)),
    });
    QVERIFY(created.semaphoresChanged);
    QVERIFY(store.semaphores().front().value == (Series{{5, 3}, {20, 2}}));
}

// A lock's acquires count its holder's recursion, not a value; a timed-out acquire took nothing.
void TestSemaphoreValues::locksAndTimedOutAcquiresAreNoValue()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    store.append(std::vector<Event>{
        ev(1, 1, EventKind::Acquired, 4, 0, 1), // the lock's, drained before its creation
        ev(0, 0, EventKind::SyncCreated, 4, strings->intern(QStringLiteral("lock")),
           static_cast<std::uint32_t>(SyncType::Lock)),
        ev(2, 0, EventKind::Released, 4, 0, 0),
        ev(3, 0, EventKind::SyncCreated, 5, strings->intern(QStringLiteral("s")),
           static_cast<std::uint32_t>(SyncType::Semaphore)),
        ev(4, 0, EventKind::Acquired, 5, 0, 0),
        ev(9, 1, EventKind::Acquired, 5, 0, kNoValue, EventFlag::TimedOut),
    });
    QCOMPARE(store.semaphores().size(), std::size_t{1});
    QVERIFY(store.semaphores().front().value == (Series{{3, 1}, {4, 0}}));
}

QTEST_GUILESS_MAIN(TestSemaphoreValues)
#include "tst_semaphorevalues.moc"
