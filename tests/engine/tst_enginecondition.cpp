#include "engine/enginecondition.h"
#include "engine/virtualclock.h"
#include "engine/waitslot.h"

#include <QTest>

using namespace tl;

// The engine's condition variable: waiters in arrival order, notify wakes the longest one still blocked
// and tells the clock at once. The slots here are blocked and woken by this one test thread, playing
// three engine threads; nothing parks.
class tst_EngineCondition : public QObject {
    Q_OBJECT
private slots:
    void notifyOneWakesTheLongestWaiter();
    void notifyOneSkipsAWaiterWokenOtherwise();
    void notifyAllAndNotifyOneSlot();
};

void tst_EngineCondition::notifyOneWakesTheLongestWaiter()
{
    VirtualClock clock(1.0);
    WaitSlot a(clock), b(clock), c(clock);
    EngineCondition condition;
    for (WaitSlot* slot : {&a, &b, &c}) {
        clock.threadStarting();
        condition.enqueue(*slot);
        clock.block(*slot, std::nullopt);
    }
    QCOMPARE(clock.census().blocked, 3);
    QCOMPARE(condition.notifyOne(), &a);
    QCOMPARE(clock.census().woken, 1); // counted as runnable at once, before its thread runs
    QCOMPARE(condition.notifyOne(), &b);
    QCOMPARE(condition.notifyOne(), &c);
    QCOMPARE(condition.notifyOne(), nullptr);
    QVERIFY(condition.empty());
    for (WaitSlot* slot : {&a, &b, &c}) {
        clock.resume(*slot);
        clock.threadEnded();
    }
}

void tst_EngineCondition::notifyOneSkipsAWaiterWokenOtherwise()
{
    // A waiter woken by its deadline or a stop is still queued until its thread runs; a notify must not
    // be spent on it, or the next waiter would sleep through the item that was meant for it.
    VirtualClock clock(1.0);
    WaitSlot a(clock), b(clock);
    EngineCondition condition;
    for (WaitSlot* slot : {&a, &b}) {
        clock.threadStarting();
        condition.enqueue(*slot);
        clock.block(*slot, std::nullopt);
    }
    QVERIFY(clock.wake(a)); // as a stop would
    QCOMPARE(condition.notifyOne(), &b);
    QVERIFY(condition.empty());
    condition.remove(a); // a's thread leaves its wait: already out of the queue, nothing to do
    for (WaitSlot* slot : {&a, &b}) {
        clock.resume(*slot);
        clock.threadEnded();
    }
}

void tst_EngineCondition::notifyAllAndNotifyOneSlot()
{
    VirtualClock clock(1.0);
    WaitSlot a(clock), b(clock), c(clock);
    EngineCondition condition;
    for (WaitSlot* slot : {&a, &b, &c}) {
        clock.threadStarting();
        condition.enqueue(*slot);
        clock.block(*slot, std::nullopt);
    }
    QVERIFY(condition.notify(b));
    QVERIFY(!condition.notify(b)); // no longer queued
    QCOMPARE(condition.notifyAll(), 2);
    QVERIFY(condition.empty());
    QCOMPARE(clock.census().woken, 3);
    for (WaitSlot* slot : {&a, &b, &c}) {
        clock.resume(*slot);
        clock.threadEnded();
    }
    QCOMPARE(clock.census().running, 0);
}

QTEST_GUILESS_MAIN(tst_EngineCondition)
#include "tst_enginecondition.moc"
