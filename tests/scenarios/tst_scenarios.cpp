#include "lessontrace.h"

#include <QTest>

using namespace tl;
using namespace tl::lessontest;

// The six lessons without sockets, each run headless: the structure of its trace (lanes, names, daemon
// flags, the order of each lane's story, counts) and its durations in scenario seconds.
class tst_Scenarios : public QObject {
    Q_OBJECT
private slots:
    void hello_data();
    void hello();
    void subclass_data();
    void subclass();
    void producerConsumer_data();
    void producerConsumer();
    void producerConsumerTiming();
    void sleepingWorkers_data();
    void sleepingWorkers();
    void daemon_data();
    void daemon();
    void joinOrder_data();
    void joinOrder();
};

void tst_Scenarios::hello_data()
{
    QTest::addColumn<bool>("startTwice");
    QTest::newRow("start twice raises") << true;
    QTest::newRow("start once") << false;
}

void tst_Scenarios::hello()
{
    QFETCH(bool, startTwice);
    const auto store =
        runLesson(QStringLiteral("hello"), {{QStringLiteral("start_twice"), startTwice ? "true" : "false"}}, kSpeed);
    QVERIFY(store);
    QCOMPARE(store->laneCount(), 2u);
    const LaneInfo& main = store->lane(0);
    const LaneInfo& greet = store->lane(1);
    QCOMPARE(main.name, QStringLiteral("MainThread"));
    QCOMPARE(greet.name, QStringLiteral("Thread-1 (greet)"));
    QVERIFY(!greet.daemon);
    QCOMPARE(story(*store, greet, {EventKind::RunBegin, EventKind::Print, EventKind::RunEnd, EventKind::Error}),
             QStringList({"run-begin", "print", "run-end"}));
    QCOMPARE(printsOf(*store, greet), QStringList{"Hello, world!"});
    QStringList expected = {"start", "join-begin", "join-end"};
    if (startTwice)
        expected << "error";
    expected << QStringList{"exit-wait-begin", "exit-wait-end", "exit"};
    QCOMPARE(story(*store, main,
                   {EventKind::Start, EventKind::JoinBegin, EventKind::JoinEnd, EventKind::Error,
                    EventKind::ExitWaitBegin, EventKind::ExitWaitEnd, EventKind::Exit}),
             expected);
    QCOMPARE(countAll(*store, EventKind::Error), startTwice ? 1u : 0u);
    if (startTwice) {
        const Event error = eventsOf(*store, main, EventKind::Error).front();
        QCOMPARE(store->text(error.a), QStringLiteral("RuntimeError"));
        QCOMPARE(store->text(error.b), QStringLiteral("threads can only be started once"));
        QVERIFY(error.ts >= greet.endTs);
    }
}

void tst_Scenarios::subclass_data()
{
    QTest::addColumn<Overrides>("overrides");
    QTest::addColumn<double>("sleep");
    QTest::addColumn<QString>("printed");
    QTest::newRow("defaults: 5 s") << Overrides{} << 5.0 << "Thread-1: awake after 5 s";
    QTest::newRow("2.5 s") << Overrides{{"seconds", "2.5"}} << 2.5 << "Thread-1: awake after 2.5 s";
}

