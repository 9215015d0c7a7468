// SyncNames: each primitive's name unique in the run, and a condition's own lock named after the condition it is.

#include "trace/syncnames.h"

#include <QTest>

using namespace tl;

class TestSyncNames : public QObject {
    Q_OBJECT

private slots:
    void aSecondNameIsNumbered();
    void aConditionsOwnLockTakesItsConditionsNumber();
    void conditionsMadeAtOnceOnTwoLanesKeepTheirLocks();
    void aNumberedNameIsNotGivenTwice();
};

void TestSyncNames::aSecondNameIsNumbered()
{
    SyncNames names;
    names.created(1, QStringLiteral("lock"), SyncType::Lock);
    names.created(2, QStringLiteral("lock"), SyncType::Lock);
    QCOMPARE(names.name(1), QStringLiteral("lock"));
    QCOMPARE(names.name(2), QStringLiteral("lock#2"));
    QCOMPARE(names.name(9), QStringLiteral("primitive@9"));
}

// The second "cond" was "cond#2" and its lock "cond's lock#2", which the deadlock's words called "cond#2's lock".
void TestSyncNames::aConditionsOwnLockTakesItsConditionsNumber()
{
    SyncNames names;
    // cond with its own lock, cond with the program's lock, cond with its own lock again.
    names.created(1, SyncNames::ownLockName(QStringLiteral("cond")), SyncType::RLock);
    names.created(2, QStringLiteral("cond"), SyncType::Condition);
    names.created(3, QStringLiteral("mutex"), SyncType::Lock);
    names.created(4, QStringLiteral("cond"), SyncType::Condition);
    names.created(5, SyncNames::ownLockName(QStringLiteral("cond")), SyncType::RLock);
    names.created(6, QStringLiteral("cond"), SyncType::Condition);
    QCOMPARE(names.name(1), QStringLiteral("cond's lock"));
    QCOMPARE(names.name(4), QStringLiteral("cond#2"));
    QCOMPARE(names.name(5), QStringLiteral("cond#3's lock"));
    QCOMPARE(names.name(6), QStringLiteral("cond#3"));
    QCOMPARE(names.ownLockOf(6), std::optional<std::uint32_t>(5));
    QCOMPARE(names.ownLockOf(4), std::nullopt);
}

// Two threads make a "cond" each at once: each lock is paired with the condition made on its own lane after it.
void TestSyncNames::conditionsMadeAtOnceOnTwoLanesKeepTheirLocks()
{
    SyncNames names;
    const QString lock = SyncNames::ownLockName(QStringLiteral("cond"));
    names.created(1, lock, SyncType::RLock, 0, 1);
    names.created(2, lock, SyncType::RLock, 0, 2);
    names.created(3, QStringLiteral("cond"), SyncType::Condition, 0, 2);
    names.created(4, QStringLiteral("cond"), SyncType::Condition, 0, 1);
    QCOMPARE(names.ownLockOf(3), std::optional<std::uint32_t>(2));
    QCOMPARE(names.ownLockOf(4), std::optional<std::uint32_t>(1));
    QCOMPARE(names.name(4), QStringLiteral("cond#2"));
    // Lane 1's lock is named after its "cond#2"; lane 2's could not take "cond's lock" while lane 1's had it, and
    // keeps its number: each name is unique, and a deadlock's words name the lock by ownLockOf.
    QCOMPARE(names.name(1), QStringLiteral("cond#2's lock"));
    QCOMPARE(names.name(2), QStringLiteral("cond's lock#2"));
}

// A name made by the program that a number would give again is not given twice.
void TestSyncNames::aNumberedNameIsNotGivenTwice()
{
    SyncNames names;
    names.created(1, QStringLiteral("lock#2"), SyncType::Lock);
    names.created(2, QStringLiteral("lock"), SyncType::Lock);
    names.created(3, QStringLiteral("lock"), SyncType::Lock);
    QCOMPARE(names.name(3), QStringLiteral("lock#3"));
}

QTEST_GUILESS_MAIN(TestSyncNames)
#include "tst_syncnames.moc"
