#include "timeline/lanearrangement.h"
#include "timeline/timelinelayout.h"
#include "trace/eventfields.h"

#include <QFontMetrics>
#include <QTest>

#include <memory>
#include <vector>

using namespace tl;
using namespace tl::ui;

namespace {

// MainThread, then `clients` threads of target "client", `workers` pool workers of one executor, a lone
// "logger" thread, and one queue.
std::unique_ptr<TraceStore> storeWith(int clients, int workers, std::shared_ptr<StringTable> strings = nullptr)
{
    if (!strings)
        strings = std::make_shared<StringTable>();
    auto store = std::make_unique<TraceStore>(strings);
    std::vector<Event> events;
    LaneId lane = 0;
    auto thread = [&](const QString& name, const QString& target) {
        const std::int64_t at = std::int64_t(lane) * 10;
        events.push_back(
            {at, lane, 0, EventKind::ThreadCreated, 0, 0, 0, strings->intern(name), strings->intern(target)});
        events.push_back({at, lane, 0, EventKind::RunBegin, 0, 0, 0, 0, 0});
        ++lane;
    };
    thread(QStringLiteral("MainThread"), QString());
    for (int i = 0; i < clients; ++i)
        thread(QStringLiteral("Thread-%1 (client)").arg(i + 1), QStringLiteral("client"));
    for (int i = 0; i < workers; ++i)
        thread(QStringLiteral("ThreadPoolExecutor-0_%1").arg(i), QStringLiteral("_worker"));
    thread(QStringLiteral("Thread-99 (logger)"), QStringLiteral("logger"));
    events.push_back({1, 0, 0, EventKind::QueueCreated, 0, 0, 1, strings->intern(QStringLiteral("q")), 0});
    store->append(events);
    return store;
}

std::vector<TimelineRow::Kind> kinds(const TimelineLayout& layout)
{
    std::vector<TimelineRow::Kind> out;
    for (const TimelineRow& row : layout.rows)
        out.push_back(row.kind);
    return out;
}

} // namespace

using K = TimelineRow::Kind;

// Which rows the timeline shows and where: the pinned section, groups by role, hidden and found lanes, and
// the lane height that fits a plot.
class tst_TimelineLayout : public QObject {
    Q_OBJECT

private slots:
    void pinnedSectionComesFirst();
    void semaphoresHaveValueRowsAfterTheQueues();
    void locksHaveHolderRowsAfterTheSemaphores();
    void rolesFormGroupsFromTheirSize();
    void largeGroupsStartCollapsed();
    void theUsersChoiceWins();
    void hiddenLanesHaveNoRow();
    void aFilterShowsMatchesAndOpensTheirGroups();
    void nestedSlicesMakeATallerRow();
    void anOpenedFilesCountersComeAfterItsLanes();
    void aLaneOfCountersAloneHasNoRow();
    void fittingLaneHeight_data();
    void fittingLaneHeight();
    void fittingGoesTallerThanAUserMayPick();
    void rolesOfLanes();
};

void tst_TimelineLayout::pinnedSectionComesFirst()
{
    const auto store = storeWith(2, 0);
    LaneArrangement arrangement;
    const TimelineLayout layout = TimelineLayout::build(*store, arrangement, QFontMetrics(QFont()));
    // MainThread and the queue pinned; two clients are too few for a group; the logger.
    QCOMPARE(kinds(layout), (std::vector<K>{K::Thread, K::Counter, K::Thread, K::Thread, K::Thread}));
    QVERIFY(layout.rows[0].pinned && layout.rows[1].pinned && !layout.rows[2].pinned);
    QCOMPARE(layout.pinnedHeight, layout.rows[2].top);
    QCOMPARE(layout.rows[2].top - (layout.rows[1].top + layout.rows[1].height), TimelineLayout::kSectionGap);
    arrangement.setPinned(2, true);
    const TimelineLayout pinned = TimelineLayout::build(*store, arrangement, QFontMetrics(QFont()));
    QCOMPARE(pinned.rows[1].id, 2u); // pinned lanes before the counters, in lane order
    QVERIFY(pinned.rows[1].pinned);
    arrangement.setPinned(0, false);
    const TimelineLayout unpinned = TimelineLayout::build(*store, arrangement, QFontMetrics(QFont()));
    QCOMPARE(unpinned.rows[0].id, 2u);
    QCOMPARE(unpinned.rows[1].kind, K::Counter);
}

