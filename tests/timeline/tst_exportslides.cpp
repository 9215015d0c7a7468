#include "engine/speed.h"
#include "scenarios/headlessrun.h"
#include "scenarios/scenario.h"
#include "support/uitestutil.h"
#include "timeline/imageexport.h"
#include "timeline/lanearrangement.h"
#include "timeline/svgtext.h"
#include "timeline/timelinepainters.h"
#include "timeline/timelinetheme.h"
#include "trace/tracestore.h"

#include <QFile>
#include <QFontInfo>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace tl;
using namespace tl::ui;

namespace {

std::unique_ptr<TraceStore> lesson(const QString& id)
{
    const Scenario* scenario = findScenario(id);
    if (!scenario)
        return nullptr;
    return runHeadless(*scenario, {}, RunOptions{.speed = kSpeedMax});
}

// The rows of `image` (from `top`, `height` tall) that hold a pixel darker than mid-grey: the text's ink.
int inkedRows(const QImage& image, int top, int height)
{
    int rows = 0;
    for (int y = std::max(0, top); y < std::min(image.height(), top + height); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            if (qGray(image.pixel(x, y)) < 128) {
                ++rows;
                break;
            }
        }
    }
    return rows;
}

} // namespace

// Pictures for slides: lane height and font scale, the lanes kept, readable sizes, no character lost,
// and an SVG any viewer can find a font for.
class TestExportSlides : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void sizeFollowsLaneHeightAndFontScale();
    void refusesLaneHeightAndFontScaleOutOfRange_data();
    void refusesLaneHeightAndFontScaleOutOfRange();
    void visibleLanesBoundTheHeight();
    void selectedLaneOnly();
    void textNeverBelowReadable_data();
    void textNeverBelowReadable();
    void shortLessonIsNoStrip();
    void underscoreKeepsItsInkAt1x_data();
    void underscoreKeepsItsInkAt1x();
    void svgNamesAGenericFamily();
    void genericFamilyAddedOnce();
    void elidesAtAWordBreak_data();
    void elidesAtAWordBreak();

private:
    std::unique_ptr<TraceStore> m_joinOrder;
};

void TestExportSlides::initTestCase()
{
    m_joinOrder = lesson(QStringLiteral("join-order"));
    QVERIFY(m_joinOrder);
    QVERIFY(m_joinOrder->laneCount() >= 3);
}

void TestExportSlides::sizeFollowsLaneHeightAndFontScale()
{
    const QImage plain = renderTimelineImage(*m_joinOrder, {.width = 1600});
    const QImage short40 = renderTimelineImage(*m_joinOrder, {.width = 1600, .laneHeight = 40});
    const QImage tall = renderTimelineImage(*m_joinOrder, {.width = 1600, .laneHeight = 80});
    const QImage large = renderTimelineImage(*m_joinOrder, {.width = 1600, .laneHeight = 80, .fontScale = 2.0});
    QVERIFY(!plain.isNull() && !short40.isNull() && !tall.isNull() && !large.isNull());
    QCOMPARE(tall.width(), 1600);
    // Every thread lane grows by 40 px from 40 to 80.
    QVERIFY2(tall.height() - short40.height() >= int(m_joinOrder->laneCount()) * 40,
             qPrintable(QStringLiteral("%1 -> %2").arg(short40.height()).arg(tall.height())));
    // Larger text makes the title, ruler labels and legend taller at the same lane height.
    QVERIFY2(large.height() > tall.height(),
             qPrintable(QStringLiteral("%1 %2").arg(tall.height()).arg(large.height())));
}

void TestExportSlides::refusesLaneHeightAndFontScaleOutOfRange_data()
{
    QTest::addColumn<int>("laneHeight");
    QTest::addColumn<double>("fontScale");
    QTest::addColumn<QString>("names");
    QTest::newRow("lane height below") << kMinExportLaneHeight - 1 << 1.0 << "lane height";
    QTest::newRow("lane height above") << kMaxExportLaneHeight + 1 << 1.0 << "lane height";
    QTest::newRow("font scale below") << 0 << 0.5 << "font scale";
    QTest::newRow("font scale above") << 0 << kMaxExportFontScale + 0.5 << "font scale";
}

