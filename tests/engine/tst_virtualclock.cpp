#include "engine/virtualclock.h"
#include "engine/waitslot.h"

#include <QElapsedTimer>
#include <QTest>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <functional>
#include <latch>
#include <thread>

using namespace tl;

namespace {

constexpr std::int64_t kMs = 1'000'000;
constexpr std::int64_t kSecond = 1'000'000'000;

// Runs code for `ms` of wall time without waiting for anything: what a computing thread does.
void compute(int ms)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < ms) {
    }
}

// One engine thread as the waits drive it: counted from threadStarting() to threadEnded(), parking in
// block() until woken, and reporting when it runs again. `woken` is set when its park returns.
class Waiter {
public:
    struct Yield {};

    Waiter(VirtualClock& clock, std::optional<std::int64_t> deadline)
        : Waiter(clock, [&clock, deadline](WaitSlot& slot) { clock.block(slot, deadline); })
    {
    }
    // One that yields (blockToYield, CPython's sleep(0)) instead.
    Waiter(VirtualClock& clock, Yield)
        : Waiter(clock, [&clock](WaitSlot& slot) { clock.blockToYield(slot); })
    {
    }
    Waiter(VirtualClock& clock, std::function<void(WaitSlot&)> block)
        : m_clock(clock)
        , m_slot(clock)
    {
        clock.threadStarting();
        m_thread = std::thread([this, block] {
            block(m_slot);
            m_slot.park();
            wokeAt = m_clock.nowNs();
            woken = true;
            m_resume.wait(); // resume() and end only when the test says
            m_clock.resume(m_slot);
            m_clock.threadEnded();
        });
    }
    ~Waiter()
    {
        m_slot.unpark(); // a failed test may leave it parked
        letRun();
        m_thread.join();
    }
    WaitSlot& slot() { return m_slot; }
    // Lets the thread run on after its park returned (once).
    void letRun()
    {
        if (!m_released.exchange(true))
            m_resume.count_down();
    }

    std::atomic<bool> woken{false};
    std::atomic<std::int64_t> wokeAt{-1};

private:
    VirtualClock& m_clock;
    WaitSlot m_slot;
    std::latch m_resume{1};
    std::atomic<bool> m_released{false};
    std::thread m_thread;
};

} // namespace

// The virtual clock's rule (issue 10): real time while code runs, a jump to the earliest deadline when
// every thread waits, paced by the speed, held while a woken thread has not run, still when paused.
class tst_VirtualClock : public QObject {
    Q_OBJECT
private slots:
    void realRateWhileCodeRuns();
    void jumpsAtOnceAtMaxWhenEveryoneWaits();
    void pacedJumpTakesItsLengthOverTheSpeed();
    void deadlinesFireAtTheRealRateWhileCodeRuns();
    void aStartingThreadCountsAsRunning();
    void aWokenThreadHoldsTheClock();
    void speedChangesTakeEffectDuringAJump();
    void pausedClockStandsStill();
    void aReadySocketHoldsTheClock();
    void deadlineSaturates();
    void aYieldLastsUntilAnotherThreadWaitsOrEnds();
    void aYieldEndsAfterTheSwitchIntervalIfAThreadKeepsRunning();
    void aYieldIsWokenByAStop();
    void aPauseHoldsAYieldPastItsIntervalButNotPastAHandOn();
};

void tst_VirtualClock::realRateWhileCodeRuns()
{
    VirtualClock clock(kSpeedMax);
    clock.threadStarting();
    QElapsedTimer wall;
    wall.start();
    const std::int64_t before = clock.nowNs();
    compute(20);
    const std::int64_t after = clock.nowNs();
    const std::int64_t wallNs = wall.nsecsElapsed();
    // Compute costs what it costs, whatever the speed: exactly the wall time between the two reads.
    QVERIFY2(after - before >= 20 * kMs && after - before <= wallNs, qPrintable(QString::number(after - before)));
    clock.threadEnded();
}

