#include "py/pythonapi.h"
#include "py/scenariorun.h"
#include "py/thread.h"
#include "timeline/lanearrangement.h"
#include "timeline/timelinedescribe.h"
#include "timeline/timelinelayout.h"
#include "timelinewidgetfixture.h"
#include "trace/tracerecorder.h"

#include <QApplication>
#include <QDeadlineTimer>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

using namespace tl;
using namespace tl::ui;

// The interactive timeline on a recorded run, offscreen: lanes match the trace, hit testing matches
// the pixels, and navigation keeps its promises. What the widget paints is tst_timelinepaint's.
class TestTimelineWidget : public QObject, protected test::TimelineWidgetFixture {
    Q_OBJECT
private slots:
    void initTestCase() { recordStore(); }
    void init() { showWidget(); }
    void cleanup() { closeWidget(); }
    void oneLanePerThreadInOrder();
    void aSelectedNameFitsItsColumn();
    void hitTestReturnsTheSpanUnderAPoint();
    void clickSelects();
    void ctrlWheelZoomKeepsTimeUnderCursor_data();
    void ctrlWheelZoomKeepsTimeUnderCursor();
    void plainWheelScrollsLanes();
    void dragPansAndStopsFollowing();
    void rulerDragMeasures();
    void keys();
    void zoomingOutStopsAtAFewRunsWide();
    void followLiveSlidesWithNow();
    void fitWholeRunStaysWholeWhileLive();
    void hoverAndDescription();
    void liveRunGrowsAndFollows();
    void anotherToolsTraceHasItsOwnLegend();
    void aLiveRunsLegendGrowsAndThePlotMakesRoom();

private:
    void sendWheel(QPoint pos, QPoint angle, Qt::KeyboardModifiers modifiers);
};

void TestTimelineWidget::sendWheel(QPoint pos, QPoint angle, Qt::KeyboardModifiers modifiers)
{
    QWheelEvent event(pos, m_widget->viewport()->mapToGlobal(pos), QPoint(), angle, Qt::NoButton, modifiers,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(m_widget->viewport(), &event);
}

void TestTimelineWidget::oneLanePerThreadInOrder()
{
    const std::vector<LaneId> order = m_store->laneOrder();
    QCOMPARE(order.size(), m_store->laneCount());
    QCOMPARE(m_store->lane(order.front()).name, QStringLiteral("MainThread"));
    // Four lanes are few: fitting made them taller than the default, to fill the plot.
    QVERIFY(m_widget->arrangement()->laneHeight() > LaneArrangement::kDefaultLaneHeight);
    // MainThread is pinned to the top, with the queue's counter row; the others follow in laneOrder().
    QCOMPARE(m_widget->laneRect(order.front()).top(), m_widget->plotRect().top());
    int previousBottom = -1;
    for (LaneId id : order) {
        const QRect r = m_widget->laneRect(id);
        QCOMPARE(r.height(), m_widget->arrangement()->laneHeight());
        if (previousBottom >= 0)
            QCOMPARE(r.top(), previousBottom); // stacked without gaps
        previousBottom = id == order.front() ? -1 : r.bottom() + 1;
        QVERIFY(m_widget->viewport()->rect().contains(r));
    }
    QVERIFY(m_widget->laneRect(LaneId(m_store->laneCount())).isEmpty());
}

// A selected lane's name is bold: measured in the regular font, the column cut it ("Thread… (one)"), and at
// presentation's larger font the column's cap cut every name ("Thread-3…onsumer)").
void TestTimelineWidget::aSelectedNameFitsItsColumn()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    const QString name = QStringLiteral("Thread-3 (consumer)");
    store.append(std::vector<Event>{
        Event{0, 0, 0, EventKind::ThreadCreated, 0, 0, 0, strings->intern(QStringLiteral("MainThread")), 0},
        Event{1, 0, 0, EventKind::RunBegin, 0, 0, 0, 0, 0},
        Event{2, 1, 0, EventKind::ThreadCreated, 0, 0, 0, strings->intern(name), 0},
        Event{3, 1, 0, EventKind::RunBegin, 0, 0, 0, 0, 0},
    });
    ViewState state;
    TimelineWidget widget(&state);
    widget.resize(1000, 420);
    widget.setStore(&store);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    const QFont usual = widget.font();
    for (const double scale : {1.0, 1.4}) {
        QFont font = usual;
        font.setPointSizeF(usual.pointSizeF() * scale);
        widget.setFont(font);
        QApplication::processEvents();
        QFont bold = font;
        bold.setBold(true);
        const int width = QFontMetrics(bold).horizontalAdvance(name);
        QVERIFY2(
            width < widget.plotRect().left(),
            qPrintable(
                QStringLiteral("at %1x: %2 px in a %3 px column").arg(scale).arg(width).arg(widget.plotRect().left())));
    }
}

