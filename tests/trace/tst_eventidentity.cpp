#include "support/testevent.h"
#include "trace/tracestore.h"

#include <QTest>

#include <memory>
#include <vector>

using namespace tl;
using tl::test::ev;

namespace {

using Events = std::vector<Event>;

// MainThread starts Thread 1, puts item 7 on queue 1, and joins the thread, which got the item.
struct Story {
    std::shared_ptr<StringTable> strings = std::make_shared<StringTable>();
    TraceStore store{strings};
    Events main{ev(0, 0, EventKind::ThreadCreated, 0, 0),   ev(1, 0, EventKind::RunBegin),
                ev(2, 0, EventKind::QueueCreated, 1, 0, 0), ev(10, 0, EventKind::Start, 1),
                ev(20, 0, EventKind::PutDone, 1, 7, 1),     ev(30, 0, EventKind::JoinBegin, 1, 0, kNoValue),
                ev(60, 0, EventKind::JoinEnd, 1),           ev(70, 0, EventKind::RunEnd)};
    Events worker{ev(11, 1, EventKind::RunBegin), ev(12, 1, EventKind::GetBlocked, 1),
                  ev(25, 1, EventKind::GetDone, 1, 7, 0), ev(50, 1, EventKind::RunEnd)};
    Story() { main[0].b = strings->intern(QStringLiteral("MainThread")); }
};

EventId idOf(const TraceStore& store, LaneId lane, EventKind kind)
{
    const LaneInfo& info = store.lane(lane);
    for (std::size_t i = 0; i < info.events.size(); ++i) {
        if (info.events[i].kind == kind)
            return info.events.id(i);
    }
    return kNoEvent;
}

} // namespace

class tst_EventIdentity : public QObject {
    Q_OBJECT

private slots:
    void idsAreArrivalOrderAndStable();
    void spansNameTheirOpeningAndClosingEvents();
    void flowsJoinEventsAndAreFoundByEither();
    void indexInLaneFollowsInsertions();
    void eventsByTimeOrdersAllLanes();
    void changeSaysWhatChanged();
    void changeOfAnEmptyBatchIsEmpty();
    void exitWaitJoinsTheThreadsNobodyJoined_data();
    void exitWaitJoinsTheThreadsNobodyJoined();
};

// Ids are handed out in arrival order, whatever the timestamps, and an event inserted before others in its
// lane (a late ThreadCreated) moves them in the lane's vector but not in identity.
void tst_EventIdentity::idsAreArrivalOrderAndStable()
{
    Story s;
    s.store.append(s.worker); // the worker's producer drained first
    const EventId get = idOf(s.store, 1, EventKind::GetDone);
    QCOMPARE(get, EventId(2));
    const Event before = s.store.event(get);
    const Event* address = &s.store.event(get);
    s.store.append(s.main);
    Events late{ev(5, 1, EventKind::ThreadCreated, 0, s.strings->intern(QStringLiteral("Thread-1")))};
    s.store.append(late);
    QCOMPARE(s.store.eventCount(), std::uint64_t(13));
    QCOMPARE(s.store.event(get).kind, EventKind::GetDone);
    QCOMPARE(s.store.event(get).ts, before.ts);
    QCOMPARE(&s.store.event(get), address); // the table never moves an event
    QCOMPARE(idOf(s.store, 1, EventKind::GetDone), get);
    QCOMPARE(s.store.lane(1).events.front().kind, EventKind::ThreadCreated); // sorted by ts in the lane
    QCOMPARE(s.store.lane(1).events.id(0), EventId(12));
    QVERIFY(s.store.contains(12));
    QVERIFY(!s.store.contains(13));
}

void tst_EventIdentity::spansNameTheirOpeningAndClosingEvents()
{
    Story s;
    s.store.append(s.main);
    s.store.append(s.worker);
    const LaneInfo& worker = s.store.lane(1);
    QCOMPARE(worker.spans.size(), std::size_t(2)); // run, get
    const Span& get = worker.spans[1];
    QCOMPARE(get.state, LaneState::BlockedGet);
    QCOMPARE(s.store.event(get.opening).kind, EventKind::GetBlocked);
    QCOMPARE(s.store.event(get.closing).kind, EventKind::GetDone);
    QCOMPARE(get.detail, 1u); // the queue
    QCOMPARE(s.store.spanOpenedBy(1, get.opening), &get);
    QCOMPARE(s.store.event(worker.spans[0].closing).kind, EventKind::RunEnd);
    // Only the opening event names a span; another event at the same lane, or the right event on another
    // lane, names none.
    QCOMPARE(s.store.spanOpenedBy(1, get.closing), nullptr);
    QCOMPARE(s.store.spanOpenedBy(0, get.opening), nullptr);
    QCOMPARE(s.store.spanOpenedBy(7, get.opening), nullptr);
    QCOMPARE(s.store.spanOpenedBy(1, EventId(999)), nullptr);
    // A span still going on has no closing event.
    Story open;
    open.store.append(open.worker);
    QCOMPARE(open.store.lane(1).spans[0].closing, EventId(3)); // closed by the RunEnd
    Events justBlocked{ev(100, 2, EventKind::RunBegin), ev(110, 2, EventKind::GetBlocked, 1)};
    open.store.append(justBlocked);
    QVERIFY(open.store.lane(2).spans[1].isOpen());
    QCOMPARE(open.store.lane(2).spans[1].closing, kNoEvent);
}