void TestExportSlides::refusesLaneHeightAndFontScaleOutOfRange()
{
    QFETCH(int, laneHeight);
    QFETCH(double, fontScale);
    QFETCH(QString, names);
    const Status status =
        validateImageExport(*m_joinOrder, {.laneHeight = laneHeight, .fontScale = fontScale}, ExportFormat::Png);
    QVERIFY(!status.ok());
    QVERIFY2(status.error().contains(names), qPrintable(status.error()));
    QVERIFY(renderTimelineImage(*m_joinOrder, {.laneHeight = laneHeight, .fontScale = fontScale}).isNull());
}

// 400 lanes that form no group: all of them make a tall picture, those in a 720 px view a short one.
void TestExportSlides::visibleLanesBoundTheHeight()
{
    const auto many = runHeadless(uitest::chattyScenario(400, 1), {}, RunOptions{.speed = kSpeedMax});
    QCOMPARE(many->laneCount(), std::size_t{401});
    const QImage all = renderTimelineImage(*many, {.width = 1200});
    const QImage visible = renderTimelineImage(*many, {.width = 1200, .lanes = ExportLanes::Visible});
    QVERIFY(!all.isNull() && !visible.isNull());
    QVERIFY2(all.height() > 400 * kMinExportLaneHeight, qPrintable(QString::number(all.height())));
    QVERIFY2(visible.height() <= ImageExportOptions::kViewHeight + 400, qPrintable(QString::number(visible.height())));
    // Scrolled down, the view keeps other lanes: still bounded.
    const QImage scrolled = renderTimelineImage(
        *many, {.width = 1200, .lanes = ExportLanes::Visible, .viewScroll = 3000, .viewHeight = 300});
    QVERIFY(!scrolled.isNull());
    QVERIFY2(scrolled.height() <= 300 + 400, qPrintable(QString::number(scrolled.height())));
}

void TestExportSlides::selectedLaneOnly()
{
    const Status none = validateImageExport(*m_joinOrder, {.lanes = ExportLanes::Selected}, ExportFormat::Png);
    QVERIFY(!none.ok());
    const Selection one{Selection::Kind::Span, 1, 0};
    const QImage all = renderTimelineImage(*m_joinOrder, {.width = 1200, .laneHeight = 40});
    const QImage selected = renderTimelineImage(
        *m_joinOrder, {.width = 1200, .selection = one, .laneHeight = 40, .lanes = ExportLanes::Selected});
    QVERIFY(!selected.isNull());
    QVERIFY2(all.height() - selected.height() >= int(m_joinOrder->laneCount() - 1) * 40,
             qPrintable(QStringLiteral("%1 %2").arg(all.height()).arg(selected.height())));
}

void TestExportSlides::textNeverBelowReadable_data()
{
    QTest::addColumn<double>("fontScale");
    QTest::newRow("1x") << 1.0;
    QTest::newRow("1.5x") << 1.5;
    QTest::newRow("3x") << 3.0;
}

void TestExportSlides::textNeverBelowReadable()
{
    QFETCH(double, fontScale);
    const TimelineTheme theme = TimelineTheme::fromPalette(QPalette(), exportFont(fontScale));
    for (const QFont& font : {theme.font, theme.smallFont, theme.boldFont})
        QVERIFY2(QFontInfo(font).pixelSize() >= kMinExportTextPixels, qPrintable(font.toString()));
    QVERIFY(QFontInfo(theme.font).pixelSize() >= qRound(kExportTextPixels * fontScale));
    // Lanes leave room for a band label whatever was asked.
    const int lane = readableLaneHeight(kMinExportLaneHeight, LaneArrangement::kMinLaneHeight, fontScale);
    QVERIFY(lane >= QFontMetrics(theme.font).height() + 8);
    QVERIFY(lane >= kMinExportLaneHeight);
}

// join-order was a 1600 x 193 strip with 16 px lanes: its lanes now fill a readable plot.
void TestExportSlides::shortLessonIsNoStrip()
{
    const QImage image = renderTimelineImage(*m_joinOrder, {.width = 1600});
    QVERIFY2(image.height() >= 360, qPrintable(QString::number(image.height())));
}

void TestExportSlides::underscoreKeepsItsInkAt1x_data()
{
    QTest::addColumn<QFont>("font");
    QTest::newRow("application font") << QGuiApplication::font();
    QFont small = QGuiApplication::font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    QTest::newRow("application font, small") << small;
    QTest::newRow("export font") << exportFont(1.0);
    for (int px : {9, 10, 11, 12, 14}) {
        QFont font(QString::fromLatin1(kExportFontFamily));
        font.setPixelSize(px);
        QTest::newRow(qPrintable(QStringLiteral("%1 px").arg(px))) << font;
    }
}

