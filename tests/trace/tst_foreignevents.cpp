#include "support/testevent.h"
#include "trace/eventfields.h"
#include "trace/eventschema.h"
#include "trace/eventtext.h"
#include "trace/tracestore.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace tl;
using tl::test::ev;

// What an opened file says beyond Threadline's own vocabulary, as the store keeps it: lane names, groups
// and sort order (ThreadName, GroupName), named slices (SliceBegin/SliceEnd), counters (CounterValue) and
// arrows (FlowOut/FlowIn). An engine run uses none of them, so its lanes keep their order.
class TestForeignEvents : public QObject {
    Q_OBJECT

private slots:
    void engineLaneOrderIsUnchanged();
    void namesGroupsAndSortIndexOrderLanes();
    void slicesAreNamedSpans();
    void nestedSlicesCountTheirDepths();
    void counterValuesKeepEveryDouble_data();
    void counterValuesKeepEveryDouble();
    void countersAreSeriesByName();
    void arrowsPairByKeyInAnyOrder();
};

namespace {

} // namespace

void TestForeignEvents::engineLaneOrderIsUnchanged()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    const std::vector<Event> events{ev(0, 0, EventKind::RunBegin), ev(5, 0, EventKind::Start, 2),
                                    ev(7, 0, EventKind::Start, 1), ev(6, 2, EventKind::RunBegin),
                                    ev(8, 1, EventKind::RunBegin)};
    store.append(events);
    QCOMPARE(store.laneOrder(), (std::vector<LaneId>{0, 2, 1}));
    QVERIFY(store.groups().empty());
}

void TestForeignEvents::namesGroupsAndSortIndexOrderLanes()
{
    auto strings = std::make_shared<StringTable>();
    const StringId main = strings->intern("main");
    const StringId io = strings->intern("io");
    const StringId gpu = strings->intern("gpu");
    TraceStore store(strings);
    const std::vector<Event> events{
        ev(0, 0, EventKind::ThreadName, main, 20, kNoValue),
        ev(0, 1, EventKind::ThreadName, io, 10, kNoValue, EventFlag::Daemon),
        ev(0, 2, EventKind::ThreadName, gpu, 20, 0),
        ev(0, 0, EventKind::GroupName, 20, strings->intern("renderer"), 1),
        ev(0, 1, EventKind::GroupName, 10, strings->intern("browser"), 2),
    };
    const StoreChange change = store.append(events);
    QVERIFY(change.laneInfoChanged);
    QCOMPARE(store.laneName(1), QStringLiteral("io"));
    QVERIFY(store.lane(1).daemon);
    QCOMPARE(store.lane(2).group, 20u);
    QCOMPARE(store.group(10)->name, QStringLiteral("browser"));
    // Group "renderer" (sort index 1) first: gpu (sort index 0) before main (none); then "browser".
    QCOMPARE(store.laneOrder(), (std::vector<LaneId>{2, 0, 1}));
    // Two processes: a thread is told by its process too, as each may have a thread of its name (or tid).
    QCOMPARE(store.inProcess(1, store.laneName(1)), QStringLiteral("browser / io"));
    QCOMPARE(store.inProcess(2, QStringLiteral("gpu")), QStringLiteral("renderer / gpu"));
    // The label the event list's Thread column, its filter and the details show: the same, with its daemon mark.
    QCOMPARE(laneLabel(store, 1), QStringLiteral("browser / io (daemon)"));
    QCOMPARE(laneLabel(store, 2), QStringLiteral("renderer / gpu"));

    // One process: the name as it is.
    TraceStore single(strings);
    single.append(std::vector<Event>{ev(0, 0, EventKind::ThreadName, main, 20, kNoValue),
                                     ev(0, 0, EventKind::GroupName, 20, strings->intern("renderer"), 1)});
    QCOMPARE(single.inProcess(0, single.laneName(0)), QStringLiteral("main"));
    QCOMPARE(laneLabel(single, 0), QStringLiteral("main"));
}

void TestForeignEvents::slicesAreNamedSpans()
{
    auto strings = std::make_shared<StringTable>();
    const StringId outer = strings->intern("outer");
    const StringId inner = strings->intern("inner");
    TraceStore store(strings);
    const std::vector<Event> events{ev(0, 0, EventKind::SliceBegin, outer), ev(1, 0, EventKind::SliceBegin, inner),
                                    ev(2, 0, EventKind::SliceEnd, inner), ev(3, 0, EventKind::SliceEnd, outer)};
    store.append(events);
    const auto& spans = store.lane(0).spans;
    QCOMPARE(spans.size(), std::size_t{2});
    QCOMPARE(spans[0].state, LaneState::Slice);
    QCOMPARE(store.text(spans[0].detail), QStringLiteral("outer"));
    QCOMPARE((std::tuple(spans[1].begin, spans[1].end, int(spans[1].depth))), (std::tuple(1, 2, 1)));
    QCOMPARE(store.text(spans[1].detail), QStringLiteral("inner"));
    QCOMPARE(spans[0].end, std::int64_t{3});
}