void TestTimelineWidget::hitTestReturnsTheSpanUnderAPoint()
{
    const auto [lane, index] = sleeperSleep();
    const Span& s = m_store->lane(lane).spans[index];
    const QRect r = m_widget->laneRect(lane);
    const QPoint at(int(xOf(s.begin + (s.end - s.begin) / 2)), r.center().y() + 4);
    QCOMPARE(m_widget->hitTest(at), Selection::ofSpan(lane, m_store->lane(lane).spans[index].opening));
    // The name column and the ruler hold no spans.
    QCOMPARE(m_widget->hitTest(QPoint(5, r.center().y())), Selection());
    QCOMPARE(m_widget->hitTest(QPoint(at.x(), 3)), Selection());

    // A print marker of the consumer sits at its event's time on the band's top edge.
    for (LaneId id = 0; id < m_store->laneCount(); ++id) {
        const auto& events = m_store->lane(id).events;
        for (std::uint32_t i = 0; i < events.size(); ++i) {
            if (events[i].kind != EventKind::Print)
                continue;
            m_state->setRange(framed(events[i].ts, events[i].ts, 0, 2'000'000));
            const QPoint marker(int(std::lround(xOf(events[i].ts))), m_widget->laneRect(id).top() + 5);
            QCOMPARE(m_widget->hitTest(marker), Selection::ofEvent(id, events.id(i)));
            return;
        }
    }
    QFAIL("no print event recorded");
}

void TestTimelineWidget::clickSelects()
{
    const auto [lane, index] = sleeperSleep();
    const Span& s = m_store->lane(lane).spans[index];
    const QPoint at(int(xOf(s.begin + (s.end - s.begin) / 2)), m_widget->laneRect(lane).center().y() + 4);
    QSignalSpy spy(m_state.get(), &ViewState::selectionChanged);
    QTest::mouseClick(m_widget->viewport(), Qt::LeftButton, {}, at);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(m_state->selection(), Selection::ofSpan(lane, m_store->lane(lane).spans[index].opening));
    // A click on empty space (right of every lane, after the run) clears it.
    const QRect plot = m_widget->plotRect();
    QTest::mouseClick(m_widget->viewport(), Qt::LeftButton, {}, QPoint(plot.right() - 1, plot.bottom() - 1));
    QCOMPARE(spy.count(), 2);
    QVERIFY(m_state->selection().isNone());
}

void TestTimelineWidget::ctrlWheelZoomKeepsTimeUnderCursor_data()
{
    QTest::addColumn<double>("fraction");
    QTest::addColumn<int>("notches");
    QTest::newRow("zoom in at a third") << 0.33 << 1;
    QTest::newRow("zoom in three notches near the right edge") << 0.9 << 3;
    QTest::newRow("zoom out at the middle") << 0.5 << -1;
    QTest::newRow("zoom in at the left edge") << 0.0 << 2;
}