// "foo_seconds=4" read "foo seconds=4" at 1x: the subtitle was clipped to a rect QFontMetrics::height()
// tall, and the underscore sits at the descent line. The title with an underscore must differ from the
// one with a space.
void TestExportSlides::underscoreKeepsItsInkAt1x()
{
    QFETCH(QFont, font);
    const TimelineTheme theme = TimelineTheme::fromPalette(QPalette(), font);
    const auto titleWith = [&theme](const QString& name) {
        auto store = runHeadless(uitest::chattyScenario(1, 0), {}, RunOptions{.speed = kSpeedMax});
        TraceMetadata meta = store->metadata();
        meta.parameters = {{name, QVariant(4)}};
        store->setMetadata(meta);
        QImage image(600, titleHeight(theme, *store), QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        QPainter p(&image);
        paintTitle(p, theme, *store, image.rect());
        return image;
    };
    const QImage underscore = titleWith(QStringLiteral("foo_seconds"));
    const QImage space = titleWith(QStringLiteral("foo seconds"));
    QCOMPARE(underscore.size(), space.size());
    QVERIFY(inkedRows(underscore, 0, underscore.height()) > 0);
    // Where the two differ is the underscore: it must be drawn dark, not a faint trace of antialiasing.
    int darkest = 255;
    for (int y = 0; y < underscore.height(); ++y)
        for (int x = 0; x < underscore.width(); ++x)
            if (underscore.pixel(x, y) != space.pixel(x, y))
                darkest = std::min(darkest, qGray(underscore.pixel(x, y)));
    QVERIFY2(darkest < 160, qPrintable(QStringLiteral("the underscore's darkest pixel is %1").arg(darkest)));
}

void TestExportSlides::svgNamesAGenericFamily()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("slide.svg"));
    QVERIFY(exportTimelineImage(*m_joinOrder, path, ExportFormat::Svg, {.width = 1200}).ok());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString svg = QString::fromUtf8(file.readAll());
    const QRegularExpression family(QStringLiteral("font-family=\"([^\"]*)\""));
    int count = 0;
    for (const QRegularExpressionMatch& m : family.globalMatch(svg)) {
        ++count;
        QVERIFY2(m.captured(1).endsWith(QLatin1String("sans-serif")), qPrintable(m.captured(1)));
        QVERIFY2(!m.captured(1).startsWith(QLatin1String("Sans Serif")), qPrintable(m.captured(1)));
    }
    QVERIFY(count > 0);
}

void TestExportSlides::genericFamilyAddedOnce()
{
    QCOMPARE(withGenericFontFamilies("<g font-family=\"DejaVu Sans\" x=\"1\"><text font-family=\"A, sans-serif\"/>"),
             QByteArray("<g font-family=\"DejaVu Sans, sans-serif\" x=\"1\"><text font-family=\"A, sans-serif\"/>"));
    QCOMPARE(withGenericFontFamilies("<svg/>"), QByteArray("<svg/>"));
    QCOMPARE(withGenericFontFamilies("<g font-family=\"Sans Serif\">"), QByteArray("<g font-family=\"sans-serif\">"));
}

void TestExportSlides::elidesAtAWordBreak_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("widthChars"); // the room, in widths of "x"
    QTest::newRow("fits") << "q" << 10;
    QTest::newRow("queue name") << "ThreadPoolExecutor-0._work_queue" << 24;
    QTest::newRow("spaces") << "alpha beta gamma delta" << 14;
}

void TestExportSlides::elidesAtAWordBreak()
{
    QFETCH(QString, text);
    QFETCH(int, widthChars);
    const QFontMetrics fm(exportFont(1.0));
    const int width = fm.horizontalAdvance(QString(widthChars, QLatin1Char('x')));
    const QString shown = elideAtBreak(fm, text, width);
    QVERIFY(fm.horizontalAdvance(shown) <= width);
    if (fm.horizontalAdvance(text) <= width) {
        QCOMPARE(shown, text);
        return;
    }
    QVERIFY2(shown.endsWith(QChar(0x2026)), qPrintable(shown));
    QString head = shown.chopped(1);
    // The cut falls at a break: what follows the head in the text starts a new word.
    QVERIFY2(text.startsWith(head), qPrintable(shown));
    const QChar next = text.at(head.size());
    const QChar last = head.back();
    QVERIFY2(QStringLiteral("._- /:").contains(next) || QStringLiteral("._- /:").contains(last), qPrintable(shown));
}

QTEST_MAIN(TestExportSlides)
#include "tst_exportslides.moc"
