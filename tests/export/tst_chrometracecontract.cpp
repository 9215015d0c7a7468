#include "chrometracecontract.h"
#include "export/chrometraceexporter.h"
#include "exporttestprogram.h"
#include "support/coretestutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <cmath>
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

// Applies `change` to every ts and dur of the trace (in microseconds).
Mutation everyTime(std::function<double(double)> change)
{
    return [change](QJsonObject& root) {
        QJsonArray events = root["traceEvents"].toArray();
        for (qsizetype i = 0; i < events.size(); ++i) {
            QJsonObject e = events[i].toObject();
            for (const char* key : {"ts", "dur"}) {
                if (e.contains(QLatin1String(key)))
                    e[QLatin1String(key)] = change(e[QLatin1String(key)].toDouble());
            }
            events[i] = e;
        }
        root["traceEvents"] = events;
    };
}

qint64 nsOf(const QJsonValue& microseconds)
{
    return std::llround(microseconds.toDouble() * 1000);
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
    // Perfetto binds a flow start to the slice on top of its lane: before its instant, that is the run.
    QTest::newRow("a flow start written before its instant") << Mutation([](QJsonObject& root) {
        QJsonArray events = root["traceEvents"].toArray();
        for (qsizetype i = 1; i < events.size(); ++i) {
            if (events[i].toObject()["ph"] == "s" && events[i].toObject()["name"] == "start") {
                const QJsonValue instant = events[i - 1];
                events[i - 1] = events[i];
                events[i] = instant;
                break;
            }
        }
        root["traceEvents"] = events;
    });
    // DevTools binds a flow event by ts, pid, tid and cat: in a cat of their own, flows bind nothing.
    QTest::newRow("flows in a cat of their own") << Mutation([](QJsonObject& root) {
        QJsonArray events = root["traceEvents"].toArray();
        for (qsizetype i = 0; i < events.size(); ++i) {
            QJsonObject e = events[i].toObject();
            if (e["ph"] == "s" || e["ph"] == "f")
                e["cat"] = "flow";
            events[i] = e;
        }
        root["traceEvents"] = events;
    });
    // A join flow leaves the ended thread's "end" instant: without it, neither tool binds it there.
    QTest::newRow("a join flow without its end instant") << Mutation([](QJsonObject& root) {
        QJsonArray events = root["traceEvents"].toArray();
        for (qsizetype i = 1; i < events.size(); ++i) {
            if (events[i].toObject()["ph"] == "s" && events[i].toObject()["name"] == "join" &&
                events[i - 1].toObject()["name"] == "end") {
                events.removeAt(i - 1);
                break;
            }
        }
        root["traceEvents"] = events;
    });
    QTest::newRow("a counter jumps") << onFirst(phase("C"), setArg("jobs", 7));
    QTest::newRow("dropped_events wrong") << Mutation([](QJsonObject& root) {
        QJsonObject other = root["otherData"].toObject();
        other["dropped_events"] = 1;
        root["otherData"] = other;
    });
    QTest::newRow("display unit ns") << Mutation([](QJsonObject& root) { root["displayTimeUnit"] = "ns"; });
    QTest::newRow("times in nanoseconds") << everyTime([](double us) { return us * 1000; });
    QTest::newRow("times floored to whole microseconds") << everyTime([](double us) { return std::floor(us); });
    // Perfetto reads llround(us * 1000) ns: a fourth decimal (0.4 ns here) would silently vanish.
    QTest::newRow("a ts with four decimals")
        << onFirst(phase("X", "sleep"), [](QJsonObject& e) { e["ts"] = e["ts"].toDouble() + 0.0004; });
    QTest::newRow("a child ends 1 ns after its run") << Mutation([](QJsonObject& root) {
        QJsonArray events = root["traceEvents"].toArray();
        const auto spanOf = [&](const QString& name, int tid) {
            for (qsizetype i = 0; i < events.size(); ++i) {
                const QJsonObject e = events[i].toObject();
                if (e["ph"] == "X" && e["name"] == name && (tid < 0 || e["tid"].toInt() == tid))
                    return i;
            }
            return qsizetype{-1};
        };
        const qsizetype sleep = spanOf("sleep", -1);
        const qsizetype run = spanOf("run", events[sleep].toObject()["tid"].toInt());
        QJsonObject child = events[sleep].toObject();
        const qint64 runEnd = nsOf(events[run].toObject()["ts"]) + nsOf(events[run].toObject()["dur"]);
        child["dur"] = static_cast<double>(runEnd + 1 - nsOf(child["ts"])) / 1000;
        events[sleep] = child;
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
    // Rewritten by QJsonDocument (shortest doubles, "2000" for "2000.000") the trace is still good, so
    // what the checker catches below is the mutation itself.
    const ChromeTraceContract rewritten(QJsonDocument(root).toJson(), *recording.store);
    QVERIFY2(rewritten.violations().isEmpty(), qPrintable(rewritten.violations().join('\n')));
    mutation(root);
    const ChromeTraceContract broken(QJsonDocument(root).toJson(), *recording.store);
    QVERIFY(!broken.violations().isEmpty());
}

QTEST_GUILESS_MAIN(TestChromeTraceContract)
#include "tst_chrometracecontract.moc"
