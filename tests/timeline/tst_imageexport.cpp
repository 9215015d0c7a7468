#include "scenarios/headlessrun.h"
#include "support/imagetestutil.h"
#include "support/uitestutil.h"
#include "timeline/imageexport.h"
#include "timeline/svgtext.h"
#include "timeline/timelinetheme.h"
#include "trace/stringtable.h"
#include "trace/tracestore.h"

#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace tl;
using namespace tl::ui;

namespace {

std::unique_ptr<TraceStore> sampleTrace()
{
    return runHeadless(uitest::chattyScenario(3, 4), {}, RunOptions{.speed = 200});
}

// Distinct colours in a sparse sample: a blank (or single-colour) picture has one or two.
int distinctColours(const QImage& image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            colours.insert(image.pixel(x, y));
    return static_cast<int>(colours.size());
}

} // namespace

class TestImageExport : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void aLiveRunsOpenWaitsRunToNow();
    void aProgramsDescriptionHasNoEmptyParentheses();
    void pngDecodesAndIsNotBlank_data();
    void pngDecodesAndIsNotBlank();
    void svgParsesWithLaneNames();
    void svgParsesWithControlCharactersInNames();
    void pdfStartsWithTheMagic();
    void visibleRangeRendersToo();
    void refusesBadOptions_data();
    void refusesBadOptions();
    void unwritablePathFailsAndLeavesNoFile();

private:
    std::unique_ptr<TraceStore> m_store;
    QTemporaryDir m_dir;
};

void TestImageExport::initTestCase()
{
    m_store = sampleTrace();
    QCOMPARE(m_store->laneCount(), std::size_t{4});
    QVERIFY(m_dir.isValid());
}

void TestImageExport::pngDecodesAndIsNotBlank_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<double>("scale");
    QTest::newRow("1x at 1200") << 1200 << 1.0;
    QTest::newRow("2x at 800") << 800 << 2.0;
}

void TestImageExport::pngDecodesAndIsNotBlank()
{
    QFETCH(int, width);
    QFETCH(double, scale);
    const QString path = m_dir.filePath(QStringLiteral("t-%1.png").arg(width));
    const Status status =
        exportTimelineImage(*m_store, path, exportFormatForPath(path).value(), {.width = width, .scale = scale});
    QVERIFY2(status.ok(), qPrintable(status.ok() ? QString() : status.error()));
    QImage image;
    QVERIFY(image.load(path, "PNG"));
    QCOMPARE(image.width(), static_cast<int>(width * scale));
    QVERIFY(image.height() > 100);
    QVERIFY2(distinctColours(image) > 8, "the picture looks blank");
}

