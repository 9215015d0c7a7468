#include "lessontrace.h"
#include "stats/statetimes.h"
#include "stats/statetimescsv.h"

#include <QTest>

#include <algorithm>
#include <numeric>

using namespace tl;
using namespace tl::stats;
using namespace tl::lessontest;

namespace {

std::int64_t sum(const StateDurations& d)
{
    return std::accumulate(d.begin(), d.end(), std::int64_t{0});
}

// A thread's lifetime as the store states it, independent of the spans' nesting: from its RunBegin to its
// RunEnd, clipped to [from, to).
std::int64_t lifetimeOf(const LaneInfo& lane, std::int64_t from, std::int64_t to)
{
    if (lane.spans.empty())
        return 0;
    const std::int64_t begin = std::max(lane.spans.front().begin, from);
    const std::int64_t end = std::min(lane.endTs, to);
    return std::max<std::int64_t>(0, end - begin);
}

} // namespace

// Every lesson, run at max speed: each thread's times in the states add up to its lifetime (RunBegin to
// RunEnd), over the whole run and over a range that cuts spans; the totals are the sums of the rows.
class tst_LessonStats : public QObject {
    Q_OBJECT

private slots:
    void statesAddUpToLifetimes_data();
    void statesAddUpToLifetimes();
};

void tst_LessonStats::statesAddUpToLifetimes_data()
{
    QTest::addColumn<QString>("lesson");
    for (const Scenario& s : allScenarios())
        QTest::newRow(qPrintable(s.id)) << s.id;
}

void tst_LessonStats::statesAddUpToLifetimes()
{
    QFETCH(QString, lesson);
    const auto store = runLesson(lesson, {}, kSpeedMax);
    QVERIFY(store);
    const std::int64_t end = store->endTs();
    QVERIFY(end > 0);
    // The whole run, its first half, and a range from a third to two thirds of it.
    const std::pair<std::int64_t, std::int64_t> ranges[] = {{0, end}, {0, end / 2}, {end / 3, 2 * end / 3}};
    for (const auto& [from, to] : ranges) {
        const StateTimes times = computeStateTimes(*store, {from, to});
        StateDurations totals{};
        std::size_t withTime = 0;
        for (LaneId id = 0; id < store->laneCount(); ++id) {
            const LaneInfo& lane = store->lane(id);
            QVERIFY2(lane.endTs != kOpenEnd, qPrintable(store->laneName(id) + QStringLiteral(" never ended")));
            withTime += lifetimeOf(lane, from, to) > 0 ? 1 : 0;
        }
        QCOMPARE(times.threads.size(), withTime);
        for (const ThreadStateTimes& t : times.threads) {
            const QByteArray where = QStringLiteral("%1 in [%2, %3)").arg(t.name).arg(from).arg(to).toUtf8();
            QVERIFY2(sum(t.ns) == t.lifetime, where.constData());
            QVERIFY2(t.lifetime == lifetimeOf(store->lane(t.lane), from, to), where.constData());
            for (std::size_t s = 0; s < kStateCount; ++s) {
                QVERIFY2(t.ns[s] >= 0, where.constData());
                totals[s] += t.ns[s];
            }
        }
        QVERIFY(totals == times.totals);
        QCOMPARE(sum(times.totals), times.totalLifetime);
    }
    // The CSV's seconds add up to the run's lifetimes too (to the nanosecond: nine exact decimals).
    const StateTimes whole = computeStateTimes(*store);
    const QStringList rows = stateTimesCsv(whole).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(rows.constFirst(), QStringLiteral("thread,state,seconds,share"));
    std::int64_t csvNs = 0;
    for (const QString& row : rows.mid(1)) {
        const QString seconds = row.section(QLatin1Char(','), -2, -2);
        csvNs += seconds.section(QLatin1Char('.'), 0, 0).toLongLong() * 1'000'000'000 +
                 seconds.section(QLatin1Char('.'), 1, 1).toLongLong();
    }
    QCOMPARE(csvNs, whole.totalLifetime);
}

QTEST_GUILESS_MAIN(tst_LessonStats)
#include "tst_lessonstats.moc"