void tst_Scenarios::subclass()
{
    QFETCH(Overrides, overrides);
    QFETCH(double, sleep);
    QFETCH(QString, printed);
    const auto store = runLesson(QStringLiteral("subclass"), overrides, kSpeed);
    QVERIFY(store);
    QCOMPARE(store->laneCount(), 2u);
    const LaneInfo& main = store->lane(0);
    const LaneInfo& sleeper = store->lane(1);
    QCOMPARE(sleeper.name, QStringLiteral("Thread-1")); // a subclass has no target: no "(target)" suffix
    QVERIFY(sleeper.target.isEmpty());
    QVERIFY(!sleeper.daemon);
    QCOMPARE(
        story(*store, sleeper,
              {EventKind::RunBegin, EventKind::SleepBegin, EventKind::SleepEnd, EventKind::Print, EventKind::RunEnd}),
        QStringList({"run-begin", "sleep-begin", "sleep-end", "print", "run-end"}));
    QCOMPARE(printsOf(*store, sleeper), QStringList{printed});
    QCOMPARE(story(*store, main,
                   {EventKind::Start, EventKind::JoinBegin, EventKind::JoinEnd, EventKind::Print,
                    EventKind::ExitWaitBegin, EventKind::Exit}),
             QStringList({"start", "join-begin", "join-end", "print", "exit-wait-begin", "exit"}));
    QCOMPARE(printsOf(*store, main), QStringList{"main: the sleeper has finished"});
    QCOMPARE(countAll(*store, EventKind::Error), 0u);

    const auto sleeps = spansOf(sleeper, LaneState::Sleeping);
    QCOMPARE(sleeps.size(), 1u);
    QVERIFY2(near(seconds(sleeps.front()), sleep), nearMessage(seconds(sleeps.front()), sleep));
    const auto joins = spansOf(main, LaneState::Joining);
    QCOMPARE(joins.size(), 1u);
    QCOMPARE(joins.front().detail, sleeper.id);
    QVERIFY(joins.front().end >= sleeper.endTs);
    QVERIFY2(near(seconds(joins.front()), sleep), nearMessage(seconds(joins.front()), sleep));
}

void tst_Scenarios::producerConsumer_data()
{
    QTest::addColumn<int>("producers");
    QTest::addColumn<int>("consumers");
    QTest::addColumn<int>("items");
    QTest::addColumn<int>("maxsize");
    QTest::addColumn<double>("interval");
    QTest::addColumn<double>("work");
    QTest::addColumn<int>("blocks"); // PutBlocked: 1 some, 0 none, -1 either
    // The defaults produce 10 items/s against 6 items/s of work: the bounded queue fills up.
    QTest::newRow("defaults: bounded, producers block") << 2 << 3 << 20 << 5 << 0.2 << 0.5 << 1;
    QTest::newRow("unbounded: put never blocks") << 2 << 3 << 20 << 0 << 0.2 << 0.5 << 0;
    QTest::newRow("maxsize 1, one each") << 1 << 1 << 10 << 1 << 0.0 << 1.0 << 1;
    QTest::newRow("more producers than items") << 5 << 2 << 3 << 0 << 0.1 << 0.1 << 0;
    QTest::newRow("4 producers, 8 consumers, 200 items") << 4 << 8 << 200 << 10 << 0.01 << 0.05 << -1;
}

