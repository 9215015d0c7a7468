#include "support/testevent.h"
#include "trace/tracestore.h"

#include <QTest>

#include <algorithm>
#include <memory>
#include <vector>

using namespace tl;
using tl::test::ev;

namespace {

using Events = std::vector<Event>;

// Lane 1's events in a span row: everything on one lane.
Event on1(std::int64_t ts, EventKind kind, std::uint32_t a = 0, std::uint32_t b = 0, std::uint8_t flags = 0)
{
    return ev(ts, 1, kind, a, b, 0, flags);
}

QString spansText(const LaneInfo& lane)
{
    QStringList parts;
    for (const Span& s : lane.spans) {
        parts << QStringLiteral("%1 %2-%3 d%4 #%5")
                     .arg(laneStateName(s.state))
                     .arg(s.begin)
                     .arg(s.isOpen() ? QStringLiteral("open") : QString::number(s.end))
                     .arg(s.depth)
                     .arg(s.detail);
    }
    return parts.join(QStringLiteral("; "));
}

QString flowsText(const TraceStore& store)
{
    static const char* const kinds[] = {"start", "item", "join"};
    QStringList parts;
    for (const Flow& f : store.flows()) {
        parts << QStringLiteral("%1 %2@%3->%4@%5")
                     .arg(QLatin1String(kinds[static_cast<int>(f.kind)]))
                     .arg(f.fromLane)
                     .arg(f.fromTs)
                     .arg(f.toLane)
                     .arg(f.toTs);
    }
    parts.sort(); // flows are a set: their order depends on arrival
    return parts.join(QStringLiteral("; "));
}

std::unique_ptr<TraceStore> storeOf(const std::vector<Events>& batches,
                                    std::shared_ptr<StringTable> strings = std::make_shared<StringTable>())
{
    auto store = std::make_unique<TraceStore>(std::move(strings));
    for (const Events& batch : batches)
        store->append(batch);
    return store;
}

// The same events in other arrival orders: all reversed in one batch, one event per batch in reverse,
// and the second half's batch before the first half's.
std::vector<std::vector<Events>> otherArrivals(const Events& events)
{
    const Events reversed(events.rbegin(), events.rend());
    std::vector<Events> single;
    for (const Event& e : reversed)
        single.push_back({e});
    const auto mid = events.begin() + static_cast<std::ptrdiff_t>(events.size() / 2);
    return {{reversed}, single, {Events(mid, events.end()), Events(events.begin(), mid)}};
}

} // namespace

Q_DECLARE_METATYPE(Events)

// The store's derived data from hand-made batches: spans, their nesting, flows, lane order, depths.
class tst_TraceStore : public QObject {
    Q_OBJECT
private slots:
    void spans_data();
    void spans();
    void spansFromOutOfOrderBatches_data() { spans_data(); }
    void spansFromOutOfOrderBatches();
    void flows_data();
    void flows();
    void laneOrder_data();
    void laneOrder();
    void queueDepthSeries_data();
    void queueDepthSeries();
    void lanesAndTotals();
    void namesOfLanesQueuesAndTasks();
    void startOfAnUnknownThreadAddsNoLane();
    void aRenameWinsWhateverArrivesFirst();
    void anItemValueIsKeptAsItsItemsWords();
};

