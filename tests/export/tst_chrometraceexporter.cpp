#include "chrometracecontract.h"
#include "chrometracetestutil.h"
#include "export/chrometraceexporter.h"
#include "exporttestprogram.h"
#include "scenarios/headlessrun.h"
#include "scenarios/scenario.h"
#include "support/coretestutil.h"
#include "support/futureprogram.h"
#include "support/syncprogram.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace tl;
using namespace tl::test;

// Chrome trace export of real runs (every lesson and a program of our own), and writing it to a file.
class TestChromeTraceExporter : public QObject {
    Q_OBJECT

private slots:
    void lessonExportObeysTheContract_data();
    void lessonExportObeysTheContract();
    void ownRunObeysTheContract();
    void ownRunHasEveryEvent();
    void syncPrimitivesHaveTheirNames();
    void futureWaitsHaveTheirNames();
    void writeToFileIsAtomicAndReportsFailures();
};

void TestChromeTraceExporter::lessonExportObeysTheContract_data()
{
    QTest::addColumn<QString>("id");
    for (const Scenario& s : allScenarios())
        QTest::newRow(qPrintable(s.id)) << s.id;
}

// Whatever state each lesson is in (a placeholder only raises), its export must obey every rule.
void TestChromeTraceExporter::lessonExportObeysTheContract()
{
    QFETCH(QString, id);
    const Scenario* scenario = findScenario(id);
    QVERIFY(scenario != nullptr);
    const auto values = resolveParameters(scenario->parameters, QList<QPair<QString, QString>>{});
    QVERIFY(values.ok());
    const auto store = runHeadless(*scenario, *values, RunOptions{.speed = 200});
    const QByteArray json = ChromeTraceExporter(*store).toJson();
    const ChromeTraceContract contract(json, *store);
    QVERIFY2(contract.violations().isEmpty(), qPrintable(violationsText(contract)));
    QCOMPARE(contract.document().value("otherData").toObject().value("scenario").toString(), id);
    QCOMPARE(contract.events("M", "thread_name").size(), store->laneCount());
}

void TestChromeTraceExporter::ownRunObeysTheContract()
{
    auto recording = test::record(test::exportTestProgram);
    QVERIFY(recording.finishedInTime);
    TraceStore& store = *recording.store;
    store.setMetadata(TraceMetadata{QStringLiteral("own"),
                                    QStringLiteral("Own"),
                                    {{QStringLiteral("items"), test::kExportTestItems}, {QStringLiteral("fast"), true}},
                                    200.0});
    store.setDroppedEvents(3);
    const ChromeTraceContract contract(ChromeTraceExporter(store).toJson(), store);
    QVERIFY2(contract.violations().isEmpty(), qPrintable(violationsText(contract)));
    const QJsonObject other = contract.document().value("otherData").toObject();
    QCOMPARE(other.value("dropped_events").toInteger(), 3);
    QCOMPARE(other.value("parameters").toObject().value("items").toInt(), test::kExportTestItems);
    QCOMPARE(other.value("parameters").toObject().value("fast").toBool(), true);
    QCOMPARE(other.value("speed").toDouble(), 200.0);
}