void tst_EventIdentity::flowsJoinEventsAndAreFoundByEither()
{
    Story s;
    s.store.append(s.worker); // ends arrive before the events they pair with
    s.store.append(s.main);
    const auto& flows = s.store.flows();
    QCOMPARE(flows.size(), std::size_t(3));
    const EventId start = idOf(s.store, 0, EventKind::Start);
    const EventId runBegin = idOf(s.store, 1, EventKind::RunBegin);
    const EventId put = idOf(s.store, 0, EventKind::PutDone);
    const EventId got = idOf(s.store, 1, EventKind::GetDone);
    const EventId end = idOf(s.store, 1, EventKind::RunEnd);
    const EventId joined = idOf(s.store, 0, EventKind::JoinEnd);
    auto flowBetween = [&](EventId from, EventId to) {
        for (std::uint32_t f : s.store.flowsOf(from)) {
            if (flows[f].from == from && flows[f].to == to)
                return std::optional<std::uint32_t>(f);
        }
        return std::optional<std::uint32_t>();
    };
    const auto startFlow = flowBetween(start, runBegin);
    const auto itemFlow = flowBetween(put, got);
    const auto joinFlow = flowBetween(end, joined);
    QVERIFY(startFlow && itemFlow && joinFlow);
    QCOMPARE(flows[*startFlow].kind, Flow::Kind::Start);
    QCOMPARE(flows[*itemFlow].kind, Flow::Kind::Item);
    QCOMPARE(flows[*joinFlow].kind, Flow::Kind::Join);
    // Either end finds its flow; an event with no flow finds none.
    QCOMPARE(s.store.flowsOf(got), std::vector<std::uint32_t>{*itemFlow});
    QCOMPARE(s.store.flowsOf(joined), std::vector<std::uint32_t>{*joinFlow});
    QVERIFY(s.store.flowsOf(idOf(s.store, 0, EventKind::JoinBegin)).empty());
    // The painter's copies of the ends agree with the events.
    QCOMPARE(flows[*itemFlow].fromTs, s.store.event(put).ts);
    QCOMPARE(flows[*itemFlow].toLane, LaneId(1));
}

void tst_EventIdentity::indexInLaneFollowsInsertions()
{
    Story s;
    s.store.append(s.worker);
    const EventId get = idOf(s.store, 1, EventKind::GetDone);
    QCOMPARE(s.store.indexInLane(get), std::ptrdiff_t(2));
    Events late{ev(5, 1, EventKind::ThreadCreated)};
    s.store.append(late);
    QCOMPARE(s.store.indexInLane(get), std::ptrdiff_t(3));
    QCOMPARE(s.store.indexInLane(EventId(4)), std::ptrdiff_t(0));
    QCOMPARE(s.store.indexInLane(EventId(99)), std::ptrdiff_t(-1));
}

void tst_EventIdentity::eventsByTimeOrdersAllLanes()
{
    Story s;
    s.store.append(s.worker);
    s.store.append(s.main);
    const EventView all = s.store.eventsByTime();
    QCOMPARE(all.size(), std::size_t(12));
    for (std::size_t i = 1; i < all.size(); ++i) {
        const Event& x = all[i - 1];
        const Event& y = all[i];
        QVERIFY(x.ts < y.ts || (x.ts == y.ts && (x.lane < y.lane || (x.lane == y.lane && all.id(i - 1) < all.id(i)))));
    }
    // A later append is included at the next call.
    Events more{ev(80, 2, EventKind::RunBegin)};
    s.store.append(more);
    QCOMPARE(s.store.eventsByTime().size(), std::size_t(13));
    QCOMPARE(s.store.eventsByTime().back().ts, 80);
}

