#include "timeline/timelinetheme.h"

#include <QGuiApplication>
#include <QPalette>
#include <QSet>
#include <QTest>

#include <cmath>

using namespace tl;
using namespace tl::ui;

// The colours of an opened file's slices: one per name, the same in every run and file, kept apart from
// the state colours on light and dark palettes.
class TestTimelineTheme : public QObject {
    Q_OBJECT

private slots:
    void aNameAlwaysGetsItsColour();
    void namesSpreadOverThePalette();
    void sliceColoursStayApartFromStates_data();
    void sliceColoursStayApartFromStates();
    void syncStatesStandApart_data();
    void syncStatesStandApart();
};

namespace {

double distance(const QColor& a, const QColor& b)
{
    return std::hypot(a.red() - b.red(), a.green() - b.green(), a.blue() - b.blue());
}

} // namespace

void TestTimelineTheme::aNameAlwaysGetsItsColour()
{
    // A fixed hash, not qHash (seeded per process): these hold in every process.
    QCOMPARE(TimelineTheme::sliceColor(u"compute"), TimelineTheme::sliceColor(QString::fromLatin1("compute")));
    QCOMPARE(TimelineTheme::sliceColor(u"compute").name(), QStringLiteral("#843c39"));
    QCOMPARE(TimelineTheme::sliceColor(u"").name(), QStringLiteral("#ccebc5"));
    QVERIFY(TimelineTheme::sliceColor(u"compute") != TimelineTheme::sliceColor(u"computf"));
}

void TestTimelineTheme::namesSpreadOverThePalette()
{
    QSet<QRgb> used;
    for (int i = 0; i < 64; ++i)
        used.insert(TimelineTheme::sliceColor(QStringLiteral("function_%1").arg(i)).rgb());
    QCOMPARE(used.size(), 8);
}

void TestTimelineTheme::sliceColoursStayApartFromStates_data()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

void TestTimelineTheme::sliceColoursStayApartFromStates()
{
    QFETCH(bool, dark);
    QPalette palette;
    palette.setColor(QPalette::Base, dark ? QColor(0x20, 0x20, 0x20) : QColor(Qt::white));
    palette.setColor(QPalette::Text, dark ? QColor(Qt::white) : QColor(Qt::black));
    const TimelineTheme theme = TimelineTheme::fromPalette(palette, QGuiApplication::font());
    QVector<QColor> slices;
    for (int i = 0; i < 64; ++i) {
        const QColor c = TimelineTheme::sliceColor(QStringLiteral("function_%1").arg(i));
        if (!slices.contains(c))
            slices << c;
    }
    for (const QColor& slice : slices) {
        for (int s = 0; s < static_cast<int>(LaneState::Count_); ++s) {
            if (static_cast<LaneState>(s) == LaneState::Slice)
                continue;
            const QColor state = theme.stateColor(static_cast<LaneState>(s));
            QVERIFY2(distance(slice, state) >= 60,
                     qPrintable(QStringLiteral("%1 near %2 (%3)")
                                    .arg(slice.name(), state.name(), laneStateName(static_cast<LaneState>(s)))));
        }
        for (const QColor& other : slices)
            QVERIFY(other == slice || distance(slice, other) >= 50);
    }
}

void TestTimelineTheme::syncStatesStandApart_data()
{
    sliceColoursStayApartFromStates_data();
}

void TestTimelineTheme::syncStatesStandApart()
{
    // The waits of issue 13 (acquire, cond.wait, event.wait, barrier.wait), issue 12's starting and issue 11's
    // future wait each read as their own state: at least 60 (RGB distance) from every other state's colour, in light
    // and dark.
    QFETCH(bool, dark);
    QPalette palette;
    palette.setColor(QPalette::Base, dark ? QColor(0x20, 0x20, 0x20) : QColor(Qt::white));
    palette.setColor(QPalette::Text, dark ? QColor(Qt::white) : QColor(Qt::black));
    const TimelineTheme theme = TimelineTheme::fromPalette(palette, QGuiApplication::font());
    for (LaneState sync : {LaneState::Acquire, LaneState::CondWait, LaneState::EventWait, LaneState::BarrierWait,
                           LaneState::Starting, LaneState::FutureWait}) {
        QVERIFY(theme.stateColor(sync).isValid());
        for (int s = 0; s < static_cast<int>(LaneState::Count_); ++s) {
            const auto other = static_cast<LaneState>(s);
            if (other == sync || other == LaneState::Slice)
                continue;
            QVERIFY2(distance(theme.stateColor(sync), theme.stateColor(other)) >= 60,
                     qPrintable(QStringLiteral("%1 near %2").arg(laneStateName(sync), laneStateName(other))));
        }
    }
}

QTEST_MAIN(TestTimelineTheme)
#include "tst_timelinetheme.moc"
