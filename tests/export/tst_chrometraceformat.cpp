#include "chrometracecontract.h"
#include "chrometracetestutil.h"
#include "export/chrometraceevents.h"
#include "export/chrometraceexporter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QTest>

#include <cmath>
#include <limits>

using namespace tl;
using namespace tl::test;

namespace {

// A time as Perfetto reads it: llround(microseconds * 1000) nanoseconds.
qint64 ns(const QJsonValue& microseconds)
{
    return std::llround(microseconds.toDouble() * 1000);
}

} // namespace

// Chrome trace export of hand-made traces: each mapping rule, exact microsecond times, flow order.
class TestChromeTraceFormat : public QObject {
    Q_OBJECT

private slots:
    void handMadeTraceMapsEachRule();
    void microsecondsAreExactDecimals_data();
    void microsecondsAreExactDecimals();
    void eventsNanosecondsApartKeepTheirOrder();
    void flowStartsFollowTheirOwnInstant();
    void otherDataSaysWhatRanThePython_data();
    void otherDataSaysWhatRanThePython();
};

// Rules a real run rarely shows: a connect wait, two queues with one name, an open span, a timed-out
// get, sub-microsecond times, a pool task.
void TestChromeTraceFormat::handMadeTraceMapsEachRule()
{
    auto strings = std::make_shared<StringTable>();
    const StringId main = strings->intern("MainThread");
    const StringId client = strings->intern("client");
    const StringId work = strings->intern("work");
    const StringId handler = strings->intern("handler");
    TraceStore store(strings);
    const auto connect = static_cast<std::uint8_t>(SocketOp::Connect);
    store.append(std::vector<Event>{
        ev(0, 0, EventKind::ThreadCreated, 0, main),
        ev(0, 0, EventKind::RunBegin),
        ev(100, 0, EventKind::QueueCreated, 1, work, 0),
        ev(200, 0, EventKind::QueueCreated, 2, work, 3),
        ev(300, 1, EventKind::ThreadCreated, 0, client, 0, EventFlag::Daemon),
        ev(1999, 0, EventKind::Start, 1, 0, 0, EventFlag::Daemon),
        ev(2500, 1, EventKind::RunBegin),
        ev(3000, 1, EventKind::SocketBegin, 7, 0, 0, connect),
        ev(4000, 1, EventKind::SocketEnd, 7, 0, 0, connect),
        ev(5000, 0, EventKind::PutDone, 2, 1, 1),
        ev(6000, 1, EventKind::GetDone, 1, 0, 0, EventFlag::TimedOut),
        ev(7000, 1, EventKind::PoolTaskBegin, 1, 9, handler),
        ev(9000, 0, EventKind::SleepBegin, 0, 0, 2000000),
    });
    store.setDroppedEvents(7);
    const ChromeTraceContract contract(ChromeTraceExporter(store).toJson(), store);
    QVERIFY2(contract.violations().isEmpty(), qPrintable(violationsText(contract)));

    const auto spans = contract.events("X");
    QCOMPARE(countNamed(spans, "connect"), 0);
    QCOMPARE(countNamed(spans, "send"), 1);
    for (const QJsonObject& x : spans) {
        const QJsonObject args = x.value("args").toObject();
        if (x.value("name") == "send") {
            QCOMPARE(args.value("op").toString(), QStringLiteral("connect"));
            QCOMPARE(ns(x.value("ts")), 3000);
            QCOMPARE(ns(x.value("dur")), 1000);
        }
        if (x.value("name") == "task")
            QCOMPARE(args.value("task").toString(), QStringLiteral("handler"));
        // Open spans end at the store's last event (9 us) and say so.
        if (x.value("name") == "run" || x.value("name") == "task" || x.value("name") == "sleep") {
            QCOMPARE(ns(x.value("ts")) + ns(x.value("dur")), 9000);
            QVERIFY(args.value("unfinished").toBool());
        }
        if (x.value("name") == "sleep")
            QCOMPARE(args.value("seconds").toDouble(), 2.0);
    }
    // 1999 ns is 1.999 us, not rounded.
    const auto starts = contract.events("i", "start");
    QCOMPARE(starts.size(), std::size_t{1});
    QCOMPARE(ns(starts.front().value("ts")), 1999);
    QCOMPARE(starts.front().value("args").toObject().value("target").toString(), QStringLiteral("client"));
    // The timed-out get took nothing: no instant. The put went to the second "work" queue.
    QCOMPARE(contract.events("i", "get").size(), std::size_t{0});
    const auto puts = contract.events("i", "put");
    QCOMPARE(puts.size(), std::size_t{1});
    QCOMPARE(puts.front().value("args").toObject().value("queue").toString(), QStringLiteral("work#2"));
    QStringList keys;
    for (const QJsonObject& c : contract.events("C"))
        keys << c.value("args").toObject().keys();
    keys.removeDuplicates();
    keys.sort();
    QCOMPARE(keys, (QStringList{"work", "work#2"}));
    QCOMPARE(contract.document().value("otherData").toObject().value("dropped_events").toInteger(), 7);
}