// Issue 13: a semaphore's value is a counter row like a queue's depth, pinned after the queues', named by
// the semaphore and scaled to its largest value; the layout is rebuilt when one appears.
void tst_TimelineLayout::semaphoresHaveValueRowsAfterTheQueues()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    store.append(std::vector<Event>{
        {0, 0, 0, EventKind::ThreadCreated, 0, 0, 0, strings->intern(QStringLiteral("MainThread")), 0},
        {0, 0, 0, EventKind::RunBegin, 0, 0, 0, 0, 0},
        {1, 0, 0, EventKind::QueueCreated, 0, 0, 1, strings->intern(QStringLiteral("q")), 0},
    });
    LaneArrangement arrangement;
    const TimelineLayout before = TimelineLayout::build(store, arrangement, QFontMetrics(QFont()));
    QVERIFY(before.matches(store));
    store.append(std::vector<Event>{
        {5, 0, 0, EventKind::SyncCreated, 0, 0, 3, strings->intern(QStringLiteral("connections")),
         static_cast<std::uint32_t>(SyncType::BoundedSemaphore)},
        {6, 0, 0, EventKind::Acquired, 0, 0, 3, 0, 2},
    });
    QVERIFY(!before.matches(store));
    const TimelineLayout layout = TimelineLayout::build(store, arrangement, QFontMetrics(QFont()));
    QCOMPARE(kinds(layout), (std::vector<K>{K::Thread, K::Counter, K::Counter}));
    QVERIFY(layout.rows[2].pinned);
    QCOMPARE(counterRowSource(store, layout.rows[1].id).name, QStringLiteral("q"));
    const CounterRowSource semaphore = counterRowSource(store, layout.rows[2].id);
    QCOMPARE(semaphore.name, QStringLiteral("connections"));
    QCOMPARE(semaphore.caption, QStringLiteral("value, bounded"));
    QCOMPARE(semaphore.scaleMax, 3u); // its value at creation, read from the first acquire
    QVERIFY(semaphore.series && semaphore.series->size() == 2);
}

// A lock's holder row comes after the semaphores' value rows, pinned, and names its lock.
void tst_TimelineLayout::locksHaveHolderRowsAfterTheSemaphores()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    store.append(std::vector<Event>{
        {0, 0, 0, EventKind::ThreadCreated, 0, 0, 0, strings->intern(QStringLiteral("MainThread")), 0},
        {0, 0, 0, EventKind::RunBegin, 0, 0, 0, 0, 0},
        {1, 0, 0, EventKind::SyncCreated, 0, 0, 9, strings->intern(QStringLiteral("guard")),
         static_cast<std::uint32_t>(SyncType::RLock)},
        {2, 0, 0, EventKind::SyncCreated, 0, 0, 3, strings->intern(QStringLiteral("connections")),
         static_cast<std::uint32_t>(SyncType::Semaphore)},
        {3, 0, 0, EventKind::Acquired, 0, 0, 9, 0, 1},
    });
    LaneArrangement arrangement;
    const TimelineLayout layout = TimelineLayout::build(store, arrangement, QFontMetrics(QFont()));
    QVERIFY(layout.matches(store));
    QCOMPARE(kinds(layout), (std::vector<K>{K::Thread, K::Counter, K::Counter}));
    QVERIFY(layout.rows[2].pinned);
    QCOMPARE(counterRowSource(store, layout.rows[1].id).name, QStringLiteral("connections"));
    const CounterRowSource lock = counterRowSource(store, layout.rows[2].id);
    QCOMPARE(lock.name, QStringLiteral("guard"));
    QCOMPARE(lock.caption, QStringLiteral("held by, RLock depth"));
    QVERIFY(lock.lock && !lock.series);
    QCOMPARE(lock.lock->holds.size(), std::size_t{1});
}