void tst_TraceStore::spans_data()
{
    QTest::addColumn<Events>("events");
    QTest::addColumn<QString>("spans");
    using K = EventKind;
    QTest::newRow("run with a sleep") << Events{on1(0, K::RunBegin), on1(10, K::SleepBegin), on1(20, K::SleepEnd),
                                                on1(30, K::RunEnd)}
                                      << "run 0-30 d0 #0; sleep 10-20 d1 #0";
    QTest::newRow("get that never blocked draws nothing")
        << Events{on1(0, K::RunBegin), on1(5, K::GetDone, 2, 1), on1(9, K::RunEnd)} << "run 0-9 d0 #0";
    QTest::newRow("blocked get names its queue")
        << Events{on1(0, K::RunBegin), on1(5, K::GetBlocked, 2), on1(8, K::GetDone, 2, 1), on1(9, K::RunEnd)}
        << "run 0-9 d0 #0; get 5-8 d1 #2";
    QTest::newRow("blocked put, timed out") << Events{on1(0, K::RunBegin), on1(5, K::PutBlocked, 3),
                                                      on1(8, K::PutDone, 3, 0, EventFlag::TimedOut), on1(9, K::RunEnd)}
                                            << "run 0-9 d0 #0; put 5-8 d1 #3";
    QTest::newRow("join names its target")
        << Events{on1(0, K::RunBegin), on1(2, K::JoinBegin, 4), on1(6, K::JoinEnd, 4), on1(7, K::RunEnd)}
        << "run 0-7 d0 #0; join 2-6 d1 #4";
    QTest::newRow("queue.join") << Events{on1(0, K::RunBegin), on1(2, K::QueueJoinBegin, 1), on1(6, K::QueueJoinEnd, 1),
                                          on1(7, K::RunEnd)}
                                << "run 0-7 d0 #0; queue.join 2-6 d1 #1";
    QTest::newRow("pool task with a nested sleep")
        << Events{on1(0, K::RunBegin), on1(2, K::PoolTaskBegin, 0, 7), on1(3, K::SleepBegin),
                  on1(4, K::SleepEnd), on1(5, K::PoolTaskEnd, 0, 7),   on1(9, K::RunEnd)}
        << "run 0-9 d0 #0; task 2-5 d1 #7; sleep 3-4 d2 #0";
    QTest::newRow("two tasks in a row on one worker")
        << Events{on1(0, K::RunBegin),          on1(2, K::PoolTaskBegin, 0, 1),
                  on1(3, K::PoolTaskEnd, 0, 1), on1(4, K::PoolTaskBegin, 0, 2),
                  on1(6, K::PoolTaskEnd, 0, 2), on1(9, K::RunEnd)}
        << "run 0-9 d0 #0; task 2-3 d1 #1; task 4-6 d1 #2";
    QTest::newRow("an end closes the spans nested in it")
        << Events{on1(0, K::RunBegin), on1(1, K::PoolTaskBegin, 0, 3), on1(2, K::SleepBegin),
                  on1(4, K::PoolTaskEnd, 0, 3), on1(5, K::RunEnd)}
        << "run 0-5 d0 #0; task 1-4 d1 #3; sleep 2-4 d2 #0";
    QTest::newRow("stop closes every open span")
        << Events{on1(0, K::RunBegin), on1(2, K::JoinBegin, 4), on1(6, K::Stopped), on1(7, K::RunEnd)}
        << "run 0-6 d0 #0; join 2-6 d1 #4";
    QTest::newRow("daemon cut closes every open span")
        << Events{on1(0, K::RunBegin), on1(1, K::SleepBegin), on1(5, K::DaemonStopped), on1(6, K::RunEnd)}
        << "run 0-5 d0 #0; sleep 1-5 d1 #0";
    QTest::newRow("exit-wait on main") << Events{on1(0, K::RunBegin), on1(4, K::ExitWaitBegin), on1(8, K::ExitWaitEnd),
                                                 on1(9, K::Exit), on1(10, K::RunEnd)}
                                       << "run 0-10 d0 #0; exit-wait 4-8 d1 #0";
    QTest::newRow("live run: spans still open")
        << Events{on1(0, K::RunBegin), on1(3, K::SleepBegin)} << "run 0-open d0 #0; sleep 3-open d1 #0";
    QTest::newRow("socket recv") << Events{on1(0, K::RunBegin),
                                           ev(2, 1, K::SocketBegin, 5, 0, 0, std::uint8_t(SocketOp::Recv)),
                                           ev(4, 1, K::SocketEnd, 5, 0, 64, std::uint8_t(SocketOp::Recv)),
                                           on1(6, K::RunEnd)}
                                 << "run 0-6 d0 #0; recv 2-4 d1 #5";
}

void tst_TraceStore::spans()
{
    QFETCH(Events, events);
    QFETCH(QString, spans);
    const auto store = storeOf({events});
    QCOMPARE(spansText(store->lane(1)), spans);
}

void tst_TraceStore::spansFromOutOfOrderBatches()
{
    // Events of one lane can reach the store out of order (a pool worker's end is emitted by the joining
    // thread's producer): whatever the arrival order, the lane is sorted and its spans are the same.
    QFETCH(Events, events);
    QFETCH(QString, spans);
    for (const auto& arrival : otherArrivals(events)) {
        const auto store = storeOf(arrival);
        const LaneInfo& lane = store->lane(1);
        QVERIFY(std::is_sorted(lane.events.begin(), lane.events.end(),
                               [](const Event& x, const Event& y) { return x.ts < y.ts; }));
        QCOMPARE(spansText(lane), spans);
    }
}