// A lane's slices span the depths from its outermost to its innermost: its row has a strip per depth. The count
// grows as slices nest deeper, whatever order the batches bring them in, and a deeper one says the lane changed.
void TestForeignEvents::nestedSlicesCountTheirDepths()
{
    auto strings = std::make_shared<StringTable>();
    const StringId name = strings->intern("f");
    TraceStore store(strings);
    StoreChange change =
        store.append(std::vector<Event>{ev(0, 0, EventKind::SliceBegin, name), ev(10, 0, EventKind::SliceEnd, name)});
    QCOMPARE(store.lane(0).sliceLevels(), 1);
    change = store.append(std::vector<Event>{ev(20, 0, EventKind::SliceBegin, name)});
    QVERIFY(!change.laneInfoChanged); // one more slice at a depth it has
    change = store.append(
        std::vector<Event>{ev(21, 0, EventKind::SliceBegin, name), ev(22, 0, EventKind::SliceBegin, name)});
    QVERIFY(change.laneInfoChanged);
    QCOMPARE(store.lane(0).sliceLevels(), 3);
    QCOMPARE(int(store.lane(0).firstSliceDepth), 0);
    // A slice arriving after later events rebuilds the lane's spans: its depths are counted again, the same.
    change =
        store.append(std::vector<Event>{ev(5, 0, EventKind::SliceBegin, name), ev(6, 0, EventKind::SliceEnd, name)});
    QVERIFY(!change.rebuiltLanes.empty());
    QCOMPARE(store.lane(0).sliceLevels(), 3);
    // Inside a thread's run the outermost slice is one deep; the run is not a slice.
    store.append(std::vector<Event>{ev(0, 1, EventKind::RunBegin), ev(1, 1, EventKind::SliceBegin, name),
                                    ev(2, 1, EventKind::SliceBegin, name)});
    QCOMPARE(int(store.lane(1).firstSliceDepth), 1);
    QCOMPARE(store.lane(1).sliceLevels(), 2);
}

void TestForeignEvents::counterValuesKeepEveryDouble_data()
{
    QTest::addColumn<double>("value");
    QTest::newRow("zero") << 0.0;
    QTest::newRow("negative fraction") << -2.5;
    QTest::newRow("beyond 32 bits") << 1e15 + 3;
    QTest::newRow("smallest") << std::numeric_limits<double>::denorm_min();
    QTest::newRow("infinity") << std::numeric_limits<double>::infinity();
}

void TestForeignEvents::counterValuesKeepEveryDouble()
{
    QFETCH(double, value);
    Event e = ev(0, 0, EventKind::CounterValue);
    setCounterValue(e, value);
    QCOMPARE(counterValue(e), value);
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    const auto field = eventField(store, e, 1);
    QVERIFY(field.has_value());
    QCOMPARE(field->value.toDouble(), value);
    // Its text too (the CSV's): at 12 digits, 1e15 + 3 read 1e+15.
    if (std::isfinite(value))
        QVERIFY2(field->text.toDouble() == value, qPrintable(field->text)); // exactly: QCOMPARE of doubles is fuzzy
    QVERIFY(!eventField(store, e, 2).has_value()); // the low word is never a field of its own
}

void TestForeignEvents::countersAreSeriesByName()
{
    auto strings = std::make_shared<StringTable>();
    const StringId heap = strings->intern("heap used");
    const StringId cpu = strings->intern("cpu");
    TraceStore store(strings);
    std::vector<Event> events;
    for (auto [ts, name, v] : {std::tuple{2, heap, 5.0}, std::tuple{0, heap, 7.5}, std::tuple{1, cpu, -1.0}}) {
        Event e = ev(ts, 0, EventKind::CounterValue, name);
        setCounterValue(e, v);
        events.push_back(e);
    }
    QVERIFY(store.append(events).countersChanged);
    QCOMPARE(store.counters().size(), std::size_t{2});
    const CounterSeries& h = store.counters()[0];
    QCOMPARE(h.name, heap);
    QCOMPARE(h.points, (std::vector<std::pair<std::int64_t, double>>{{0, 7.5}, {2, 5.0}})); // sorted by ts
    QCOMPARE((std::pair(h.min, h.max)), (std::pair(5.0, 7.5)));
}

void TestForeignEvents::arrowsPairByKeyInAnyOrder()
{
    auto strings = std::make_shared<StringTable>();
    const StringId msg = strings->intern("msg");
    TraceStore store(strings);
    // The arrival end first, as a source may drain it.
    const std::vector<Event> events{ev(9, 1, EventKind::FlowIn, 4), ev(3, 0, EventKind::FlowOut, 4, msg),
                                    ev(5, 0, EventKind::FlowOut, 5, msg)};
    store.append(events);
    QCOMPARE(store.flows().size(), std::size_t{1});
    const Flow& f = store.flows()[0];
    QCOMPARE(f.kind, Flow::Kind::Other);
    QCOMPARE(store.text(f.name), QStringLiteral("msg"));
    QCOMPARE((std::tuple(f.from, f.to, f.fromTs, f.toTs)), (std::tuple(1u, 0u, 3, 9)));
    QCOMPARE(store.flowsOf(0), (std::vector<std::uint32_t>{0}));
}

QTEST_GUILESS_MAIN(TestForeignEvents)
#include "tst_foreignevents.moc"