void tst_Scenarios::producerConsumer()
{
    QFETCH(int, producers);
    QFETCH(int, consumers);
    QFETCH(int, items);
    QFETCH(int, maxsize);
    QFETCH(double, interval);
    QFETCH(double, work);
    QFETCH(int, blocks);
    const auto store = runLesson(QStringLiteral("producer-consumer"),
                                 {{"producers", QString::number(producers)},
                                  {"consumers", QString::number(consumers)},
                                  {"items", QString::number(items)},
                                  {"maxsize", QString::number(maxsize)},
                                  {"interval", QString::number(interval)},
                                  {"work", QString::number(work)}},
                                 kSpeed);
    QVERIFY(store);
    QCOMPARE(store->laneCount(), std::size_t(1 + producers + consumers));
    const LaneInfo& main = store->lane(0);
    const std::size_t n = static_cast<std::size_t>(items);

    // Every item put is got once and done once, and each put is linked to the get that took it.
    QCOMPARE(countAll(*store, EventKind::PutDone), n);
    QCOMPARE(countAll(*store, EventKind::GetDone), n);
    QCOMPARE(countAll(*store, EventKind::TaskDone), n);
    QCOMPARE(std::size_t(std::count_if(store->flows().begin(), store->flows().end(),
                                       [](const Flow& f) { return f.kind == Flow::Kind::Item; })),
             n);
    QCOMPARE(countAll(*store, EventKind::Error), 0u);
    const std::size_t blocked = countAll(*store, EventKind::PutBlocked);
    if (blocks >= 0)
        QVERIFY2((blocked > 0) == (blocks == 1), qPrintable(QStringLiteral("%1 blocked puts").arg(blocked)));

    QCOMPARE(store->queues().size(), 1u);
    const QueueInfo& q = store->queues().front();
    QCOMPARE(q.name, QStringLiteral("q"));
    QCOMPARE(q.maxsize, maxsize);
    QVERIFY(!q.depth.empty());
    QCOMPARE(q.depth.back().second, 0u);
    if (maxsize > 0)
        for (const auto& [ts, depth] : q.depth)
            QVERIFY2(depth <= std::uint32_t(maxsize), qPrintable(QStringLiteral("depth %1").arg(depth)));

    const std::int64_t cut = eventsOf(*store, main, EventKind::Exit).at(0).ts;
    for (int p = 0; p < producers; ++p) {
        const LaneInfo& lane = store->lane(LaneId(1 + p));
        QCOMPARE(lane.name, QStringLiteral("Thread-%1 (producer)").arg(1 + p));
        QVERIFY(!lane.daemon);
        const std::size_t mine = p < items ? std::size_t((items - p + producers - 1) / producers) : 0;
        QCOMPARE(eventsOf(*store, lane, EventKind::PutDone).size(), mine);
        QCOMPARE(eventsOf(*store, lane, EventKind::DaemonStopped).size(), 0u);
        QVERIFY(lane.endTs < cut);
    }
    std::size_t printed = 0;
    for (int c = 0; c < consumers; ++c) {
        const LaneInfo& lane = store->lane(LaneId(1 + producers + c));
        QCOMPARE(lane.name, QStringLiteral("Thread-%1 (consumer)").arg(1 + producers + c));
        QVERIFY(lane.daemon);
        const QStringList s = story(*store, lane, {EventKind::GetDone, EventKind::TaskDone, EventKind::DaemonStopped});
        QCOMPARE(s, repeated({"get", "task_done"}, int(s.size() - 1) / 2) << "daemon-stopped");
        QCOMPARE(lane.events.back().kind, EventKind::RunEnd);
        QCOMPARE(eventsOf(*store, lane, EventKind::DaemonStopped).front().ts, cut); // cut at exit, with the rest
        printed += eventsOf(*store, lane, EventKind::Print).size();
    }
    QCOMPARE(printed, n);

    QStringList expected = repeated({"start"}, producers + consumers);
    expected << repeated({"join-begin", "join-end"}, producers);
    expected << QStringList{"queue-join-begin", "queue-join-end", "print", "exit-wait-begin", "exit-wait-end", "exit"};
    QCOMPARE(story(*store, main,
                   {EventKind::Start, EventKind::JoinBegin, EventKind::JoinEnd, EventKind::QueueJoinBegin,
                    EventKind::QueueJoinEnd, EventKind::Print, EventKind::ExitWaitBegin, EventKind::ExitWaitEnd,
                    EventKind::Exit}),
             expected);
    std::int64_t lastTaskDone = 0;
    for (LaneId id = 0; id < store->laneCount(); ++id)
        for (const Event& e : eventsOf(*store, store->lane(id), EventKind::TaskDone))
            lastTaskDone = std::max(lastTaskDone, e.ts);
    QVERIFY(eventsOf(*store, main, EventKind::QueueJoinEnd).at(0).ts >= lastTaskDone);
}

// Sleep spans of the defaults: every ended one is the length its lane asks for (interval for producers, work
// for consumers), within the bound.
void tst_Scenarios::producerConsumerTiming()
{
    const auto store = runLesson(QStringLiteral("producer-consumer"), {}, kSpeed);
    QVERIFY(store);
    const Scenario* s = findScenario(QStringLiteral("producer-consumer"));
    const ParameterValues defaults = resolveParameters(s->parameters, Overrides{}).value();
    for (LaneId id = 1; id < store->laneCount(); ++id) {
        const LaneInfo& lane = store->lane(id);
        const double asked = defaults.toDouble(lane.daemon ? QStringLiteral("work") : QStringLiteral("interval"));
        std::size_t ended = 0;
        for (const Span& span : spansOf(lane, LaneState::Sleeping)) {
            if (span.isOpen() || span.end == store->lane(id).endTs)
                continue; // a consumer cut at exit in its sleep
            ++ended;
            QVERIFY2(near(seconds(span), asked), nearMessage(seconds(span), asked));
        }
        QVERIFY(ended > 0);
    }
    const SleepCheck sleeps = checkSleeps(*store);
    QVERIFY2(sleeps.worst <= 0, qPrintable(sleeps.where));
}

