#include "engine/runcontext.h"

#include <QTest>

#include <chrono>
#include <future>

using namespace tl;

// The event sink: stamps with the scenario clock, checks for unwinding, writes to the lane's producer.
class tst_EventSink : public QObject {
    Q_OBJECT
private slots:
    void emitCheckedStampsAndWrites();
    void emitCheckedThrowsInsteadOfEmittingWhenUnwinding();
    void emitAtWritesEvenWhenUnwinding();
    void anEventKeptWhileTheOthersRanPassesAfterTheStep();
};

void tst_EventSink::emitCheckedStampsAndWrites()
{
    RunContext run(RunOptions{});
    ThreadState self(run, 3, QStringLiteral("t"), false);
    self.line = 42;
    const std::int64_t before = run.clock().nowNs();
    const std::int64_t ts = run.events().emitChecked(self, EventKind::Print, 7, 8, 9, EventFlag::Raised);
    run.events().emitChecked(self, EventKind::JoinBegin, 1, 0, 0, 0, LaneId(5));
    QVERIFY(ts >= before && ts <= run.clock().nowNs());

    std::vector<Event> events;
    QCOMPARE(run.events().channel().drain(events), std::size_t(2));
    const Event& e = events[0];
    QCOMPARE(e.ts, ts);
    QCOMPARE(e.lane, 3u);
    QCOMPARE(e.kind, EventKind::Print);
    QCOMPARE(e.line, std::uint16_t(42));
    QCOMPARE(e.a, 7u);
    QCOMPARE(e.b, 8u);
    QCOMPARE(e.c, 9u);
    QCOMPARE(e.flags, EventFlag::Raised);
    QCOMPARE(e.seq, 0u);
    QCOMPARE(events[1].lane, 5u); // on another lane, from this thread's producer
    QCOMPARE(events[1].seq, 1u);
    QVERIFY(events[1].ts >= ts);
}

void tst_EventSink::emitCheckedThrowsInsteadOfEmittingWhenUnwinding()
{
    RunContext run(RunOptions{});
    ThreadState daemon(run, 0, QStringLiteral("d"), true);
    ThreadState plain(run, 1, QStringLiteral("p"), false);
    run.interrupts().cutDaemons();
    QVERIFY_THROWS_EXCEPTION(ThreadUnwind, run.events().emitChecked(daemon, EventKind::Print));
    const std::int64_t ts = run.events().emitChecked(plain, EventKind::Print);
    // The cut's moment was stamped after the flag was set, so no event that passed the check is later.
    QVERIFY(ts >= run.interrupts().cutTs());
    run.interrupts().requestStop();
    QVERIFY_THROWS_EXCEPTION(ThreadUnwind, run.events().emitChecked(plain, EventKind::Print));
    std::vector<Event> events;
    run.events().channel().drain(events);
    QCOMPARE(events.size(), std::size_t(1));
    QCOMPARE(events[0].lane, 1u);
}

void tst_EventSink::emitAtWritesEvenWhenUnwinding()
{
    RunContext run(RunOptions{});
    ThreadState self(run, 0, QStringLiteral("t"), false);
    run.interrupts().requestStop();
    run.events().emitAt(self, run.interrupts().stopTs(), EventKind::Stopped);
    run.events().emitAt(self, 12345, EventKind::RunEnd);
    std::vector<Event> events;
    run.events().channel().drain(events);
    QCOMPARE(events.size(), std::size_t(2));
    QCOMPARE(events[0].kind, EventKind::Stopped);
    QCOMPARE(events[0].ts, run.interrupts().stopTs());
    QCOMPARE(events[1].ts, std::int64_t(12345));
}

// Stepping lane c while it waits lets every other thread run on until c's event comes. Main's put, kept under the
// queue's mutex while they ran, reached the gate only after c's get (stamped later, under the same mutex) had ended
// the step: it was held, and the step showed the get of an item nobody had put (CI, under ThreadSanitizer).
void tst_EventSink::anEventKeptWhileTheOthersRanPassesAfterTheStep()
{
    RunContext run(RunOptions{});
    ThreadState main(run, 0, QStringLiteral("MainThread"), false);
    ThreadState c(run, 1, QStringLiteral("c"), false);
    run.clock().threadStarting(); // this test thread plays both engine threads
    EventGate& gate = run.events().gate();
    gate.pause();
    QVERIFY(gate.stepLane(c)); // c is not held: the others run on
    QVERIFY(gate.othersRun());

    ++main.deferDepth; // in put(), its mutex held
    run.events().emitChecked(main, EventKind::PutDone);
    --main.deferDepth;
    run.events().emitChecked(c, EventKind::GetDone); // c's event: the step is done
    QCOMPARE(gate.steps(), std::uint64_t(1));
    QVERIFY(!gate.othersRun());

    auto flushed = std::async(std::launch::async, [&] { run.events().flushDeferred(main); });
    const bool passed = flushed.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
    if (!passed)
        gate.resume(); // let it go, to fail cleanly
    flushed.wait();
    QVERIFY2(passed, "main's put was held at the gate");

    // Main's next event, emitted after the step, waits for the next one.
    auto next = std::async(std::launch::async, [&] { run.events().emitChecked(main, EventKind::JoinBegin); });
    QTRY_COMPARE(gate.held(), 1);
    QCOMPARE(next.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
    gate.resume();
    next.wait();

    std::vector<Event> events;
    run.events().channel().drain(events);
    QCOMPARE(events.size(), std::size_t(3));
    QCOMPARE(gate.steps(), std::uint64_t(1));
    run.clock().threadEnded();
}

QTEST_GUILESS_MAIN(tst_EventSink)
#include "tst_eventsink.moc"
