#include "timeline/timelinewidget.h"
#include "timeline/viewstate.h"
#include "trace/tracestore.h"

#include "synthetictrace.h"

#include <QTest>

#include <memory>
#include <vector>

using namespace tl;
using namespace tl::ui;

// While a run is live and the view holds still, a tick redraws the lanes that changed (new events, or an
// open span reaching the new "now") and replays every other lane's cached geometry: counted here through
// the widget's own paints.
class tst_TimelineLiveTick : public QObject {
    Q_OBJECT

private slots:
    void aTickRebuildsOnlyTheLanesThatChanged();
};

void tst_TimelineLiveTick::aTickRebuildsOnlyTheLanesThatChanged()
{
    // Twelve threads that have ended by 1 ms, and one still running (lane 12, its run span open).
    auto store = test::syntheticTrace(12, 4, 1'000'000, 10'000);
    std::vector<Event> running{{1'500'000, 12, 0, EventKind::RunBegin, 0, 0, 0, 0, 0}};
    store->append(running);
    ViewState state;
    TimelineWidget widget(&state);
    widget.resize(1000, 600);
    widget.setStore(store.get());
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    state.setRange({0, 5'000'000});
    widget.setNowTs(2'000'000);
    const std::size_t beforeView = widget.laneGeometryBuilds();
    widget.viewport()->repaint();
    const std::size_t afterFirstPaint = widget.laneGeometryBuilds();
    QCOMPARE(afterFirstPaint - beforeView, std::size_t(13)); // a new view: every lane

    // A tick with nothing drained: "now" moves; only the running lane is rebuilt.
    widget.setNowTs(2'100'000);
    widget.viewport()->repaint();
    QCOMPARE(widget.laneGeometryBuilds() - afterFirstPaint, std::size_t(1));

    // A tick that drained a print of lane 4 (ended long ago): lane 4 and the running lane.
    std::vector<Event> print{{2'150'000, 4, 0, EventKind::Print, 0, 0, 0, 0, 0}};
    widget.notifyStoreChanged(store->append(print));
    widget.setNowTs(2'200'000);
    const std::size_t beforeTick = widget.laneGeometryBuilds();
    widget.viewport()->repaint();
    QCOMPARE(widget.laneGeometryBuilds() - beforeTick, std::size_t(2));

    // A repaint with nothing new builds nothing.
    const std::size_t steady = widget.laneGeometryBuilds();
    widget.viewport()->repaint();
    QCOMPARE(widget.laneGeometryBuilds(), steady);
}

QTEST_MAIN(tst_TimelineLiveTick)
#include "tst_timelinelivetick.moc"
