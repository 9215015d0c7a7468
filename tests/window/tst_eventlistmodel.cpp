#include "trace/stringtable.h"
#include "trace/tracestore.h"
#include "window/eventfilterproxy.h"
#include "window/eventlistmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace tl;
using namespace tl::ui;

namespace {

Event makeEvent(std::int64_t ts, LaneId lane, EventKind kind, std::uint32_t a = 0, std::uint32_t seq = 0)
{
    Event e;
    e.ts = ts;
    e.lane = lane;
    e.kind = kind;
    e.a = a;
    e.seq = seq;
    return e;
}

// MainThread starting one worker that prints twice, in two batches whose order is shuffled.
struct Fixture {
    std::shared_ptr<StringTable> strings = std::make_shared<StringTable>();
    TraceStore store{strings};
    std::vector<Event> batch1;
    std::vector<Event> batch2;

    Fixture()
    {
        const StringId main = strings->intern(QStringLiteral("MainThread"));
        const StringId worker = strings->intern(QStringLiteral("worker"));
        const StringId hello = strings->intern(QStringLiteral("hello"));
        batch1 = {makeEvent(0, 0, EventKind::ThreadCreated, 0, 0), makeEvent(10, 0, EventKind::RunBegin, 0, 1),
                  makeEvent(20, 1, EventKind::ThreadCreated, 0, 2), makeEvent(30, 0, EventKind::Start, 1, 3),
                  makeEvent(35, 1, EventKind::RunBegin, 0, 0)};
        batch1[0].b = main;
        batch1[2].b = worker;
        batch2 = {makeEvent(50, 1, EventKind::Print, hello, 2), makeEvent(40, 1, EventKind::Print, hello, 1),
                  makeEvent(60, 1, EventKind::RunEnd, 0, 3)};
    }
};

} // namespace

class TestEventListModel : public QObject {
    Q_OBJECT
private slots:
    void passesTheModelTester();
    void appendsOneInsertionPerBatch();
    void sortsWithinABatch();
    void filtersByThreadAndKind_data();
    void filtersByThreadAndKind();
    void findsRowsOfEvents();
    void showsNamesAndDetails();
};

void TestEventListModel::passesTheModelTester()
{
    Fixture f;
    EventListModel model;
    EventFilterProxy proxy(&model);
    QAbstractItemModelTester sourceTester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setStore(&f.store);
    model.appendBatch(f.store.append(f.batch1));
    proxy.setLaneFilter(1);
    model.appendBatch(f.store.append(f.batch2));
    proxy.setKindFilter(EventKind::Print);
    proxy.setLaneFilter(std::nullopt);
    model.setStore(nullptr);
    QCOMPARE(model.rowCount(), 0);
}

void TestEventListModel::appendsOneInsertionPerBatch()
{
    Fixture f;
    EventListModel model;
    model.setStore(&f.store);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.appendBatch(f.store.append(f.batch1));
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 4);
    model.appendBatch(f.store.append(f.batch2));
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(inserted.at(1).at(1).toInt(), 5);
    QCOMPARE(inserted.at(1).at(2).toInt(), 7);
    model.appendBatch(StoreChange{});
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(model.rowCount(), 8);
}

void TestEventListModel::sortsWithinABatch()
{
    Fixture f;
    EventListModel model;
    model.setStore(&f.store);
    model.appendBatch(f.store.append(f.batch1));
    model.appendBatch(f.store.append(f.batch2));
    QCOMPARE(model.eventAt(5).ts, 40);
    QCOMPARE(model.eventAt(6).ts, 50);
    QCOMPARE(model.eventAt(7).ts, 60);
}

void TestEventListModel::filtersByThreadAndKind_data()
{
    QTest::addColumn<int>("lane");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("rows");
    QTest::newRow("no filter shows every event") << -1 << -1 << 8;
    QTest::newRow("MainThread only") << 0 << -1 << 3;
    QTest::newRow("worker only") << 1 << -1 << 5;
    QTest::newRow("prints only") << -1 << int(EventKind::Print) << 2;
    QTest::newRow("worker's run-begin") << 1 << int(EventKind::RunBegin) << 1;
    QTest::newRow("MainThread's prints: none") << 0 << int(EventKind::Print) << 0;
}

void TestEventListModel::filtersByThreadAndKind()
{
    QFETCH(int, lane);
    QFETCH(int, kind);
    QFETCH(int, rows);
    Fixture f;
    EventListModel model;
    EventFilterProxy proxy(&model);
    model.setStore(&f.store);
    proxy.setLaneFilter(lane < 0 ? std::nullopt : std::optional<LaneId>(lane));
    proxy.setKindFilter(kind < 0 ? std::nullopt : std::optional<EventKind>(static_cast<EventKind>(kind)));
    // Filters set before the rows arrive apply to appended batches too.
    model.appendBatch(f.store.append(f.batch1));
    model.appendBatch(f.store.append(f.batch2));
    QCOMPARE(proxy.rowCount(), rows);
    for (int r = 0; r < proxy.rowCount(); ++r) {
        const Event& e = model.eventAt(proxy.mapToSource(proxy.index(r, 0)).row());
        QVERIFY(lane < 0 || e.lane == LaneId(lane));
        QVERIFY(kind < 0 || e.kind == EventKind(kind));
    }
}

void TestEventListModel::findsRowsOfEvents()
{
    Fixture f;
    EventListModel model;
    model.setStore(&f.store);
    model.appendBatch(f.store.append(f.batch1));
    for (int r = 0; r < model.rowCount(); ++r)
        QCOMPARE(model.rowOf(model.idAt(r)), r);
    QCOMPARE(model.rowOf(EventId(999)), -1);
}

void TestEventListModel::showsNamesAndDetails()
{
    Fixture f;
    EventListModel model;
    f.store.append(f.batch1);
    f.store.append(f.batch2);
    model.setStore(&f.store); // a store that arrives filled shows everything, sorted
    QCOMPARE(model.rowCount(), 8);
    const int print = 5;
    QCOMPARE(model.eventAt(print).kind, EventKind::Print);
    QCOMPARE(model.index(print, EventListModel::ThreadColumn).data().toString(), QStringLiteral("worker"));
    QCOMPARE(model.index(print, EventListModel::EventColumn).data().toString(), QStringLiteral("print"));
    QCOMPARE(model.index(print, EventListModel::DetailsColumn).data().toString(), QStringLiteral("hello"));
    QCOMPARE(model.index(print, EventListModel::TimeColumn).data().toString(), QStringLiteral("0.000000 s"));
    QCOMPARE(model.index(3, EventListModel::DetailsColumn).data().toString(), QStringLiteral("starts worker"));
    QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Time"));
}

QTEST_GUILESS_MAIN(TestEventListModel)
#include "tst_eventlistmodel.moc"
