#include "scenarios/scenario.h"
#include "support/uitestutil.h"
#include "timeline/timelinewidget.h"
#include "timeline/viewstate.h"
#include "trace/tracestore.h"
#include "window/listingview.h"
#include "window/mainwindow.h"
#include "window/runcontroller.h"
#include "window/stateatpanel.h"
#include "window/windowactions.h"

#include "mainwindowtestutil.h"

#include <QAction>
#include <QApplication>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

using namespace tl;
using namespace tl::ui;
using namespace tl::ui::windowtest;

namespace {

constexpr int kTimeoutMs = 20000;

// The State at t row of a thread or queue: "name\tstate\tfor".
QString rowOf(const MainWindow& w, const QString& name)
{
    for (const QString& row : w.stateAt()->rows())
        if (row.section(QLatin1Char('\t'), 0, 0) == name)
            return row.section(QLatin1Char('\t'), 1, 1);
    return QStringLiteral("(no row for %1)").arg(name);
}

QPoint rulerPoint(const TimelineWidget* t, std::int64_t ts)
{
    const QRect plot = t->plotRect();
    const TimeRange r = t->viewState()->range();
    const double share = double(ts - r.from) / double(r.duration());
    return {plot.left() + int(share * plot.width()), plot.top() / 2};
}

} // namespace

// Scrub (issue 10): a playhead over a finished or paused run, moved by the ruler, Home, End, Left and
// Right; State at t lists every thread's state under it; steps of a paused run move it too.
class TestMainWindowScrub : public QObject {
    Q_OBJECT

private slots:
    void keysWalkTheFinishedRunEventByEvent();
    void rulerScrubsAndShiftMeasures();
    void noScrubWhileRunningButWhilePaused();
    void aQueueListsItsItemsInTheirWords();
};

void TestMainWindowScrub::keysWalkTheFinishedRunEventByEvent()
{
    MainWindow w;
    showActive(w);
    QVERIFY(launchLesson(w, QStringLiteral("join-order"), {}, kSpeedMax));
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kTimeoutMs);
    QVERIFY(w.viewState()->scrubAllowed());
    QVERIFY(w.actions()->nextEvent->isEnabled());
    const TraceStore& store = *w.runs()->store();
    TimelineWidget* timeline = w.timeline();
    timeline->setFocus();

    QTest::keyClick(timeline, Qt::Key_Home);
    QCOMPARE(w.viewState()->playhead().value_or(-1), 0);
    // Right visits every event in time order, one at a time, selecting it, its line in the listing.
    const EventView events = store.eventsByTime();
    bool sawSleeping = false;
    for (auto it = events.begin(); it != events.end(); ++it) {
        QTest::keyClick(timeline, Qt::Key_Right);
        QCOMPARE(w.viewState()->selection(), Selection::ofEvent(it->lane, it.id()));
        QCOMPARE(w.viewState()->playhead().value_or(-1), it->ts);
        if (it->line > 0)
            QCOMPARE(w.listing()->highlightedLine(), int(it->line));
        if (it->kind == EventKind::SleepBegin && it->lane == 1) {
            QVERIFY2(rowOf(w, QStringLiteral("Thread-1 (foo)")).startsWith(QStringLiteral("sleeping until")),
                     qPrintable(rowOf(w, QStringLiteral("Thread-1 (foo)"))));
            sawSleeping = true;
        }
    }
    QVERIFY(sawSleeping);
    // At the last event, Right stays; Left goes back one.
    const std::int64_t last = w.viewState()->playhead().value_or(-1);
    QTest::keyClick(timeline, Qt::Key_Right);
    QCOMPARE(w.viewState()->playhead().value_or(-1), last);
    QTest::keyClick(timeline, Qt::Key_Left);
    QCOMPARE(w.viewState()->selection().event, (events.end() - 2).id());

    QTest::keyClick(timeline, Qt::Key_End);
    QCOMPARE(w.viewState()->playhead().value_or(-1), store.endTs());
    QVERIFY(rowOf(w, QStringLiteral("Thread-1 (foo)")).startsWith(QStringLiteral("ended at")));
    QVERIFY(rowOf(w, QStringLiteral("Thread-2 (bar)")).startsWith(QStringLiteral("ended at")));
}