void tst_Scenarios::sleepingWorkers_data()
{
    QTest::addColumn<int>("workers");
    QTest::addColumn<double>("sleep");
    QTest::newRow("defaults: 5 workers, 10 s") << 5 << 10.0;
    QTest::newRow("1 worker, 4 s") << 1 << 4.0;
    // 100 threads waking at the same scenario moment: each is woken there, however long the machine takes
    // to run them all (the clock stands still until they have).
    QTest::newRow("100 workers, 10 s") << 100 << 10.0;
}

void tst_Scenarios::sleepingWorkers()
{
    QFETCH(int, workers);
    QFETCH(double, sleep);
    // Every worker still sleeps when main's code ends, however long starting 100 threads takes (over a
    // second of wall time under ThreadSanitizer): start-up is compute, and no jump happens during it.
    const auto store = runLesson(QStringLiteral("sleeping-workers"),
                                 {{"workers", QString::number(workers)}, {"seconds", QString::number(sleep)}}, kSpeed);
    QVERIFY(store);
    QCOMPARE(store->laneCount(), std::size_t(1 + workers));
    const LaneInfo& main = store->lane(0);
    QStringList expected = repeated({"start"}, workers);
    expected << QStringList{"print", "exit-wait-begin", "exit-wait-end", "exit"};
    QCOMPARE(story(*store, main,
                   {EventKind::Start, EventKind::JoinBegin, EventKind::Print, EventKind::ExitWaitBegin,
                    EventKind::ExitWaitEnd, EventKind::Exit}),
             expected);
    const std::int64_t waitBegin = eventsOf(*store, main, EventKind::ExitWaitBegin).at(0).ts;
    const std::int64_t waitEnd = eventsOf(*store, main, EventKind::ExitWaitEnd).at(0).ts;
    for (int w = 0; w < workers; ++w) {
        const LaneInfo& lane = store->lane(LaneId(1 + w));
        QCOMPARE(lane.name, QStringLiteral("Thread-%1 (worker)").arg(1 + w));
        QVERIFY(!lane.daemon);
        QCOMPARE(story(*store, lane,
                       {EventKind::RunBegin, EventKind::Print, EventKind::SleepBegin, EventKind::SleepEnd,
                        EventKind::RunEnd, EventKind::DaemonStopped}),
                 QStringList({"run-begin", "print", "sleep-begin", "sleep-end", "print", "run-end"}));
        QCOMPARE(printsOf(*store, lane), QStringList({QStringLiteral("worker %1: going to sleep").arg(w),
                                                      QStringLiteral("worker %1: awake").arg(w)}));
        // Main's code had ended while every worker slept; the exit-wait lasted until the last one ended.
        QVERIFY(waitBegin < lane.endTs);
        QVERIFY(lane.endTs <= waitEnd);
        const auto sleeps = spansOf(lane, LaneState::Sleeping);
        QCOMPARE(sleeps.size(), 1u);
        const double slept = seconds(sleeps.front());
        QVERIFY2(near(slept, sleep), nearMessage(slept, sleep));
    }
    const auto exitWaits = spansOf(main, LaneState::ExitWait);
    QCOMPARE(exitWaits.size(), 1u);
    // It ends when the last worker ends: the exit-wait lasts about a sleep, from main's last line.
    std::int64_t lastEnd = 0;
    for (int w = 0; w < workers; ++w)
        lastEnd = std::max(lastEnd, store->lane(LaneId(1 + w)).endTs);
    // Main's wake from the exit-wait is a step: code run after a wake-up (lessontrace.h).
    QVERIFY2(waitEnd >= lastEnd && tookWithSteps(seconds(waitEnd - lastEnd), 0, 1),
             stepsMessage(seconds(waitEnd - lastEnd), 0, 1));
    QVERIFY(seconds(exitWaits.front()) < sleep + kExactSeconds);
}