void TestImageExport::svgParsesWithLaneNames()
{
    const QString path = m_dir.filePath(QStringLiteral("t.svg"));
    const Status status = exportTimelineImage(*m_store, path, exportFormatForPath(path).value(), {.width = 1400});
    QVERIFY2(status.ok(), qPrintable(status.ok() ? QString() : status.error()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    QString text;
    bool sawSvg = false;
    double cssWidth = 0;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == QLatin1String("svg")) {
            sawSvg = true;
            // A browser's CSS pixel is 1/96 in: the width QSvgGenerator writes in mm, at 96 px an inch.
            QString width = xml.attributes().value(QStringLiteral("width")).toString();
            if (width.endsWith(QStringLiteral("mm")))
                cssWidth = width.chopped(2).toDouble() / 25.4 * 96;
        }
        if (xml.isCharacters())
            text += xml.text().toString() + QLatin1Char('\n');
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(sawSvg);
    QVERIFY2(std::abs(cssWidth - 1400) < 1, qPrintable(QString::number(cssWidth))); // as wide as asked, in CSS px
    for (const char* lane : {"MainThread", "worker-0", "worker-1", "worker-2"})
        QVERIFY2(text.contains(QLatin1String(lane)), lane);
}

// A thread named "worker\a" (a Python thread may be named anything; a Chrome trace's names are any JSON string) was
// written as it is: "PCDATA invalid Char value 7", and no browser or Inkscape opened the file. So were U+FFFE and
// U+FFFF, no XML characters either.
void TestImageExport::svgParsesWithControlCharactersInNames()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    store.append(std::vector<Event>{
        {0, 0, 0, EventKind::ThreadCreated, 0, 0, 0,
         strings->intern(QStringLiteral("main\x01\x1b[0m") + QChar(0xFFFE) + QChar(0xFFFF)), 0},
        {0, 0, 0, EventKind::RunBegin, 0, 0, 0, 0, 0},
        {10, 0, 0, EventKind::SliceBegin, 0, 0, strings->intern(QStringLiteral("step\x07")), 0, 0},
        {900'000, 0, 0, EventKind::SliceEnd, 0, 0, strings->intern(QStringLiteral("step\x07")), 0, 0},
        {1'000'000, 0, 0, EventKind::RunEnd, 0, 0, 0, 0, 0}});
    const QString path = m_dir.filePath(QStringLiteral("control.svg"));
    const Status status = exportTimelineImage(store, path, ExportFormat::Svg, {.width = 800});
    QVERIFY2(status.ok(), qPrintable(status.ok() ? QString() : status.error()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    QString text;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isCharacters())
            text += xml.text().toString();
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY2(text.contains(QStringLiteral("main\uFFFD\uFFFD[0m\uFFFD\uFFFD")), qPrintable(text));
    QCOMPARE(withoutNonXmlCharacters("a\tb\nc\rd"), QByteArray("a\tb\nc\rd"));
    // U+FFFE and U+FFFF are no XML characters either; U+FFFD and U+EFBF (EE BE BF) stay.
    QCOMPARE(withoutNonXmlCharacters("\xEF\xBF\xBEx\xEF\xBF\xBF\x01"),
             QByteArray("\xEF\xBF\xBDx\xEF\xBF\xBD\xEF\xBF\xBD"));
    QCOMPARE(withoutNonXmlCharacters("\xEF\xBF\xBD\xEE\xBE\xBF"), QByteArray("\xEF\xBF\xBD\xEE\xBE\xBF"));
}

void TestImageExport::pdfStartsWithTheMagic()
{
    const QString path = m_dir.filePath(QStringLiteral("t.pdf"));
    const Status status = exportTimelineImage(*m_store, path, exportFormatForPath(path).value(), {.width = 1000});
    QVERIFY2(status.ok(), qPrintable(status.ok() ? QString() : status.error()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.startsWith("%PDF"));
    QVERIFY(bytes.size() > 1000);
}

void TestImageExport::visibleRangeRendersToo()
{
    const QImage whole = renderTimelineImage(*m_store, {.width = 900});
    const QImage part = renderTimelineImage(*m_store, {.width = 900, .range = TimeRange{0, m_store->endTs() / 2}});
    QVERIFY(!whole.isNull());
    QVERIFY(!part.isNull());
    QVERIFY(distinctColours(part) > 8);
    QVERIFY(whole != part);
}

void TestImageExport::refusesBadOptions_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("width");
    QTest::addColumn<double>("scale");
    QTest::addColumn<QString>("reason");
    QTest::newRow("a trace format") << "t.csv" << 1000 << 1.0 << "csv is no picture format";
    QTest::newRow("too narrow") << "t-narrow.png" << 10 << 1.0 << "width 10 is out of range";
    QTest::newRow("too wide") << "t-wide.svg" << 99999 << 1.0 << "width 99999 is out of range";
    QTest::newRow("scale zero") << "t-scale0.png" << 1000 << 0.0 << "scale 0 is out of range";
    QTest::newRow("scale huge") << "t-scale50.png" << 1000 << 50.0 << "scale 50 is out of range";
}

void TestImageExport::refusesBadOptions()
{
    QFETCH(QString, file);
    QFETCH(int, width);
    QFETCH(double, scale);
    QFETCH(QString, reason);
    const QString path = m_dir.filePath(file);
    const Status status =
        exportTimelineImage(*m_store, path, exportFormatForPath(path).value(), {.width = width, .scale = scale});
    QVERIFY(!status.ok());
    QVERIFY2(status.error().contains(reason), qPrintable(status.error()));
    QVERIFY(!QFile::exists(path));
}

void TestImageExport::unwritablePathFailsAndLeavesNoFile()
{
    const QString path = m_dir.filePath(QStringLiteral("no/such/dir/t.png"));
    const Status status = exportTimelineImage(*m_store, path, exportFormatForPath(path).value(), {});
    QVERIFY(!status.ok());
    QVERIFY(status.error().contains(QStringLiteral("cannot write")));
    QVERIFY(!QFile::exists(path));
}

// Exported from the window while live, a deadlocked run's picture ended at its last event, 106 ms in, where the
// window showed both acquires blocked for 4.9 s (a user-tester). Given the run's now, the picture runs to it.
void TestImageExport::aLiveRunsOpenWaitsRunToNow()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    constexpr std::int64_t kMs = 1'000'000;
    store.append(std::vector<Event>{
        {0, 0, 0, EventKind::ThreadCreated, 0, 0, 0, strings->intern(QStringLiteral("MainThread")), 0},
        {0, 0, 0, EventKind::RunBegin, 0, 0, 0, 0, 0},
        {0, 1, 0, EventKind::ThreadCreated, 0, 0, 0, strings->intern(QStringLiteral("sleeper")), 0},
        {0, 1, 0, EventKind::RunBegin, 0, 0, 0, 0, 0},
        {80 * kMs, 1, 0, EventKind::SleepBegin, 0, 0, 0, 0, 0}, // still asleep
        {100 * kMs, 0, 0, EventKind::Print, 0, 0, strings->intern(QStringLiteral("last")), 0, 0},
    });
    const QColor sleeping =
        TimelineTheme::fromPalette(QGuiApplication::palette(), exportFont(1)).stateColor(LaneState::Sleeping);
    ImageExportOptions options{.width = 1000};
    const int atItsEnd = uitest::pixelsOf(renderTimelineImage(store, options), sleeping);
    options.nowTs = 10'000 * kMs;
    const int toNow = uitest::pixelsOf(renderTimelineImage(store, options), sleeping);
    QVERIFY2(atItsEnd > 0 && toNow > 3 * atItsEnd, qPrintable(QStringLiteral("%1, %2").arg(atItsEnd).arg(toNow)));
}

// The SVG of a script run in CPython, which has no parameters, was described as "scenario bank.py () at speed 1".
void TestImageExport::aProgramsDescriptionHasNoEmptyParentheses()
{
    TraceStore store(std::make_shared<StringTable>());
    TraceMetadata meta;
    meta.scenarioId = QStringLiteral("bank.py");
    store.setMetadata(meta);
    store.append(std::vector<Event>{{0, 0, 0, EventKind::RunBegin, 0, 0, 0, 0, 0},
                                    {1'000'000, 0, 0, EventKind::RunEnd, 0, 0, 0, 0, 0}});
    const QString path = m_dir.filePath(QStringLiteral("program.svg"));
    QVERIFY(exportTimelineImage(store, path, ExportFormat::Svg, {.width = 800}).ok());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    QString description;
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("desc"))
            description = xml.readElementText();
    }
    QVERIFY2(description.startsWith(QStringLiteral("scenario bank.py at speed")), qPrintable(description));
}

QTEST_MAIN(TestImageExport)
#include "tst_imageexport.moc"
