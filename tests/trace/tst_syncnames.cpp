// SyncNames: each primitive's name unique in the run, and a condition's own lock named after the condition it is.

#include "trace/syncnames.h"

#include <QTest>

using namespace tl;

class TestSyncNames : public QObject {
    Q_OBJECT

private slots:
    void aSecondNameIsNumbered();
    void aConditionsOwnLockTakesItsConditionsNumber();
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
    // A name like a condition's own lock's that would repeat one given keeps a number of its own.
    names.created(7, SyncNames::ownLockName(QStringLiteral("cond")), SyncType::RLock);
    names.created(8, SyncNames::ownLockName(QStringLiteral("cond")), SyncType::RLock);
    QCOMPARE(names.name(7), QStringLiteral("cond#4's lock"));
    QCOMPARE(names.name(8), QStringLiteral("cond's lock#4"));
}

QTEST_GUILESS_MAIN(TestSyncNames)
#include "tst_syncnames.moc"