void tst_EventIdentity::changeSaysWhatChanged()
{
    Story s;
    const StoreChange first = s.store.append(s.worker);
    QCOMPARE(first.firstEvent, EventId(0));
    QCOMPARE(first.endEvent, EventId(4));
    QCOMPARE(first.lanes, std::vector<LaneId>{1});
    QVERIFY(first.rebuiltLanes.empty());
    QCOMPARE(first.from, 11);
    QCOMPARE(first.to, 50);
    QVERIFY(first.laneInfoChanged);  // lanes 0 and 1 appeared
    QVERIFY(first.queueInfoChanged); // queue 1, from its get, before its creation arrived
    QVERIFY(first.depthsChanged);
    QCOMPARE(first.firstFlow, 0u);

    const StoreChange second = s.store.append(s.main);
    QCOMPARE(second.firstEvent, EventId(4));
    QCOMPARE(second.endEvent, EventId(12));
    QCOMPARE(second.lanes, std::vector<LaneId>{0});
    QVERIFY(second.queueInfoChanged); // its name and maxsize
    QVERIFY(second.depthsChanged);
    QCOMPARE(second.firstFlow, 0u);
    QCOMPARE(s.store.flows().size(), std::size_t(3));

    // Only lane 1 gets an event, and one that belongs before its last: lane 1 is rebuilt, lane 0 untouched.
    Events late{ev(5, 1, EventKind::ThreadCreated)};
    const StoreChange third = s.store.append(late);
    QCOMPARE(third.lanes, std::vector<LaneId>{1});
    QCOMPARE(third.rebuiltLanes, std::vector<LaneId>{1});
    QVERIFY(third.laneInfoChanged); // its name and creation time
    QVERIFY(!third.queueInfoChanged && !third.depthsChanged);
    QCOMPARE(third.firstFlow, 3u);

    // An event in order on an existing lane changes that lane only, and nothing about lanes or queues.
    Events print{ev(90, 0, EventKind::Print)};
    const StoreChange fourth = s.store.append(print);
    QCOMPARE(fourth.lanes, std::vector<LaneId>{0});
    QVERIFY(fourth.rebuiltLanes.empty());
    QVERIFY(!fourth.laneInfoChanged && !fourth.queueInfoChanged && !fourth.depthsChanged);
}

void tst_EventIdentity::changeOfAnEmptyBatchIsEmpty()
{
    Story s;
    s.store.append(s.main);
    const StoreChange none = s.store.append(Events{});
    QVERIFY(none.isEmpty());
    QVERIFY(none.lanes.empty());
    QCOMPARE(none.firstEvent, EventId(8));
    QCOMPARE(none.endEvent, EventId(8));
}

void tst_EventIdentity::exitWaitJoinsTheThreadsNobodyJoined_data()
{
    QTest::addColumn<bool>("mainFirst");
    QTest::newRow("main's events drained first") << true;
    QTest::newRow("the threads' events drained first") << false;
}

// Lane 1 is joined by main; lane 2 (non-daemon) and lane 3 (daemon) are not: the exit-wait's end gets one
// arrow, from lane 2's end; the daemon is cut, not joined.
void tst_EventIdentity::exitWaitJoinsTheThreadsNobodyJoined()
{
    QFETCH(bool, mainFirst);
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    const Events main{ev(0, 0, EventKind::ThreadCreated),
                      ev(1, 0, EventKind::RunBegin),
                      ev(2, 0, EventKind::Start, 1),
                      ev(3, 0, EventKind::Start, 2),
                      ev(4, 0, EventKind::Start, 3, 0, 0, EventFlag::Daemon),
                      ev(20, 0, EventKind::JoinBegin, 1, 0, kNoValue),
                      ev(30, 0, EventKind::JoinEnd, 1),
                      ev(31, 0, EventKind::ExitWaitBegin),
                      ev(50, 0, EventKind::ExitWaitEnd),
                      ev(50, 0, EventKind::Exit),
                      ev(50, 0, EventKind::RunEnd)};
    const Events threads{ev(2, 1, EventKind::RunBegin), ev(30, 1, EventKind::RunEnd),
                         ev(3, 2, EventKind::RunBegin), ev(50, 2, EventKind::RunEnd),
                         ev(4, 3, EventKind::RunBegin), ev(50, 3, EventKind::DaemonStopped),
                         ev(50, 3, EventKind::RunEnd)};
    store.append(mainFirst ? main : threads);
    store.append(mainFirst ? threads : main);
    std::vector<Flow> exits;
    int joins = 0;
    for (const Flow& f : store.flows()) {
        if (f.kind == Flow::Kind::ExitWait)
            exits.push_back(f);
        joins += f.kind == Flow::Kind::Join ? 1 : 0;
    }
    QCOMPARE(joins, 1);
    QCOMPARE(exits.size(), std::size_t(1));
    QCOMPARE(exits[0].fromLane, LaneId(2));
    QCOMPARE(store.event(exits[0].from).kind, EventKind::RunEnd);
    QCOMPARE(store.event(exits[0].to).kind, EventKind::ExitWaitEnd);
}

QTEST_GUILESS_MAIN(tst_EventIdentity)
#include "tst_eventidentity.moc"
