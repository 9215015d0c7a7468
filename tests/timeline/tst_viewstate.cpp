#include "timeline/viewstate.h"

#include <QSignalSpy>
#include <QTest>

using namespace tl::ui;

class TestViewState : public QObject {
    Q_OBJECT
private slots:
    void setRangeClamps_data();
    void setRangeClamps();
    void rangeSignalsOncePerChange();
    void zoomHistory();
    void selection();
    void followAndFlows();
    void measurement();
    void playheadOnlyWhileScrubIsAllowed();
};

void TestViewState::setRangeClamps_data()
{
    QTest::addColumn<TimeRange>("in");
    QTest::addColumn<TimeRange>("out");
    QTest::newRow("ordinary range kept") << TimeRange{10'000, 50'000} << TimeRange{10'000, 50'000};
    QTest::newRow("inverted range swapped") << TimeRange{50'000, 10'000} << TimeRange{10'000, 50'000};
    QTest::newRow("negative start slides to 0, width kept") << TimeRange{-5'000, 15'000} << TimeRange{0, 20'000};
    QTest::newRow("empty range widened to the minimum")
        << TimeRange{7'000, 7'000} << TimeRange{7'000, 7'000 + ViewState::kMinRangeNs};
    QTest::newRow("too narrow widened") << TimeRange{100, 200} << TimeRange{100, 100 + ViewState::kMinRangeNs};
}

void TestViewState::setRangeClamps()
{
    QFETCH(TimeRange, in);
    QFETCH(TimeRange, out);
    ViewState state;
    state.setRange(in);
    QCOMPARE(state.range(), out);
    QCOMPARE(ViewState::clamped(in), out);
}

void TestViewState::rangeSignalsOncePerChange()
{
    ViewState state;
    QSignalSpy spy(&state, &ViewState::rangeChanged);
    state.setRange({0, 5'000'000});
    QCOMPARE(spy.count(), 1);
    state.setRange({0, 5'000'000});
    QCOMPARE(spy.count(), 1);
    // Differs before clamping, equal after: no change, no signal.
    state.setRange({5'000'000, 0});
    QCOMPARE(spy.count(), 1);
    state.setRange({1, 5'000'001});
    QCOMPARE(spy.count(), 2);
}

void TestViewState::zoomHistory()
{
    ViewState state;
    state.setRange({0, 10'000'000});
    QSignalSpy spy(&state, &ViewState::rangeChanged);
    QVERIFY(!state.canZoomBack());
    QVERIFY(!state.zoomBack());
    state.pushZoom({1'000'000, 2'000'000});
    state.pushZoom({1'500'000, 1'600'000});
    QCOMPARE(spy.count(), 2);
    state.pushZoom({1'500'000, 1'600'000}); // the same range again: no history entry, no signal
    QCOMPARE(spy.count(), 2);
    QVERIFY(state.zoomBack());
    QCOMPARE(state.range(), (TimeRange{1'000'000, 2'000'000}));
    QVERIFY(state.zoomBack());
    QCOMPARE(state.range(), (TimeRange{0, 10'000'000}));
    QVERIFY(!state.zoomBack());
    QCOMPARE(spy.count(), 4);
}

void TestViewState::selection()
{
    ViewState state;
    QSignalSpy spy(&state, &ViewState::selectionChanged);
    QVERIFY(state.selection().isNone());
    const Selection span{Selection::Kind::Span, 2, 7};
    state.setSelection(span);
    state.setSelection(span);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(state.selection(), span);
    state.setSelection({Selection::Kind::Event, 2, 7});
    QCOMPARE(spy.count(), 2);
    state.clearSelection();
    state.clearSelection();
    QCOMPARE(spy.count(), 3);
    // "None" with leftover fields is still nothing: no change.
    state.setSelection({Selection::Kind::None, 5, 9});
    QCOMPARE(spy.count(), 3);
    QCOMPARE(state.selection(), Selection());
}

void TestViewState::followAndFlows()
{
    ViewState state;
    QSignalSpy follow(&state, &ViewState::followLiveChanged);
    QSignalSpy flows(&state, &ViewState::flowsVisibleChanged);
    QVERIFY(!state.followLive());
    QVERIFY(state.flowsVisible());
    state.setFollowLive(true);
    state.setFollowLive(true);
    state.setFlowsVisible(false);
    state.setFlowsVisible(false);
    QCOMPARE(follow.count(), 1);
    QCOMPARE(follow.at(0).at(0).toBool(), true);
    QCOMPARE(flows.count(), 1);
    QCOMPARE(flows.at(0).at(0).toBool(), false);
    state.setFollowLive(false);
    QCOMPARE(follow.count(), 2);
    QCOMPARE(follow.at(1).at(0).toBool(), false);
}

void TestViewState::measurement()
{
    ViewState state;
    QSignalSpy spy(&state, &ViewState::measurementChanged);
    QVERIFY(!state.measurement());
    state.setMeasurement(TimeRange{300, 100});
    QCOMPARE(spy.count(), 1);
    QCOMPARE(*state.measurement(), (TimeRange{100, 300}));
    state.setMeasurement(TimeRange{100, 300});
    QCOMPARE(spy.count(), 1);
    state.setMeasurement(std::nullopt);
    state.setMeasurement(std::nullopt);
    QCOMPARE(spy.count(), 2);
}

// A running run cannot be scrubbed: the playhead is refused then, and dropped when scrub stops being
// allowed (a restart), each change signalled once.
void TestViewState::playheadOnlyWhileScrubIsAllowed()
{
    ViewState state;
    QSignalSpy moved(&state, &ViewState::playheadChanged);
    state.setPlayhead(500);
    QVERIFY(!state.playhead());
    QCOMPARE(moved.count(), 0);
    state.setScrubAllowed(true);
    state.setPlayhead(500);
    state.setPlayhead(500);
    QCOMPARE(state.playhead().value_or(-1), 500);
    QCOMPARE(moved.count(), 1);
    state.setPlayhead(-20);
    QCOMPARE(state.playhead().value_or(-1), 0);
    state.setScrubAllowed(false);
    QVERIFY(!state.playhead());
    QCOMPARE(moved.count(), 3);
}

QTEST_GUILESS_MAIN(TestViewState)
#include "tst_viewstate.moc"
