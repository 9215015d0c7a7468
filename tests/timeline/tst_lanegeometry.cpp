#include "scenarios/headlessrun.h"
#include "scenarios/scenario.h"
#include "synthetictrace.h"
#include "timeline/callouts.h"
#include "timeline/counterrows.h"
#include "timeline/lanegeometry.h"
#include "timeline/timelinecoordinates.h"
#include "timeline/timelinelayout.h"
#include "timeline/traceindex.h"
#include "trace/stringtable.h"

#include <QTest>

#include <cmath>

using namespace tl;
using namespace tl::ui;

// The geometry builders: culling to the visible window and folding what is thinner than a pixel, so
// that the size of a lane's draw list follows the pixels, not the events.
class TestLaneGeometry : public QObject {
    Q_OBJECT
private slots:
    void foldsSubPixelSpans_data();
    void foldsSubPixelSpans();
    void foldedColumnShowsTheDominantState_data();
    void foldedColumnShowsTheDominantState();
    void culledToTheVisibleWindow();
    void hitReturnsTheInnermostSpan();
    void indexIsIncremental();
    void degenerateParams();
    void bandsLowerThanTheirTextAreUnlabelled();
    void nestedSlicesHaveAStripEach();
    void anotherToolsCounterIsAStepChartOfDoubles();
    void anErrorsCalloutWinsItsRoomOverALesserOne();
    void theStopsKeyboardInterruptIsDrawnAsTheStop();
    void aDaemonsCutIsNotHiddenByThePrintsBeforeIt();
    void noLeaderCrossesAnotherCallout();
    void aCalloutKeepsOffABandsOnlyWords();
    void aFaultsBoxMovesTheWordsItCovers();
    void aTimersFiringIsToldNotItsWaitsTimeout();
    void aTimersCancelIsToldToo();
    void aPotentialDeadlockIsSaidToBeOne();
    void aPrintIsToldInTheProgramsWords();
    void aPrintIsShownWholeOrNotAtAll();
    void theRaceLessonShowsTheLostUpdates();
    void aPrintAtAKeyMomentIsToldInItsBox();
    void anExitWaitTooShortToSeeHasNoCallout();
    void aPrintGivesWayAndKeepsOffOtherPoints();
};