// The counts the program above must produce, derived from the program, not from the store.
void TestChromeTraceExporter::ownRunHasEveryEvent()
{
    auto recording = test::record(test::exportTestProgram);
    QVERIFY(recording.finishedInTime);
    const TraceStore& store = *recording.store;
    const ChromeTraceContract contract(ChromeTraceExporter(store).toJson(), store);
    QVERIFY2(contract.violations().isEmpty(), qPrintable(violationsText(contract)));

    // Lanes: MainThread first, then the four in start order; only the ticker is a daemon.
    const QStringList expectedOrder = {"MainThread", "ticker", "producer", "consumer", "failing"};
    for (int i = 0; i < expectedOrder.size(); ++i) {
        const int tid = contract.tidOf(expectedOrder[i]);
        QVERIFY2(tid > 0, qPrintable(expectedOrder[i]));
        for (const QJsonObject& m : contract.events("M", "thread_sort_index")) {
            if (m.value("tid").toInt() == tid)
                QCOMPARE(m.value("args").toObject().value("sort_index").toInt(), i);
        }
        for (const QJsonObject& m : contract.events("M", "thread_name")) {
            if (m.value("tid").toInt() == tid)
                QCOMPARE(m.value("args").toObject().value("daemon").toBool(), expectedOrder[i] == "ticker");
        }
    }

    const auto instants = contract.events("i");
    QCOMPARE(countNamed(instants, "put"), test::kExportTestItems);
    QCOMPARE(countNamed(instants, "get"), test::kExportTestItems);
    QCOMPARE(countNamed(instants, "task_done"), test::kExportTestItems);
    QCOMPARE(countNamed(instants, "start"), 4);
    QCOMPARE(countNamed(instants, "daemon-stopped"), 1);
    QCOMPARE(countNamed(instants, "exit"), 1);
    QCOMPARE(countNamed(instants, "error"), 1);
    for (const QJsonObject& i : instants) {
        const QJsonObject args = i.value("args").toObject();
        const int tid = i.value("tid").toInt();
        if (i.value("name") == "daemon-stopped")
            QCOMPARE(tid, contract.tidOf("ticker"));
        if (i.value("name") == "exit")
            QCOMPARE(tid, contract.tidOf("MainThread"));
        if (i.value("name") == "put")
            QCOMPARE(tid, contract.tidOf("producer"));
        if (i.value("name") == "put" || i.value("name") == "get") {
            QCOMPARE(args.value("queue").toString(), QStringLiteral("jobs"));
            QVERIFY(args.value("depth").toInt() <= 1); // maxsize 1
        }
        if (i.value("name") == "error") {
            QCOMPARE(tid, contract.tidOf("failing"));
            QCOMPARE(args.value("type").toString(), QStringLiteral("ValueError"));
            QCOMPARE(args.value("message").toString(), QStringLiteral("bad value"));
        }
        if (i.value("name") == "print" && tid == contract.tidOf("consumer"))
            QCOMPARE(args.value("text").toString(), test::kExportTestPrinted);
    }

    // A bounded queue of one with a slow consumer: the producer blocks in put at least once.
    const auto spans = contract.events("X");
    QVERIFY(countNamed(spans, "put") >= 1);
    QCOMPARE(countNamed(spans, "run"), 5);
    QCOMPARE(countNamed(spans, "queue.join"), 1);
    QCOMPARE(countNamed(spans, "join"), 3);
    QVERIFY(countNamed(spans, "sleep") >= test::kExportTestItems);
    QCOMPARE(countNamed(spans, "exit-wait"), 1);

    // Flows: four starts, one per item, one per join that waited on an ended thread (three).
    const auto flowStarts = contract.events("s");
    QCOMPARE(countNamed(flowStarts, "start"), 4);
    QCOMPARE(countNamed(flowStarts, "item"), test::kExportTestItems);
    QCOMPARE(countNamed(flowStarts, "join"), 3);
    for (const QJsonObject& f : contract.events("f")) {
        if (f.value("name") == "item")
            QCOMPARE(f.value("tid").toInt(), contract.tidOf("consumer"));
        if (f.value("name") == "join")
            QCOMPARE(f.value("tid").toInt(), contract.tidOf("MainThread"));
    }

    // One depth counter, "jobs", from 0 with 2 * test::kExportTestItems changes, never above maxsize.
    const auto counters = contract.events("C");
    QCOMPARE(static_cast<int>(counters.size()), 1 + 2 * test::kExportTestItems);
    for (const QJsonObject& c : counters) {
        const int depth = c.value("args").toObject().value("jobs").toInt(-1);
        QVERIFY(depth == 0 || depth == 1);
    }
}