void tst_TraceStore::flows_data()
{
    QTest::addColumn<std::vector<Events>>("batches");
    QTest::addColumn<QString>("flows");
    using K = EventKind;
    const Event start = ev(5, 0, K::Start, 1);
    const Event runBegin = ev(6, 1, K::RunBegin);
    QTest::newRow("start, then run begin") << std::vector<Events>{{start}, {runBegin}} << "start 0@5->1@6";
    QTest::newRow("run begin drained first") << std::vector<Events>{{runBegin}, {start}} << "start 0@5->1@6";

    const Event put = ev(10, 1, K::PutDone, 3, 7, 1);
    const Event get = ev(12, 2, K::GetDone, 3, 7, 0);
    const Event otherItem = ev(13, 2, K::GetDone, 3, 8, 0);
    QTest::newRow("put, then the get of its item") << std::vector<Events>{{put, otherItem}, {get}} << "item 1@10->2@12";
    QTest::newRow("get drained before the put") << std::vector<Events>{{get}, {put}} << "item 1@10->2@12";
    QTest::newRow("timed-out get draws no arrow")
        << std::vector<Events>{{ev(10, 1, K::PutDone, 3, 0, 0, EventFlag::TimedOut)},
                               {ev(12, 2, K::GetDone, 3, 0, 0, EventFlag::TimedOut)}}
        << "";

    const Event end = ev(20, 1, K::RunEnd);
    const Event joinEnd = ev(21, 0, K::JoinEnd, 1);
    QTest::newRow("end, then the join") << std::vector<Events>{{end}, {joinEnd}} << "join 1@20->0@21";
    QTest::newRow("join drained before the end") << std::vector<Events>{{joinEnd}, {end}} << "join 1@20->0@21";
    QTest::newRow("two threads join the same end")
        << std::vector<Events>{{joinEnd, ev(22, 2, K::JoinEnd, 1)}, {end}} << "join 1@20->0@21; join 1@20->2@22";
    QTest::newRow("timed-out join draws no arrow")
        << std::vector<Events>{{ev(15, 0, K::JoinEnd, 1, 0, 0, EventFlag::TimedOut)}, {end}} << "";
    QTest::newRow("all three in one batch") << std::vector<Events>{{joinEnd, get, runBegin, end, put, start}}
                                            << "item 1@10->2@12; join 1@20->0@21; start 0@5->1@6";
}

void tst_TraceStore::flows()
{
    QFETCH(std::vector<Events>, batches);
    QFETCH(QString, flows);
    QCOMPARE(flowsText(*storeOf(batches)), flows);
}

void tst_TraceStore::laneOrder_data()
{
    QTest::addColumn<std::vector<Events>>("batches");
    QTest::addColumn<QList<LaneId>>("order");
    using K = EventKind;
    const Events created{ev(0, 0, K::ThreadCreated, 0), ev(1, 1, K::ThreadCreated, 0), ev(2, 2, K::ThreadCreated, 0),
                         ev(3, 3, K::ThreadCreated, 0), ev(4, 4, K::ThreadCreated, 0)};
    // Started in the order 3, 1, 2; lane 4 never starts.
    const Events started{ev(10, 0, K::Start, 3), ev(11, 3, K::RunBegin), ev(20, 0, K::Start, 1),
                         ev(21, 1, K::RunBegin), ev(30, 0, K::Start, 2), ev(31, 2, K::RunBegin)};
    QTest::newRow("MainThread first, then start order, never-started last")
        << std::vector<Events>{created, started} << QList<LaneId>{0, 3, 1, 2, 4};
    QTest::newRow("main's events drained last")
        << std::vector<Events>{Events(created.begin() + 1, created.end()), started, {created[0]}}
        << QList<LaneId>{0, 3, 1, 2, 4};
    QTest::newRow("a pool worker sorts by its run begin")
        << std::vector<Events>{created, started, {ev(5, 5, K::ThreadCreated), ev(15, 5, K::RunBegin)}}
        << QList<LaneId>{0, 3, 5, 1, 2, 4};
    QTest::newRow("run begin drained before its start")
        << std::vector<Events>{created,
                               {ev(21, 1, K::RunBegin), ev(11, 3, K::RunBegin)},
                               {ev(10, 0, K::Start, 3), ev(20, 0, K::Start, 1)}}
        << QList<LaneId>{0, 3, 1, 2, 4};
}

void tst_TraceStore::laneOrder()
{
    QFETCH(std::vector<Events>, batches);
    QFETCH(QList<LaneId>, order);
    const auto got = storeOf(batches)->laneOrder();
    QCOMPARE(QList<LaneId>(got.begin(), got.end()), order);
}