namespace {

// An uncaught exception on main's lane at ts: "TYPE: MESSAGE", as a callout says it.
Event errorEvent(StringTable& strings, std::int64_t ts, const QString& type, const QString& message)
{
    return {ts, 0, 0, EventKind::Error, 0, 0, strings.intern(type), strings.intern(message), 0};
}

// MainThread's lane with `events` after its creation and run-begin, ended at 1 s; its callouts over 1000 px.
LaneGeometry calloutsOf(TraceStore& store, StringTable& strings, const std::vector<Event>& events)
{
    std::vector<Event> all{
        {0, 0, 0, EventKind::ThreadCreated, 0, 0, 0, strings.intern(QStringLiteral("MainThread")), 0},
        {0, 0, 0, EventKind::RunBegin, 0, 0, 0, 0, 0}};
    all.insert(all.end(), events.begin(), events.end());
    all.push_back({1'000'000'000, 0, 0, EventKind::RunEnd, 0, 0, 0, 0, 0});
    store.append(all);
    TraceIndex index;
    index.reset(store);
    static const QFontMetricsF metrics(QFont(QStringLiteral("DejaVu Sans"), 9));
    const GeometryParams params{{0, 1'000'000'000}, 0, 1000, store.endTs(), &metrics};
    return buildLaneGeometry(store, store.lane(0), index.lane(0), params, 24);
}

// The texts of g's callouts, in time order.
QStringList textsOf(const LaneGeometry& g)
{
    QStringList texts;
    for (const CalloutMark& c : g.callouts)
        texts << c.text;
    return texts;
}

// The callouts' words on each lane but main's of a lesson's headless run, seen whole over `width` px; in text `pixels`
// high, else of 9 points.
QStringList lessonCallouts(const QString& lesson, int pixels = 0, double width = 1200)
{
    QFont font(QStringLiteral("DejaVu Sans"), 9);
    if (pixels > 0)
        font.setPixelSize(pixels);
    const QFontMetricsF metrics(font);
    const Scenario* scenario = findScenario(lesson);
    const auto values = resolveParameters(scenario->parameters, QList<QPair<QString, QString>>{});
    auto store = runHeadless(*scenario, values.value(), RunOptions{.speed = kSpeedMax});
    TraceIndex index;
    index.reset(*store);
    QStringList texts;
    for (LaneId lane = 1; lane < store->laneCount(); ++lane) {
        const GeometryParams params{{0, store->endTs()}, 0, width, store->endTs(), &metrics};
        texts << textsOf(buildLaneGeometry(*store, store->lane(lane), index.lane(lane), params, 24));
    }
    return texts;
}

// A print of `text` on main's lane at ts.
Event printEvent(StringTable& strings, std::int64_t ts, const QString& text)
{
    return {ts, 0, 0, EventKind::Print, 0, 0, strings.intern(text), 0, 0};
}

// Whether the line from c's box to its point crosses another callout's box.
bool leaderCrossesABox(const LaneGeometry& g, const CalloutMark& c)
{
    const double boxX = c.anchor.x() < c.box.left() ? c.box.left() : c.box.right();
    const QRectF leader(QPointF(std::min(boxX, c.anchor.x()), c.box.top()),
                        QPointF(std::max(boxX, c.anchor.x()), c.box.bottom()));
    return std::any_of(g.callouts.begin(), g.callouts.end(),
                       [&](const CalloutMark& other) { return &other != &c && other.box.intersects(leader); });
}

} // namespace

void TestLaneGeometry::foldsSubPixelSpans_data()
{
    QTest::addColumn<int>("sleeps");
    QTest::addColumn<qint64>("sleepNs");
    QTest::newRow("100k sleeps of 1 ns in 1 s") << 100'000 << qint64(1);
    QTest::newRow("100k sleeps of 5 us in 1 s") << 100'000 << qint64(5'000);
    QTest::newRow("10 wide sleeps") << 10 << qint64(10'000'000);
}

void TestLaneGeometry::foldsSubPixelSpans()
{
    QFETCH(int, sleeps);
    QFETCH(qint64, sleepNs);
    auto store = test::syntheticTrace(1, sleeps, 1'000'000'000, sleepNs);
    TraceIndex index;
    index.reset(*store);
    const double width = 1000;
    const GeometryParams params{{0, 1'000'000'000}, 0, width, store->endTs(), nullptr};
    const LaneGeometry g = buildLaneGeometry(*store, store->lane(0), index.lane(0), params, 24);
    // One run band plus at most one mark per pixel column for the sleeps.
    QVERIFY2(g.spans.size() <= 1 + std::size_t(width) + 1, qPrintable(QString::number(g.spans.size())));
    QVERIFY(g.spans.size() >= std::min<std::size_t>(1 + sleeps, 2));
    int folded = 0;
    for (const SpanMark& m : g.spans) {
        QVERIFY(m.rect.left() >= -2 && m.rect.right() <= width + 2);
        folded += m.folded ? 1 : 0;
    }
    QCOMPARE(folded > 0, sleeps > 1000);
}

void TestLaneGeometry::foldedColumnShowsTheDominantState_data()
{
    QTest::addColumn<qint64>("exitWaitNs");
    QTest::addColumn<int>("expected");
    // One pixel column is 1 ms; it holds one exit-wait, then 20 sleeps of 40 us (800 us in all).
    QTest::newRow("a short exit-wait first, sleeps fill the column") << qint64(1'000) << int(LaneState::Sleeping);
    QTest::newRow("the exit-wait fills the column") << qint64(900'000) << int(LaneState::ExitWait);
}

// A folded column is painted in the state that fills most of it, not the first span's.
void TestLaneGeometry::foldedColumnShowsTheDominantState()
{
    QFETCH(qint64, exitWaitNs);
    QFETCH(int, expected);
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    std::vector<Event> events{
        {0, 0, 0, EventKind::ThreadCreated, 0, 0, 0, strings->intern(QStringLiteral("MainThread")), 0},
        {0, 0, 0, EventKind::RunBegin, 0, 0, 0, 0, 0},
        {0, 0, 0, EventKind::ExitWaitBegin, 0, 0, 0, 0, 0},
        {exitWaitNs, 0, 0, EventKind::ExitWaitEnd, 0, 0, 0, 0, 0}};
    const std::int64_t sleepsFrom = exitWaitNs == 1'000 ? 100'000 : 910'000;
    const std::int64_t sleepNs = exitWaitNs == 1'000 ? 40'000 : 4'000;
    for (int i = 0; i < 20; ++i) {
        const std::int64_t at = sleepsFrom + i * (sleepNs + 100);
        events.push_back({at, 0, 0, EventKind::SleepBegin, 0, 0, 0, 0, 0});
        events.push_back({at + sleepNs, 0, 0, EventKind::SleepEnd, 0, 0, 0, 0, 0});
    }
    events.push_back({1'000'000'000, 0, 0, EventKind::RunEnd, 0, 0, 0, 0, 0});
    store.append(events);
    TraceIndex index;
    index.reset(store);
    const GeometryParams params{{0, 1'000'000'000}, 0, 1000, store.endTs(), nullptr};
    const LaneGeometry g = buildLaneGeometry(store, store.lane(0), index.lane(0), params, 24);
    const auto column = std::find_if(g.spans.begin(), g.spans.end(), [](const SpanMark& m) { return m.folded; });
    QVERIFY(column != g.spans.end());
    QCOMPARE(column->rect.left(), 0.0);
    QCOMPARE(int(column->state), expected);
    QCOMPARE(int(store.lane(0).spans[column->span].state), expected); // hover and click agree with the colour
}

void TestLaneGeometry::culledToTheVisibleWindow()
{
    auto store = test::syntheticTrace(1, 1000, 1'000'000'000, 100'000);
    TraceIndex index;
    index.reset(*store);
    // A window of about 10 sleep periods (a period is ~1 ms).
    const TimeRange window{500'000'000, 510'000'000};
    const GeometryParams params{window, 100, 800, store->endTs(), nullptr};
    const LaneGeometry g = buildLaneGeometry(*store, store->lane(0), index.lane(0), params, 24);
    const auto& spans = store->lane(0).spans;
    for (const SpanMark& m : g.spans) {
        const Span& s = spans[m.span];
        QVERIFY(s.end > window.from && s.begin < window.to);
    }
    // The ~10 visible sleeps, none folded at this zoom; the run span as one lifetime track and as running
    // bands in the gaps between the sleeps, never under them.
    const auto count = [&](LaneState state, SpanMark::Kind kind) {
        return std::count_if(g.spans.begin(), g.spans.end(),
                             [&](const SpanMark& m) { return m.state == state && m.kind == kind; });
    };
    QVERIFY(count(LaneState::Sleeping, SpanMark::Kind::Band) >= 10 &&
            count(LaneState::Sleeping, SpanMark::Kind::Band) <= 12);
    QCOMPARE(count(LaneState::Running, SpanMark::Kind::Lifetime), 1);
    QCOMPARE(count(LaneState::Running, SpanMark::Kind::Band), count(LaneState::Sleeping, SpanMark::Kind::Band) + 1);
    for (const SpanMark& m : g.spans) {
        QVERIFY(!m.folded);
        if (m.state != LaneState::Running || m.kind != SpanMark::Kind::Band)
            continue;
        for (const SpanMark& sleep : g.spans) {
            if (sleep.state == LaneState::Sleeping)
                QVERIFY(m.rect.right() <= sleep.rect.left() + 0.01 || m.rect.left() >= sleep.rect.right() - 0.01);
        }
    }
}

void TestLaneGeometry::hitReturnsTheInnermostSpan()
{
    auto store = test::syntheticTrace(1, 4, 1'000'000'000, 100'000'000);
    TraceIndex index;
    index.reset(*store);
    const TimeRange range{0, 1'000'000'000};
    const GeometryParams params{range, 50, 1000, store->endTs(), nullptr};
    const LaneGeometry g = buildLaneGeometry(*store, store->lane(0), index.lane(0), params, 24);
    const auto& spans = store->lane(0).spans;
    for (std::uint32_t i = 0; i < spans.size(); ++i) {
        const Span& s = spans[i];
        if (s.state != LaneState::Sleeping)
            continue;
        const double x = timeToX(s.begin + (s.end - s.begin) / 2, range, 50, 1000);
        const Selection hit = hitLaneGeometry(g, store->lane(0), QPointF(x, 18), 24);
        QCOMPARE(hit, Selection::ofSpan(0, s.opening));
    }
    // Between sleeps the run band answers.
    const Selection run =
        hitLaneGeometry(g, store->lane(0), QPointF(timeToX(spans[1].begin - 1'000'000, range, 50, 1000), 18), 24);
    QCOMPARE(run.kind, Selection::Kind::Span);
    QCOMPARE(store->spanOpenedBy(0, run.event)->state, LaneState::Running);
    // The lifetime track along the row's foot is the run span too ("alive").
    const Selection life = hitLaneGeometry(g, store->lane(0), QPointF(500, 22), 24);
    QCOMPARE(life, run);
    // Above the band, where no marker is: nothing.
    QCOMPARE(hitLaneGeometry(g, store->lane(0), QPointF(500, 1), 24), Selection());
}

void TestLaneGeometry::indexIsIncremental()
{
    auto store = test::syntheticTrace(1, 3, 1'000'000, 1000);
    TraceIndex index;
    index.reset(*store);
    QCOMPARE(index.lane(0).byDepth(1).size(), std::size_t(3));
    // A late event, earlier than the last one, rebuilds the lane's spans; the store says so and the index
    // follows.
    const Event late{500, 0, 0, EventKind::SleepBegin, 0, 0, 0, 0, 0};
    const Event lateEnd{600, 0, 0, EventKind::SleepEnd, 0, 0, 0, 0, 0};
    const StoreChange change = store->append(std::vector<Event>{late, lateEnd});
    QCOMPARE(change.rebuiltLanes, std::vector<LaneId>{0});
    index.apply(*store, change);
    QCOMPARE(index.lane(0).byDepth(1).size(), std::size_t(4));
    for (int depth = 0; depth < index.lane(0).depthCount(); ++depth) {
        for (std::uint32_t i : index.lane(0).byDepth(depth))
            QCOMPARE(int(store->lane(0).spans[i].depth), depth);
    }
}

// The timer lesson is about both ends of a Timer: its firing had a callout, a cancel only a small grey dot (a
// reviewer). A cancel that takes effect (the engine and the tracer send none once the timer has fired) says so.
void TestLaneGeometry::aTimersCancelIsToldToo()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    const LaneGeometry g = calloutsOf(store, *strings, {{10'000'000, 0, 0, EventKind::TimerCancelled, 0, 0, 0, 0, 0}});
    QCOMPARE(g.callouts.size(), std::size_t{1});
    QCOMPARE(g.callouts.front().text, QStringLiteral("cancels MainThread: its function never runs"));
}

// A Timer's thread waits on its own Event for the interval; the wait timing out is the Timer firing. Its callout said
// "event.wait timed out", a fault to a learner, at the moment the function runs (found by a reviewer).
void TestLaneGeometry::aTimersFiringIsToldNotItsWaitsTimeout()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    const LaneGeometry g = calloutsOf(store, *strings,
                                      {{10'000'000, 0, 0, EventKind::EventWaitBegin, 0, 0, 0, 1, 500},
                                       {510'000'000, 0, 0, EventKind::EventWaitEnd, EventFlag::TimedOut, 0, 0, 1, 0},
                                       {510'000'100, 0, 0, EventKind::TimerFired, 0, 0, 0, 0, 0}});
    QStringList texts;
    for (const CalloutMark& c : g.callouts)
        texts << c.text;
    QCOMPARE(texts, QStringList{QStringLiteral("timer fired: its function runs")});
    // Any other wait that times out keeps its callout.
    TraceStore other(strings);
    const LaneGeometry waited =
        calloutsOf(other, *strings,
                   {{10'000'000, 0, 0, EventKind::EventWaitBegin, 0, 0, 0, 1, 500},
                    {510'000'000, 0, 0, EventKind::EventWaitEnd, EventFlag::TimedOut, 0, 0, 1, 0}});
    QCOMPARE(waited.callouts.size(), std::size_t(1));
    QCOMPARE(waited.callouts[0].text, QStringLiteral("event.wait timed out"));
}

// The KeyboardInterrupt Threadline's Stop raised in main (EventFlag::ByStop): a stop's square and words that say
// Threadline stopped it, never the red cross and a bare "KeyboardInterrupt" that read as the program's crash.
void TestLaneGeometry::theStopsKeyboardInterruptIsDrawnAsTheStop()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    Event stop = errorEvent(*strings, 500'000'000, QStringLiteral("KeyboardInterrupt"), QString());
    stop.flags = EventFlag::ByStop;
    // The join it ended is told too, but the stop has the room first: zoomed out, the join's words took it all.
    const LaneGeometry g =
        calloutsOf(store, *strings,
                   {{10'000'000, 0, 0, EventKind::JoinBegin, 0, 0, 0, 0, 0},
                    {499'000'000, 0, 0, EventKind::JoinEnd, EventFlag::TimedOut | EventFlag::Interrupted, 0, 0, 0, 0},
                    stop});
    QVERIFY2(textsOf(g).contains(QStringLiteral("stopped by Threadline (KeyboardInterrupt)")),
             qPrintable(textsOf(g).join(QStringLiteral(" | "))));
    const auto told = std::find_if(g.callouts.begin(), g.callouts.end(),
                                   [&](const CalloutMark& c) { return store.event(c.event).kind == EventKind::Error; });
    QVERIFY(told != g.callouts.end());
    QCOMPARE(told->kind, EventKind::Stopped);
    const auto marker = std::find_if(g.markers.begin(), g.markers.end(),
                                     [&](const MarkerMark& m) { return store.event(m.event).ts == stop.ts; });
    QVERIFY(marker != g.markers.end());
    QCOMPARE(marker->kind, EventKind::Stopped);
}

// A daemon cut at exit a moment after its prints: its square is the column's marker, ahead of the prints that came
// first in the pixel (producer-consumer's consumers, zoomed out, showed a print circle and no square), however many.
void TestLaneGeometry::aDaemonsCutIsNotHiddenByThePrintsBeforeIt()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    std::vector<Event> events;
    for (int n = 0; n < 12; ++n) // 1 px is 1 ms: all in the column of 990 ms
        events.push_back(printEvent(*strings, 990'000'000 + n * 50'000, QStringLiteral("item %1 done").arg(n)));
    events.push_back({990'900'000, 0, 0, EventKind::DaemonStopped, 0, 0, 0, 0, 0});
    const LaneGeometry g = calloutsOf(store, *strings, events);
    const auto column =
        std::find_if(g.markers.begin(), g.markers.end(), [](const MarkerMark& m) { return std::floor(m.x) == 990; });
    QVERIFY(column != g.markers.end());
    QCOMPARE(column->kind, EventKind::DaemonStopped);
    QCOMPARE(column->count, 13u);
}

// Zoomed out, hello's RuntimeError lost its callout: the timed-out join before it took the room up to its point,
// the exit after it the room to its right. What went wrong is placed first; the others take what is left.
void TestLaneGeometry::anErrorsCalloutWinsItsRoomOverALesserOne()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    const LaneGeometry g = calloutsOf(store, *strings,
                                      {{10'000'000, 0, 0, EventKind::JoinBegin, 0, 0, 0, 0, 0},
                                       {10'000'000, 0, 0, EventKind::JoinEnd, EventFlag::TimedOut, 0, 0, 0, 0},
                                       errorEvent(*strings, 70'000'000, QStringLiteral("RuntimeError"),
                                                  QStringLiteral("threads can only be started once")),
                                       {100'000'000, 0, 0, EventKind::Exit, 0, 0, 0, 0, 0}});
    QStringList texts;
    for (const CalloutMark& c : g.callouts)
        texts << c.text;
    QVERIFY2(texts.contains(QStringLiteral("RuntimeError: threads can only be started once")),
             qPrintable(texts.join(QStringLiteral(" | "))));
    // The join's still has a place; the exit's, whose only room is past the error's box, has none.
    QCOMPARE(g.callouts.size(), std::size_t(2));
    for (std::size_t i = 0; i < g.callouts.size(); ++i) {
        const QRectF& box = g.callouts[i].box;
        QVERIFY(box.left() >= 0 && box.right() <= 1000);
        QVERIFY(box.width() >= kMinCalloutWidth);
        QVERIFY(!leaderCrossesABox(g, g.callouts[i]));
        if (i > 0) {
            QVERIFY(!box.intersects(g.callouts[i - 1].box));
            QVERIFY(store.event(g.callouts[i - 1].event).ts <= store.event(g.callouts[i].event).ts); // time order
        }
    }
}

// A program's end, fitted to the view: the exit-wait's box took the room up to the exit's point (at 735 ms its words
// just fit there), and the exit's box went left of it, its leader striking through "exit-wait" (producer-consumer,
// barrier, hello, a stopped script).
void TestLaneGeometry::noLeaderCrossesAnotherCallout()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    const LaneGeometry g = calloutsOf(store, *strings,
                                      {{735'000'000, 0, 0, EventKind::ExitWaitBegin, 0, 0, 0, 0, 0},
                                       {990'000'000, 0, 0, EventKind::ExitWaitEnd, 0, 0, 0, 0, 0},
                                       {995'000'000, 0, 0, EventKind::Exit, 0, 0, 0, 0, 0}});
    QVERIFY(!g.callouts.empty());
    QCOMPARE(store.event(g.callouts.front().event).kind, EventKind::ExitWaitBegin);
    for (const CalloutMark& c : g.callouts)
        QVERIFY2(!leaderCrossesABox(g, c), qPrintable(c.text));
}

// The exit-wait's box, left of the run's end, covered main's last band's words ("q.join()", producer-consumer; a
// reviewer). It keeps off words the lane shows once, shortened to the room beside them, or is left out where there is
// none; words the lane repeats ("sleep" on every band of a consumer) it covers, so that its own stay whole, and those
// move along their band or go. No band's words are ever drawn under a box.
void TestLaneGeometry::aCalloutKeepsOffABandsOnlyWords()
{
    auto strings = std::make_shared<StringTable>();
    const auto wordsUnderABox = [](const LaneGeometry& g) {
        int under = 0;
        for (const SpanLabel& label : g.labels) {
            for (const CalloutMark& c : g.callouts)
                under += c.box.intersects(label.rect) ? 1 : 0;
        }
        return under;
    };
    const std::vector<Event> lastSleep{{800'000'000, 0, 0, EventKind::SleepBegin, 0, 0, 0, 0, 180'000},
                                       {980'000'000, 0, 0, EventKind::SleepEnd, 0, 0, 0, 0, 0},
                                       {990'000'000, 0, 0, EventKind::ExitWaitBegin, 0, 0, 0, 0, 0},
                                       {995'000'000, 0, 0, EventKind::ExitWaitEnd, 0, 0, 0, 0, 0}};
    TraceStore once(strings);
    const LaneGeometry single = calloutsOf(once, *strings, lastSleep);
    QCOMPARE(single.labels.size(), std::size_t(1));
    QCOMPARE(single.labels[0].text, QStringLiteral("sleep"));
    QCOMPARE(single.callouts.size(), std::size_t(1));
    QVERIFY(single.callouts[0].text.endsWith(QStringLiteral("…")));
    QCOMPARE(wordsUnderABox(single), 0);

    std::vector<Event> events{{100'000'000, 0, 0, EventKind::SleepBegin, 0, 0, 0, 0, 100'000},
                              {200'000'000, 0, 0, EventKind::SleepEnd, 0, 0, 0, 0, 0}};
    events.insert(events.end(), lastSleep.begin(), lastSleep.end());
    TraceStore twice(strings);
    const LaneGeometry repeated = calloutsOf(twice, *strings, events);
    QCOMPARE(repeated.callouts.size(), std::size_t(1));
    QCOMPARE(repeated.callouts[0].text, QStringLiteral("exit-wait: joins the non-daemon threads"));
    QCOMPARE(wordsUnderABox(repeated), 0);
    QVERIFY(!repeated.labels.empty()); // the first sleep's, which no box is near

    // A lesser callout with no room beside words shown once is left out; they stay whole.
    TraceStore narrow(strings);
    const LaneGeometry tight = calloutsOf(narrow, *strings,
                                          {{930'000'000, 0, 0, EventKind::SleepBegin, 0, 0, 0, 0, 50'000},
                                           {985'000'000, 0, 0, EventKind::SleepEnd, 0, 0, 0, 0, 0},
                                           {990'000'000, 0, 0, EventKind::ExitWaitBegin, 0, 0, 0, 0, 0},
                                           {995'000'000, 0, 0, EventKind::ExitWaitEnd, 0, 0, 0, 0, 0}});
    QCOMPARE(tight.labels.size(), std::size_t(1));
    QCOMPARE(tight.labels[0].text, QStringLiteral("sleep"));
    QCOMPARE(wordsUnderABox(tight), 0);
}

// What went wrong may cover a band's only words; they move past its box, along their band (the deadlock lesson's
// "acquire b" was cut to "a" beside "deadlock on b: ...", a reviewer).
void TestLaneGeometry::aFaultsBoxMovesTheWordsItCovers()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    const LaneGeometry g =
        calloutsOf(store, *strings,
                   {{5'000'000, 0, 0, EventKind::SleepBegin, 0, 0, 0, 0, 900'000},
                    errorEvent(*strings, 6'000'000, QStringLiteral("RuntimeError"), QStringLiteral("boom")),
                    {905'000'000, 0, 0, EventKind::SleepEnd, 0, 0, 0, 0, 0}});
    QCOMPARE(g.callouts.size(), std::size_t(1));
    QCOMPARE(g.callouts[0].text, QStringLiteral("RuntimeError: boom"));
    QCOMPARE(g.labels.size(), std::size_t(1));
    QCOMPARE(g.labels[0].text, QStringLiteral("sleep"));
    QVERIFY2(g.labels[0].rect.left() > g.callouts[0].box.right(), "the words moved past the box");
}

// The status bar said "Potential deadlock: ..." while the callout on the lane said "deadlock".
void TestLaneGeometry::aPotentialDeadlockIsSaidToBeOne()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    const LaneGeometry g =
        calloutsOf(store, *strings,
                   {{100'000'000, 0, 0, EventKind::Deadlock, EventFlag::Potential, 0, kNoValue, 0, kNoValue},
                    {500'000'000, 0, 0, EventKind::Deadlock, 0, 0, kNoValue, 0, kNoValue}});
    QCOMPARE(g.callouts.size(), std::size_t(2));
    QCOMPARE(g.callouts[0].text, QStringLiteral("potential deadlock: waits for MainThread"));
    QCOMPARE(g.callouts[1].text, QStringLiteral("deadlock: waits for MainThread"));
}

// The race lesson's lost updates were there only in the console: each print was a black dot (a reviewer). A print
// is told in the program's words; the lane's own name, which a print often begins with, is left out, as the lane
// shows it beside them.
void TestLaneGeometry::aPrintIsToldInTheProgramsWords()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    const LaneGeometry g = calloutsOf(store, *strings,
                                      {printEvent(*strings, 100'000'000, QStringLiteral("MainThread read 0")),
                                       printEvent(*strings, 300'000'000, QStringLiteral("MainThread: done")),
                                       printEvent(*strings, 500'000'000, QStringLiteral("MainThreads agree")),
                                       printEvent(*strings, 700'000'000, QStringLiteral("MainThread")),
                                       printEvent(*strings, 800'000'000, QString()),
                                       printEvent(*strings, 900'000'000, QStringLiteral("counter = 3"))});
    QCOMPARE(textsOf(g),
             (QStringList{QStringLiteral("read 0"), QStringLiteral("done"), QStringLiteral("MainThreads agree"),
                          QStringLiteral("MainThread"), QStringLiteral("counter = 3")}));
    // A name followed by '-' or '.' is another word.
    TraceStore other(strings);
    QCOMPARE(textsOf(calloutsOf(other, *strings,
                                {printEvent(*strings, 100'000'000, QStringLiteral("MainThread-2 done")),
                                 printEvent(*strings, 500'000'000, QStringLiteral("MainThread.x = 5"))})),
             (QStringList{QStringLiteral("MainThread-2 done"), QStringLiteral("MainThread.x = 5")}));
}

// A print gives way to every other callout, and is never cut short: where its words do not fit whole they are left
// out (many cut lines would hide the bands and say little).
void TestLaneGeometry::aPrintIsShownWholeOrNotAtAll()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    const QString longLine = QStringLiteral("a line of the program's output far too long for the room beside it here");
    const LaneGeometry g = calloutsOf(store, *strings,
                                      {printEvent(*strings, 100'000'000, longLine),
                                       {110'000'000, 0, 0, EventKind::TimerCancelled, 0, 0, 0, 0, 0},
                                       printEvent(*strings, 900'000'000, QStringLiteral("done"))});
    QCOMPARE(textsOf(g),
             (QStringList{QStringLiteral("cancels MainThread: its function never runs"), QStringLiteral("done")}));
    // With the room, the same line is shown whole.
    TraceStore alone(strings);
    const LaneGeometry whole = calloutsOf(alone, *strings, {printEvent(*strings, 100'000'000, longLine)});
    QCOMPARE(textsOf(whole), QStringList{longLine});
}

// The race lesson's point, on its lanes: both threads read the same values and write the same ones, so updates are
// lost. The lock lesson's threads never repeat one.
void TestLaneGeometry::theRaceLessonShowsTheLostUpdates()
{
    // A write and the next read, a microsecond apart, in one box: both threads say the same.
    const QStringList race = lessonCallouts(QStringLiteral("race"));
    const QStringList oneThread{QStringLiteral("read 0"), QStringLiteral("wrote 1 · read 1"),
                                QStringLiteral("wrote 2 · read 2"), QStringLiteral("wrote 3")};
    QCOMPARE(race, oneThread + oneThread);
    // A slide's text (--font-scale 2: 26 px, an 850 px plot in a 1200 px picture): the boxes before "wrote 3" took
    // its room, and the lesson's point was lost (a user-tester). A lane's last print takes its room first.
    QCOMPARE(lessonCallouts(QStringLiteral("race"), 26, 850).count(QStringLiteral("wrote 3")), 2);
    // Under the lock every value is written once: 1 to 6, between the two threads.
    const QStringList lock = lessonCallouts(QStringLiteral("lock"));
    QStringList written;
    for (const QString& text : lock) {
        for (const QString& said : text.split(QStringLiteral(" · "))) {
            if (said.startsWith(QStringLiteral("wrote ")))
                written << said;
        }
    }
    written.sort();
    QCOMPARE(written, (QStringList{QStringLiteral("wrote 1"), QStringLiteral("wrote 2"), QStringLiteral("wrote 3"),
                                   QStringLiteral("wrote 4"), QStringLiteral("wrote 5"), QStringLiteral("wrote 6")}));
}

// The timer lesson's "ring", printed as its timer fires, had no room beside "timer fired: its function runs" and was
// lost (a user-reviewer): prints just after a key moment are told in its box, after its words.
void TestLaneGeometry::aPrintAtAKeyMomentIsToldInItsBox()
{
    const QStringList timer = lessonCallouts(QStringLiteral("timer"));
    QVERIFY2(timer.contains(QStringLiteral("timer fired: its function runs · ring")), qPrintable(timer.join(" | ")));
    // The barrier's late phase: the fault first, then what the program printed of it.
    const QStringList barrier = lessonCallouts(QStringLiteral("barrier"));
    QVERIFY2(barrier.contains(QStringLiteral("barrier.wait: BrokenBarrierError · phase 2: the barrier is broken")),
             qPrintable(barrier.join(" | ")));
    // Not the traceback an uncaught error prints to stderr just after it: the fault's box told it line by line.
    auto strings = std::make_shared<StringTable>();
    TraceStore failed(strings);
    Event traceback = printEvent(*strings, 500'000'100, QStringLiteral("Traceback (most recent call last):"));
    traceback.flags = EventFlag::Stderr;
    const QStringList told = textsOf(
        calloutsOf(failed, *strings,
                   {{500'000'000, 0, 0, EventKind::Error, 0, 0, strings->intern(QStringLiteral("ZeroDivisionError")),
                     strings->intern(QStringLiteral("division by zero")), 0},
                    traceback}));
    QVERIFY2(!told.isEmpty() && !told.join(" | ").contains(QStringLiteral("Traceback")), qPrintable(told.join(" | ")));
}

// An exit-wait of a microsecond (every thread was joined) had a callout for a band too narrow to see.
void TestLaneGeometry::anExitWaitTooShortToSeeHasNoCallout()
{
    auto strings = std::make_shared<StringTable>();
    const auto exitAfter = [&strings](std::int64_t waitNs) {
        TraceStore store(strings);
        return textsOf(calloutsOf(store, *strings,
                                  {{900'001'000, 0, 0, EventKind::ExitWaitBegin, 0, 0, 0, 0, 0},
                                   {900'001'000 + waitNs, 0, 0, EventKind::ExitWaitEnd, 0, 0, 0, 0, 0}}));
    };
    QCOMPARE(exitAfter(1'000), QStringList());
    QCOMPARE(exitAfter(90'000'000), QStringList{QStringLiteral("exit-wait: joins the non-daemon threads")});
}

// A print takes only the room the other callouts leave, never covers another point with its box, and has no leader
// through another box; prints too many to a pixel are not told at all (a program may print millions of lines).
void TestLaneGeometry::aPrintGivesWayAndKeepsOffOtherPoints()
{
    auto strings = std::make_shared<StringTable>();
    // The cancel's box, with no room right of its point, goes left, over the print's room: the print gives way.
    TraceStore ranked(strings);
    QCOMPARE(textsOf(calloutsOf(ranked, *strings,
                                {printEvent(*strings, 900'000'000, QStringLiteral("done")),
                                 {905'000'000, 0, 0, EventKind::TimerCancelled, 0, 0, 0, 0, 0}})),
             QStringList{QStringLiteral("cancels MainThread: its function never runs")});
    // The program's last line before the words for its end (the race lesson's "counter = 3, expected 6" gave way
    // to "exit: the program ends", a reviewer): its box goes left of its point, and the exit's has no room left.
    TraceStore last(strings);
    QCOMPARE(textsOf(calloutsOf(last, *strings,
                                {printEvent(*strings, 990'000'000, QStringLiteral("counter = 3, expected 6")),
                                 {990'000'100, 0, 0, EventKind::Exit, 0, 0, 0, 0, 0}})),
             QStringList{QStringLiteral("counter = 3, expected 6")});
    // A print that fits nowhere has no box, and the next ones may not cover its point.
    TraceStore neighbours(strings);
    QCOMPARE(textsOf(calloutsOf(neighbours, *strings,
                                {printEvent(*strings, 100'000'000, QString(400, QLatin1Char('x'))),
                                 printEvent(*strings, 140'000'000, QStringLiteral("between")),
                                 printEvent(*strings, 141'000'000, QStringLiteral("after"))})),
             QStringList{QStringLiteral("between · after")});
    // Prints a few pixels apart share one box, right of the last: a box for the last alone hid the others (a
    // user-reviewer's producer: "put 0" and "put 1" 0.04 ms apart, "put 2" 3.8 ms later, in a second's run).
    TraceStore close(strings);
    QCOMPARE(textsOf(calloutsOf(close, *strings,
                                {printEvent(*strings, 21'780'000, QStringLiteral("put 0")),
                                 printEvent(*strings, 21'820'000, QStringLiteral("put 1")),
                                 printEvent(*strings, 25'600'000, QStringLiteral("put 2")),
                                 printEvent(*strings, 225'600'000, QStringLiteral("put 3"))})),
             (QStringList{QStringLiteral("put 0 · put 1 · put 2"), QStringLiteral("put 3")}));
    // A print whose point lies just inside another box's end: its leader would cross that box.
    TraceStore under(strings);
    const LaneGeometry cancelOnly =
        calloutsOf(under, *strings, {{100'000'000, 0, 0, EventKind::TimerCancelled, 0, 0, 0, 0, 0}});
    QCOMPARE(cancelOnly.callouts.size(), std::size_t{1});
    const auto boxEndNs = static_cast<std::int64_t>((cancelOnly.callouts[0].box.right() - 2) * 1'000'000);
    TraceStore crossed(strings);
    const LaneGeometry g = calloutsOf(crossed, *strings,
                                      {{100'000'000, 0, 0, EventKind::TimerCancelled, 0, 0, 0, 0, 0},
                                       printEvent(*strings, boxEndNs, QStringLiteral("late"))});
    QCOMPARE(g.callouts.size(), std::size_t{1});
    // Right of its point, where time runs on: a print with no room there is not put left of it, in time before it
    // (two reviewers), unless it is the last in view.
    TraceStore rightOnly(strings);
    QCOMPARE(textsOf(calloutsOf(rightOnly, *strings,
                                {printEvent(*strings, 500'000'000, QStringLiteral("first words of it")),
                                 printEvent(*strings, 540'000'000, QStringLiteral("b")),
                                 printEvent(*strings, 995'000'000, QStringLiteral("the last words"))})),
             (QStringList{QStringLiteral("b"), QStringLiteral("the last words")}));
    // Not back past the lane's beginning: the box of a thread's first print sat before the thread existed.
    TraceStore late(strings);
    const LaneId main = 0;
    const LaneId worker = 1;
    late.append(std::vector<Event>{
        {0, main, 0, EventKind::ThreadCreated, 0, 0, 0, strings->intern(QStringLiteral("MainThread")), 0},
        {0, main, 0, EventKind::RunBegin, 0, 0, 0, 0, 0},
        {600'000'000, worker, 0, EventKind::ThreadCreated, 0, 0, main, strings->intern(QStringLiteral("w")), 0},
        {600'000'000, main, 0, EventKind::Start, 0, 0, worker, 0, 0},
        {600'000'100, worker, 0, EventKind::RunBegin, 0, 0, 0, 0, 0},
        {601'000'000, worker, 0, EventKind::Print, 0, 0, strings->intern(QStringLiteral("first words")), 0, 0},
        {990'000'000, worker, 0, EventKind::RunEnd, 0, 0, 0, 0, 0},
        {1'000'000'000, main, 0, EventKind::RunEnd, 0, 0, 0, 0, 0}});
    TraceIndex index;
    index.reset(late);
    static const QFontMetricsF metrics(QFont(QStringLiteral("DejaVu Sans"), 9));
    // In view up to just after the print: no room right of it, and only the last may go left, which the lane's
    // beginning, a pixel or two before, leaves no room for either.
    const GeometryParams params{{0, 602'000'000}, 0, 1000, late.endTs(), &metrics};
    QCOMPARE(textsOf(buildLaneGeometry(late, late.lane(worker), index.lane(worker), params, 24)), QStringList());
    // Its words do show where the lane leaves room for them: in view from the lane's beginning.
    const GeometryParams fromItsBeginning{{599'000'000, 602'000'000}, 0, 1000, late.endTs(), &metrics};
    QCOMPARE(textsOf(buildLaneGeometry(late, late.lane(worker), index.lane(worker), fromItsBeginning, 24)),
             QStringList{QStringLiteral("first words")});
    // The last line and the exit's words keep off each other's points, whichever has room where (a reviewer: the
    // exit's box, placed after the print's, covered the print's point; a print's box covered the exit's marker).
    for (const std::int64_t exitNs : {990'000'000LL, 740'000'000LL, 900'000'200LL}) {
        TraceStore ending(strings);
        const LaneGeometry g = calloutsOf(ending, *strings,
                                          {printEvent(*strings, exitNs == 740'000'000 ? 700'000'000 : 900'000'000,
                                                      QStringLiteral("counter = 3, expected 6")),
                                           {exitNs, 0, 0, EventKind::Exit, 0, 0, 0, 0, 0}});
        QVERIFY(!g.callouts.empty());
        for (const CalloutMark& c : g.callouts) {
            QVERIFY2(!leaderCrossesABox(g, c), qPrintable(c.text));
            for (const CalloutMark& other : g.callouts)
                QVERIFY2(&other == &c || other.box.left() > c.anchor.x() || other.box.right() < c.anchor.x(),
                         qPrintable(QStringLiteral("%1 covers the point of %2").arg(other.text, c.text)));
        }
    }
    // 5000 prints in 1000 px: none told; the exit among them still is.
    std::vector<Event> many;
    for (int i = 0; i < 5000; ++i)
        many.push_back(printEvent(*strings, 1'000'000 + i * 190'000LL, QStringLiteral("p")));
    many.push_back({960'000'000, 0, 0, EventKind::Exit, 0, 0, 0, 0, 0});
    std::sort(many.begin(), many.end(), [](const Event& a, const Event& b) { return a.ts < b.ts; });
    TraceStore dense(strings);
    QCOMPARE(textsOf(calloutsOf(dense, *strings, many)), QStringList{QStringLiteral("exit: the program ends")});
}

void TestLaneGeometry::degenerateParams()
{
    auto store = test::syntheticTrace(2, 3, 1'000'000, 1000);
    TraceIndex index;
    index.reset(*store);
    const LaneGeometry zeroWidth =
        buildLaneGeometry(*store, store->lane(1), index.lane(1), {{0, 1'000'000}, 0, 0, 0, nullptr}, 24);
    QVERIFY(zeroWidth.spans.empty() && zeroWidth.markers.empty());
    const LaneGeometry emptyRange =
        buildLaneGeometry(*store, store->lane(1), index.lane(1), {{5, 5}, 0, 500, 0, nullptr}, 24);
    QVERIFY(emptyRange.spans.empty() && emptyRange.markers.empty());
    const LaneGeometry outside =
        buildLaneGeometry(*store, store->lane(1), index.lane(1), {{5'000'000, 6'000'000}, 0, 500, 0, nullptr}, 24);
    QVERIFY(outside.spans.empty());
}

// At the smallest lane height, "sleep" and "join Thread-1" were drawn taller than their bands, cut top and bottom.
void TestLaneGeometry::bandsLowerThanTheirTextAreUnlabelled()
{
    auto store = test::syntheticTrace(1, 10, 1'000'000'000, 50'000'000); // sleeps 100 px wide
    TraceIndex index;
    index.reset(*store);
    const QFontMetricsF metrics(QFont(QStringLiteral("DejaVu Sans"), 9));
    const GeometryParams params{{0, 1'000'000'000}, 0, 2000, store->endTs(), &metrics};
    const LaneGeometry tall = buildLaneGeometry(*store, store->lane(0), index.lane(0), params, 40);
    QVERIFY(!tall.labels.empty());
    for (const SpanLabel& l : tall.labels)
        QVERIFY(l.rect.height() >= metrics.height() - 1);
    const LaneGeometry low = buildLaneGeometry(*store, store->lane(0), index.lane(0), params, 12);
    QVERIFY2(low.labels.empty(), qPrintable(QString::number(low.labels.size())));
}

// Another tool's slices nested three deep (a profiler's calls): each depth in a strip of its own, top to bottom,
// none covering another, each labelled across its width (the outermost was drawn under its children, its name
// cut to where the first began; at whole-run zoom a child could hide its parent).
void TestLaneGeometry::nestedSlicesHaveAStripEach()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    const StringId outer = strings->intern("outer"), middle = strings->intern("middle"),
                   inner = strings->intern("inner");
    auto slice = [](std::int64_t ts, EventKind kind, StringId name) { return Event{ts, 0, 0, kind, 0, 0, name, 0, 0}; };
    store.append(std::vector<Event>{slice(0, EventKind::SliceBegin, outer), slice(100, EventKind::SliceBegin, middle),
                                    slice(200, EventKind::SliceBegin, inner), slice(500, EventKind::SliceEnd, inner),
                                    slice(800, EventKind::SliceEnd, middle), slice(1000, EventKind::SliceEnd, outer)});
    TraceIndex index;
    index.reset(store);
    const QFontMetricsF metrics(QFont(QStringLiteral("DejaVu Sans"), 9));
    const int rowHeight = 24 + 2 * TimelineLayout::sliceLevelHeight(24);
    const GeometryParams params{{0, 1000}, 0, 1000, store.endTs(), &metrics};
    const LaneGeometry g = buildLaneGeometry(store, store.lane(0), index.lane(0), params, rowHeight);
    QCOMPARE(g.spans.size(), std::size_t{3});
    for (std::size_t depth = 0; depth < 3; ++depth) {
        const SpanMark& m = g.spans[depth];
        QCOMPARE(int(store.lane(0).spans[m.span].depth), int(depth));
        QCOMPARE(m.rect.left(), double(store.lane(0).spans[m.span].begin));
        QVERIFY(m.rect.height() >= metrics.height());
        QVERIFY(m.rect.top() >= 0 && m.rect.bottom() <= rowHeight);
        if (depth > 0)
            QVERIFY(m.rect.top() >= g.spans[depth - 1].rect.bottom()); // below its parent, not over it
        QCOMPARE(spanBandRect(store.lane(0), store.lane(0).spans[m.span], m.rect.left(), m.rect.right(), rowHeight),
                 m.rect);
    }
    QCOMPARE(g.labels.size(), std::size_t{3});
    for (const SpanLabel& l : g.labels)
        QCOMPARE(l.rect.width(), g.spans[l.span].rect.width() - 6); // the whole band, less its margins
    QCOMPARE(hitLaneGeometry(g, store.lane(0), QPointF(50, g.spans[0].rect.center().y()), rowHeight).event,
             store.lane(0).spans[0].opening);
}

// An opened file's counter: a step line between its least value (or 0) at the foot and its most at the top, both
// written on the row; an infinite sample stays inside the row.
void TestLaneGeometry::anotherToolsCounterIsAStepChartOfDoubles()
{
    const std::vector<std::pair<std::int64_t, double>> points{{0, -1.5}, {250, 0.5}, {500, 2.5}, {750, HUGE_VAL}};
    CounterRowSource source;
    source.values = &points;
    source.valueMin = -1.5;
    source.valueMax = 2.5;
    const int rowHeight = 44;
    const CounterGeometry g = buildCounterGeometry(source, {{0, 1000}, 0, 1000, 1000, nullptr}, rowHeight);
    QCOMPARE(g.scaleTop, QStringLiteral("2.5"));
    QCOMPARE(g.scaleBottom, QStringLiteral("-1.5"));
    QVERIFY(g.outline.size() >= 8);
    double lowest = 0, highest = rowHeight;
    for (const QPointF& pt : g.outline) {
        QVERIFY2(pt.y() >= 0 && pt.y() <= rowHeight, qPrintable(QString::number(pt.y())));
        lowest = std::max(lowest, pt.y());
        highest = std::min(highest, pt.y());
    }
    QCOMPARE(lowest, rowHeight - 4.0); // -1.5 at the foot
    QCOMPARE(highest, 6.0);            // 2.5 (and +inf) at the top
    QCOMPARE(g.outline.last().x(), 1000.0);

    // Values as far apart as doubles go: their span overflowed, and the chart was NaNs (found by a reviewer).
    const std::vector<std::pair<std::int64_t, double>> far{{0, 1}, {250, 1e308}, {500, -1e308}, {750, -HUGE_VAL}};
    source.values = &far;
    source.valueMin = -1e308;
    source.valueMax = 1e308;
    const CounterGeometry wide = buildCounterGeometry(source, {{0, 1000}, 0, 1000, 1000, nullptr}, rowHeight);
    QVERIFY(wide.outline.size() >= 8);
    for (const QPointF& pt : wide.outline)
        QVERIFY2(pt.y() >= 6.0 && pt.y() <= rowHeight - 4.0, qPrintable(QString::number(pt.y())));
    const auto yAt = [&](double x) {
        return std::find_if(wide.outline.rbegin(), wide.outline.rend(), [x](const QPointF& pt) { return pt.x() <= x; })
            ->y();
    };
    QCOMPARE(yAt(300), 6.0);             // 1e308 at the top
    QCOMPARE(yAt(600), rowHeight - 4.0); // -1e308 at the foot
    QCOMPARE(yAt(999), rowHeight - 4.0); // -inf too
}

QTEST_MAIN(TestLaneGeometry)
#include "tst_lanegeometry.moc"
