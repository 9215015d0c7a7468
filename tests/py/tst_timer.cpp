#include "py/pythonapi.h"
#include "py/thread.h"
#include "py/timer.h"
#include "support/coretestutil.h"
#include "support/pythontestutil.h"
#include "support/wakelatency.h"

#include <QProcess>
#include <QTest>

using namespace tl;
using namespace tl::test;

namespace {
constexpr std::int64_t kSecond = 1'000'000'000;
// How late a thread may run after the moment it was woken for (a deadline, a release): the OS's latency on
// a loaded machine, which the scenario clock counts as running time. Waits that end at a deadline are exact.
constexpr std::int64_t kLatency = tl::test::kWakeLatencyNs;
} // namespace

// threading.Timer: its name, its exact firing moment, and cancel().
class tst_Timer : public QObject {
    Q_OBJECT
private slots:
    void namedAsCPythonNamesIt();
    void firesAfterItsInterval();
    void cancelledBeforeItFires();
};

void tst_Timer::namedAsCPythonNamesIt()
{
    // Timer.__init__ calls Thread.__init__ without a target: "Thread-N" with no "(target)" suffix, numbered
    // with the other threads.
    QProcess python;
    python.start(pytest::testPython(),
                 {QStringLiteral("-c"),
                  QStringLiteral("import threading\ndef f(): pass\nprint(threading.Timer(1, f).name)\n"
                                 "print(threading.Thread(target=f).name)\nprint(threading.Timer(1, f).name)")});
    QVERIFY(python.waitForFinished(30000));
    const QStringList expected = QString::fromUtf8(python.readAllStandardOutput()).trimmed().split(QLatin1Char('\n'));
    QStringList names;
    const auto rec = record([&] {
        names << Timer::create(1, [] {})->name();
        names << Thread::create([] {}, {.targetName = QStringLiteral("f")})->name();
        names << Timer::create(1, [] {})->name();
    });
    QVERIFY(rec.finishedInTime);
    QCOMPARE(names, expected);
    QCOMPARE(names.first(), QStringLiteral("Thread-1"));
}

void tst_Timer::firesAfterItsInterval()
{
    int calls = 0;
    const auto rec = record([&] {
        tl::sleep(0.5);
        auto timer = Timer::create(2.5, [&] { ++calls; });
        timer->start();
        timer->join();
    });
    QVERIFY(rec.finishedInTime);
    QCOMPARE(calls, 1);
    const auto lane = laneNamed(*rec.store, QStringLiteral("Thread-1"));
    QVERIFY(lane);
    const Event fired = firstOf(*rec.store, *lane, EventKind::TimerFired);
    const Event waited = firstOf(*rec.store, *lane, EventKind::EventWaitBegin);
    QCOMPARE(waited.c, 2500u);
    // The wait on `finished` times out at its deadline exactly; the function is called right after.
    const Event waitEnd = firstOf(*rec.store, *lane, EventKind::EventWaitEnd);
    QCOMPARE(waitEnd.flags, EventFlag::TimedOut);
    QCOMPARE(waitEnd.ts - waited.ts, 5 * kSecond / 2);
    QVERIFY(fired.ts - waited.ts >= 5 * kSecond / 2 && fired.ts - waited.ts < 5 * kSecond / 2 + kLatency);
    QVERIFY(!hasKind(*rec.store, 0, EventKind::TimerCancelled));
}

void tst_Timer::cancelledBeforeItFires()
{
    int calls = 0;
    const auto rec = record([&] {
        auto timer = Timer::create(10, [&] { ++calls; });
        timer->start();
        tl::sleep(1);
        timer->cancel();
        timer->join();
        timer->cancel(); // harmless afterwards, and not told again
    });
    QVERIFY(rec.finishedInTime);
    QCOMPARE(calls, 0);
    const TraceStore& s = *rec.store;
    const auto lane = laneNamed(s, QStringLiteral("Thread-1"));
    QVERIFY(lane);
    QVERIFY(!hasKind(s, *lane, EventKind::TimerFired));
    const auto cancels = eventsOf(s, 0, EventKind::TimerCancelled);
    QCOMPARE(cancels.size(), std::size_t(1));
    QCOMPARE(cancels[0].a, *lane);
    QVERIFY(cancels[0].ts >= kSecond && cancels[0].ts < kSecond + kLatency);
    // The timer's thread ends at the cancel, not at its interval.
    QVERIFY(s.lane(*lane).endTs < kSecond + kLatency);
}

QTEST_GUILESS_MAIN(tst_Timer)
#include "tst_timer.moc"