void tst_TraceStore::queueDepthSeries_data()
{
    QTest::addColumn<std::vector<Events>>("batches");
    QTest::addColumn<QString>("series");
    using K = EventKind;
    const Event created = ev(1, 0, K::QueueCreated, 1, 0, 2);
    const Event put1 = ev(2, 1, K::PutDone, 1, 1, 1);
    const Event put2 = ev(3, 1, K::PutDone, 1, 2, 2);
    const Event get1 = ev(5, 2, K::GetDone, 1, 1, 1);
    const Event timedOut = ev(6, 2, K::PutDone, 1, 0, 1, EventFlag::TimedOut);
    const Event get2 = ev(7, 2, K::GetDone, 1, 2, 0);
    const QString all = QStringLiteral("1:0 2:1 3:2 5:1 7:0");
    QTest::newRow("in order; a timed-out put moves nothing")
        << std::vector<Events>{{created, put1, put2, get1, timedOut, get2}} << all;
    QTest::newRow("the getter's batch first")
        << std::vector<Events>{{created}, {get1, timedOut, get2}, {put1, put2}} << all;
    QTest::newRow("creation drained after the first puts")
        << std::vector<Events>{{put1, put2}, {get1, get2}, {created}} << all;
}

void tst_TraceStore::queueDepthSeries()
{
    QFETCH(std::vector<Events>, batches);
    QFETCH(QString, series);
    auto strings = std::make_shared<StringTable>();
    for (Events& batch : batches) {
        for (Event& e : batch) {
            if (e.kind == EventKind::QueueCreated)
                e.b = strings->intern(QStringLiteral("jobs"));
        }
    }
    const auto store = storeOf(batches, strings);
    QCOMPARE(store->queues().size(), std::size_t(1));
    const QueueInfo* q = store->queue(1);
    QVERIFY(q);
    QCOMPARE(q->name, QStringLiteral("jobs"));
    QCOMPARE(q->maxsize, 2);
    QStringList points;
    for (const auto& [ts, depth] : q->depth)
        points << QStringLiteral("%1:%2").arg(ts).arg(depth);
    QCOMPARE(points.join(QLatin1Char(' ')), series);
}

void tst_TraceStore::lanesAndTotals()
{
    // Names, daemon flags and parents come from ThreadCreated; Start carries the final daemon flag.
    auto strings = std::make_shared<StringTable>();
    const StringId mainName = strings->intern(QStringLiteral("MainThread"));
    const StringId workerName = strings->intern(QStringLiteral("Thread-1 (work)"));
    const StringId target = strings->intern(QStringLiteral("work"));
    using K = EventKind;
    const auto store = storeOf(
        {{ev(0, 0, K::ThreadCreated, 0, mainName), ev(1, 0, K::RunBegin),
          ev(2, 1, K::ThreadCreated, 0, workerName, target), ev(3, 0, K::Start, 1, target, 0, EventFlag::Daemon)},
         {ev(4, 1, K::RunBegin), ev(9, 1, K::RunEnd)},
         {ev(8, 0, K::Print)}},
        strings);
    QCOMPARE(store->laneCount(), std::size_t(2));
    QCOMPARE(store->lane(0).name, QStringLiteral("MainThread"));
    const LaneInfo& worker = store->lane(1);
    QCOMPARE(worker.name, QStringLiteral("Thread-1 (work)"));
    QCOMPARE(worker.target, QStringLiteral("work"));
    QCOMPARE(worker.parent, LaneId(0));
    QVERIFY(worker.daemon);
    QCOMPARE(worker.createdTs, std::int64_t(2));
    QCOMPARE(worker.endTs, std::int64_t(9));
    QCOMPARE(store->lane(0).endTs, kOpenEnd);
    QCOMPARE(store->eventCount(), std::uint64_t(7));
    QCOMPARE(store->endTs(), std::int64_t(9));
    const auto all = store->eventsByTime();
    QCOMPARE(all.size(), std::size_t(7));
    QVERIFY(std::is_sorted(all.begin(), all.end(), [](const Event& x, const Event& y) { return x.ts < y.ts; }));
}

// The names everything is shown by, one rule each: a lane that never got a name is "lane-N"; two queues
// of one name are told apart ("q", "q#2"), and a queue not yet created is named by its id; a pool task is
// named by the first event that names it.
void tst_TraceStore::namesOfLanesQueuesAndTasks()
{
    auto strings = std::make_shared<StringTable>();
    const StringId q = strings->intern("q");
    const StringId fetch = strings->intern("fetch(3)");
    const auto store = storeOf({{ev(0, 0, EventKind::RunBegin), ev(1, 0, EventKind::QueueCreated, 7, q, 5),
                                 ev(2, 0, EventKind::QueueCreated, 8, q, 0), ev(3, 2, EventKind::RunBegin),
                                 ev(4, 0, EventKind::PoolSubmit, 1, 42, fetch)}},
                               strings);
    QCOMPARE(store->laneName(2), QStringLiteral("lane-2"));
    QCOMPARE(store->queueName(7), QStringLiteral("q"));
    QCOMPARE(store->queueName(8), QStringLiteral("q#2"));
    QCOMPARE(store->queueName(9), QStringLiteral("queue@9"));
    QCOMPARE(store->taskName(42), QStringLiteral("fetch(3)"));
    QCOMPARE(store->taskName(43), QString());
}

