#include "py/pythonapi.h"
#include "py/thread.h"
#include "py/threadingevent.h"
#include "support/coretestutil.h"
#include "support/wakelatency.h"

#include <QTest>

using namespace tl;
using namespace tl::test;

namespace {
constexpr std::int64_t kSecond = 1'000'000'000;
} // namespace

// threading.Event across threads (Lib/test/lock_tests.py's EventTests, in spirit).
class tst_ThreadingEvent : public QObject {
    Q_OBJECT
private slots:
    void setReleasesEveryWaiterAtOnce();
    void aWokenWaitReturnsTrueEvenIfClearedAgain();
    void timedWaitEndsAtItsDeadline();
};

void tst_ThreadingEvent::setReleasesEveryWaiterAtOnce()
{
    std::atomic<int> released{0};
    bool setAfter = false;
    const auto rec = record([&] {
        ThreadingEvent gun(QStringLiteral("start gun"));
        std::vector<std::shared_ptr<Thread>> runners;
        for (int i = 0; i < 4; ++i) {
            runners.push_back(Thread::create([&] {
                if (gun.wait())
                    ++released;
            }));
            runners.back()->start();
        }
        tl::sleep(2);
        gun.set();
        for (auto& r : runners)
            r->join();
        setAfter = gun.isSet();
    });
    QVERIFY(rec.finishedInTime);
    QCOMPARE(released.load(), 4);
    QVERIFY(setAfter);
    const TraceStore& s = *rec.store;
    QCOMPARE(firstOf(s, 0, EventKind::EventSet).c, 4u);
    for (LaneId lane = 1; lane <= 4; ++lane) {
        const Event end = firstOf(s, lane, EventKind::EventWaitEnd);
        // Woken by another thread, a waiter ends its wait when it runs again: the machine's latency, a few ms
        // on a loaded machine, not the clock's.
        QVERIFY2(end.ts >= 2 * kSecond && end.ts < 2 * kSecond + tl::test::kWakeLatencyNs, qPrintable(QString::number(end.ts)));
    }
}

void tst_ThreadingEvent::aWokenWaitReturnsTrueEvenIfClearedAgain()
{
    // Event.wait returns what its Condition.wait returned: notified, even though the flag is down again.
    bool result = false;
    const auto rec = record([&] {
        ThreadingEvent event;
        auto waiter = Thread::create([&] { result = event.wait(10); });
        waiter->start();
        tl::sleep(1);
        event.set();
        event.clear();
        waiter->join();
    });
    QVERIFY(rec.finishedInTime);
    // Whether the waiter runs before or after the clear, it was notified: true (waiting on the flag would
    // time out instead).
    QVERIFY(result);
    QVERIFY(hasKind(*rec.store, 0, EventKind::EventClear));
}

void tst_ThreadingEvent::timedWaitEndsAtItsDeadline()
{
    bool result = true;
    const auto rec = record([&] { result = ThreadingEvent().wait(1.25); });
    QVERIFY(rec.finishedInTime);
    QVERIFY(!result);
    const Event begin = firstOf(*rec.store, 0, EventKind::EventWaitBegin);
    const Event end = firstOf(*rec.store, 0, EventKind::EventWaitEnd);
    QCOMPARE(end.flags, EventFlag::TimedOut);
    QCOMPARE(end.ts - begin.ts, 5 * kSecond / 4);
}

QTEST_GUILESS_MAIN(tst_ThreadingEvent)
#include "tst_threadingevent.moc"