void TestTimelineWidget::ctrlWheelZoomKeepsTimeUnderCursor()
{
    QFETCH(double, fraction);
    QFETCH(int, notches);
    m_state->setFollowLive(true); // first: turning it on slides the range to "now"
    m_state->setRange({50'000'000, 150'000'000});
    const QRect plot = m_widget->plotRect();
    const QPoint cursor(plot.left() + int(fraction * (plot.width() - 1)), plot.top() + 10);
    const std::int64_t before = timeAt(cursor.x());
    const std::int64_t widthBefore = m_state->range().duration();
    QSignalSpy spy(m_state.get(), &ViewState::rangeChanged);
    sendWheel(cursor, QPoint(0, 120 * notches), Qt::ControlModifier);
    QCOMPARE(spy.count(), 1);
    QVERIFY(notches > 0 ? m_state->range().duration() < widthBefore : m_state->range().duration() > widthBefore);
    // The time under the cursor stays put, to within the nanoseconds one pixel holds.
    const std::int64_t nsPerPixel = m_state->range().duration() / plot.width() + 1;
    QVERIFY2(std::abs(timeAt(cursor.x()) - before) <= nsPerPixel,
             qPrintable(QStringLiteral("%1 vs %2").arg(timeAt(cursor.x())).arg(before)));
    QVERIFY(!m_state->followLive()); // a manual zoom stops following
}

void TestTimelineWidget::plainWheelScrollsLanes()
{
    m_widget->resize(1000, 100); // too short for four lanes: the scroll bar has room
    QTRY_VERIFY(m_widget->verticalScrollBar()->maximum() > 0);
    const TimeRange range = m_state->range();
    const LaneId pinned = m_store->laneOrder().front(); // MainThread stays in view
    const LaneId last = m_store->laneOrder().back();
    const int pinnedBefore = m_widget->laneRect(pinned).top();
    const int topBefore = m_widget->laneRect(last).top();
    sendWheel(m_widget->plotRect().center(), QPoint(0, -120), Qt::NoModifier);
    QVERIFY(m_widget->verticalScrollBar()->value() > 0);
    QVERIFY(m_widget->laneRect(last).top() < topBefore);
    QCOMPARE(m_widget->laneRect(pinned).top(), pinnedBefore);
    QCOMPARE(m_state->range(), range); // time did not move
}

void TestTimelineWidget::dragPansAndStopsFollowing()
{
    m_state->setFollowLive(true);
    m_state->setRange({100'000'000, 200'000'000});
    const QRect plot = m_widget->plotRect();
    const QPoint from(plot.center().x(), plot.top() + 5);
    const std::int64_t timeAtFrom = timeAt(from.x());
    QTest::mousePress(m_widget->viewport(), Qt::LeftButton, {}, from);
    QTest::mouseMove(m_widget->viewport(), from + QPoint(-50, 0));
    QTest::mouseMove(m_widget->viewport(), from + QPoint(-100, 0));
    QTest::mouseRelease(m_widget->viewport(), Qt::LeftButton, {}, from + QPoint(-100, 0));
    // What was under the press point is now under the release point.
    const std::int64_t nsPerPixel = m_state->range().duration() / plot.width() + 1;
    QVERIFY(std::abs(timeAt(from.x() - 100) - timeAtFrom) <= nsPerPixel);
    QCOMPARE(m_state->range().duration(), std::int64_t(100'000'000));
    QVERIFY(!m_state->followLive());
    QVERIFY(m_state->selection().isNone()); // a drag is not a click
}

void TestTimelineWidget::rulerDragMeasures()
{
    const QRect plot = m_widget->plotRect();
    const int y = plot.top() / 2;
    QSignalSpy spy(m_state.get(), &ViewState::measurementChanged);
    const QPoint a(plot.left() + 100, y);
    const QPoint b(plot.left() + 300, y);
    const std::int64_t ta = timeAt(a.x());
    const std::int64_t tb = timeAt(b.x());
    QTest::mousePress(m_widget->viewport(), Qt::LeftButton, {}, a);
    QCOMPARE(spy.count(), 0); // a press alone measures nothing
    QTest::mouseMove(m_widget->viewport(), b - QPoint(50, 0));
    QCOMPARE(spy.count(), 1);
    QTest::mouseMove(m_widget->viewport(), b);
    QCOMPARE(spy.count(), 2); // one change per move
    QTest::mouseRelease(m_widget->viewport(), Qt::LeftButton, {}, b);
    QCOMPARE(spy.count(), 2); // releasing where the last move was changes nothing
    QVERIFY(m_state->measurement());
    QCOMPARE(m_state->measurement()->from, ta);
    QCOMPARE(m_state->measurement()->to, tb);
    // Esc clears it.
    QTest::keyClick(m_widget.get(), Qt::Key_Escape);
    QVERIFY(!m_state->measurement());
}

