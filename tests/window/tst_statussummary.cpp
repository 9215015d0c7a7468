#include "trace/stringtable.h"
#include "trace/tracestore.h"
#include "window/elidedlabel.h"
#include "window/statussummary.h"

#include <QLabel>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace tl;
using namespace tl::ui;

namespace {

Event event(std::int64_t ts, LaneId lane, EventKind kind, std::uint32_t a = 0, std::uint32_t b = 0, std::uint32_t c = 0)
{
    return Event{ts, lane, 0, kind, 0, 0, a, b, c};
}

// MainThread and one worker, both running; a queue "jobs" of maxsize 3 holding 2 items.
std::unique_ptr<TraceStore> twoThreadsAndAQueue()
{
    auto strings = std::make_shared<StringTable>();
    auto store = std::make_unique<TraceStore>(strings);
    store->append(std::vector<Event>{
        event(0, 0, EventKind::ThreadCreated, 0, strings->intern(QStringLiteral("MainThread"))),
        event(1, 0, EventKind::RunBegin),
        event(2, 0, EventKind::QueueCreated, 1, strings->intern(QStringLiteral("jobs")), 3),
        event(3, 1, EventKind::ThreadCreated, 0, strings->intern(QStringLiteral("Thread-1 (worker)"))),
        event(4, 1, EventKind::RunBegin),
        event(5, 0, EventKind::PutDone, 1, 1, 1),
        event(6, 0, EventKind::PutDone, 1, 2, 2),
        event(7, 1, EventKind::RunEnd),
    });
    return store;
}

// WCAG 2's contrast ratio of two colours (1 to 21).
double contrast(const QColor& a, const QColor& b)
{
    const auto luminance = [](const QColor& c) {
        const auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
    };
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace

// The status bar's summary: time, threads alive / total, events, dropped (red when any), queue depths.
class TestStatusSummary : public QObject {
    Q_OBJECT
private slots:
    void summarisesTheStore();
    void droppedEventsAreShownInRed();
    void noStoreIsIdle();
    void aShortRunsTimeIsNotZero();
    void aDeadlockCutShortSaysSo();
    void theDeadlockReadsOnEitherTheme();
};

void TestStatusSummary::summarisesTheStore()
{
    const auto store = twoThreadsAndAQueue();
    StatusSummary summary;
    summary.refresh(store.get(), 2'500'000'000, StatusSummary::RunState::Live);
    QCOMPARE(summary.timeText(), QStringLiteral("t = 2.500 s"));
    QCOMPARE(summary.threadsText(), QStringLiteral("1 / 2 threads alive")); // the worker has ended
    QCOMPARE(summary.eventsText(), QStringLiteral("%1 events").arg(store->eventCount()));
    QCOMPARE(summary.queuesText(), QStringLiteral("queues: jobs 2/3"));
    QCOMPARE(summary.droppedText(), QStringLiteral("0 dropped"));
    QVERIFY(!summary.droppedShownInRed());
}

// hello runs for 0.3 ms: "t = 0.000 s" said it took no time at all. Below a second the clock reads in ms, µs or ns,
// as Statistics does; from a second on, in seconds to the millisecond.
void TestStatusSummary::aShortRunsTimeIsNotZero()
{
    const auto store = twoThreadsAndAQueue();
    StatusSummary summary;
    summary.refresh(store.get(), 312'400, StatusSummary::RunState::Finished);
    QCOMPARE(summary.timeText(), QStringLiteral("t = 312.4 µs"));
    summary.refresh(store.get(), 42'500'000, StatusSummary::RunState::Finished);
    QCOMPARE(summary.timeText(), QStringLiteral("t = 42.5 ms"));
    summary.refresh(store.get(), 0, StatusSummary::RunState::Live);
    QCOMPARE(summary.timeText(), QStringLiteral("t = 0 s"));
    summary.refresh(store.get(), 1'000'000'000, StatusSummary::RunState::Live);
    QCOMPARE(summary.timeText(), QStringLiteral("t = 1.000 s"));
}

void TestStatusSummary::droppedEventsAreShownInRed()
{
    const auto store = twoThreadsAndAQueue();
    store->setDroppedEvents(1234);
    StatusSummary summary;
    summary.refresh(store.get(), 0, StatusSummary::RunState::Finished);
    QCOMPARE(summary.droppedText(), QStringLiteral("%1 dropped").arg(QLocale().toString(1234)));
    QVERIFY(summary.droppedShownInRed());
    // The label itself is drawn in red, not only flagged.
    QLabel* dropped = nullptr;
    for (QLabel* label : summary.findChildren<QLabel*>())
        if (label->text() == summary.droppedText())
            dropped = label;
    QVERIFY(dropped);
    summary.resize(800, 30);
    const QImage image = dropped->grab().toImage();
    bool reddish = false;
    for (int y = 0; y < image.height() && !reddish; ++y)
        for (int x = 0; x < image.width() && !reddish; ++x) {
            const QColor c = image.pixelColor(x, y);
            reddish = c.red() > 150 && c.green() < 80 && c.blue() < 80;
        }
    QVERIFY(reddish);
    // And back to normal when a later run drops nothing.
    store->setDroppedEvents(0);
    summary.refresh(store.get(), 0, StatusSummary::RunState::Finished);
    QVERIFY(!summary.droppedShownInRed());
}

// At 1024 px the deadlock sentence ended "... holds b and waits for" with no sign that it went on (a reviewer): cut
// short, it ends in "…"; given the room, it is whole.
void TestStatusSummary::aDeadlockCutShortSaysSo()
{
    StatusSummary summary;
    const QString sentence = QStringLiteral("Deadlock: Thread-1 (one) holds a and waits for b; Thread-2 (two) holds b "
                                            "and waits for a");
    summary.setDeadlock(sentence);
    summary.resize(summary.sizeHint());
    summary.show();
    auto* label = summary.findChild<ElidedLabel*>();
    QVERIFY(label);
    QTRY_COMPARE(label->text(), sentence);
    summary.resize(summary.sizeHint().width() / 2, summary.height());
    QTRY_VERIFY2(label->text().endsWith(QStringLiteral("…")), qPrintable(label->text()));
    QVERIFY(label->text().size() < sentence.size());
    QCOMPARE(summary.deadlockText(), sentence);
    QVERIFY(label->toolTip().startsWith(sentence));
}

void TestStatusSummary::noStoreIsIdle()
{
    StatusSummary summary;
    summary.refresh(nullptr, -1, StatusSummary::RunState::Idle);
    QCOMPARE(summary.threadsText(), QStringLiteral("0 / 0 threads alive"));
    QCOMPARE(summary.timeText(), QStringLiteral("t = 0 s"));
    QVERIFY(summary.queuesText().isEmpty());
}

// The deadlock's sentence in red on the dark theme's #353535 read at 2.1:1 (a user-tester). Each theme gets a red of
// at least WCAG's 4.5:1 on its own background, switched as the theme is.
void TestStatusSummary::theDeadlockReadsOnEitherTheme()
{
    StatusSummary summary;
    summary.setDeadlock(QStringLiteral("Deadlock: Thread-1 holds a and waits for b"));
    auto* sentence = summary.findChild<ElidedLabel*>();
    QVERIFY(sentence);
    for (const QColor background : {QColor(0xef, 0xef, 0xef), QColor(0x35, 0x35, 0x35)}) {
        QPalette palette = summary.palette();
        palette.setColor(QPalette::Window, background);
        summary.setPalette(palette);
        sentence->ensurePolished();
        const QColor text = sentence->palette().color(sentence->foregroundRole());
        QVERIFY2(text.red() > 2 * text.green(), qPrintable(text.name())); // still red
        QVERIFY2(
            contrast(text, background) >= 4.5,
            qPrintable(
                QStringLiteral("%1 on %2: %3").arg(text.name(), background.name()).arg(contrast(text, background))));
    }
}

QTEST_MAIN(TestStatusSummary)
#include "tst_statussummary.moc"