void tst_Scenarios::daemon_data()
{
    QTest::addColumn<double>("interval");
    QTest::addColumn<double>("mainSleep");
    QTest::addColumn<int>("beats");
    QTest::newRow("defaults: 1 s beats, main ends at 3.5 s") << 1.0 << 3.5 << 3;
    QTest::newRow("0.6 s beats, main ends at 2.7 s") << 0.6 << 2.7 << 4;
    QTest::newRow("main ends before the first beat") << 5.0 << 2.0 << 0;
}

void tst_Scenarios::daemon()
{
    QFETCH(double, interval);
    QFETCH(double, mainSleep);
    QFETCH(int, beats);
    const auto store =
        runLesson(QStringLiteral("daemon"),
                  {{"interval", QString::number(interval)}, {"main_seconds", QString::number(mainSleep)}}, kSpeed);
    QVERIFY(store);
    QCOMPARE(store->laneCount(), 2u);
    const LaneInfo& main = store->lane(0);
    const LaneInfo& heartbeat = store->lane(1);
    QCOMPARE(heartbeat.name, QStringLiteral("Thread-1 (heartbeat)"));
    QVERIFY(heartbeat.daemon);
    QCOMPARE(story(*store, main,
                   {EventKind::Start, EventKind::SleepBegin, EventKind::SleepEnd, EventKind::Print,
                    EventKind::ExitWaitBegin, EventKind::ExitWaitEnd, EventKind::Exit}),
             QStringList({"start", "sleep-begin", "sleep-end", "print", "exit-wait-begin", "exit-wait-end", "exit"}));
    QStringList printed;
    for (int i = 1; i <= beats; ++i)
        printed << QStringLiteral("heartbeat %1").arg(i);
    QCOMPARE(printsOf(*store, heartbeat), printed);

    // Cut mid-sleep at the moment main's exit ends, right after main's sleep.
    const std::int64_t exit = eventsOf(*store, main, EventKind::Exit).at(0).ts;
    const std::int64_t mainAwake = eventsOf(*store, main, EventKind::SleepEnd).at(0).ts;
    QVERIFY2(exit >= mainAwake && tookWithSteps(seconds(exit - mainAwake), 0, 1),
             stepsMessage(seconds(exit - mainAwake), 0, 1)); // main's step from its wake to its exit
    QCOMPARE(eventsOf(*store, heartbeat, EventKind::DaemonStopped).size(), 1u);
    QCOMPARE(eventsOf(*store, heartbeat, EventKind::DaemonStopped).front().ts, exit);
    QCOMPARE(heartbeat.events.back().kind, EventKind::RunEnd);
    QCOMPARE(heartbeat.endTs, exit);
    QCOMPARE(eventsOf(*store, heartbeat, EventKind::SleepBegin).size(), std::size_t(beats + 1));
    QCOMPARE(eventsOf(*store, heartbeat, EventKind::SleepEnd).size(), std::size_t(beats));
    const auto sleeps = spansOf(heartbeat, LaneState::Sleeping);
    QCOMPARE(sleeps.back().end, exit);
    for (const Span& span : sleeps)
        QVERIFY(!span.isOpen());

    const auto mainSleeps = spansOf(main, LaneState::Sleeping);
    QCOMPARE(mainSleeps.size(), 1u);
    QVERIFY2(near(seconds(mainSleeps.front()), mainSleep), nearMessage(seconds(mainSleeps.front()), mainSleep));
    // No one to wait for: the exit-wait is main's own step through the exit.
    QVERIFY(tookWithSteps(seconds(spansOf(main, LaneState::ExitWait).at(0)), 0, 1));
}

void tst_Scenarios::joinOrder_data()
{
    QTest::addColumn<double>("foo");
    QTest::addColumn<double>("bar");
    QTest::addColumn<bool>("barFirst");
    QTest::newRow("defaults: join foo, then bar") << 4.0 << 2.0 << false;
    QTest::newRow("join bar, then foo") << 4.0 << 2.0 << true;
    QTest::newRow("foo shorter, joined first") << 2.0 << 4.0 << false;
}