void TestTimelineWidget::keys()
{
    m_widget->setFocus();
    const TimeRange fitted = m_state->range();
    QTest::keyClick(m_widget.get(), Qt::Key_W);
    QVERIFY(m_state->range().duration() < fitted.duration());
    QTest::keyClick(m_widget.get(), Qt::Key_S);
    QTest::keyClick(m_widget.get(), Qt::Key_S);
    QVERIFY(m_state->range().duration() > fitted.duration());
    const TimeRange beforePan = m_state->range();
    QTest::keyClick(m_widget.get(), Qt::Key_D);
    QVERIFY(m_state->range().from > beforePan.from);
    QCOMPARE(m_state->range().duration(), beforePan.duration());
    QTest::keyClick(m_widget.get(), Qt::Key_F);
    QCOMPARE(m_state->range(), fitted);

    // Z zooms to the selection, Esc clears it.
    const auto [lane, index] = sleeperSleep();
    m_state->setSelection(Selection::ofSpan(lane, m_store->lane(lane).spans[index].opening));
    QTest::keyClick(m_widget.get(), Qt::Key_Z);
    const Span& s = m_store->lane(lane).spans[index];
    QVERIFY(m_state->range().from <= s.begin && m_state->range().to >= s.end);
    QVERIFY(m_state->range().duration() < (s.end - s.begin) * 2);
    QTest::keyClick(m_widget.get(), Qt::Key_Escape);
    QVERIFY(m_state->selection().isNone());
    QTest::keyClick(m_widget.get(), Qt::Key_0, Qt::ControlModifier);
    QCOMPARE(m_state->range(), fitted);
}

// Each zoom out widened the range by half, without end: 50 presses of S made it 2e9 s, 60 wrapped it round to 7.6 us.
void TestTimelineWidget::zoomingOutStopsAtAFewRunsWide()
{
    m_widget->setFocus();
    const std::int64_t widest =
        std::max(TimelineWidget::kWidestRuns * m_store->endTs(), TimelineWidget::kWidestFloorNs);
    std::int64_t last = m_state->range().duration();
    for (int i = 0; i < 80; ++i) {
        QTest::keyClick(m_widget.get(), Qt::Key_S);
        const std::int64_t now = m_state->range().duration();
        QVERIFY2(
            now >= last && now <= widest + 1,
            qPrintable(QStringLiteral("press %1: %2 ns after %3 (widest %4)").arg(i).arg(now).arg(last).arg(widest)));
        last = now;
    }
    QVERIFY2(last >= widest - 1, qPrintable(QString::number(last)));
    sendWheel(m_widget->plotRect().center(), QPoint(0, -120 * 40), Qt::ControlModifier);
    QVERIFY(m_state->range().duration() <= widest + 1);
    QTest::keyClick(m_widget.get(), Qt::Key_W); // and zooming in still works from there
    QVERIFY(m_state->range().duration() < last);
}

