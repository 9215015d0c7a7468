#include "export/chrometraceexporter.h"
#include "importtestutil.h"
#include "support/testevent.h"
#include "trace/tracestore.h"

#include <QTest>

#include <memory>
#include <vector>

using namespace tl;
using namespace tl::test;

// Threads that share a name (`Thread(name="worker")` in a loop, two pools with one prefix): an export names the one it
// means by its tid too, so that read back each start, join and arrow is the same thread's. Read back by name alone,
// every "worker" was the first: its arrows went to the wrong lanes, and the file read back and written again
// differed from the one read.
class TestSharedNames : public QObject {
    Q_OBJECT
private slots:
    void threadsSharingANameStayApart();
    void uniqueNamesNeedNoTid();
};

namespace {

// MainThread starts `names.size()` threads, each running 1 ms longer than the one before, then joins them last first.
std::unique_ptr<TraceStore> runOf(const std::shared_ptr<StringTable>& strings, const QStringList& names)
{
    auto store = std::make_unique<TraceStore>(strings);
    std::vector<Event> events{ev(0, 0, EventKind::ThreadCreated, 0, strings->intern(QStringLiteral("MainThread"))),
                              ev(0, 0, EventKind::RunBegin)};
    const auto count = static_cast<LaneId>(names.size());
    for (LaneId lane = 1; lane <= count; ++lane) {
        const std::int64_t at = std::int64_t(lane) * 1000;
        events.push_back(ev(at, lane, EventKind::ThreadCreated, 0, strings->intern(names[int(lane) - 1])));
        events.push_back(ev(at + 1, 0, EventKind::Start, lane));
        events.push_back(ev(at + 2, lane, EventKind::RunBegin));
        events.push_back(ev(at + 1'000'000 * lane, lane, EventKind::RunEnd));
    }
    for (LaneId lane = count; lane >= 1; --lane) {
        const std::int64_t at = 10'000'000 + std::int64_t(count - lane) * 1000;
        events.push_back(ev(at, 0, EventKind::JoinBegin, lane, 0, kNoValue));
        events.push_back(ev(at + 500, 0, EventKind::JoinEnd, lane));
    }
    events.push_back(ev(20'000'000, 0, EventKind::RunEnd));
    store->append(events);
    return store;
}

std::vector<std::uint32_t> targetsOnMain(const TraceStore& store)
{
    std::vector<std::uint32_t> out;
    for (const Event& e : store.laneEvents(0)) {
        if (e.kind == EventKind::Start || e.kind == EventKind::JoinBegin || e.kind == EventKind::JoinEnd)
            out.push_back(e.a);
    }
    return out;
}

} // namespace

void TestSharedNames::threadsSharingANameStayApart()
{
    auto strings = std::make_shared<StringTable>();
    const auto run = runOf(strings, {QStringLiteral("worker"), QStringLiteral("worker"), QStringLiteral("worker")});
    const QByteArray json = ChromeTraceExporter(*run).toJson();
    QVERIFY(json.contains("\"target\":\"worker\",\"target_tid\":3"));
    auto loaded = loadBytes(json);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error()));
    QCOMPARE(targetsOnMain(*loaded->store), targetsOnMain(*run));
    QCOMPARE(targetsOnMain(*run), (std::vector<std::uint32_t>{1, 2, 3, 3, 3, 2, 2, 1, 1}));
    QCOMPARE(loaded->store->flows().size(), run->flows().size());
    QCOMPARE(ChromeTraceExporter(*loaded->store).toJson(), json);
}

// A file whose threads' names are all different is as it was: each is named by its name alone.
void TestSharedNames::uniqueNamesNeedNoTid()
{
    auto strings = std::make_shared<StringTable>();
    const auto run = runOf(strings, {QStringLiteral("a"), QStringLiteral("b")});
    const QByteArray json = ChromeTraceExporter(*run).toJson();
    QVERIFY(!json.contains("_tid"));
    auto loaded = loadBytes(json);
    QVERIFY(loaded.ok());
    QCOMPARE(targetsOnMain(*loaded->store), targetsOnMain(*run));
}

QTEST_GUILESS_MAIN(TestSharedNames)
#include "tst_sharednames.moc"