void tst_TimelineLayout::rolesFormGroupsFromTheirSize()
{
    const auto store = storeWith(TimelineLayout::kMinGroupSize, TimelineLayout::kMinGroupSize - 1);
    LaneArrangement arrangement;
    const TimelineLayout layout = TimelineLayout::build(*store, arrangement, QFontMetrics(QFont()));
    QCOMPARE(layout.groups.size(), std::size_t(1));
    QCOMPARE(layout.groups[0].role, QStringLiteral("client"));
    QCOMPARE(layout.groups[0].lanes.size(), std::size_t(TimelineLayout::kMinGroupSize));
    QVERIFY(!layout.groups[0].collapsed);
    // The group's row, then its members, then the three workers (too few) and the logger.
    std::vector<K> expected{K::Thread, K::Counter, K::Group};
    expected.insert(expected.end(), TimelineLayout::kMinGroupSize + TimelineLayout::kMinGroupSize - 1 + 1, K::Thread);
    QCOMPARE(kinds(layout), expected);
    QCOMPARE(layout.groupOfLane[1], 0);
    QCOMPARE(layout.groupOfLane[TimelineLayout::kMinGroupSize + 1], -1);
}

void tst_TimelineLayout::largeGroupsStartCollapsed()
{
    const auto store = storeWith(LaneArrangement::kCollapseAt, 8);
    LaneArrangement arrangement;
    const TimelineLayout layout = TimelineLayout::build(*store, arrangement, QFontMetrics(QFont()));
    QCOMPARE(layout.groups.size(), std::size_t(2));
    QVERIFY(layout.groups[0].collapsed);  // the clients
    QVERIFY(!layout.groups[1].collapsed); // eight workers stay open
    QCOMPARE(layout.groups[1].role, QStringLiteral("ThreadPoolExecutor-0"));
    // Main, queue, the clients' one row, the workers' row and its eight lanes, the logger.
    QCOMPARE(layout.rows.size(), std::size_t(2 + 1 + 1 + 8 + 1));
    // A collapsed lane is found at its group's row.
    const int groupRow = layout.rowIndexOfLane(1);
    QCOMPARE(layout.rows[std::size_t(groupRow)].kind, K::Group);
    QCOMPARE(layout.rowIndexOfLane(5), groupRow);
}

void tst_TimelineLayout::theUsersChoiceWins()
{
    const auto store = storeWith(LaneArrangement::kCollapseAt, 8);
    LaneArrangement arrangement;
    arrangement.setGroupCollapsed(QStringLiteral("client"), false);
    arrangement.setGroupCollapsed(QStringLiteral("ThreadPoolExecutor-0"), true);
    const TimelineLayout layout = TimelineLayout::build(*store, arrangement, QFontMetrics(QFont()));
    QVERIFY(!layout.groups[0].collapsed);
    QVERIFY(layout.groups[1].collapsed);
}

void tst_TimelineLayout::hiddenLanesHaveNoRow()
{
    const auto store = storeWith(2, 0);
    LaneArrangement arrangement;
    arrangement.setHidden(1, true);
    const TimelineLayout layout = TimelineLayout::build(*store, arrangement, QFontMetrics(QFont()));
    QCOMPARE(layout.rowIndexOfLane(1), -1);
    QCOMPARE(layout.rows.size(), std::size_t(4));
    QCOMPARE(arrangement.hiddenCount(), 1);
    arrangement.showAll();
    QCOMPARE(TimelineLayout::build(*store, arrangement, QFontMetrics(QFont())).rows.size(), std::size_t(5));
}

void tst_TimelineLayout::aFilterShowsMatchesAndOpensTheirGroups()
{
    const auto store = storeWith(LaneArrangement::kCollapseAt + 1000, 8);
    LaneArrangement arrangement;
    arrangement.setFilter(QStringLiteral("thread-977"));
    const TimelineLayout layout = TimelineLayout::build(*store, arrangement, QFontMetrics(QFont()));
    // MainThread and the queue stay; Thread-977 (client) is found, on its own row, not inside a closed group.
    std::vector<QString> names;
    for (const TimelineRow& row : layout.rows) {
        if (row.kind == K::Thread && !row.pinned)
            names.push_back(store->lane(row.id).name);
    }
    QCOMPARE(names, std::vector<QString>{QStringLiteral("Thread-977 (client)")});
}