void tst_VirtualClock::jumpsAtOnceAtMaxWhenEveryoneWaits()
{
    VirtualClock clock(kSpeedMax);
    QElapsedTimer wall;
    wall.start();
    const std::int64_t deadline = clock.deadlineAfter(3600);
    Waiter sleeper(clock, deadline);
    QTRY_VERIFY(sleeper.woken.load());
    // An hour of scenario time, landed exactly on the deadline, in far less than a second of wall time.
    QCOMPARE(sleeper.wokeAt.load(), deadline);
    QVERIFY(wall.elapsed() < 1000);
    QCOMPARE(clock.jumps(), 1u);
}

void tst_VirtualClock::pacedJumpTakesItsLengthOverTheSpeed()
{
    VirtualClock clock(100);
    QElapsedTimer wall;
    wall.start();
    const std::int64_t deadline = clock.deadlineAfter(2.0);
    Waiter sleeper(clock, deadline);
    QTRY_VERIFY(sleeper.woken.load());
    // 2 s at 100x: 20 ms of wall time, no less; the clock lands on the deadline exactly.
    QVERIFY2(wall.elapsed() >= 19, qPrintable(QString::number(wall.elapsed())));
    QCOMPARE(sleeper.wokeAt.load(), deadline);
}

void tst_VirtualClock::deadlinesFireAtTheRealRateWhileCodeRuns()
{
    // A thread computes 50 ms while another sleeps 20 ms and a third 10 s: the 20 ms sleeper wakes during
    // the computation, at the real rate; the 10 s one only once nothing runs, by a jump that does not cut
    // the computation short.
    VirtualClock clock(kSpeedMax);
    clock.threadStarting(); // the computing thread: this one
    const std::int64_t start = clock.nowNs();
    Waiter shortSleep(clock, start + 20 * kMs);
    Waiter longSleep(clock, start + 10 * kSecond);
    compute(50);
    // The sleeper's OS thread must start, park and be woken within those 50 ms; under a sanitizer on a
    // loaded machine that can take longer, so the computation goes on until it has woken (up to 5 s, far
    // short of the 10 s sleep).
    QElapsedTimer more;
    more.start();
    while (!shortSleep.woken.load() && more.elapsed() < 5000)
        compute(5);
    const std::int64_t computed = clock.nowNs();
    QVERIFY(shortSleep.woken.load());
    QVERIFY(shortSleep.wokeAt.load() >= start + 20 * kMs && shortSleep.wokeAt.load() < computed);
    QVERIFY(!longSleep.woken.load());
    QVERIFY(computed - start >= 50 * kMs);
    shortSleep.letRun();
    clock.threadEnded();
    QTRY_VERIFY(longSleep.woken.load());
    QCOMPARE(longSleep.wokeAt.load(), start + 10 * kSecond);
}

void tst_VirtualClock::aStartingThreadCountsAsRunning()
{
    VirtualClock clock(kSpeedMax);
    clock.threadStarting(); // spawned; its OS thread has not run yet
    Waiter sleeper(clock, clock.deadlineAfter(10));
    QTRY_COMPARE(clock.census().blocked, 1);
    QTest::qWait(30); // nothing may happen meanwhile: show that nothing does
    QVERIFY(!sleeper.woken.load());
    QCOMPARE(clock.census().running, 1);
    clock.threadEnded();
    QTRY_VERIFY(sleeper.woken.load());
}

void tst_VirtualClock::aWokenThreadHoldsTheClock()
{
    // A wake-up not yet served must not be jumped over: B is woken but has not run; C's deadline stays
    // in the future, and the clock stands still, until B runs and waits again.
    VirtualClock clock(kSpeedMax);
    clock.threadStarting(); // this thread runs until B is woken: no jump before
    Waiter b(clock, std::nullopt);
    Waiter c(clock, clock.deadlineAfter(5));
    QTRY_COMPARE(clock.census().blocked, 2);
    QVERIFY(clock.wake(b.slot()));
    QVERIFY(!clock.wake(b.slot())); // once
    clock.threadEnded();
    QTRY_VERIFY(b.woken.load());
    const std::int64_t held = clock.nowNs();
    QTest::qWait(30);
    QCOMPARE(clock.nowNs(), held);
    QVERIFY(!c.woken.load());
    QCOMPARE(clock.census().woken, 1);
    b.letRun(); // B runs and ends: nothing runs, C's deadline is next
    QTRY_VERIFY(c.woken.load());
}

