#include "../coretestutil.h"
#include "chrometracecontract.h"
#include "chrometraceexporter.h"
#include "exporttestprogram.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <functional>

using namespace tl;
using tl::test::ChromeTraceContract;

namespace {

using Mutation = std::function<void(QJsonObject& root)>;

// Applies `change` to the first trace event for which `match` holds.
Mutation onFirst(std::function<bool(const QJsonObject&)> match, std::function<void(QJsonObject&)> change)
{
    return [match, change](QJsonObject& root) {
        QJsonArray events = root.value("traceEvents").toArray();
        for (qsizetype i = 0; i < events.size(); ++i) {
            QJsonObject e = events[i].toObject();
            if (match(e)) {
                change(e);
                events[i] = e;
                break;
            }
        }
        root.insert("traceEvents", events);
    };
}

std::function<bool(const QJsonObject&)> phase(const QString& ph, const QString& name = {})
{
    return
        [ph, name](const QJsonObject& e) { return e.value("ph") == ph && (name.isEmpty() || e.value("name") == name); };
}

} // namespace

Q_DECLARE_METATYPE(Mutation)

// The contract checker used by the export tests must be able to fail: each of these broken traces,
// made from a good export, has to be caught.
class TestChromeTraceContract : public QObject {
    Q_OBJECT

private slots:
    void contractCatchesBrokenTraces_data();
    void contractCatchesBrokenTraces();
};

void TestChromeTraceContract::contractCatchesBrokenTraces_data()
{
    QTest::addColumn<Mutation>("mutation");
    const auto setArg = [](const QString& key, const QJsonValue& value) {
        return [key, value](QJsonObject& e) {
            QJsonObject args = e.value("args").toObject();
            args.insert(key, value);
            e.insert("args", args);
        };
    };
    QTest::newRow("a span named connect")
        << onFirst(phase("X", "sleep"), [](QJsonObject& e) { e["name"] = "connect"; });
    QTest::newRow("a child span outlives its run")
        << onFirst(phase("X", "sleep"), [](QJsonObject& e) { e["dur"] = e["dur"].toDouble() + 1e9; });
    QTest::newRow("a span without a category") << onFirst(phase("X"), [](QJsonObject& e) { e.remove("cat"); });
    QTest::newRow("pid 2") << onFirst(phase("X"), [](QJsonObject& e) { e["pid"] = 2; });
    QTest::newRow("a thread_name renamed") << onFirst(phase("M", "thread_name"), setArg("name", "Thread-99"));
    QTest::newRow("the daemon flag lost")
        << onFirst([](const QJsonObject& e) { return e.value("args").toObject().value("daemon").toBool(); },
                   setArg("daemon", false));
    QTest::newRow("sort indexes swapped") << onFirst(phase("M", "thread_sort_index"), setArg("sort_index", 3));
    QTest::newRow("an instant without thread scope") << onFirst(phase("i"), [](QJsonObject& e) { e.remove("s"); });
    QTest::newRow("a put without its queue") << onFirst(phase("i", "put"), [](QJsonObject& e) { e.remove("args"); });
    QTest::newRow("a flow end without bp") << onFirst(phase("f"), [](QJsonObject& e) { e.remove("bp"); });
    QTest::newRow("a flow end renamed") << onFirst(phase("f"), [](QJsonObject& e) { e["name"] = "other"; });
    QTest::newRow("a flow end lost") << onFirst(phase("f"), [](QJsonObject& e) {
        e["ph"] = "i";
        e["s"] = "t";
    });
    QTest::newRow("a counter jumps") << onFirst(phase("C"), setArg("jobs", 7));
    QTest::newRow("dropped_events wrong") << Mutation([](QJsonObject& root) {
        QJsonObject other = root["otherData"].toObject();
        other["dropped_events"] = 1;
        root["otherData"] = other;
    });
    QTest::newRow("display unit ns") << Mutation([](QJsonObject& root) { root["displayTimeUnit"] = "ns"; });
    QTest::newRow("times in nanoseconds") << Mutation([](QJsonObject& root) {
        QJsonArray events = root["traceEvents"].toArray();
        for (qsizetype i = 0; i < events.size(); ++i) {
            QJsonObject e = events[i].toObject();
            e["ts"] = e["ts"].toDouble() * 1000;
            events[i] = e;
        }
        root["traceEvents"] = events;
    });
}

// The checker above must be able to fail: each broken trace is caught.
void TestChromeTraceContract::contractCatchesBrokenTraces()
{
    QFETCH(Mutation, mutation);
    auto recording = test::record(test::exportTestProgram);
    QVERIFY(recording.finishedInTime);
    const QByteArray json = ChromeTraceExporter(*recording.store).toJson();
    QVERIFY(ChromeTraceContract(json, *recording.store).violations().isEmpty());
    QJsonObject root = QJsonDocument::fromJson(json).object();
    mutation(root);
    const ChromeTraceContract broken(QJsonDocument(root).toJson(), *recording.store);
    QVERIFY(!broken.violations().isEmpty());
}

QTEST_GUILESS_MAIN(TestChromeTraceContract)
#include "tst_chrometracecontract.moc"
