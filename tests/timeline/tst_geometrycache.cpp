#include "timeline/geometrycache.h"
#include "timeline/traceindex.h"

#include "synthetictrace.h"

#include <QTest>

#include <vector>

using namespace tl;
using namespace tl::ui;

namespace {

constexpr int kRow = 24;

GeometryParams paramsFor(TimeRange range, std::int64_t openEnd)
{
    return GeometryParams{range, 100, 800, openEnd, nullptr};
}

// Asks the cache for every lane's geometry, as a paint does, and returns how many it built.
std::size_t paintAll(GeometryCache& cache, const TraceStore& store, const TraceIndex& index)
{
    const std::size_t before = cache.laneBuilds();
    for (LaneId id = 0; id < store.laneCount(); ++id)
        cache.lane(store, index, id, kRow);
    return cache.laneBuilds() - before;
}

} // namespace

// The cache rebuilds exactly what a change makes stale: everything for a new view, the lanes with open
// spans for a new "now", the lanes a store change names, and nothing for a repaint.
class tst_GeometryCache : public QObject {
    Q_OBJECT

private slots:
    void repaintBuildsNothing();
    void newViewRebuildsEverything();
    void newNowRebuildsOnlyOpenLanes();
    void storeChangeRebuildsOnlyItsLanes();
    void rowHeightIsPartOfTheEntry();
};

void tst_GeometryCache::repaintBuildsNothing()
{
    auto store = test::syntheticTrace(5, 3, 1'000'000, 1000);
    TraceIndex index;
    index.reset(*store);
    GeometryCache cache;
    cache.setParams(paramsFor({0, 1'000'000}, store->endTs()));
    QCOMPARE(paintAll(cache, *store, index), std::size_t(5));
    QCOMPARE(paintAll(cache, *store, index), std::size_t(0));
    cache.setParams(paramsFor({0, 1'000'000}, store->endTs())); // the same parameters again
    QCOMPARE(paintAll(cache, *store, index), std::size_t(0));
}

void tst_GeometryCache::newViewRebuildsEverything()
{
    auto store = test::syntheticTrace(5, 3, 1'000'000, 1000);
    TraceIndex index;
    index.reset(*store);
    GeometryCache cache;
    cache.setParams(paramsFor({0, 1'000'000}, store->endTs()));
    paintAll(cache, *store, index);
    cache.setParams(paramsFor({0, 500'000}, store->endTs()));
    QCOMPARE(paintAll(cache, *store, index), std::size_t(5));
    GeometryParams wider = paramsFor({0, 500'000}, store->endTs());
    wider.width = 1200;
    cache.setParams(wider);
    QCOMPARE(paintAll(cache, *store, index), std::size_t(5));
}

void tst_GeometryCache::newNowRebuildsOnlyOpenLanes()
{
    // Five lanes that have ended, and a sixth still running (its run span is open).
    auto store = test::syntheticTrace(5, 3, 1'000'000, 1000);
    std::vector<Event> running{{2'000'000, 5, 0, EventKind::RunBegin, 0, 0, 0, 0, 0}};
    const StoreChange change = store->append(running);
    TraceIndex index;
    index.reset(*store);
    GeometryCache cache;
    cache.setParams(paramsFor({0, 5'000'000}, 2'100'000));
    QCOMPARE(paintAll(cache, *store, index), std::size_t(6));
    // A live tick: "now" moved, nothing was drained, the view held still.
    cache.setParams(paramsFor({0, 5'000'000}, 2'200'000));
    QCOMPARE(paintAll(cache, *store, index), std::size_t(1));
    QVERIFY(!change.isEmpty());
}

void tst_GeometryCache::storeChangeRebuildsOnlyItsLanes()
{
    auto store = test::syntheticTrace(8, 3, 1'000'000, 1000);
    TraceIndex index;
    index.reset(*store);
    GeometryCache cache;
    cache.setParams(paramsFor({0, 2'000'000}, store->endTs()));
    paintAll(cache, *store, index);
    // A print arrives on lane 3 only (after its end, as a late drain may bring it).
    std::vector<Event> late{{900'000, 3, 0, EventKind::Print, 0, 0, 0, 0, 0}};
    const StoreChange change = store->append(late);
    index.apply(*store, change);
    cache.invalidateLanes(change.lanes);
    QCOMPARE(paintAll(cache, *store, index), std::size_t(1));
    QCOMPARE(cache.lane(*store, index, 3, kRow).markers.size(), std::size_t(1));
}

void tst_GeometryCache::rowHeightIsPartOfTheEntry()
{
    auto store = test::syntheticTrace(2, 3, 1'000'000, 1000);
    TraceIndex index;
    index.reset(*store);
    GeometryCache cache;
    cache.setParams(paramsFor({0, 1'000'000}, store->endTs()));
    const auto bandHeight = [&](int rowHeight) {
        for (const SpanMark& m : cache.lane(*store, index, 1, rowHeight).spans) {
            if (m.kind == SpanMark::Kind::Band)
                return m.rect.height();
        }
        return 0.0;
    };
    const double tall = bandHeight(40);
    const double small = bandHeight(20);
    QVERIFY(tall > small);
}

QTEST_GUILESS_MAIN(tst_GeometryCache)
#include "tst_geometrycache.moc"