void TestMainWindowScrub::rulerScrubsAndShiftMeasures()
{
    MainWindow w;
    showActive(w);
    QVERIFY(launchLesson(w, QStringLiteral("join-order"), {}, kSpeedMax));
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kTimeoutMs);
    TimelineWidget* timeline = w.timeline();
    QWidget* viewport = timeline->viewport();
    const std::int64_t oneSecond = 1'000'000'000;
    const QPoint at = rulerPoint(timeline, oneSecond);
    QTest::mousePress(viewport, Qt::LeftButton, {}, at);
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, at);
    QVERIFY(w.viewState()->playhead());
    // Within a pixel of 1 s: main is in its join, both threads sleep.
    const double perPixel = double(w.viewState()->range().duration()) / timeline->plotRect().width();
    QVERIFY(std::abs(double(*w.viewState()->playhead() - oneSecond)) <= 2 * perPixel);
    QCOMPARE(rowOf(w, QStringLiteral("MainThread")), QStringLiteral("waiting in join on Thread-1 (foo)"));
    QVERIFY(rowOf(w, QStringLiteral("Thread-2 (bar)")).startsWith(QStringLiteral("sleeping until")));
    QVERIFY(!w.viewState()->measurement());

    // Shift+drag on the ruler measures and leaves the playhead where it was.
    const std::int64_t playhead = *w.viewState()->playhead();
    const QPoint from = rulerPoint(timeline, 2 * oneSecond);
    const QPoint to = rulerPoint(timeline, 3 * oneSecond);
    QTest::mousePress(viewport, Qt::LeftButton, Qt::ShiftModifier, from);
    QMouseEvent move(QEvent::MouseMove, to, viewport->mapToGlobal(to), Qt::NoButton, Qt::LeftButton, Qt::ShiftModifier);
    QApplication::sendEvent(viewport, &move);
    QTest::mouseRelease(viewport, Qt::LeftButton, Qt::ShiftModifier, to);
    QVERIFY(w.viewState()->measurement());
    QCOMPARE(w.viewState()->playhead().value_or(-1), playhead);
}

void TestMainWindowScrub::noScrubWhileRunningButWhilePaused()
{
    MainWindow w;
    showActive(w);
    QVERIFY(launchLesson(w, QStringLiteral("sleeping-workers"), {{"workers", "2"}, {"seconds", "600"}}, 1));
    QTRY_VERIFY_WITH_TIMEOUT(w.runs()->store() && w.runs()->store()->laneCount() == 3, kTimeoutMs);
    QVERIFY(!w.viewState()->scrubAllowed());
    w.viewState()->setPlayhead(0);
    QVERIFY(!w.viewState()->playhead());
    QVERIFY(!w.actions()->playheadStart->isEnabled());

    w.actions()->pause->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(w.runs()->isPaused() && w.runs()->isQuiet(), kTimeoutMs);
    QVERIFY(w.viewState()->scrubAllowed());
    // A step moves the playhead to the stepped event, and State at t follows it. At max, the step's jump
    // over ten minutes of sleep is instant.
    w.actions()->setSpeedFactor(kSpeedMax);
    QSignalSpy stepped(w.runs(), &RunController::stepped);
    w.actions()->step->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(stepped.count(), 1, kTimeoutMs);
    const Event& event = w.runs()->store()->event(stepped.last().at(0).value<EventId>());
    QCOMPARE(w.viewState()->playhead().value_or(-1), event.ts);
    QVERIFY(!w.stateAt()->rows().isEmpty());
    QCOMPARE(w.stateAt()->rows().size(), int(w.runs()->store()->laneCount()));

    // Resuming ends the scrub: the playhead goes.
    w.actions()->pause->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isPaused(), kTimeoutMs);
    QVERIFY(!w.viewState()->scrubAllowed());
    QVERIFY(!w.viewState()->playhead());
    w.actions()->stop->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kTimeoutMs);
    QVERIFY(w.viewState()->scrubAllowed());
}

// State at t lists what a queue holds by the items' words: at the first put, producer-consumer's q holds the number
// a producer put.
void TestMainWindowScrub::aQueueListsItsItemsInTheirWords()
{
    MainWindow w;
    showActive(w);
    QVERIFY(launchLesson(w, QStringLiteral("producer-consumer"), {{QStringLiteral("items"), QStringLiteral("4")}},
                         kSpeedMax));
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kTimeoutMs);
    const TraceStore& store = *w.runs()->store();
    TimelineWidget* timeline = w.timeline();
    timeline->setFocus();
    QTest::keyClick(timeline, Qt::Key_Home);
    const EventView events = store.eventsByTime();
    for (auto it = events.begin(); it != events.end() && it->kind != EventKind::PutDone; ++it)
        QTest::keyClick(timeline, Qt::Key_Right);
    QTest::keyClick(timeline, Qt::Key_Right);
    const Event& put = store.event(w.viewState()->selection().event);
    QCOMPARE(put.kind, EventKind::PutDone);
    const QString value = store.itemValue(put.a, put.b);
    QVERIFY2(QRegularExpression(QStringLiteral("^[0-9]+$")).match(value).hasMatch(),
             qPrintable(value)); // whose: the scheduler's
    QCOMPARE(rowOf(w, QStringLiteral("q")), QStringLiteral("1 of 5: %1").arg(value));
    // A queue's items may not fit the column: its row's tooltip reads them whole.
    QStringList tips;
    for (int i = 0; i < w.stateAt()->tree()->topLevelItemCount(); ++i)
        tips << w.stateAt()->tree()->topLevelItem(i)->toolTip(1);
    QVERIFY2(tips.contains(QStringLiteral("1 of 5: %1").arg(value)), qPrintable(tips.join(QLatin1Char('\n'))));
}

QTEST_MAIN(TestMainWindowScrub)
#include "tst_mainwindowscrub.moc"