void tst_VirtualClock::speedChangesTakeEffectDuringAJump()
{
    VirtualClock clock(0.001); // a 1 s jump would take 1000 s of wall time
    const std::int64_t deadline = clock.deadlineAfter(1);
    Waiter sleeper(clock, deadline);
    QTRY_COMPARE(clock.census().blocked, 1);
    QTest::qWait(20);
    QVERIFY(!sleeper.woken.load());
    QCOMPARE(clock.speed(), 0.001);
    clock.setSpeed(kSpeedMax);
    QTRY_VERIFY(sleeper.woken.load());
    QCOMPARE(sleeper.wokeAt.load(), deadline);
}

void tst_VirtualClock::pausedClockStandsStill()
{
    VirtualClock clock(kSpeedMax);
    clock.threadStarting();
    clock.setPaused(true);
    QVERIFY(clock.paused());
    const std::int64_t before = clock.nowNs();
    compute(20);
    QCOMPARE(clock.nowNs(), before);
    clock.threadEnded();
    // Paused, a deadline does not fire even when nothing runs.
    Waiter sleeper(clock, clock.deadlineAfter(1));
    QTRY_COMPARE(clock.census().blocked, 1);
    QTest::qWait(20);
    QVERIFY(!sleeper.woken.load());
    QCOMPARE(clock.nowNs(), before);
    clock.setPaused(false);
    QTRY_VERIFY(sleeper.woken.load());
    QCOMPARE(sleeper.wokeAt.load(), before + kSecond);
}

void tst_VirtualClock::aReadySocketHoldsTheClock()
{
    int fds[2];
    QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds), 0);
    VirtualClock clock(kSpeedMax);
    clock.threadStarting(); // this thread, as the socket waiter
    WaitSlot reader(clock);
    clock.blockOnSocket(reader, fds[0], POLLIN);
    // Nothing to read: with everyone waiting the clock jumps to the sleeper's deadline.
    Waiter first(clock, clock.deadlineAfter(1));
    QTRY_VERIFY(first.woken.load());
    first.letRun();
    QTRY_COMPARE(clock.census().running, 0);
    // Data arrived but the reader has not returned from its poll yet: it is about to run, so no jump.
    QCOMPARE(::write(fds[1], "x", 1), 1);
    Waiter second(clock, clock.deadlineAfter(1));
    QTRY_COMPARE(clock.census().blocked, 2);
    QTest::qWait(30);
    QVERIFY(!second.woken.load());
    clock.resume(reader);
    char byte = 0;
    QCOMPARE(::read(fds[0], &byte, 1), 1);
    clock.threadEnded();
    QTRY_VERIFY(second.woken.load());
    ::close(fds[0]);
    ::close(fds[1]);
}