void TestChromeTraceFormat::microsecondsAreExactDecimals_data()
{
    QTest::addColumn<qint64>("nanoseconds");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("zero") << qint64{0} << QByteArray("0.000");
    QTest::newRow("under a microsecond") << qint64{999} << QByteArray("0.999");
    QTest::newRow("whole microseconds keep three zeros") << qint64{2000000} << QByteArray("2000.000");
    QTest::newRow("one ns past a microsecond") << qint64{2001} << QByteArray("2.001");
    QTest::newRow("leading zeros of the remainder") << qint64{1234005} << QByteArray("1234.005");
    QTest::newRow("an hour and 123 ns") << qint64{3600000000123} << QByteArray("3600000000.123");
    QTest::newRow("negative under a microsecond") << qint64{-1} << QByteArray("-0.001");
    QTest::newRow("negative") << qint64{-1500} << QByteArray("-1.500");
    QTest::newRow("int64 min") << std::numeric_limits<qint64>::min() << QByteArray("-9223372036854775.808");
}

// Written from integers, and read back by Perfetto (llround(value * 1000)) as the same nanoseconds.
void TestChromeTraceFormat::microsecondsAreExactDecimals()
{
    QFETCH(qint64, nanoseconds);
    QFETCH(QByteArray, text);
    QCOMPARE(ChromeTraceEvents::microseconds(nanoseconds), text);
    if (std::abs(static_cast<double>(nanoseconds)) < 1e15) // where a double still holds every nanosecond
        QCOMPARE(std::llround(text.toDouble() * 1000), nanoseconds);
}

// Events nanoseconds apart within one microsecond: rounded to whole microseconds, the sleep and the join
// below began at the same ts and Perfetto (longest first at equal ts) put the sleep inside the join.
// Written exactly, each keeps its own begin and end, and the child ends no later than its parent.
void TestChromeTraceFormat::eventsNanosecondsApartKeepTheirOrder()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    store.append(std::vector<Event>{
        ev(0, 0, EventKind::ThreadCreated, 0, strings->intern("MainThread")),
        ev(0, 0, EventKind::RunBegin),
        ev(100, 1, EventKind::ThreadCreated, 0, strings->intern("worker")),
        ev(200, 0, EventKind::Start, 1),
        ev(300, 1, EventKind::RunBegin),
        ev(1100, 0, EventKind::SleepBegin, 0, 0, 1),
        ev(1400, 0, EventKind::SleepEnd),
        ev(1600, 0, EventKind::JoinBegin, 1),
        ev(4999, 1, EventKind::RunEnd),
        ev(5000, 0, EventKind::JoinEnd, 1),
        ev(5001, 0, EventKind::RunEnd),
    });
    const QByteArray json = ChromeTraceExporter(store).toJson();
    const ChromeTraceContract contract(json, store);
    QVERIFY2(contract.violations().isEmpty(), qPrintable(violationsText(contract)));
    QMap<QString, QPair<qint64, qint64>> mainSpans; // name -> (begin, end) in ns
    for (const QJsonObject& x : contract.events("X")) {
        if (x.value("tid").toInt() == contract.tidOf("MainThread"))
            mainSpans[x.value("name").toString()] = {ns(x.value("ts")), ns(x.value("ts")) + ns(x.value("dur"))};
    }
    QCOMPARE(mainSpans.value("sleep"), (QPair<qint64, qint64>(1100, 1400)));
    QCOMPARE(mainSpans.value("join"), (QPair<qint64, qint64>(1600, 5000)));
    QCOMPARE(mainSpans.value("run"), (QPair<qint64, qint64>(0, 5001)));
    // As text: three decimals, whole microseconds included.
    QVERIFY2(json.contains(R"({"ts":1.100,"dur":0.300,)"), json.constData());
    QVERIFY2(json.contains(R"({"ts":0.000,"dur":5.001,)"), json.constData());
}