void TestTimelineWidget::followLiveSlidesWithNow()
{
    m_state->setRange({0, 1'000'000'000});
    m_state->setFollowLive(true);
    m_widget->setNowTs(500'000'000); // inside the first window: nothing to slide
    QCOMPARE(m_state->range(), (TimeRange{0, 1'000'000'000}));
    m_widget->setNowTs(5'000'000'000);
    QVERIFY(m_state->range().from < 5'000'000'000 && m_state->range().to > 5'000'000'000);
    QCOMPARE(m_state->range().duration(), std::int64_t(1'000'000'000));
    m_state->setFollowLive(false);
    m_widget->setNowTs(9'000'000'000);
    QVERIFY(m_state->range().to < 9'000'000'000);
}

// Fit Whole Run during a live run: the run slid out of view again at once, following kept the fitted width.
void TestTimelineWidget::fitWholeRunStaysWholeWhileLive()
{
    m_state->setFollowLive(true);
    m_widget->setNowTs(2'000'000'000);
    m_widget->fitAll();
    m_widget->setNowTs(10'000'000'000);
    QCOMPARE(m_state->range().from, std::int64_t(0));
    QVERIFY(m_state->range().to >= 10'000'000'000);
    QVERIFY(m_state->range().to < 11'000'000'000); // fitted, not merely wide
    QTest::keyClick(m_widget.get(), Qt::Key_W);    // a zoom since stops following; followed again, it slides
    QVERIFY(!m_state->followLive());
    m_state->setFollowLive(true);
    const std::int64_t width = m_state->range().duration();
    m_widget->setNowTs(20'000'000'000);
    QCOMPARE(m_state->range().duration(), width);
    QVERIFY(m_state->range().from > 0);
    QVERIFY(m_state->range().to >= 20'000'000'000);

    // The clock and the events race: an event stamped after "now" stays in the whole run as it grows, as in
    // the fit itself (following framed [0, now] alone, and cut it off).
    const std::int64_t lastEvent = m_store->endTs();
    m_state->setFollowLive(true);
    m_widget->setNowTs(lastEvent / 2);
    m_widget->fitAll();
    m_widget->setNowTs(lastEvent / 2 + 1);
    QVERIFY(m_state->range().to >= lastEvent);
}

void TestTimelineWidget::hoverAndDescription()
{
    const auto [lane, index] = sleeperSleep();
    const Span& s = m_store->lane(lane).spans[index];
    const QPoint at(int(xOf(s.begin + (s.end - s.begin) / 2)), m_widget->laneRect(lane).center().y() + 4);
    QSignalSpy spy(m_widget.get(), &TimelineWidget::hoveredChanged);
    QTest::mouseMove(m_widget->viewport(), at);
    QTRY_COMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).value<Selection>(), Selection::ofSpan(lane, m_store->lane(lane).spans[index].opening));
    QTest::mouseMove(m_widget->viewport(), at + QPoint(1, 0)); // same span: no new signal
    QCOMPARE(spy.count(), 1);

    // What the tooltip says: thread, state, times, and names resolved through the store.
    const SelectionDescription sleep =
        describeSelection(*m_store, Selection::ofSpan(lane, m_store->lane(lane).spans[index].opening));
    QVERIFY(sleep.valid);
    QCOMPARE(sleep.thread, QStringLiteral("sleeper"));
    QCOMPARE(sleep.what, QStringLiteral("sleeping"));
    QCOMPARE(sleep.start, s.begin);
    QCOMPARE(sleep.duration, s.end - s.begin);
    QVERIFY(toolTipHtml(sleep).contains(QStringLiteral("sleeper")));
    bool sawPut = false;
    for (LaneId id = 0; id < m_store->laneCount(); ++id) {
        const auto& events = m_store->lane(id).events;
        for (std::uint32_t i = 0; i < events.size(); ++i) {
            if (events[i].kind != EventKind::PutDone)
                continue;
            const SelectionDescription put = describeSelection(*m_store, Selection::ofEvent(id, events.id(i)));
            QCOMPARE(put.what, QStringLiteral("put"));
            QCOMPARE(put.duration, std::int64_t(-1));
            QVERIFY2(put.details.contains(QStringLiteral("jobs")), qPrintable(put.details));
            sawPut = true;
        }
    }
    QVERIFY(sawPut);
    QVERIFY(!describeSelection(*m_store, Selection::ofSpan(99, 0)).valid);
    QVERIFY(!describeSelection(*m_store, Selection::ofEvent(0, 100000)).valid);
    // A span selection names its span by the event that opened it: another event there names none.
    QVERIFY(!describeSelection(*m_store, Selection::ofSpan(lane, m_store->lane(lane).spans[index].closing)).valid);
}

// The live path as the main window drives it: drain, notify, move "now", paint; following slides the
// window while the lane appears and its open spans grow.
void TestTimelineWidget::liveRunGrowsAndFollows()
{
    ScenarioRun run(RunOptions{.speed = 5});
    TraceStore store(run.context().sharedStrings());
    m_widget->setStore(&store);
    m_state->setFollowLive(true);
    m_state->setRange({0, 200'000'000});
    run.start([] {
        auto ticker = Thread::create(
            [] {
                for (int i = 0; i < 5; ++i)
                    sleep(0.1);
            },
            {.name = QStringLiteral("ticker")});
        ticker->start();
        ticker->join();
    });
    TraceRecorder recorder(run, store);
    QSignalSpy ranges(m_state.get(), &ViewState::rangeChanged);
    const QDeadlineTimer deadline(20'000);
    bool sawOpenSpan = false;
    while (!run.isFinished() && !deadline.hasExpired()) {
        recorder.drainOnce();
        m_widget->notifyStoreChanged(recorder.lastChange());
        m_widget->setNowTs(run.context().clock().nowNs());
        m_widget->viewport()->repaint();
        if (store.laneCount() > 1 && !store.lane(1).openSpans.empty())
            sawOpenSpan = true;
        QTest::qWait(5);
    }
    QVERIFY(run.isFinished());
    recorder.drainOnce();
    m_widget->notifyStoreChanged(recorder.lastChange());
    m_widget->setNowTs(-1);
    QVERIFY(sawOpenSpan);
    QCOMPARE(store.laneCount(), std::size_t(2));
    QVERIFY(!m_widget->laneRect(1).isEmpty());
    // Half a scenario second in a 0.2 s window: following had to slide it, keeping its width.
    QVERIFY(ranges.count() > 0);
    QVERIFY(m_state->range().from > 0);
    QCOMPARE(m_state->range().duration(), std::int64_t(200'000'000));
    QVERIFY(m_state->range().to >= store.lane(1).spans.back().end);
    m_widget->setStore(nullptr);
}

// The window's legend listed Threadline's states for an opened Chrome trace, which has none of them (a reviewer): it
// lists the trace's own slice names, and a lesson's run the states it shows.
void TestTimelineWidget::anotherToolsTraceHasItsOwnLegend()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    const StringId frame = strings->intern(QStringLiteral("frame"));
    store.append(std::vector<Event>{Event{0, 0, 0, EventKind::SliceBegin, 0, 0, frame, 0, 0},
                                    Event{100, 0, 0, EventKind::SliceEnd, 0, 0, frame, 0, 0}});
    TraceMetadata meta;
    meta.file = QStringLiteral("/tmp/other.json");
    meta.source = QString::fromLatin1(TraceMetadata::kFile);
    store.setMetadata(meta);
    m_widget->setStore(&store);
    QCOMPARE(m_widget->legendTexts(), QStringList{QStringLiteral("frame")});
    m_widget->setStore(m_store.get());
    QVERIFY(m_widget->legendTexts().contains(QStringLiteral("sleeping")));
    m_widget->setStore(nullptr);
}

// A live run's legend lists what the run has shown so far: a state or marker shown for the first time may need
// another row of the legend, which the plot gives up at once.
void TestTimelineWidget::aLiveRunsLegendGrowsAndThePlotMakesRoom()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    store.append(std::vector<Event>{{0, 0, 0, EventKind::RunBegin}});
    m_widget->resize(360, 420);
    m_widget->setStore(&store);
    QCOMPARE(m_widget->legendTexts(), (QStringList{QStringLiteral("running"), QStringLiteral("alive (lifetime)")}));
    const int before = m_widget->plotRect().height();

    const std::vector<Event> more{{10, 0, 1, EventKind::SleepBegin},
                                  {20, 0, 2, EventKind::SleepEnd},
                                  {30, 0, 3, EventKind::ExitWaitBegin},
                                  {40, 0, 4, EventKind::ExitWaitEnd},
                                  {50, 0, 5, EventKind::Exit}};
    m_widget->notifyStoreChanged(store.append(more));
    QCOMPARE(m_widget->legendTexts().size(), 5);
    QVERIFY2(m_widget->plotRect().height() < before,
             qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(m_widget->plotRect().height())));
    m_widget->setStore(nullptr);
}

QTEST_MAIN(TestTimelineWidget)
#include "tst_timelinewidget.moc"