#include "timeline/timelinecoordinates.h"

#include <QTest>

#include <vector>

using namespace tl::ui;

class TestTimelineCoordinates : public QObject {
    Q_OBJECT
private slots:
    void timeToX_data();
    void timeToX();
    void xToTime_data();
    void xToTime();
    void roundTrip();
    void zoomAroundKeepsAnchor_data();
    void zoomAroundKeepsAnchor();
    void tickStep_data();
    void tickStep();
    void ticksMakeRoomForTheirLabels();
    void formatTick_data();
    void formatTick();
    void formatNanos_data();
    void formatNanos();
    void rowAt_data();
    void rowAt();
    void framed();
};

void TestTimelineCoordinates::timeToX_data()
{
    QTest::addColumn<qint64>("ts");
    QTest::addColumn<qint64>("from");
    QTest::addColumn<qint64>("to");
    QTest::addColumn<double>("left");
    QTest::addColumn<double>("width");
    QTest::addColumn<double>("x");
    QTest::newRow("range start maps to left edge")
        << qint64(100) << qint64(100) << qint64(1100) << 50.0 << 1000.0 << 50.0;
    QTest::newRow("range end maps to right edge")
        << qint64(1100) << qint64(100) << qint64(1100) << 50.0 << 1000.0 << 1050.0;
    QTest::newRow("middle") << qint64(600) << qint64(100) << qint64(1100) << 0.0 << 200.0 << 100.0;
    QTest::newRow("before the range: negative, not clamped")
        << qint64(0) << qint64(100) << qint64(1100) << 0.0 << 1000.0 << -100.0;
    QTest::newRow("after the range: beyond width")
        << qint64(2100) << qint64(100) << qint64(1100) << 0.0 << 1000.0 << 2000.0;
    QTest::newRow("zero width maps to left") << qint64(600) << qint64(100) << qint64(1100) << 7.0 << 0.0 << 7.0;
    QTest::newRow("negative width maps to left") << qint64(600) << qint64(100) << qint64(1100) << 7.0 << -5.0 << 7.0;
    QTest::newRow("empty range maps to left") << qint64(600) << qint64(100) << qint64(100) << 7.0 << 500.0 << 7.0;
    QTest::newRow("inverted range maps to left") << qint64(600) << qint64(1100) << qint64(100) << 7.0 << 500.0 << 7.0;
    QTest::newRow("seconds-long range, ns precision")
        << qint64(5'000'000'001) << qint64(0) << qint64(10'000'000'000) << 0.0 << 1000.0 << 500.0000001;
}

void TestTimelineCoordinates::timeToX()
{
    QFETCH(qint64, ts);
    QFETCH(qint64, from);
    QFETCH(qint64, to);
    QFETCH(double, left);
    QFETCH(double, width);
    QFETCH(double, x);
    QCOMPARE(tl::ui::timeToX(ts, {from, to}, left, width), x);
}

void TestTimelineCoordinates::xToTime_data()
{
    QTest::addColumn<double>("x");
    QTest::addColumn<qint64>("from");
    QTest::addColumn<qint64>("to");
    QTest::addColumn<double>("left");
    QTest::addColumn<double>("width");
    QTest::addColumn<qint64>("ts");
    QTest::newRow("left edge is range start") << 50.0 << qint64(100) << qint64(1100) << 50.0 << 1000.0 << qint64(100);
    QTest::newRow("right edge is range end") << 1050.0 << qint64(100) << qint64(1100) << 50.0 << 1000.0 << qint64(1100);
    QTest::newRow("rounds to the nearest ns") << 0.5 << qint64(0) << qint64(3) << 0.0 << 2.0 << qint64(1);
    QTest::newRow("left of the plot: before the range")
        << -10.0 << qint64(100) << qint64(1100) << 0.0 << 1000.0 << qint64(90);
    QTest::newRow("zero width gives range start") << 500.0 << qint64(100) << qint64(1100) << 0.0 << 0.0 << qint64(100);
    QTest::newRow("empty range gives range start")
        << 500.0 << qint64(100) << qint64(100) << 0.0 << 1000.0 << qint64(100);
}

void TestTimelineCoordinates::xToTime()
{
    QFETCH(double, x);
    QFETCH(qint64, from);
    QFETCH(qint64, to);
    QFETCH(double, left);
    QFETCH(double, width);
    QFETCH(qint64, ts);
    QCOMPARE(tl::ui::xToTime(x, {from, to}, left, width), ts);
}