// A lane whose slices of another tool nest three deep has three strips: a lane height and two more strips.
void tst_TimelineLayout::nestedSlicesMakeATallerRow()
{
    const auto store = storeWith(1, 0);
    const StringId name = 1;
    store->append(std::vector<Event>{{100, 1, 0, EventKind::SliceBegin, 0, 0, name, 0, 0},
                                     {101, 1, 0, EventKind::SliceBegin, 0, 0, name, 0, 0},
                                     {102, 1, 0, EventKind::SliceBegin, 0, 0, name, 0, 0}});
    QCOMPARE(store->lane(1).sliceLevels(), 3);
    LaneArrangement arrangement;
    arrangement.setLaneHeight(24);
    const TimelineLayout layout = TimelineLayout::build(*store, arrangement, QFontMetrics(QFont()));
    const TimelineRow& row = layout.rows[static_cast<std::size_t>(layout.rowIndexOfLane(1))];
    QCOMPARE(row.height, 24 + 2 * TimelineLayout::sliceLevelHeight(24));
    QCOMPARE(layout.rows[static_cast<std::size_t>(layout.rowIndexOfLane(2))].height, 24);
    QCOMPARE(layout.contentHeightAt(24), layout.contentHeight);
    QVERIFY(layout.contentHeightAt(40) > layout.contentHeightAt(24) + 2 * (40 - 24));
    QCOMPARE(TimelineLayout::threadHeight(24, 1000),
             24 + (TimelineLayout::kMaxSliceLevels - 1) * TimelineLayout::sliceLevelHeight(24));
}

// Another tool's counters (kept, but drawn nowhere before) have a row each after the lanes, unpinned: a trace may
// have dozens. A new series rebuilds the layout.
void tst_TimelineLayout::anOpenedFilesCountersComeAfterItsLanes()
{
    auto strings = std::make_shared<StringTable>();
    const auto store = storeWith(1, 0, strings);
    LaneArrangement arrangement;
    const TimelineLayout before = TimelineLayout::build(*store, arrangement, QFontMetrics(QFont()));
    Event sample{10, 1, 0, EventKind::CounterValue, 0, 0, strings->intern(QStringLiteral("heap")), 0, 0};
    setCounterValue(sample, -2.5);
    store->append(std::vector<Event>{sample});
    QVERIFY(!before.matches(*store));
    const TimelineLayout layout = TimelineLayout::build(*store, arrangement, QFontMetrics(QFont()));
    QCOMPARE(kinds(layout), (std::vector<K>{K::Thread, K::Counter, K::Thread, K::Thread, K::Counter}));
    const TimelineRow& last = layout.rows.back();
    QVERIFY(!last.pinned);
    QVERIFY(layout.rows[1].pinned); // the queue's, as before
    const CounterRowSource heap = counterRowSource(*store, last.id);
    QCOMPARE(heap.name, QStringLiteral("heap"));
    QVERIFY(heap.values && heap.values->size() == 1 && !heap.series);
    QCOMPARE((std::pair(heap.valueMin, heap.valueMax)), (std::pair(-2.5, 0.0)));
}

// A counter with a pid and no tid made a lane "thread <pid>" with nothing in it, drawn as an empty row. It has none;
// once the lane has an event of its own (a slice), it has one.
void tst_TimelineLayout::aLaneOfCountersAloneHasNoRow()
{
    auto strings = std::make_shared<StringTable>();
    const auto store = storeWith(0, 0, strings);
    const LaneId counters = store->laneCount();
    Event sample{10, counters, 0, EventKind::CounterValue, 0, 0, strings->intern(QStringLiteral("heap")), 0, 0};
    setCounterValue(sample, 3);
    store->append(std::vector<Event>{
        {0, counters, 0, EventKind::ThreadName, 0, 0, strings->intern(QStringLiteral("thread 7")), 7, kNoValue},
        sample});
    QVERIFY(!store->lane(counters).drawsAnything());
    LaneArrangement arrangement;
    const TimelineLayout layout = TimelineLayout::build(*store, arrangement, QFontMetrics(QFont()));
    QCOMPARE(kinds(layout), (std::vector<K>{K::Thread, K::Counter, K::Thread, K::Counter}));
    QCOMPARE(layout.rowIndexOfLane(counters), -1);

    const StoreChange sliced = store->append(std::vector<Event>{
        {20, counters, 0, EventKind::SliceBegin, 0, 0, strings->intern(QStringLiteral("work")), 0, 0}});
    QVERIFY(sliced.laneInfoChanged); // the view lays out again
    QVERIFY(store->lane(counters).drawsAnything());
    const TimelineLayout after = TimelineLayout::build(*store, arrangement, QFontMetrics(QFont()));
    QVERIFY(after.rowIndexOfLane(counters) >= 0);
}

