#include "py/pythonapi.h"
#include "py/thread.h"
#include "support/coretestutil.h"

#include <QTest>

using namespace tl;
using namespace tl::test;

// tl::sleep(), print(), atLine() and current_thread().name, as CPython's time.sleep and print behave.
class tst_PythonApi : public QObject {
    Q_OBJECT
private slots:
    void negativeSleepRaises_data();
    void negativeSleepRaises();
    void sleepRecordsScenarioTime();
    void zeroSleepIsASleep();
    void printCarriesItsText();
    void atLineTagsLaterEvents();
    void currentThreadName();
    void outsideARunRaises();
};

void tst_PythonApi::negativeSleepRaises_data()
{
    QTest::addColumn<double>("seconds");
    QTest::newRow("-1 s") << -1.0;
    QTest::newRow("-0.001 s") << -0.001;
}

void tst_PythonApi::negativeSleepRaises()
{
    // test_time.TimeTestCase.test_sleep: time.tl::sleep(-1) raises ValueError, and sleeps not at all.
    QFETCH(double, seconds);
    std::optional<PyError> error;
    const auto rec = record([&] { error = pyError([&] { tl::sleep(seconds); }); });
    QVERIFY(rec.finishedInTime);
    QVERIFY(error);
    QCOMPARE(error->type, QStringLiteral("ValueError"));
    QCOMPARE(error->message, QStringLiteral("sleep length must be non-negative"));
    QVERIFY(!hasKind(*rec.store, 0, EventKind::SleepBegin));
}

void tst_PythonApi::sleepRecordsScenarioTime()
{
    // A 10 s sleep at speed 200 waits 50 ms of wall time, and the trace shows 10 s.
    const auto rec = record([] { tl::sleep(10); }, {.speed = 200});
    QVERIFY(rec.finishedInTime);
    const TraceStore& s = *rec.store;
    const auto begins = eventsOf(s, 0, EventKind::SleepBegin);
    const auto ends = eventsOf(s, 0, EventKind::SleepEnd);
    QCOMPARE(begins.size(), std::size_t(1));
    QCOMPARE(ends.size(), std::size_t(1));
    QCOMPARE(begins[0].c, 10'000'000u); // requested, in scenario microseconds
    const std::int64_t duration = ends[0].ts - begins[0].ts;
    // Never shorter than asked; the upper bound allows a loaded machine (or TSan) 20 s of scenario time,
    // i.e. 100 ms of wall time, of wake-up latency. Wall-clock timestamps would give 0.05 s here, and an
    // unscaled wait 2000 s.
    QVERIFY2(duration >= 10'000'000'000 && duration < 30'000'000'000, qPrintable(QString::number(duration)));
    // The store derives one sleep span of the same length, nested in the run span.
    const auto& spans = s.lane(0).spans;
    const auto sleepSpan =
        std::find_if(spans.begin(), spans.end(), [](const Span& x) { return x.state == LaneState::Sleeping; });
    QVERIFY(sleepSpan != spans.end());
    QCOMPARE(sleepSpan->begin, begins[0].ts);
    QCOMPARE(sleepSpan->end, ends[0].ts);
    QCOMPARE(sleepSpan->depth, std::uint8_t(1));
}

void tst_PythonApi::zeroSleepIsASleep()
{
    // time.tl::sleep(0) is legal: a zero-length sleep state.
    const auto rec = record([] { tl::sleep(0); });
    QVERIFY(rec.finishedInTime);
    QCOMPARE(kindNames(kindsOf(*rec.store, 0)).section(QLatin1Char(' '), 1, 3),
             QStringLiteral("run-begin sleep-begin sleep-end"));
}

void tst_PythonApi::printCarriesItsText()
{
    const auto rec = record([] {
        print(QStringLiteral("hello from main"));
        auto t = Thread::create([] { print(QStringLiteral("héllo, wörld ✓")); }, {.name = "printer"});
        t->start();
        t->join();
        print(QString());
    });
    QVERIFY(rec.finishedInTime);
    const TraceStore& s = *rec.store;
    const auto mainPrints = eventsOf(s, 0, EventKind::Print);
    QCOMPARE(mainPrints.size(), std::size_t(2));
    QCOMPARE(s.text(mainPrints[0].a), QStringLiteral("hello from main"));
    QCOMPARE(s.text(mainPrints[1].a), QString());
    const auto printer = laneNamed(s, QStringLiteral("printer"));
    QVERIFY(printer);
    const auto prints = eventsOf(s, *printer, EventKind::Print);
    QCOMPARE(prints.size(), std::size_t(1));
    QCOMPARE(s.text(prints[0].a), QStringLiteral("héllo, wörld ✓"));
}

void tst_PythonApi::atLineTagsLaterEvents()
{
    const auto rec = record([] {
        atLine(7);
        print(QStringLiteral("seven"));
        atLine(12);
        tl::sleep(0.1);
    });
    QVERIFY(rec.finishedInTime);
    const TraceStore& s = *rec.store;
    QCOMPARE(firstOf(s, 0, EventKind::Print).line, std::uint16_t(7));
    QCOMPARE(firstOf(s, 0, EventKind::SleepBegin).line, std::uint16_t(12));
    QCOMPARE(firstOf(s, 0, EventKind::SleepEnd).line, std::uint16_t(12));
}

void tst_PythonApi::currentThreadName()
{
    QString mainName, threadName;
    const auto rec = record([&] {
        mainName = tl::currentThreadName();
        auto t = Thread::create([&] { threadName = tl::currentThreadName(); }, {.targetName = "who"});
        t->start();
        t->join();
    });
    QVERIFY(rec.finishedInTime);
    QCOMPARE(mainName, QStringLiteral("MainThread"));
    QCOMPARE(threadName, QStringLiteral("Thread-1 (who)"));
}

void tst_PythonApi::outsideARunRaises()
{
    // The test thread is no engine thread: the primitives say so instead of crashing.
    const auto error = pyError([] { tl::sleep(1); });
    QVERIFY(error);
    QCOMPARE(error->type, QStringLiteral("RuntimeError"));
    QVERIFY(error->message.contains(QStringLiteral("outside a Threadline run")));
}

QTEST_GUILESS_MAIN(tst_PythonApi)
#include "tst_pythonapi.moc"