void tst_VirtualClock::deadlineSaturates()
{
    QCOMPARE(VirtualClock::deadline(5, -1), std::int64_t(5));
    QCOMPARE(VirtualClock::deadline(5, 0.5), std::int64_t(500'000'005));
    QCOMPARE(VirtualClock::deadline(0, 1e300), std::int64_t(1'000'000'000) * kSecond);
    QCOMPARE(VirtualClock::deadline(7, std::nan("")), std::int64_t(7));
}

// CPython's sleep(0) hands the GIL on: the yielding thread runs again when another gives it up, by a wait of its
// own or by ending, and once no thread runs. No time passes for it, and no jump is made while it is due.
void tst_VirtualClock::aYieldLastsUntilAnotherThreadWaitsOrEnds()
{
    VirtualClock clock(kSpeedMax);
    clock.setSwitchInterval(3600 * kSecond); // this thread, counted as running, does nothing: no interval ends it
    clock.threadStarting();                  // this thread runs on throughout
    Waiter first(clock, Waiter::Yield{});
    QTRY_COMPARE(clock.census().blocked, 1);
    QTest::qWait(20);
    QVERIFY(!first.woken.load()); // nothing gave the GIL up
    Waiter sleeper(clock, clock.deadlineAfter(10));
    QTRY_VERIFY(first.woken.load()); // the sleeper's wait did
    QVERIFY(!sleeper.woken.load());
    first.letRun(); // it ends
    const auto onlyThisThreadRuns = [&clock] {
        const VirtualClock::Census c = clock.census();
        return c.running == 1 && c.woken == 0;
    };
    QTRY_VERIFY(onlyThisThreadRuns());

    Waiter second(clock, Waiter::Yield{});
    QTRY_COMPARE(clock.census().blocked, 2); // the sleeper and the second
    Waiter third(clock, Waiter::Yield{});    // a yield gives the GIL up too, to the one before
    QTRY_VERIFY(second.woken.load());
    QTRY_COMPARE(clock.census().blocked, 2); // the sleeper and the third
    QVERIFY(!third.woken.load());
    second.letRun(); // it ends: the third runs again
    QTRY_VERIFY(third.woken.load());
    QCOMPARE(clock.jumps(), 0u);
    third.letRun();
    clock.threadEnded(); // nothing runs: the sleeper's deadline is next
    QTRY_VERIFY(sleeper.woken.load());
    QCOMPARE(clock.jumps(), 1u);
}

// A thread that computes on does not hold a yielding one for ever, as CPython takes the GIL back after its switch
// interval (VirtualClock::kSwitchIntervalNs).
void tst_VirtualClock::aYieldEndsAfterTheSwitchIntervalIfAThreadKeepsRunning()
{
    VirtualClock clock(kSpeedMax);
    clock.threadStarting();
    QElapsedTimer wall;
    wall.start();
    Waiter yielder(clock, Waiter::Yield{});
    QElapsedTimer more;
    more.start();
    while (!yielder.woken.load() && more.elapsed() < 5000)
        compute(1);
    QVERIFY(yielder.woken.load());
    QVERIFY2(wall.nsecsElapsed() >= VirtualClock::kSwitchIntervalNs, qPrintable(QString::number(wall.nsecsElapsed())));
    QCOMPARE(clock.census().running, 1); // this thread still runs
    yielder.letRun();
    clock.threadEnded();
}

void tst_VirtualClock::aYieldIsWokenByAStop()
{
    VirtualClock clock(kSpeedMax);
    clock.setSwitchInterval(3600 * kSecond);
    clock.threadStarting();
    Waiter yielder(clock, Waiter::Yield{});
    QTRY_COMPARE(clock.census().blocked, 1);
    QVERIFY(clock.wake(yielder.slot()));
    QTRY_VERIFY(yielder.woken.load());
    yielder.letRun();
    clock.threadEnded();
}

// Paused, no switch interval runs out (a paused run's threads stand at their next step: none takes the GIL back), but
// a thread that waits or ends still hands the GIL on, as it did before the pause took effect.
void tst_VirtualClock::aPauseHoldsAYieldPastItsIntervalButNotPastAHandOn()
{
    VirtualClock clock(kSpeedMax);
    clock.setSwitchInterval(10 * kMs);
    clock.threadStarting();
    clock.setPaused(true);
    Waiter yielder(clock, Waiter::Yield{});
    QTRY_COMPARE(clock.census().blocked, 1);
    QTest::qWait(100);
    QVERIFY(!yielder.woken.load());
    clock.setPaused(false); // its interval is long over
    QTRY_VERIFY(yielder.woken.load());
    yielder.letRun(); // it runs and ends
    const auto onlyThisThreadRuns = [&clock] {
        const VirtualClock::Census c = clock.census();
        return c.running == 1 && c.woken == 0 && c.blocked == 0;
    };
    QTRY_VERIFY(onlyThisThreadRuns()); // not before it has ended: its end would hand on to the yield below

    clock.setSwitchInterval(3600 * kSecond);
    clock.setPaused(true);
    Waiter second(clock, Waiter::Yield{});
    QTRY_COMPARE(clock.census().blocked, 1);
    clock.threadEnded(); // this thread ends while paused: the yielder runs on
    QTRY_VERIFY(second.woken.load());
    QVERIFY(clock.paused());
    second.letRun();
}

QTEST_GUILESS_MAIN(tst_VirtualClock)
#include "tst_virtualclock.moc"
