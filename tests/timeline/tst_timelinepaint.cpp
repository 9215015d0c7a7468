#include "scenarios/headlessrun.h"
#include "scenarios/scenario.h"
#include "support/coretestutil.h"
#include "timeline/lanearrangement.h"
#include "timeline/timelinetheme.h"
#include "timelinewidgetfixture.h"
#include "trace/stringtable.h"

#include <QScrollBar>
#include <QSet>
#include <QTest>

using namespace tl;
using namespace tl::ui;

// What the timeline widget paints on a recorded run, offscreen, read back from grabbed pixels: state
// colours where the geometry says, the ruler's marks on top, arrows that only cross the view left out.
class TestTimelinePaint : public QObject, protected test::TimelineWidgetFixture {
    Q_OBJECT
private slots:
    void initTestCase() { recordStore(); }
    void init() { showWidget(); }
    void cleanup() { closeWidget(); }
    void grabbedPixelsShowTheStates();
    void measurementAndNowShowOnTheRuler();
    void arrowsCrossingTheViewAreLeftOut();
    void deadlockedWaitsAreFramedInRed();
    void lockHoldsAreBandsOfTheirHolders();
    void deadlockedHoldsAreFramedInRed();
    void startIsDrawnAsAStartingWait();
};

void TestTimelinePaint::grabbedPixelsShowTheStates()
{
    const QImage image = m_widget->grab().toImage();
    QVERIFY(!image.isNull());
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            colours.insert(image.pixel(x, y));
    QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));
    const QString dir = qEnvironmentVariable("THREADLINE_SNAPSHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(image.save(dir + QStringLiteral("/timeline-widget.png")));

    // The sleeper's sleep is drawn in the sleeping colour where the geometry says it is.
    const auto [lane, index] = sleeperSleep();
    const Span& s = m_store->lane(lane).spans[index];
    const QRect r = m_widget->laneRect(lane);
    const QPoint at(int(xOf(s.begin + (s.end - s.begin) / 2)), r.top() + r.height() / 2);
    const TimelineTheme theme = TimelineTheme::fromPalette(m_widget->palette(), m_widget->font());
    const qreal dpr = image.devicePixelRatio();
    QCOMPARE(QColor(image.pixel(QPoint(int(at.x() * dpr), int(at.y() * dpr)))), theme.stateColor(LaneState::Sleeping));
    // After the run, at the plot's right edge: background, not a band.
    const QColor blank(image.pixel(QPoint(int((m_widget->plotRect().right() - 2) * dpr), int(at.y() * dpr))));
    QVERIFY(blank != theme.stateColor(LaneState::Sleeping) && blank != theme.stateColor(LaneState::Running));
}

// The measurement's label and the now marker sit on the ruler: the ruler was once painted over them.
void TestTimelinePaint::measurementAndNowShowOnTheRuler()
{
    const QRect plot = m_widget->plotRect();
    const TimelineTheme theme = TimelineTheme::fromPalette(m_widget->palette(), m_widget->font());
    const auto rulerPixels = [&](const QColor& colour) {
        const QImage image = m_widget->viewport()->grab().toImage();
        const qreal dpr = image.devicePixelRatio();
        int count = 0;
        for (int y = 0; y < int(plot.top() * dpr); ++y)
            for (int x = int(plot.left() * dpr); x < int(plot.right() * dpr); ++x)
                count += QColor(image.pixel(x, y)) == colour ? 1 : 0;
        return count;
    };
    QCOMPARE(rulerPixels(theme.measure), 0);
    m_state->setMeasurement(TimeRange{timeAt(plot.left() + 100), timeAt(plot.left() + 400)});
    QVERIFY2(rulerPixels(theme.measure) > 200, "the measurement label is not on the ruler");

    m_state->setMeasurement(std::nullopt);
    QCOMPARE(rulerPixels(theme.nowLine), 0);
    m_widget->setNowTs(timeAt(plot.left() + 200));
    QVERIFY2(rulerPixels(theme.nowLine) > 10, "the now marker is not on the ruler");
}