void tst_Scenarios::joinOrder()
{
    QFETCH(double, foo);
    QFETCH(double, bar);
    QFETCH(bool, barFirst);
    const auto store = runLesson(QStringLiteral("join-order"),
                                 {{"foo_seconds", QString::number(foo)},
                                  {"bar_seconds", QString::number(bar)},
                                  {"bar_first", barFirst ? "true" : "false"}},
                                 kSpeed);
    QVERIFY(store);
    QCOMPARE(store->laneCount(), 3u);
    const LaneInfo& main = store->lane(0);
    QCOMPARE(store->lane(1).name, QStringLiteral("Thread-1 (foo)"));
    QCOMPARE(store->lane(2).name, QStringLiteral("Thread-2 (bar)"));
    QVERIFY(!store->lane(1).daemon && !store->lane(2).daemon);
    QCOMPARE(story(*store, main,
                   {EventKind::Start, EventKind::JoinBegin, EventKind::JoinEnd, EventKind::Print,
                    EventKind::ExitWaitBegin, EventKind::Exit}),
             QStringList({"start", "start", "join-begin", "join-end", "join-begin", "join-end", "print",
                          "exit-wait-begin", "exit"}));

    const LaneInfo& first = store->lane(barFirst ? 2 : 1);
    const LaneInfo& second = store->lane(barFirst ? 1 : 2);
    const double firstSleep = barFirst ? bar : foo;
    const double secondSleep = barFirst ? foo : bar;
    const auto joins = spansOf(main, LaneState::Joining);
    QCOMPARE(joins.size(), 2u);
    QCOMPARE(joins[0].detail, first.id);
    QCOMPARE(joins[1].detail, second.id);
    QVERIFY(joins[0].end >= first.endTs);
    QVERIFY(joins[1].end >= second.endTs);
    // Each thread sleeps its whole time; a join returns when the sleep it waits on ends. The join itself is
    // shorter than the sleep by whatever main did after the thread began sleeping (starting the second
    // thread: 5 ms under ASan), as in CPython, so it is measured against the sleep's end, not its length.
    const Span firstSleepSpan = spansOf(first, LaneState::Sleeping).at(0);
    const Span secondSleepSpan = spansOf(second, LaneState::Sleeping).at(0);
    QVERIFY2(near(seconds(firstSleepSpan), firstSleep), nearMessage(seconds(firstSleepSpan), firstSleep));
    QVERIFY2(near(seconds(secondSleepSpan), secondSleep), nearMessage(seconds(secondSleepSpan), secondSleep));
    const double firstWake = seconds(joins[0].end - firstSleepSpan.end);
    QVERIFY2(firstWake >= 0 && tookWithSteps(firstWake, 0, 1), stepsMessage(firstWake, 0, 1)); // main's wake-up
    const double rest = std::max(0.0, secondSleep - firstSleep);
    if (rest > 0) {
        const double secondWake = seconds(joins[1].end - secondSleepSpan.end);
        QVERIFY2(secondWake >= 0 && tookWithSteps(secondWake, 0, 1), stepsMessage(secondWake, 0, 1));
    } else {
        // The second had already ended while main was blocked in the first join: returns at once.
        QVERIFY(second.endTs < joins[0].end);
        QVERIFY2(tookWithSteps(seconds(joins[1]), 0, 1), stepsMessage(seconds(joins[1]), 0, 1));
    }
    const LaneInfo& shorter = store->lane(bar < foo ? 2 : 1);
    const LaneInfo& longer = store->lane(bar < foo ? 1 : 2);
    QVERIFY(shorter.endTs < longer.endTs);
    QCOMPARE(printsOf(*store, store->lane(1)), QStringList{"foo: done"});
    QCOMPARE(printsOf(*store, store->lane(2)), QStringList{"bar: done"});
    QCOMPARE(printsOf(*store, main), QStringList{"main: both joined"});
}

QTEST_GUILESS_MAIN(tst_Scenarios)
#include "tst_scenarios.moc"