// Two starts and two puts in one nanosecond on one lane: Perfetto binds a flow start to the slice on top
// of its lane when it reads it, so each s must come right after its own instant, not after both.
void TestChromeTraceFormat::flowStartsFollowTheirOwnInstant()
{
    auto strings = std::make_shared<StringTable>();
    const StringId jobs = strings->intern("jobs");
    TraceStore store(strings);
    store.append(std::vector<Event>{
        ev(0, 0, EventKind::ThreadCreated, 0, strings->intern("MainThread")),
        ev(0, 0, EventKind::RunBegin),
        ev(100, 0, EventKind::QueueCreated, 1, jobs, 0),
        ev(200, 1, EventKind::ThreadCreated, 0, strings->intern("first")),
        ev(300, 2, EventKind::ThreadCreated, 0, strings->intern("second")),
        ev(1000, 0, EventKind::Start, 1),
        ev(1000, 0, EventKind::Start, 2),
        ev(1000, 0, EventKind::PutDone, 1, 7, 1),
        ev(1000, 0, EventKind::PutDone, 1, 8, 2),
        ev(1500, 2, EventKind::RunBegin),
        ev(1600, 1, EventKind::RunBegin),
        ev(2000, 1, EventKind::GetDone, 1, 8, 1),
        ev(2000, 1, EventKind::GetDone, 1, 7, 0),
        ev(3000, 1, EventKind::RunEnd),
        ev(3000, 2, EventKind::RunEnd),
        ev(3100, 0, EventKind::RunEnd),
    });
    const ChromeTraceContract contract(ChromeTraceExporter(store).toJson(), store);
    QVERIFY2(contract.violations().isEmpty(), qPrintable(violationsText(contract)));

    // The event written right before each flow's s and f.
    const QJsonArray events = contract.document().value("traceEvents").toArray();
    QMap<qint64, QJsonObject> beforeStart;
    QMap<qint64, QJsonObject> beforeEnd;
    QMap<qint64, int> endTid;
    for (qsizetype i = 1; i < events.size(); ++i) {
        const QJsonObject e = events[i].toObject();
        if (e.value("ph") == "s")
            beforeStart.insert(e.value("id").toInteger(), events[i - 1].toObject());
        if (e.value("ph") == "f") {
            beforeEnd.insert(e.value("id").toInteger(), events[i - 1].toObject());
            endTid.insert(e.value("id").toInteger(), e.value("tid").toInt());
        }
    }
    int checked = 0;
    for (const QJsonObject& s : contract.events("s")) {
        const qint64 id = s.value("id").toInteger();
        const QJsonObject instant = beforeStart.value(id);
        QCOMPARE(instant.value("ph").toString(), QStringLiteral("i"));
        QCOMPARE(ns(instant.value("ts")), 1000);
        if (s.value("name") == "start") {
            QCOMPARE(instant.value("name").toString(), QStringLiteral("start"));
            QCOMPARE(contract.tidOf(instant.value("args")["target"].toString()), endTid.value(id));
        } else {
            QCOMPARE(s.value("name").toString(), QStringLiteral("item"));
            QCOMPARE(instant.value("name").toString(), QStringLiteral("put"));
            // Lands right after the get that took this put's item.
            QCOMPARE(beforeEnd.value(id).value("name").toString(), QStringLiteral("get"));
            QCOMPARE(beforeEnd.value(id).value("args")["item"], instant.value("args")["item"]);
        }
        ++checked;
    }
    QCOMPARE(checked, 4); // two starts, two items
}

void TestChromeTraceFormat::otherDataSaysWhatRanThePython_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("module");
    QTest::addColumn<QStringList>("args");
    QTest::newRow("script with arguments") << "/home/me/prog.py" << QString() << QStringList{"--export", "x"};
    QTest::newRow("module, no arguments") << QString() << "http.server" << QStringList{};
}

// A CPython run's otherData names the source, interpreter, program and arguments at the top level,
// beside the scenario keys, and not among the lesson's parameters.
void TestChromeTraceFormat::otherDataSaysWhatRanThePython()
{
    QFETCH(QString, script);
    QFETCH(QString, module);
    QFETCH(QStringList, args);
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    store.append(std::vector<Event>{ev(0, 0, EventKind::ThreadCreated, 0, strings->intern("MainThread"))});
    TraceMetadata meta{QStringLiteral("prog.py"), QStringLiteral("prog.py in CPython 3.11.2"), {}, 2.0};
    meta.source = QStringLiteral("python");
    meta.interpreter = QStringLiteral("CPython 3.11.2");
    meta.executable = QStringLiteral("/usr/bin/python3");
    meta.script = script;
    meta.module = module;
    meta.args = args;
    store.setMetadata(meta);
    const ChromeTraceContract contract(ChromeTraceExporter(store).toJson(), store);
    QVERIFY2(contract.violations().isEmpty(), qPrintable(violationsText(contract)));
    const QJsonObject other = contract.document().value("otherData").toObject();
    QCOMPARE(other.value("source").toString(), QStringLiteral("python"));
    QCOMPARE(other.value("interpreter").toString(), QStringLiteral("CPython 3.11.2"));
    QCOMPARE(other.value("executable").toString(), QStringLiteral("/usr/bin/python3"));
    QCOMPARE(other.value("script").toString(), script);
    QCOMPARE(other.contains("script"), !script.isEmpty());
    QCOMPARE(other.value("module").toString(), module);
    QCOMPARE(other.contains("module"), !module.isEmpty());
    QVERIFY(other.value("args").isArray());
    QStringList written;
    for (const QJsonValue& a : other.value("args").toArray())
        written << a.toString();
    QCOMPARE(written, args);
    QVERIFY(other.value("parameters").toObject().isEmpty());
    QVERIFY(!other.contains("problems")); // a clean run
    meta.problems = QStringList{QStringLiteral("stopped by SIGINT")};
    store.setMetadata(meta);
    const QJsonObject marked =
        ChromeTraceContract(ChromeTraceExporter(store).toJson(), store).document().value("otherData").toObject();
    QCOMPARE(marked.value("problems").toArray(), QJsonArray{QStringLiteral("stopped by SIGINT")});
}

QTEST_GUILESS_MAIN(TestChromeTraceFormat)
#include "tst_chrometraceformat.moc"
