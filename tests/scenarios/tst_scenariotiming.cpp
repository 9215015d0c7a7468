#include "lessontrace.h"

#include <QHash>
#include <QTest>

using namespace tl;
using namespace tl::lessontest;

namespace {

// What must not change with the speed: each lane's story (its event kinds in order), with the lanes of one
// target taken as a set. Two things are left out because they race by microseconds of compute in CPython
// too, at any speed: which of several identical consumers takes which item (so the set), and whether a
// consumer's get() found the queue empty for an instant (get-blocked) as it started or as main exited.
QStringList structureOf(const TraceStore& store)
{
    QStringList out;
    for (LaneId id = 0; id < store.laneCount(); ++id) {
        const LaneInfo& lane = store.lane(id);
        QStringList kinds;
        for (const Event& e : lane.events)
            if (e.kind != EventKind::GetBlocked)
                kinds << kindName(e.kind);
        out << QStringLiteral("%1%2: %3")
                   .arg(lane.target.isEmpty() ? lane.name : lane.target, lane.daemon ? " (daemon)" : "",
                        kinds.join(QLatin1Char(' ')));
    }
    out.sort();
    return out;
}

QString speedName(double speed)
{
    return std::isinf(speed) ? QStringLiteral("max") : QStringLiteral("%1x").arg(speed);
}

double runSeconds(const TraceStore& store)
{
    std::int64_t end = 0;
    for (LaneId id = 0; id < store.laneCount(); ++id)
        end = std::max(end, store.lane(id).endTs);
    return seconds(end);
}

} // namespace

// Issue 10's table as a test: the same lessons at 1x, 100x, 1000x and max (and 0.1x) keep every sleep and
// join within 1 ms (or 0.1% of the run) of its nominal scenario length, and the same structure. Before the
// virtual clock, join-order at 1000x began foo's sleep 0.89 s late and ended at 5.17 s for a nominal 4 s.
class tst_ScenarioTiming : public QObject {
    Q_OBJECT
private slots:
    void exactAtEverySpeed_data();
    void exactAtEverySpeed();

private:
    QHash<QString, QStringList> m_reference; // each lesson's structure at max, the first time it is needed
};

void tst_ScenarioTiming::exactAtEverySpeed_data()
{
    QTest::addColumn<QString>("lesson");
    QTest::addColumn<Overrides>("overrides");
    QTest::addColumn<double>("speed");
    // Short enough that the 1x rows take about a second together: the clock is exact at any length.
    const Overrides joinOrder = {{"foo_seconds", "0.4"}, {"bar_seconds", "0.2"}};
    const Overrides sleepingWorkers = {{"workers", "3"}, {"seconds", "0.3"}};
    // Put every 23 ms, work 61 ms: no two wake-ups within 2 ms of each other, so the order of events does
    // not depend on the few microseconds of compute between them.
    const Overrides producerConsumer = {{"producers", "2"}, {"consumers", "3"},    {"items", "6"},
                                        {"maxsize", "2"},   {"interval", "0.023"}, {"work", "0.061"}};
    for (const double speed : {kSpeedMax, 1.0, 100.0, 1000.0}) {
        const QByteArray name = speedName(speed).toUtf8();
        QTest::newRow("join-order " + name) << QStringLiteral("join-order") << joinOrder << speed;
        QTest::newRow("sleeping-workers " + name) << QStringLiteral("sleeping-workers") << sleepingWorkers << speed;
        QTest::newRow("producer-consumer " + name) << QStringLiteral("producer-consumer") << producerConsumer << speed;
    }
    QTest::newRow("join-order 0.1x, 40 ms and 20 ms")
        << QStringLiteral("join-order") << Overrides{{"foo_seconds", "0.04"}, {"bar_seconds", "0.02"}} << 0.1;
}

void tst_ScenarioTiming::exactAtEverySpeed()
{
    QFETCH(QString, lesson);
    QFETCH(Overrides, overrides);
    QFETCH(double, speed);
    const auto store = runLesson(lesson, overrides, speed);
    QVERIFY(store);
    const double run = runSeconds(*store);
    const auto within = [run](double actual, double expected) {
        return std::abs(actual - expected) <= std::max(kExactSeconds, kExactShare * run);
    };

    // Every sleep lasts what it asked for.
    const SleepCheck sleeps = checkSleeps(*store);
    QVERIFY(sleeps.sleeps > 0);
    QVERIFY2(sleeps.worst <= 0, qPrintable(sleeps.where));

    // Every join returns when its thread ends (or at once, if it had ended).
    std::size_t joins = 0;
    for (LaneId id = 0; id < store->laneCount(); ++id) {
        for (const Span& span : spansOf(store->lane(id), LaneState::Joining)) {
            const std::int64_t targetEnd = store->lane(span.detail).endTs;
            const double expected = seconds(std::max<std::int64_t>(0, targetEnd - span.begin));
            QVERIFY2(within(seconds(span), expected), nearMessage(seconds(span), expected));
            ++joins;
        }
    }
    QVERIFY(lesson == QLatin1String("sleeping-workers") || joins > 0);

    // The same story on every lane as at max.
    const QString key = lesson + QLatin1Char('|') + QString::number(overrides.size());
    if (!m_reference.contains(key)) {
        const auto reference = runLesson(lesson, overrides, kSpeedMax);
        QVERIFY(reference);
        m_reference.insert(key, structureOf(*reference));
    }
    QCOMPARE(structureOf(*store), m_reference.value(key));

    if (lesson == QLatin1String("join-order")) {
        const LaneInfo& foo = store->lane(1);
        const LaneInfo& bar = store->lane(2);
        const double fooBegins = seconds(eventsOf(*store, foo, EventKind::SleepBegin).at(0).ts);
        const double barBegins = seconds(eventsOf(*store, bar, EventKind::SleepBegin).at(0).ts);
        qInfo("%s at %s: foo's sleep begins at %.3f ms, bar's at %.3f ms, the run ends at %.6f s", qPrintable(lesson),
              qPrintable(speedName(speed)), fooBegins * 1e3, barBegins * 1e3, run);
        // The lesson's point at every speed: bar ends while main still waits for foo.
        QVERIFY(bar.endTs < foo.endTs);
        QVERIFY(bar.endTs < spansOf(store->lane(0), LaneState::Joining).at(0).end);
    }
}

QTEST_GUILESS_MAIN(tst_ScenarioTiming)
#include "tst_scenariotiming.moc"
