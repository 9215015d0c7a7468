// Each lesson's listing, run in CPython under the tracer, against the engine's run of the same lesson
// with the same values and speed: the same lanes by name, the same story per lane (start, run, sleep,
// put, get, task_done, join, exit-wait, lock waits and holds, prints, errors), the daemons cut at exit. Lanes whose
// share of the work depends on scheduling (consumers, pool workers) are compared by their pattern and by the totals of
// all of them together.

#include "pythonrun.h"
#include "scenarios/headlessrun.h"
#include "scenarios/scenario.h"

#include <QRegularExpression>
#include <QTest>

#include <map>

using namespace tl;
using namespace tl::pytest;

namespace {

using Overrides = QList<QPair<QString, QString>>;

const std::initializer_list<EventKind> kStoryKinds = {
    EventKind::Start,          EventKind::RunBegin,      EventKind::RunEnd,     EventKind::SleepBegin,
    EventKind::PutDone,        EventKind::GetDone,       EventKind::TaskDone,   EventKind::QueueJoinBegin,
    EventKind::QueueJoinEnd,   EventKind::JoinBegin,     EventKind::JoinEnd,    EventKind::ExitWaitBegin,
    EventKind::ExitWaitEnd,    EventKind::DaemonStopped, EventKind::PoolSubmit, EventKind::PoolTaskBegin,
    EventKind::PoolTaskEnd,    EventKind::SocketBegin,   EventKind::Error,      EventKind::Print,
    EventKind::AcquireBlocked, EventKind::Acquired,      EventKind::Released,   EventKind::CondWaitBegin,
    EventKind::CondWaitEnd,    EventKind::Notify,        EventKind::NotifyAll,  EventKind::EventWaitBegin,
    EventKind::EventWaitEnd,   EventKind::EventSet,      EventKind::EventClear, EventKind::BarrierWaitBegin,
    EventKind::BarrierWaitEnd, EventKind::BarrierBroken, EventKind::TimerFired, EventKind::TimerCancelled,
};

// A lane's story: the kinds above, with each put's item in words, each socket call named by its op and stderr prints
// left out (the traceback Python prints has no counterpart in the engine, which reports the error alone). A condition
// wait's end takes the lock back; whether the notifier has let go of it by then is the scheduler's, so a blocked
// acquire right after the wait's end is left out.
QStringList storyOf(const TraceStore& store, const LaneInfo& lane)
{
    QStringList out;
    EventKind previous = EventKind::Count_;
    for (const Event& e : lane.events) {
        if (std::find(kStoryKinds.begin(), kStoryKinds.end(), e.kind) == kStoryKinds.end())
            continue;
        const bool retake = e.kind == EventKind::AcquireBlocked && previous == EventKind::CondWaitEnd;
        previous = e.kind;
        if (retake)
            continue;
        if (e.kind == EventKind::Print && e.flags != 0)
            continue;
        if ((e.kind == EventKind::PutDone || e.kind == EventKind::GetDone) && (e.flags & EventFlag::TimedOut))
            continue;
        if (e.kind == EventKind::SocketBegin)
            out << QString::fromLatin1(socketOpName(static_cast<SocketOp>(e.flags)).data());
        else if (e.kind == EventKind::Error)
            out << QStringLiteral("error %1: %2").arg(store.text(e.a), store.text(e.b));
        else if (e.kind == EventKind::Print)
            out << QStringLiteral("print %1").arg(store.text(e.a));
        else if (e.kind == EventKind::PutDone) // what a thread puts is its own; which get takes it is the scheduler's
            out << QStringLiteral("put %1").arg(store.itemValue(e.a, e.b));
        else
            out << kindName(e.kind);
    }
    return out;
}

// The lesson's parameter overrides as the listing's constants: workers=3 -> WORKERS=3, true -> True.
QList<QPair<QString, QString>> constantsOf(const Overrides& overrides)
{
    QList<QPair<QString, QString>> out;
    for (const auto& [key, value] : overrides) {
        const QString literal = value == QLatin1String("true")    ? QStringLiteral("True")
                                : value == QLatin1String("false") ? QStringLiteral("False")
                                                                  : value;
        out.append({key.toUpper(), literal});
    }
    return out;
}

QString listingPath(const QString& id)
{
    return QStringLiteral(THREADLINE_LISTINGS_DIR "/%1.py").arg(id);
}

} // namespace

