#include "engine/runcontext.h"
#include "engine/threadregistry.h"
#include "engine/threadstate.h"
#include "engine/virtualclock.h"

#include <QTest>

#include <algorithm>
#include <atomic>
#include <functional>
#include <thread>
#include <vector>

using namespace tl;

// The thread registry: lanes, Python's numbering, OS threads and the atexit callbacks.
class tst_ThreadRegistry : public QObject {
    Q_OBJECT
private slots:
    void countersNumberAsPythonDoes();
    void lanesAreDenseAndAnnounced();
    void joinAllThreadsJoinsThreadsStartedWhileJoining();
    void aThreadStopsRunningForTheClockWhenItsLaneEnds();
    void atExitCallbacksRunLastFirstOnce();
};

void tst_ThreadRegistry::countersNumberAsPythonDoes()
{
    // Python: Thread-1 is the first unnamed thread; ThreadPoolExecutor-0 the first executor. The ids of
    // queues, tasks and connections start at 1 (0 means none). Each counter is independent.
    RunContext run(RunOptions{});
    ThreadRegistry& threads = run.threads();
    QCOMPARE(threads.nextThreadNumber(), 1);
    QCOMPARE(threads.nextThreadNumber(), 2);
    QCOMPARE(threads.nextExecutorNumber(), 0);
    QCOMPARE(threads.nextExecutorNumber(), 1);
    QCOMPARE(threads.nextQueueId(), 1u);
    QCOMPARE(threads.nextTaskId(), 1u);
    QCOMPARE(threads.nextTaskId(), 2u);
    QCOMPARE(threads.nextConnectionId(), 1u);
    QCOMPARE(threads.nextQueueId(), 2u);
    QCOMPARE(threads.nextThreadNumber(), 3);

    // Counted atomically: numbers taken from many threads at once are all different.
    std::vector<std::thread> takers;
    std::vector<std::vector<int>> taken(4);
    for (auto& mine : taken)
        takers.emplace_back([&threads, &mine] {
            for (int i = 0; i < 1000; ++i)
                mine.push_back(threads.nextThreadNumber());
        });
    for (auto& t : takers)
        t.join();
    std::vector<int> all;
    for (const auto& mine : taken)
        all.insert(all.end(), mine.begin(), mine.end());
    std::sort(all.begin(), all.end());
    QCOMPARE(all.front(), 4);
    QCOMPARE(all.back(), 4003);
    QVERIFY(std::adjacent_find(all.begin(), all.end()) == all.end());
}

void tst_ThreadRegistry::lanesAreDenseAndAnnounced()
{
    RunContext run(RunOptions{});
    auto main = run.threads().createLane(QStringLiteral("MainThread"), false, QString());
    auto worker = run.threads().createLane(QStringLiteral("worker"), true, QStringLiteral("work"));
    QCOMPARE(main->lane, 0u);
    QCOMPARE(worker->lane, 1u);
    QVERIFY(worker->daemon.load());
    const auto lanes = run.threads().lanes();
    QCOMPARE(lanes.size(), std::size_t(2));
    QCOMPARE(lanes[1].get(), worker.get());

    // With no engine thread calling, each lane writes its own ThreadCreated, first of its events.
    std::vector<Event> events;
    run.events().channel().drain(events);
    QCOMPARE(events.size(), std::size_t(0));
    QCOMPARE(worker->deferred.size(), std::size_t(1));
    run.events().flushDeferred(*main);
    run.events().flushDeferred(*worker);
    run.events().channel().drain(events);
    QCOMPARE(events.size(), std::size_t(2));
    QCOMPARE(events[1].kind, EventKind::ThreadCreated);
    QCOMPARE(events[1].lane, 1u);
    QCOMPARE(events[1].flags, EventFlag::Daemon);
    QCOMPARE(run.strings().text(events[1].b), QStringLiteral("worker"));
    QCOMPARE(run.strings().text(events[1].c), QStringLiteral("work"));

    // A lane is woken by a stop: it is registered with the interrupt hub.
    std::atomic<bool> unwound{false};
    QVERIFY(run.threads().spawnOsThread([&] {
        try {
            std::unique_lock lock(worker->mutex);
            run.interrupts().wait(*worker, lock, worker->changed, std::nullopt, [] { return false; });
        } catch (const ThreadUnwind&) {
            unwound = true;
        }
        worker->markEnded();
    }));
    QTRY_COMPARE(run.clock().census().blocked, 1);
    run.interrupts().requestStop();
    run.threads().joinAllThreads();
    QVERIFY(unwound.load());
}

void tst_ThreadRegistry::joinAllThreadsJoinsThreadsStartedWhileJoining()
{
    RunContext run(RunOptions{});
    std::atomic<int> ran{0};
    ThreadRegistry& threads = run.threads();
    // Each body ends its lane, as spawnOsThread asks.
    std::atomic<int> spawned{0};
    const auto spawn = [&threads, &spawned](std::function<void()> body) {
        auto lane = threads.createLane(QStringLiteral("T"), false, QString());
        spawned += threads.spawnOsThread([lane, body = std::move(body)] {
            body();
            lane->markEnded();
        });
    };
    for (int i = 0; i < 3; ++i)
        spawn([&] {
            ++ran;
            spawn([&] { ++ran; });
        });
    threads.joinAllThreads();
    QCOMPARE(spawned.load(), 6);
    QCOMPARE(ran.load(), 6);
    QCOMPARE(run.clock().census().running, 0);
}

void tst_ThreadRegistry::aThreadStopsRunningForTheClockWhenItsLaneEnds()
{
    // Counted from the spawn, not from when its OS thread first runs; and no longer once its lane has ended,
    // though its OS thread goes on: what it does then (and any preemption) is no scenario time. CI once saw
    // a join at 1x return 4 ms after its thread's end when the thread was counted until its OS thread
    // returned.
    RunContext run(RunOptions{});
    ThreadRegistry& threads = run.threads();
    auto lane = threads.createLane(QStringLiteral("T"), false, QString());
    std::atomic<bool> go{false};
    std::atomic<bool> ended{false};
    std::atomic<bool> release{false};
    QVERIFY(threads.spawnOsThread([&] {
        while (!go)
            std::this_thread::yield();
        lane->markEnded();
        ended = true;
        while (!release)
            std::this_thread::yield(); // the OS thread's teardown, as long as the test likes
    }));
    QCOMPARE(run.clock().census().running, 1);
    go = true;
    QTRY_VERIFY(ended.load());
    QCOMPARE(run.clock().census().running, 0);
    release = true;
    threads.joinAllThreads();
}

void tst_ThreadRegistry::atExitCallbacksRunLastFirstOnce()
{
    RunContext run(RunOptions{});
    ThreadRegistry& threads = run.threads();
    QStringList calls;
    threads.registerAtExit(1, [&] { calls << QStringLiteral("first"); });
    threads.registerAtExit(2, [&] { calls << QStringLiteral("second"); });
    threads.registerAtExit(3, [&] {
        calls << QStringLiteral("third");
        threads.registerAtExit(4, [&] { calls << QStringLiteral("registered while running"); });
    });
    threads.registerAtExit(5, [&] { calls << QStringLiteral("unregistered"); });
    threads.unregisterAtExit(5);
    threads.runAtExitCallbacks();
    QCOMPARE(calls, QStringList({QStringLiteral("third"), QStringLiteral("registered while running"),
                                 QStringLiteral("second"), QStringLiteral("first")}));
    threads.runAtExitCallbacks();
    QCOMPARE(calls.size(), 4);
}

QTEST_GUILESS_MAIN(tst_ThreadRegistry)
#include "tst_threadregistry.moc"
