#include "engine/interrupthub.h"
#include "engine/runcontext.h"

#include <QTest>

#include <poll.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

using namespace tl;

namespace {

// Counts the wake-ups it is given.
class CountingInterruptible final : public Interruptible {
public:
    void interrupt() override { ++calls; }
    std::atomic<int> calls{0};
};

bool readable(int fd)
{
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, 0) == 1 && (p.revents & POLLIN) != 0;
}

// A lane of `run` that is not started: enough to wait on and to be unwound.
std::unique_ptr<ThreadState> lane(RunContext& run, LaneId id, bool daemon)
{
    return std::make_unique<ThreadState>(run, id, QStringLiteral("lane-%1").arg(id), daemon);
}

} // namespace

// The interrupt hub: the stop and cut flags with their moments, the eventfd, the registry, the wait.
class tst_InterruptHub : public QObject {
    Q_OBJECT
private slots:
    void stopWakesEveryRegisteredObjectOnce();
    void stopWakesEveryWaiter();
    void cutUnwindsOnlyDaemons();
    void eventFdBecomesReadableOnStop();
    void momentsAreStampedOnce();
    void waitReturnsDoneOrTimesOut();
};

void tst_InterruptHub::stopWakesEveryRegisteredObjectOnce()
{
    RunContext run(RunOptions{});
    InterruptHub& hub = run.interrupts();
    std::vector<std::unique_ptr<CountingInterruptible>> objects;
    for (int i = 0; i < 5; ++i) {
        objects.push_back(std::make_unique<CountingInterruptible>());
        hub.registerInterruptible(objects.back().get());
    }
    CountingInterruptible unregistered;
    hub.registerInterruptible(&unregistered);
    hub.unregisterInterruptible(&unregistered);

    hub.cutDaemons();
    hub.requestStop();
    hub.requestStop(); // the second stop does nothing
    hub.cutDaemons();
    for (const auto& object : objects)
        QCOMPARE(object->calls.load(), 2); // once for the cut, once for the stop
    QCOMPARE(unregistered.calls.load(), 0);
    for (const auto& object : objects)
        hub.unregisterInterruptible(object.get());
}

void tst_InterruptHub::stopWakesEveryWaiter()
{
    // Eight threads wait without a deadline on their own lanes; one stop unwinds every one of them.
    RunContext run(RunOptions{});
    InterruptHub& hub = run.interrupts();
    constexpr int kWaiters = 8;
    std::vector<std::unique_ptr<ThreadState>> lanes;
    for (int i = 0; i < kWaiters; ++i) {
        lanes.push_back(lane(run, static_cast<LaneId>(i), i % 2 == 0));
        hub.registerInterruptible(lanes.back().get());
    }
    std::atomic<int> stopped{0};
    for (auto& l : lanes) {
        QVERIFY(run.threads().spawnOsThread([&, &self = *l] {
            try {
                std::unique_lock lock(self.mutex);
                hub.wait(self, lock, self.changed, std::nullopt, [] { return false; });
            } catch (const ThreadUnwind& u) {
                if (u.reason == ThreadUnwind::Reason::Stopped)
                    ++stopped;
            }
            self.markEnded(); // as an engine thread's lane ends
        }));
    }
    // Every waiter is parked: the clock counts them all as blocked.
    QTRY_COMPARE(run.clock().census().blocked, kWaiters);
    hub.requestStop();
    run.threads().joinAllThreads();
    QCOMPARE(stopped.load(), kWaiters);
    QCOMPARE(run.clock().census().running, 0);
    for (auto& l : lanes)
        hub.unregisterInterruptible(l.get());
}

void tst_InterruptHub::cutUnwindsOnlyDaemons()
{
    RunContext run(RunOptions{});
    InterruptHub& hub = run.interrupts();
    auto daemon = lane(run, 0, true);
    auto plain = lane(run, 1, false);
    QVERIFY(!hub.unwindReason(*daemon) && !hub.unwindReason(*plain));
    hub.cutDaemons();
    QCOMPARE(hub.unwindReason(*daemon), std::optional(ThreadUnwind::Reason::DaemonCut));
    QVERIFY(!hub.unwindReason(*plain));
    hub.throwIfUnwinding(*plain); // does not throw
    QVERIFY_THROWS_EXCEPTION(ThreadUnwind, hub.throwIfUnwinding(*daemon));
    hub.requestStop(); // a stop outranks the cut, for daemons too
    QCOMPARE(hub.unwindReason(*daemon), std::optional(ThreadUnwind::Reason::Stopped));
    QCOMPARE(hub.unwindReason(*plain), std::optional(ThreadUnwind::Reason::Stopped));
}

void tst_InterruptHub::eventFdBecomesReadableOnStop()
{
    RunContext run(RunOptions{});
    InterruptHub& hub = run.interrupts();
    QVERIFY(hub.interruptFd() >= 0);
    QVERIFY(!readable(hub.interruptFd()));
    hub.requestStop();
    QVERIFY(readable(hub.interruptFd()));
    QVERIFY(readable(hub.interruptFd())); // it stays readable: polling does not consume it
}

void tst_InterruptHub::momentsAreStampedOnce()
{
    RunContext run(RunOptions{});
    InterruptHub& hub = run.interrupts();
    QVERIFY(!hub.stopRequested() && !hub.daemonsCut());
    const std::int64_t before = run.clock().nowNs();
    hub.cutDaemons();
    QVERIFY(hub.daemonsCut() && !hub.stopRequested());
    const std::int64_t cut = hub.cutTs();
    QVERIFY(cut >= before);
    hub.requestStop();
    const std::int64_t stop = hub.stopTs();
    QVERIFY(stop >= cut);
    hub.cutDaemons();
    hub.requestStop();
    QCOMPARE(hub.cutTs(), cut);
    QCOMPARE(hub.stopTs(), stop);
}

void tst_InterruptHub::waitReturnsDoneOrTimesOut()
{
    RunContext run(RunOptions{.speed = kSpeedMax});
    InterruptHub& hub = run.interrupts();
    auto self = lane(run, 0, false);
    run.clock().threadStarting(); // this test thread plays an engine thread
    std::unique_lock lock(self->mutex);
    QVERIFY(hub.wait(*self, lock, self->changed, std::nullopt, [] { return true; }));
    QVERIFY(!hub.deadlineAfter(std::nullopt));
    // A timed wait whose condition never holds returns false once the clock has reached its deadline: with
    // nothing else running, at once, and exactly there.
    const std::int64_t deadline = *hub.deadlineAfter(3600);
    QVERIFY(!hub.wait(*self, lock, self->changed, deadline, [] { return false; }));
    QVERIFY(run.clock().nowNs() >= deadline && run.clock().nowNs() < deadline + 50'000'000);
    QVERIFY(!hub.wait(*self, lock, self->changed, hub.deadlineAfter(-1), [] { return false; }));
    QCOMPARE(*hub.deadlineAfter(2.5, 1000), std::int64_t(2'500'001'000));
    run.clock().threadEnded();
}

QTEST_GUILESS_MAIN(tst_InterruptHub)
#include "tst_interrupthub.moc"