class tst_PythonLessons : public QObject {
    Q_OBJECT

private slots:
    void sameStoryAsTheEngine_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<Overrides>("overrides");
        QTest::addColumn<double>("speed");
        // Lanes matching this are scheduled work (which worker takes what): compared as a group.
        QTest::addColumn<QString>("pooled");
        QTest::addRow("hello") << "hello" << Overrides{} << 1.0 << QString();
        QTest::addRow("subclass") << "subclass" << Overrides{{"seconds", "2"}} << 10.0 << QString();
        QTest::addRow("producer-consumer")
            << "producer-consumer" << Overrides{{"items", "6"}} << 10.0 << "Thread-[345] \\(consumer\\)";
        QTest::addRow("sleeping-workers") << "sleeping-workers" << Overrides{{"workers", "3"}} << 20.0 << QString();
        QTest::addRow("pool-queue") << "pool-queue" << Overrides{{"workers", "3"}, {"clients", "4"}, {"messages", "2"}}
                                    << 10.0 << "Thread-[123] \\(handle\\)";
        QTest::addRow("pool-executor") << "pool-executor"
                                       << Overrides{{"workers", "3"}, {"clients", "4"}, {"messages", "2"}} << 10.0
                                       << "ThreadPoolExecutor-0_\\d";
        // The daemon's third beat (3 s, after three sleeps) and its fourth (4 s) are 0.5 s from main's exit: 250 ms.
        QTest::addRow("daemon") << "daemon" << Overrides{} << 2.0 << QString();
        QTest::addRow("join-order") << "join-order" << Overrides{} << 10.0 << QString();
        QTest::addRow("join-order, bar first") << "join-order" << Overrides{{"bar_first", "true"}} << 10.0 << QString();
        // Issue 13's lessons, each at a speed that leaves 100 ms of wall time or more at every race its story
        // depends on: a thread the OS wakes late on a loaded CI machine (50 ms has been seen) must not find the other
        // ahead. In the race, each thread must write before the other's next write: the yield, 0.1 s, at 1x.
        QTest::addRow("race") << "race" << Overrides{} << 1.0 << QString();
        // The lock at 1x: each thread lets go of it and comes back for it WORK_SECONDS later, and the waiter must
        // take it in between. CPython's lock is not handed over: a waiter the OS wakes later than that finds it
        // taken again, one blocked acquire fewer on each side. At 5x (10 ms) CI's TSan run saw that, and at 1x
        // with the lesson's 50 ms so did CI's plain run, beside CPython's own tests on its two cores (3 blocked
        // acquires where the engine has 5). Two increments each, with 200 ms to spare at every hand-over: each
        // thread still waits for the other's hold (3 blocked acquires), and the run takes 1.8 s.
        QTest::addRow("lock") << "lock"
                              << Overrides{{"increments", "2"}, {"yield_seconds", "0.4"}, {"work_seconds", "0.2"}}
                              << 1.0 << "Thread-[12] \\(increment\\)";
        // The producer's waits for room need it to fill the buffer before the consumer comes back for more: with
        // the lesson's values that is 50 ms at 1x (10 ms at 5x), spent over four of the producer's sleeps. With a
        // 0.3 s consume, 150 ms or more at every turn, as for the lock above.
        QTest::addRow("condition") << "condition" << Overrides{{"consume_seconds", "0.3"}} << 1.0 << QString();
        QTest::addRow("event") << "event" << Overrides{} << 5.0 << QString(); // the runners wait before the 1 s gun
        // All ten must be at the semaphore before the first three's 0.5 s queries end, or one gets in unblocked.
        QTest::addRow("semaphore") << "semaphore" << Overrides{} << 5.0 << "Thread-\\d+ \\(query\\)";
        // Who arrives first, and whose wait times out first, are 0.2 s of scenario time apart: 100 ms at 2x.
        QTest::addRow("barrier") << "barrier" << Overrides{} << 2.0 << QString();
        // The reminder's thread must be waiting before main's 0.5 s sleep ends and cancels it.
        QTest::addRow("timer") << "timer" << Overrides{} << 2.0 << QString();
        // The locks in the same order: one thread waits for a while the other holds it, then takes both in
        // turn. Which of one and two gets a first is the scheduler's (CI's ASan run saw two first), so the
        // two are compared as a group: one blocked acquire between them, four holds, two prints. The second
        // must reach the lock within the first's pause (0.1 s): at 1x, not 10 ms at 10x.
        QTest::addRow("deadlock, same order")
            << "deadlock" << Overrides{{"consistent_order", "true"}} << 1.0 << "Thread-[12] \\((one|two)\\)";
    }

    void sameStoryAsTheEngine()
    {
        QFETCH(QString, id);
        QFETCH(Overrides, overrides);
        QFETCH(double, speed);
        QFETCH(QString, pooled);

        const Scenario* scenario = findScenario(id);
        QVERIFY(scenario);
        const Result<ParameterValues> values = resolveParameters(scenario->parameters, overrides);
        QVERIFY2(values.ok(), values.ok() ? "" : qPrintable(values.error()));
        const std::unique_ptr<TraceStore> engine = runHeadless(*scenario, values.value(), RunOptions{.speed = speed});

        PythonRunOptions options;
        options.script = listingPath(id);
        options.constants = constantsOf(overrides);
        options.speed = speed;
        options.metadata = TraceMetadata{scenario->id, scenario->title, values.value().ordered(), speed};
        const Run python = run(options);
        QVERIFY2(python.startError.isEmpty(), qPrintable(python.startError));
        QCOMPARE(python.source->problems(), QStringList());
        QCOMPARE(python.store->droppedEvents(), 0u);

        std::map<QString, const LaneInfo*> enginesLanes, pythonsLanes;
        for (LaneId l = 0; l < engine->laneCount(); ++l)
            enginesLanes[engine->lane(l).name] = &engine->lane(l);
        for (LaneId l = 0; l < python.store->laneCount(); ++l)
            pythonsLanes[python.store->lane(l).name] = &python.store->lane(l);
        QStringList engineNames, pythonNames;
        for (const auto& [name, lane] : enginesLanes)
            engineNames << name;
        for (const auto& [name, lane] : pythonsLanes)
            pythonNames << name;
        QCOMPARE(pythonNames, engineNames);
        QVERIFY(engineNames.size() >= 2);

        const QRegularExpression pool(pooled.isEmpty() ? QStringLiteral("^$") : QStringLiteral("^%1$").arg(pooled));
        std::map<QString, int> engineTotals, pythonTotals;
        for (const auto& [name, lane] : enginesLanes) {
            const LaneInfo& py = *pythonsLanes.at(name);
            const QStringList engineStory = storyOf(*engine, *lane);
            const QStringList pythonStory = storyOf(*python.store, py);
            QCOMPARE(py.daemon, lane->daemon);
            QVERIFY(engineStory.size() >= 2);
            if (!pool.match(name).hasMatch()) {
                QVERIFY2(pythonStory == engineStory, qPrintable(QStringLiteral("%1:\n  engine: %2\n  python: %3")
                                                                    .arg(name, engineStory.join(QLatin1Char(' ')),
                                                                         pythonStory.join(QLatin1Char(' ')))));
                continue;
            }
            for (const QString& step : engineStory)
                ++engineTotals[step.startsWith(QLatin1String("print")) ? QStringLiteral("print") : step];
            for (const QString& step : pythonStory)
                ++pythonTotals[step.startsWith(QLatin1String("print")) ? QStringLiteral("print") : step];
            // Each pooled lane begins and ends as in the engine (a daemon cut, or a clean end).
            QCOMPARE(pythonStory.first(), engineStory.first());
            QCOMPARE(pythonStory.last(), engineStory.last());
        }
        auto text = [](const std::map<QString, int>& totals) {
            QStringList out;
            for (const auto& [step, n] : totals)
                out << QStringLiteral("%1 x%2").arg(step).arg(n);
            return out.join(QStringLiteral(", "));
        };
        QVERIFY2(engineTotals == pythonTotals, qPrintable(QStringLiteral("pooled lanes:\n  engine: %1\n  python: %2")
                                                              .arg(text(engineTotals), text(pythonTotals))));
    }
};

QTEST_GUILESS_MAIN(tst_PythonLessons)
#include "tst_pythonlessons.moc"