void TestTimelineCoordinates::roundTrip()
{
    const TimeRange range{1'000'000, 3'000'000'000};
    for (std::int64_t ts : {std::int64_t(1'000'000), std::int64_t(7'654'321), std::int64_t(2'999'999'999)}) {
        const double x = tl::ui::timeToX(ts, range, 120, 987);
        QCOMPARE(tl::ui::xToTime(x, range, 120, 987), ts);
    }
}

void TestTimelineCoordinates::zoomAroundKeepsAnchor_data()
{
    QTest::addColumn<qint64>("from");
    QTest::addColumn<qint64>("to");
    QTest::addColumn<qint64>("anchor");
    QTest::addColumn<double>("factor");
    QTest::addColumn<qint64>("expectedWidth");
    QTest::newRow("zoom in 2x around the middle") << qint64(0) << qint64(1000) << qint64(500) << 2.0 << qint64(500);
    QTest::newRow("zoom out 2x around a quarter") << qint64(0) << qint64(1000) << qint64(250) << 0.5 << qint64(2000);
    QTest::newRow("anchor at the left edge") << qint64(100) << qint64(1100) << qint64(100) << 4.0 << qint64(250);
    QTest::newRow("anchor outside the range") << qint64(0) << qint64(1000) << qint64(2000) << 2.0 << qint64(500);
    QTest::newRow("factor 1 changes nothing") << qint64(10) << qint64(20) << qint64(15) << 1.0 << qint64(10);
    QTest::newRow("factor 0 is ignored") << qint64(10) << qint64(20) << qint64(15) << 0.0 << qint64(10);
    QTest::newRow("negative factor is ignored") << qint64(10) << qint64(20) << qint64(15) << -2.0 << qint64(10);
}

void TestTimelineCoordinates::zoomAroundKeepsAnchor()
{
    QFETCH(qint64, from);
    QFETCH(qint64, to);
    QFETCH(qint64, anchor);
    QFETCH(double, factor);
    QFETCH(qint64, expectedWidth);
    const TimeRange before{from, to};
    const TimeRange after = zoomAround(before, anchor, factor);
    QCOMPARE(after.duration(), expectedWidth);
    // The anchor's relative place is unchanged (within a nanosecond of rounding on each side).
    const double relBefore = double(anchor - before.from) / double(before.duration());
    const double relAfter = double(anchor - after.from) / double(after.duration());
    QVERIFY2(std::abs(relBefore - relAfter) < 2.0 / double(after.duration()),
             qPrintable(QStringLiteral("%1 vs %2").arg(relBefore).arg(relAfter)));
}

void TestTimelineCoordinates::tickStep_data()
{
    QTest::addColumn<qint64>("duration");
    QTest::addColumn<double>("width");
    QTest::addColumn<double>("spacing");
    QTest::addColumn<qint64>("step");
    QTest::newRow("1 s over 1000 px, 100 px apart: 100 ms")
        << qint64(1'000'000'000) << 1000.0 << 100.0 << qint64(100'000'000);
    QTest::newRow("1 s over 1000 px, 90 px apart rounds up to 100 ms")
        << qint64(1'000'000'000) << 1000.0 << 90.0 << qint64(100'000'000);
    QTest::newRow("1 s over 1000 px, 120 px apart: 200 ms")
        << qint64(1'000'000'000) << 1000.0 << 120.0 << qint64(200'000'000);
    QTest::newRow("10 s over 800 px, 96 px apart: 2 s")
        << qint64(10'000'000'000) << 800.0 << 96.0 << qint64(2'000'000'000);
    QTest::newRow("3 ms over 600 px, 96 px apart: 500 us") << qint64(3'000'000) << 600.0 << 96.0 << qint64(500'000);
    QTest::newRow("tiny range: 1 ns steps") << qint64(5) << 1000.0 << 96.0 << qint64(1);
    QTest::newRow("zero width: no ticks") << qint64(1'000'000) << 0.0 << 96.0 << qint64(0);
    QTest::newRow("empty range: no ticks") << qint64(0) << 1000.0 << 96.0 << qint64(0);
    QTest::newRow("negative range: no ticks") << qint64(-10) << 1000.0 << 96.0 << qint64(0);
    QTest::newRow("zero spacing: no ticks") << qint64(1000) << 1000.0 << 0.0 << qint64(0);
}

void TestTimelineCoordinates::tickStep()
{
    QFETCH(qint64, duration);
    QFETCH(double, width);
    QFETCH(double, spacing);
    QFETCH(qint64, step);
    QCOMPARE(tl::ui::tickStep(duration, width, spacing), step);
    if (step > 0)
        QVERIFY(double(step) * width / double(duration) >= spacing);
}

// A trace of 31 years drew "900000000 s" and "1000000000 s" over each other: ticks 96 px apart had labels wider.
void TestTimelineCoordinates::ticksMakeRoomForTheirLabels()
{
    const auto labelWidth = [](const QString& label) { return 12.0 * double(label.size()); };
    const double width = 1460;
    for (const std::int64_t duration : {std::int64_t(1'000'000'000), std::int64_t(1'020'000'000'000'000'000)}) {
        const tl::ui::TimeRange range{0, duration};
        const std::int64_t step = tl::ui::labelledTickStep(range, width, 96, labelWidth);
        QVERIFY(step > 0);
        const double spacing = double(step) * width / double(duration);
        QVERIFY(spacing >= 96);
        for (std::int64_t t = 0; t < duration; t += step)
            QVERIFY2(labelWidth(tl::ui::formatTick(t, step)) + 12 <= spacing, qPrintable(tl::ui::formatTick(t, step)));
    }
    // Where the labels fit, the step is tickStep's.
    QCOMPARE(tl::ui::labelledTickStep({0, 1'000'000'000}, width, 96, labelWidth),
             tl::ui::tickStep(1'000'000'000, width, 96));
    // A narrow plot: 5 s over 185 px had one labelled tick (a 5 s step, only "0" before the end; a user-tester's
    // 800 px window). Its ticks are a third of its width apart, labelled "0", "2 s" and "4 s".
    const std::int64_t fiveSeconds = 5'000'000'000;
    QCOMPARE(tl::ui::labelledTickStep({0, fiveSeconds}, 185, 96, labelWidth), std::int64_t(2'000'000'000));
    // Labels still keep their room: 30 years over 185 px.
    const std::int64_t years = 1'000'000'000'000'000'000;
    const std::int64_t step = tl::ui::labelledTickStep({0, years}, 185, 96, labelWidth);
    QVERIFY(labelWidth(tl::ui::formatTick(years - years % step, step)) + 12 <= double(step) * 185 / double(years));
}

void TestTimelineCoordinates::formatTick_data()
{
    QTest::addColumn<qint64>("ts");
    QTest::addColumn<qint64>("step");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero is just 0") << qint64(0) << qint64(1'000'000'000) << QStringLiteral("0");
    QTest::newRow("whole seconds") << qint64(3'000'000'000) << qint64(1'000'000'000) << QStringLiteral("3 s");
    QTest::newRow("half-second steps need a decimal")
        << qint64(1'500'000'000) << qint64(500'000'000) << QStringLiteral("1.5 s");
    QTest::newRow("100 ms steps are seconds with one decimal")
        << qint64(200'000'000) << qint64(100'000'000) << QStringLiteral("0.2 s");
    QTest::newRow("20 ms steps are milliseconds")
        << qint64(40'000'000) << qint64(20'000'000) << QStringLiteral("40 ms");
    QTest::newRow("500 us steps are ms with a decimal")
        << qint64(2'500'000) << qint64(500'000) << QStringLiteral("2.5 ms");
    QTest::newRow("5 us steps are microseconds") << qint64(15'000) << qint64(5'000) << QStringLiteral("15 µs");
    QTest::newRow("nanoseconds") << qint64(7) << qint64(1) << QStringLiteral("7 ns");
}

void TestTimelineCoordinates::formatTick()
{
    QFETCH(qint64, ts);
    QFETCH(qint64, step);
    QFETCH(QString, text);
    QCOMPARE(tl::ui::formatTick(ts, step), text);
}

void TestTimelineCoordinates::formatNanos_data()
{
    QTest::addColumn<qint64>("ns");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << qint64(0) << QStringLiteral("0 ns");
    QTest::newRow("nanoseconds") << qint64(80) << QStringLiteral("80 ns");
    QTest::newRow("microseconds") << qint64(450'000) << QStringLiteral("450 µs");
    QTest::newRow("milliseconds") << qint64(12'345'678) << QStringLiteral("12.3 ms");
    QTest::newRow("seconds") << qint64(1'500'000'000) << QStringLiteral("1.50 s");
    QTest::newRow("negative keeps its sign") << qint64(-2'000'000) << QStringLiteral("-2.00 ms");
}

void TestTimelineCoordinates::formatNanos()
{
    QFETCH(qint64, ns);
    QFETCH(QString, text);
    QCOMPARE(tl::ui::formatNanos(ns), text);
}

void TestTimelineCoordinates::rowAt_data()
{
    QTest::addColumn<QList<int>>("tops");
    QTest::addColumn<int>("bottom");
    QTest::addColumn<int>("y");
    QTest::addColumn<int>("row");
    const QList<int> three{0, 24, 48};
    QTest::newRow("first row top") << three << 72 << 0 << 0;
    QTest::newRow("last pixel of the first row") << three << 72 << 23 << 0;
    QTest::newRow("second row") << three << 72 << 24 << 1;
    QTest::newRow("last row") << three << 72 << 71 << 2;
    QTest::newRow("at the bottom: no row") << three << 72 << 72 << -1;
    QTest::newRow("above the first row") << three << 72 << -1 << -1;
    QTest::newRow("no rows") << QList<int>() << 0 << 0 << -1;
    QTest::newRow("rows not starting at 0") << QList<int>{10, 20} << 30 << 5 << -1;
}

void TestTimelineCoordinates::rowAt()
{
    QFETCH(QList<int>, tops);
    QFETCH(int, bottom);
    QFETCH(int, y);
    QFETCH(int, row);
    const std::vector<int> v(tops.begin(), tops.end());
    QCOMPARE(tl::ui::rowAt(y, v, bottom), row);
}

void TestTimelineCoordinates::framed()
{
    QCOMPARE(tl::ui::framed(100, 200, 0.1, 50), (TimeRange{90, 210}));
    QCOMPARE(tl::ui::framed(200, 100, 0.1, 50), (TimeRange{90, 210}));
    QCOMPARE(tl::ui::framed(100, 100, 0.1, 50), (TimeRange{75, 125}));
}

QTEST_GUILESS_MAIN(TestTimelineCoordinates)
#include "tst_timelinecoordinates.moc"