void TestChromeTraceExporter::writeToFileIsAtomicAndReportsFailures()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    store.append(std::vector<Event>{ev(0, 0, EventKind::ThreadCreated, 0, strings->intern("MainThread")),
                                    ev(0, 0, EventKind::RunBegin), ev(5000, 0, EventKind::RunEnd)});
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    // A good write replaces an old file whole.
    const QString path = dir.filePath("trace.json");
    {
        QFile old(path);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("old contents that are longer than nothing");
    }
    const Status ok = ChromeTraceExporter(store).writeToFile(path);
    QVERIFY2(ok.ok(), qPrintable(ok.ok() ? QString() : ok.error()));
    QFile written(path);
    QVERIFY(written.open(QIODevice::ReadOnly));
    QVERIFY(ChromeTraceContract(written.readAll(), store).violations().isEmpty());

    // A missing directory: a message naming the path and the directory, and no file.
    const QString missing = dir.filePath("no/such/dir/trace.json");
    const Status bad = ChromeTraceExporter(store).writeToFile(missing);
    QVERIFY(!bad.ok());
    QVERIFY2(bad.error().contains(missing) && bad.error().contains("does not exist"), qPrintable(bad.error()));
    QVERIFY(!QFile::exists(missing));

    // A directory in the file's place.
    const Status isDir = ChromeTraceExporter(store).writeToFile(dir.path());
    QVERIFY(!isDir.ok());
    QVERIFY2(isDir.error().contains("is a directory"), qPrintable(isDir.error()));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"trace.json"});
}
// Issue 13's names: spans acquire, cond.wait, event.wait and barrier.wait; instants acquired, released,
// notify, notify_all, set, clear, broken and timer.fire; flows from each waking event to the waits it ended.
void TestChromeTraceExporter::syncPrimitivesHaveTheirNames()
{
    auto recording = test::record(test::syncProgram);
    QVERIFY(recording.finishedInTime);
    const TraceStore& store = *recording.store;
    const ChromeTraceContract contract(ChromeTraceExporter(store).toJson(), store);
    QVERIFY2(contract.violations().isEmpty(), qPrintable(violationsText(contract)));
    const auto spans = contract.events("X");
    for (const char* name : {"acquire", "cond.wait", "event.wait", "barrier.wait"})
        QVERIFY2(countNamed(spans, name) >= 1, name);
    const auto instants = contract.events("i");
    for (const char* name :
         {"acquired", "released", "notify", "notify_all", "set", "clear", "broken", "timer.fire", "timer.cancel"})
        QVERIFY2(countNamed(instants, name) >= 1, name);
    QCOMPARE(countNamed(instants, "notify"), 1);
    QCOMPARE(countNamed(instants, "timer.fire"), 1);
    QCOMPARE(countNamed(instants, "broken"), 1);
    // A primitive's word is its id; the span of a blocked acquire names it too.
    for (const QJsonObject& x : spans) {
        if (x.value("name") == "acquire")
            QVERIFY(x.value("args").toObject().value("primitive").toInt() > 0);
    }
    const auto flowStarts = contract.events("s");
    for (const char* name : {"release", "notify", "set", "barrier"})
        QVERIFY2(countNamed(flowStarts, name) >= 1, name);
    QCOMPARE(countNamed(flowStarts, "set"), 3); // go woke two workers; the cancel woke the timer's wait
    QCOMPARE(countNamed(flowStarts, "barrier"), 1);
}

// Issue 11's waits for futures: a "future.wait" span each, a "future.done" instant at the end of each wait a
// future being done ended, a "task.end" instant at each pool task's end, and a "done" arrow between them.
void TestChromeTraceExporter::futureWaitsHaveTheirNames()
{
    auto recording = test::record(test::futureProgram);
    QVERIFY(recording.finishedInTime);
    const TraceStore& store = *recording.store;
    const ChromeTraceContract contract(ChromeTraceExporter(store).toJson(), store);
    QVERIFY2(contract.violations().isEmpty(), qPrintable(violationsText(contract)));
    QCOMPARE(countNamed(contract.events("X"), "future.wait"), 7);
    const auto instants = contract.events("i");
    QCOMPARE(countNamed(instants, "task.end"), 8);         // every task but the cancelled one
    QCOMPARE(countNamed(instants, "future.done"), 6);      // every wait but the one that timed out
    QCOMPARE(countNamed(contract.events("s"), "done"), 5); // the cancel released one: no task's arrow
    for (const QJsonObject& x : contract.events("X")) {
        if (x.value("name") == "future.wait" && x.value("args").toObject().contains("task_id"))
            QVERIFY(x.value("args").toObject().value("executor").toInt() == 0);
    }
}

QTEST_GUILESS_MAIN(TestChromeTraceExporter)
#include "tst_chrometraceexporter.moc"