// An arrow whose two lanes are both scrolled out of view (one above, one below) only crosses the
// picture: it is left out, unless its end is selected.
void TestTimelinePaint::arrowsCrossingTheViewAreLeftOut()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    std::vector<Event> events;
    constexpr LaneId kLanes = 60;
    for (LaneId lane = 0; lane < kLanes; ++lane) {
        Event created{};
        created.lane = lane;
        created.kind = EventKind::ThreadCreated;
        created.b = strings->intern(lane == 0 ? QStringLiteral("MainThread") : QStringLiteral("Thread-%1").arg(lane));
        events.push_back(created);
        events.push_back(Event{1000, lane, 0, EventKind::RunBegin, 0, 0, 0, 0, 0});
    }
    // MainThread (lane 0) starts the last lane, far below: one arrow from the top row to the bottom one.
    events.push_back(Event{500'000, 0, 0, EventKind::Start, 0, 0, kLanes - 1, 0, 0});
    for (LaneId lane = 0; lane < kLanes; ++lane)
        events.push_back(Event{1'000'000, lane, 0, EventKind::RunEnd, 0, 0, 0, 0, 0});
    store.append(events);
    QCOMPARE(store.flows().size(), std::size_t(1));

    m_widget->setStore(&store);
    m_widget->arrangement()->setPinned(0, false); // MainThread scrolls away like the others here
    m_widget->fitAll();
    m_widget->verticalScrollBar()->setValue(m_widget->verticalScrollBar()->maximum() / 2);
    QVERIFY(!m_widget->plotRect().intersects(m_widget->laneRect(0)));
    QVERIFY(!m_widget->plotRect().intersects(m_widget->laneRect(kLanes - 1)));
    const auto grab = [&](bool flows) {
        m_state->setFlowsVisible(flows);
        return m_widget->viewport()->grab().toImage();
    };
    QCOMPARE(grab(true), grab(false));
    m_widget->setStore(m_store.get()); // the fixture's store outlives this test; this one does not
}

// Issue 13: the waits that close a deadlock are framed in the deadlock's red on their lanes, across the
// wait and not only at its marker; the same lesson in the same lock order has no such frame.
void TestTimelinePaint::deadlockedWaitsAreFramedInRed()
{
    const Scenario* lesson = findScenario(QStringLiteral("deadlock"));
    QVERIFY(lesson);
    const TimelineTheme theme = TimelineTheme::fromPalette(m_widget->palette(), m_widget->font());
    const QColor red = theme.markerColor(EventKind::Deadlock);
    // Red pixels in the column through the middle of `lane`'s blocked acquire.
    const auto redInTheWait = [&](const TraceStore& store, const QString& name) {
        m_widget->setStore(&store);
        m_widget->fitAll();
        const auto lane = test::laneNamed(store, name);
        if (!lane)
            return -1;
        const auto& spans = store.lane(*lane).spans;
        const auto wait =
            std::find_if(spans.begin(), spans.end(), [](const Span& s) { return s.state == LaneState::Acquire; });
        if (wait == spans.end())
            return -1;
        const QImage image = m_widget->viewport()->grab().toImage();
        const qreal dpr = image.devicePixelRatio();
        const QRect r = m_widget->laneRect(*lane);
        const int x = int(xOf(wait->begin + (wait->end - wait->begin) / 2) * dpr);
        int count = 0;
        for (int y = int(r.top() * dpr); y < int(r.bottom() * dpr); ++y)
            count += QColor(image.pixel(x, y)) == red ? 1 : 0;
        return count;
    };
    for (const bool consistent : {false, true}) {
        const QList<QPair<QString, QString>> overrides = {
            {QStringLiteral("consistent_order"), consistent ? QStringLiteral("true") : QStringLiteral("false")}};
        const auto values = resolveParameters(lesson->parameters, overrides);
        QVERIFY(values.ok());
        const auto store = runHeadless(*lesson, values.value(), RunOptions{.speed = kSpeedMax});
        QVERIFY(store);
        // In the opposite order both block for good. In the same order, whichever took a second waits for it
        // (usually two, but one's start() returns before one holds a, so under load it can be one), unframed;
        // the other has no wait (-1).
        const int red1 = redInTheWait(*store, QStringLiteral("Thread-1 (one)"));
        const int red2 = redInTheWait(*store, QStringLiteral("Thread-2 (two)"));
        const QString counts = QStringLiteral("one %1, two %2").arg(red1).arg(red2);
        QVERIFY2(consistent ? red1 <= 0 && red2 <= 0 : red1 >= 2 && red2 >= 2, qPrintable(counts));
    }
    m_widget->setStore(m_store.get());
}

namespace {

// The lesson's run at full speed, with `overrides` of its defaults.
std::unique_ptr<TraceStore> runLesson(const QString& name, const QList<QPair<QString, QString>>& overrides = {})
{
    const Scenario* lesson = findScenario(name);
    if (!lesson)
        return nullptr;
    const auto values = resolveParameters(lesson->parameters, overrides);
    if (!values.ok())
        return nullptr;
    return runHeadless(*lesson, values.value(), RunOptions{.speed = kSpeedMax});
}

// The counter row index of the lock named `name` (after the queues and semaphores), or -1.
int lockRow(const TraceStore& store, const QString& name)
{
    for (std::size_t i = 0; i < store.locks().size(); ++i) {
        if (store.syncName(store.locks()[i].id) == name)
            return int(store.queues().size() + store.semaphores().size() + i);
    }
    return -1;
}

} // namespace

// The lock lesson's counter_lock row: each hold a band in a colour of its holder's name, and a click on it
// selects the acquire that began it.
void TestTimelinePaint::lockHoldsAreBandsOfTheirHolders()
{
    const auto store = runLesson(QStringLiteral("lock"));
    QVERIFY(store);
    m_widget->setStore(store.get());
    m_widget->fitAll();
    const int row = lockRow(*store, QStringLiteral("counter_lock"));
    QVERIFY(row >= 0);
    const LockHoldsInfo& lock = store->locks()[std::size_t(row) - store->queues().size() - store->semaphores().size()];
    QCOMPARE(lock.holds.size(), std::size_t{6}); // two threads, three increments each
    const QRect r = m_widget->counterRect(std::size_t(row));
    QVERIFY(!r.isEmpty());
    const QImage image = m_widget->viewport()->grab().toImage();
    const qreal dpr = image.devicePixelRatio();
    QSet<LaneId> holders;
    for (const LockHold& hold : lock.holds) {
        QVERIFY(!hold.isOpen());
        holders.insert(hold.holder);
        // Along a line below the label, the band's colour, but where the ruler's grid crosses it.
        const QColor colour = TimelineTheme::sliceColor(store->laneName(hold.holder));
        const int y = int((r.bottom() - 10) * dpr);
        int same = 0, all = 0;
        for (int x = int((xOf(hold.begin) + 3) * dpr); x < int((xOf(hold.end) - 3) * dpr); ++x, ++all)
            same += QColor(image.pixel(x, y)) == colour ? 1 : 0;
        QVERIFY2(all > 20 && same > all * 9 / 10, qPrintable(QStringLiteral("%1 of %2").arg(same).arg(all)));
        const QPoint at(int(xOf(hold.begin + (hold.end - hold.begin) / 2)), r.top() + r.height() / 2);
        QCOMPARE(m_widget->hitTest(at), Selection::ofEvent(hold.holder, hold.acquired));
        QCOMPARE(store->event(hold.acquired).kind, EventKind::Acquired);
    }
    QCOMPARE(holders.size(), 2);
    m_widget->setStore(m_store.get());
}

// In the deadlock, each lock's hold that closes the cycle is framed in the deadlock's red; in the
// consistent order no hold is.
void TestTimelinePaint::deadlockedHoldsAreFramedInRed()
{
    const TimelineTheme theme = TimelineTheme::fromPalette(m_widget->palette(), m_widget->font());
    const QColor red = theme.markerColor(EventKind::Deadlock);
    for (const bool consistent : {false, true}) {
        const auto store = runLesson(
            QStringLiteral("deadlock"),
            {{QStringLiteral("consistent_order"), consistent ? QStringLiteral("true") : QStringLiteral("false")}});
        QVERIFY(store);
        m_widget->setStore(store.get());
        m_widget->fitAll();
        const QImage image = m_widget->viewport()->grab().toImage();
        const qreal dpr = image.devicePixelRatio();
        for (const QString& name : {QStringLiteral("a"), QStringLiteral("b")}) {
            const int row = lockRow(*store, name);
            QVERIFY(row >= 0);
            const QRect r = m_widget->counterRect(std::size_t(row));
            const QRect plot = m_widget->plotRect();
            int count = 0;
            for (int y = int(r.top() * dpr); y < int(r.bottom() * dpr); ++y)
                for (int x = int(plot.left() * dpr); x < int(plot.right() * dpr); x += 2)
                    count += QColor(image.pixel(x, y)) == red ? 1 : 0;
            QVERIFY2(consistent ? count == 0 : count > 100, qPrintable(name + QStringLiteral(": %1").arg(count)));
        }
    }
    m_widget->setStore(m_store.get());
}

// Zoomed in on hello's first start(), main's lane shows the wait inside it in the starting colour, as
// CPython's start() waits for the new thread to begin (issue 12).
void TestTimelinePaint::startIsDrawnAsAStartingWait()
{
    const auto store = runLesson(QStringLiteral("hello"));
    QVERIFY(store);
    const auto& spans = store->lane(0).spans;
    const auto wait =
        std::find_if(spans.begin(), spans.end(), [](const Span& s) { return s.state == LaneState::Starting; });
    QVERIFY(wait != spans.end());
    QVERIFY(!wait->isOpen());
    m_widget->setStore(store.get());
    const std::int64_t pad = std::max<std::int64_t>(1000, wait->end - wait->begin);
    m_state->setRange({wait->begin - pad, wait->end + pad});
    const QImage image = m_widget->viewport()->grab().toImage();
    const qreal dpr = image.devicePixelRatio();
    const QRect r = m_widget->laneRect(0);
    const int x = int(xOf(wait->begin + (wait->end - wait->begin) / 2) * dpr);
    const TimelineTheme theme = TimelineTheme::fromPalette(m_widget->palette(), m_widget->font());
    // The colour is a mix, so compared as painted: at 8 bits a channel.
    const QRgb colour = theme.stateColor(LaneState::Starting).rgb();
    int starting = 0;
    for (int y = int(r.top() * dpr); y < int(r.bottom() * dpr); ++y)
        starting += image.pixel(x, y) == colour ? 1 : 0;
    QVERIFY2(starting >= r.height() / 3, qPrintable(QString::number(starting)));
    m_widget->setStore(m_store.get());
}

QTEST_MAIN(TestTimelinePaint)
#include "tst_timelinepaint.moc"