// An imported start whose target names no thread of its file carries kNoValue: the store must not grow
// its lanes to that id (the importer fuzzer's out-of-memory input: 4 billion lanes asked for).
void tst_TraceStore::startOfAnUnknownThreadAddsNoLane()
{
    const auto store = storeOf({{ev(0, 0, EventKind::RunBegin), ev(1, 0, EventKind::Start, kNoValue)}});
    QCOMPARE(store->laneCount(), std::size_t(1));
    QCOMPARE(store->eventCount(), std::uint64_t(2));
    QVERIFY(store->flows().empty());
}

// A thread that renames itself sends the rename from its own buffer, which may reach the store before the creator's
// thread-created: the rename stands all the same, and of two renames the later one.
void tst_TraceStore::aRenameWinsWhateverArrivesFirst()
{
    auto strings = std::make_shared<StringTable>();
    const StringId created = strings->intern("Thread-1 (work)");
    const StringId first = strings->intern("first");
    const StringId second = strings->intern("second");
    const Event threadCreated = ev(1, 1, EventKind::ThreadCreated, 0, created);
    const Event renamed = ev(5, 1, EventKind::ThreadName, first, kNoValue, kNoValue);
    const Event renamedAgain = ev(7, 1, EventKind::ThreadName, second, kNoValue, kNoValue);
    QCOMPARE(storeOf({{threadCreated}, {renamed}}, strings)->laneName(1), QStringLiteral("first"));
    QCOMPARE(storeOf({{renamed}, {threadCreated}}, strings)->laneName(1), QStringLiteral("first"));
    QCOMPARE(storeOf({{renamedAgain}, {renamed, threadCreated}}, strings)->laneName(1), QStringLiteral("second"));
}

// An ItemValue names its put's and get's item: the store keeps it as the item's words, not as an event, so the ids
// of the events after it stay dense and the other files' events keep theirs.
void tst_TraceStore::anItemValueIsKeptAsItsItemsWords()
{
    auto strings = std::make_shared<StringTable>();
    const StringId q = strings->intern("q");
    const StringId zero = strings->intern("0");
    const StringId job = strings->intern("'job'");
    const StringId lib = strings->intern("lib.py");
    TraceStore store(strings);
    const Event batch[] = {ev(0, 0, EventKind::RunBegin), ev(1, 0, EventKind::QueueCreated, 7, q),
                           ev(2, 0, EventKind::ItemValue, 7, 1, zero), ev(2, 0, EventKind::PutDone, 7, 1, 1),
                           ev(3, 0, EventKind::ItemValue, 7, 2, job), ev(3, 0, EventKind::PutDone, 7, 2, 2),
                           ev(4, 0, EventKind::GetDone, 7, 1, 1),
                           // A whole number is the word itself: -3, not a string id.
                           ev(5, 0, EventKind::ItemValue, 7, 3, static_cast<std::uint32_t>(-3), EventFlag::Number)};
    const EventFile files[] = {{5, lib}, {6, lib}};
    const StoreChange change = store.append(batch, files);
    QCOMPARE(change.endEvent - change.firstEvent, EventId(5));
    QCOMPARE(store.eventCount(), std::uint64_t(5));
    for (EventId id = 0; id < 5; ++id)
        QVERIFY(store.event(id).kind != EventKind::ItemValue);
    QCOMPARE(store.event(3).kind, EventKind::PutDone);
    QCOMPARE(store.fileOf(3), lib); // the put of item 2, 6th in the batch
    QCOMPARE(store.fileOf(4), lib);
    QCOMPARE(store.fileOf(2), StringId(0));
    QCOMPARE(store.itemValue(7, 1), QStringLiteral("0"));
    QCOMPARE(store.itemValue(7, 2), QStringLiteral("'job'"));
    QCOMPARE(store.itemValue(7, 3), QStringLiteral("-3"));
    QCOMPARE(store.itemValue(7, 4), QString());
    QCOMPARE(store.itemValue(8, 1), QString());
}

QTEST_GUILESS_MAIN(tst_TraceStore)
#include "tst_tracestore.moc"