void tst_TimelineLayout::fittingLaneHeight_data()
{
    QTest::addColumn<int>("clients");
    QTest::addColumn<int>("available");
    QTest::addColumn<int>("expected");
    // Main (h), the queue (max(36, 9h/5)), the gap (6), two clients and the logger (3h): 4h + 9h/5 + 6.
    QTest::newRow("room for the tallest") << 2 << 10000 << 96;
    QTest::newRow("exactly 40 per lane") << 2 << 4 * 40 + 72 + 6 << 40;
    QTest::newRow("one pixel short of 40") << 2 << 4 * 40 + 72 + 5 << 39;
    QTest::newRow("not even the smallest") << 2 << 10 << 12;
}

void tst_TimelineLayout::fittingLaneHeight()
{
    QFETCH(int, clients);
    QFETCH(int, available);
    QFETCH(int, expected);
    const auto store = storeWith(clients, 0);
    const LaneArrangement arrangement;
    const TimelineLayout layout = TimelineLayout::build(*store, arrangement, QFontMetrics(QFont()));
    const int h = layout.fittingLaneHeight(available, LaneArrangement::kMinLaneHeight, LaneArrangement::kMaxLaneHeight);
    QCOMPARE(h, expected);
    QVERIFY(h == LaneArrangement::kMinLaneHeight || layout.contentHeightAt(h) <= available);
    QVERIFY(h == LaneArrangement::kMaxLaneHeight || layout.contentHeightAt(h + 1) > available);
}

void tst_TimelineLayout::rolesOfLanes()
{
    LaneInfo worker;
    worker.id = 3;
    worker.name = QStringLiteral("ThreadPoolExecutor-2_17");
    worker.target = QStringLiteral("_worker");
    QCOMPARE(laneRole(worker), QStringLiteral("ThreadPoolExecutor-2"));
    LaneInfo prefixed = worker;
    prefixed.name = QStringLiteral("handler_3");
    QCOMPARE(laneRole(prefixed), QStringLiteral("handler"));
    LaneInfo client;
    client.id = 4;
    client.target = QStringLiteral("client");
    QCOMPARE(laneRole(client), QStringLiteral("client"));
    LaneInfo main;
    main.target = QStringLiteral("main");
    QCOMPARE(laneRole(main), QString()); // MainThread is never grouped
    LaneInfo bare;
    bare.id = 5;
    QCOMPARE(laneRole(bare), QString());
}

// The user's row height stays within kMaxLaneHeight; fitting, which presentation mode lets fill a screen with a few
// lanes, goes up to kMaxPresentedLaneHeight (three lanes at kMaxLaneHeight left half of it empty, a user-tester).
void tst_TimelineLayout::fittingGoesTallerThanAUserMayPick()
{
    LaneArrangement lanes;
    lanes.setLaneHeight(1000);
    QCOMPARE(lanes.laneHeight(), LaneArrangement::kMaxLaneHeight);
    QVERIFY(!lanes.fitsToHeight());
    lanes.setFitsToHeight(true);
    lanes.setFitRange(40, 1000);
    QCOMPARE(lanes.fitMaximum(), LaneArrangement::kMaxPresentedLaneHeight);
    lanes.setFittedLaneHeight(150);
    QCOMPARE(lanes.laneHeight(), 150);
    lanes.setFittedLaneHeight(1000);
    QCOMPARE(lanes.laneHeight(), LaneArrangement::kMaxPresentedLaneHeight);
    QVERIFY(lanes.fitsToHeight());
}

QTEST_MAIN(tst_TimelineLayout)
#include "tst_timelinelayout.moc"
