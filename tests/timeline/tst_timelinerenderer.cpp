#include "recordedtrace.h"
#include "support/imagetestutil.h"
#include "synthetictrace.h"
#include "timeline/imageexport.h"
#include "timeline/lanearrangement.h"
#include "timeline/timelinelayout.h"
#include "timeline/timelinepainters.h"
#include "timeline/timelinerenderer.h"
#include "trace/stringtable.h"

#include <QDir>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSet>
#include <QTest>

#include <cstring>

using namespace tl;
using namespace tl::ui;

namespace {

// A 1200x600 frame of `store`, arrows shown or not, with `selection`.
QImage renderFrame(const TraceStore& store, bool flows, Selection selection = {})
{
    QImage image(1200, 600, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter p(&image);
    RenderOptions options;
    options.showFlows = flows;
    options.selection = selection;
    TimelineRenderer::render(p, image.rect(), store, options);
    return image;
}

int distinctColours(const QImage& image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2) {
        const auto* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
        for (int x = 0; x < image.width(); x += 2)
            colours.insert(line[x]);
    }
    return int(colours.size());
}

QImage renderToImage(const TraceStore& store, const RenderOptions& options, int width)
{
    QImage image(width, TimelineRenderer::naturalHeight(store, options, width), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter p(&image);
    TimelineRenderer::render(p, image.rect(), store, options);
    p.end();
    return image;
}

} // namespace

// The export painter: draws a recorded run into a QImage, and its natural height follows the lanes.
class TestTimelineRenderer : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void pairedMarkersDiffer();
    void recordedRunIsNotBlank();
    void naturalHeightGrowsWithLanes_data();
    void naturalHeightGrowsWithLanes();
    void titleAndLegendAddHeight();
    void darkPaletteDiffers();
    void anotherToolsLegendNamesItsSlices();
    void aComparedRunKeepsRunAsSliceColours();
    void abuttingSlicesOfOneColourAreParted();
    void wideMarksReachTheLanesOfTheirScope();
    void aLessonsTitleAlwaysNamesItsId();
    void flowsPastTheBudgetAreHidden_data();
    void flowsPastTheBudgetAreHidden();
    void denseFlowsKeepTheFocusLanes();
    void daemonBadgeClearsTheName_data();
    void daemonBadgeClearsTheName();

private:
    std::unique_ptr<TraceStore> m_store;
};

void TestTimelineRenderer::initTestCase()
{
    m_store = test::recordSmallRun();
    QVERIFY(m_store->laneCount() >= 4);
}

void TestTimelineRenderer::recordedRunIsNotBlank()
{
    RenderOptions options;
    options.showTitle = true;
    options.showLegend = true;
    const QImage image = renderToImage(*m_store, options, 1200);
    QVERIFY(!image.isNull());
    // Background, header, text, several state colours and markers: far more than a handful of colours.
    QVERIFY2(distinctColours(image) > 30, qPrintable(QString::number(distinctColours(image))));
    // Every pixel was painted (nothing left transparent).
    QCOMPARE(qAlpha(image.pixel(image.width() - 1, image.height() - 1)), 255);
    QCOMPARE(qAlpha(image.pixel(0, 0)), 255);
    // Set THREADLINE_SNAPSHOT_DIR to look at the picture.
    const QString dir = qEnvironmentVariable("THREADLINE_SNAPSHOT_DIR");
    if (!dir.isEmpty()) {
        QVERIFY(image.save(QDir(dir).filePath(QStringLiteral("timeline-renderer.png"))));
        RenderOptions zoomed = options;
        zoomed.range = {0, m_store->endTs() / 4};
        zoomed.selection = Selection::ofSpan(1, m_store->lane(1).spans[1].opening);
        QVERIFY(renderToImage(*m_store, zoomed, 1200).save(QDir(dir).filePath(QStringLiteral("timeline-zoomed.png"))));
        zoomed.palette = QPalette(QColor(0x35, 0x35, 0x38));
        zoomed.nowTs = m_store->endTs() / 8;
        QVERIFY(renderToImage(*m_store, zoomed, 1200).save(QDir(dir).filePath(QStringLiteral("timeline-dark.png"))));
    }
}

void TestTimelineRenderer::naturalHeightGrowsWithLanes_data()
{
    QTest::addColumn<int>("lanes");
    QTest::newRow("main thread only") << 1;
    QTest::newRow("five threads") << 5;
    QTest::newRow("a hundred threads") << 100;
}

void TestTimelineRenderer::naturalHeightGrowsWithLanes()
{
    QFETCH(int, lanes);
    RenderOptions options;
    auto one = test::syntheticTrace(1, 2, 1'000'000, 1000);
    auto many = test::syntheticTrace(lanes, 2, 1'000'000, 1000);
    QCOMPARE(many->laneCount(), std::size_t(lanes));
    const int base = TimelineRenderer::naturalHeight(*one, options);
    const int height = TimelineRenderer::naturalHeight(*many, options);
    QCOMPARE(height - base, (lanes - 1) * LaneArrangement::kDefaultLaneHeight);
    QVERIFY(lanes == 1 || height > base);
    const QImage image = renderToImage(*many, options, 800);
    QCOMPARE(image.height(), height);
    QVERIFY(distinctColours(image) > 5);
}

void TestTimelineRenderer::titleAndLegendAddHeight()
{
    RenderOptions plain;
    RenderOptions full;
    full.showTitle = true;
    full.showLegend = true;
    const int a = TimelineRenderer::naturalHeight(*m_store, plain, 1200);
    const int b = TimelineRenderer::naturalHeight(*m_store, full, 1200);
    QVERIFY(b > a + 40);
    // A narrower picture wraps the legend onto more lines.
    QVERIFY(TimelineRenderer::naturalHeight(*m_store, full, 400) > b);
}

// An opened Chrome trace's legend listed Threadline's states and markers, none of which it has; its slices, coloured
// by their names, were named nowhere (a reviewer). It names them, most time first, and counts what it leaves out.
void TestTimelineRenderer::anotherToolsLegendNamesItsSlices()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    std::vector<Event> events;
    auto slice = [&](LaneId lane, std::int64_t from, std::int64_t to, const QString& name) {
        const StringId id = strings->intern(name);
        events.push_back({from, lane, 0, EventKind::SliceBegin, 0, 0, id, 0, 0});
        events.push_back({to, lane, 0, EventKind::SliceEnd, 0, 0, id, 0, 0});
    };
    slice(0, 0, 16, QStringLiteral("frame"));
    slice(0, 17, 33, QStringLiteral("frame"));
    slice(1, 2, 22, QStringLiteral("read"));
    slice(0, 40, 45, QStringLiteral("layout"));
    store.append(events);
    QCOMPARE(legendTexts(legendOf(&store)),
             (QStringList{QStringLiteral("frame"), QStringLiteral("read"), QStringLiteral("layout")}));
    QVERIFY(legendTexts(legendOf()).contains(QStringLiteral("sleeping"))); // a lesson's: every state

    events.clear();
    for (int i = 0; i < 14; ++i)
        slice(1, 100 + 30 * i, 100 + 30 * i + (20 - i), QStringLiteral("step %1").arg(i, 2, 10, QLatin1Char('0')));
    store.append(events);
    const Legend legend = legendOf(&store);
    const QStringList texts = legendTexts(legend);
    QCOMPARE(texts.size(), 9); // as many names as there are colours told apart, and the count of the others
    QCOMPARE(texts.first(), QStringLiteral("frame"));
    QVERIFY(!texts.contains(QStringLiteral("layout"))); // 5 ns: the least time of all
    QCOMPARE(texts.last(), QStringLiteral("and 9 more names"));
    // Two of five names had one colour (a reviewer): the listed names' colours all differ, the first keeps its own,
    // and the lanes paint each slice in its legend's colour.
    QSet<QRgb> colours;
    for (const LegendItem& item : legend) {
        if (item.kind == LegendItem::Kind::Slice)
            colours.insert(item.colour.rgb());
    }
    QCOMPARE(colours.size(), 8);
    QCOMPARE(legend.front().colour, TimelineTheme::sliceColor(u"frame"));
    QCOMPARE(sliceColoursOf(legend).value(QStringLiteral("step 03")), legend[5].colour);
    // The lanes paint a listed name in its legend colour, and every name left out in one grey (in their listed
    // names' colours, a reviewer read two names as one), which no listed name has.
    const TimelineTheme theme = TimelineTheme::fromPalette(QPalette(), QFont());
    const QHash<QString, QColor> listed = sliceColoursOf(legend);
    QCOMPARE(sliceColourOf(QStringLiteral("step 03"), listed, theme), legend[5].colour);
    QCOMPARE(sliceColourOf(QStringLiteral("layout"), listed, theme), theme.lifetime);
    QVERIFY(!colours.contains(theme.lifetime.rgb()));
    QCOMPARE(sliceColourOf(QStringLiteral("layout"), {}, theme), TimelineTheme::sliceColor(u"layout"));
}

namespace {

// Another tool's trace of one lane, one slice per name, each `ns` long, one after another.
std::unique_ptr<TraceStore> slicesOf(const std::shared_ptr<StringTable>& strings,
                                     const std::vector<std::pair<QString, std::int64_t>>& slices)
{
    auto store = std::make_unique<TraceStore>(strings);
    TraceMetadata meta;
    meta.file = QStringLiteral("/tmp/other-tool.json");
    store->setMetadata(meta);
    std::vector<Event> events;
    std::int64_t at = 0;
    for (const auto& [name, ns] : slices) {
        const StringId id = strings->intern(name);
        events.push_back({at, 0, 0, EventKind::SliceBegin, 0, 0, id, 0, 0});
        events.push_back({at + ns, 0, 0, EventKind::SliceEnd, 0, 0, id, 0, 0});
        at += ns + 1;
    }
    store->append(events);
    return store;
}

} // namespace

// A reviewer saw one name in two colours in runs A and B of a comparison: each trace coloured its own names, and a
// name whose colour another of A's names had taken first kept it only in A. A colour now means one name in both runs:
// B lists each name A lists in A's colour, and its other names only in the colours A does not use.
void TestTimelineRenderer::aComparedRunKeepsRunAsSliceColours()
{
    auto strings = std::make_shared<StringTable>();
    QString rival; // a name of x's own colour, longer than x in A: it keeps that colour there
    for (int i = 0; rival.isEmpty(); ++i) {
        const QString name = QStringLiteral("rival %1").arg(i);
        if (TimelineTheme::sliceColor(name) == TimelineTheme::sliceColor(u"x"))
            rival = name;
    }
    const auto a = slicesOf(
        strings, {{rival, 50}, {QStringLiteral("x"), 10}, {QStringLiteral("a0"), 5}, {QStringLiteral("a1"), 4}});
    std::vector<std::pair<QString, std::int64_t>> inB{{QStringLiteral("x"), 5}};
    for (int i = 0; i < 9; ++i)
        inB.emplace_back(QStringLiteral("b%1").arg(i), 10 + i); // each longer than x
    const auto b = slicesOf(strings, inB);

    const Legend legendA = legendOf(a.get());
    const QColor xInA = sliceColoursOf(legendA).value(QStringLiteral("x"));
    QVERIFY(xInA != TimelineTheme::sliceColor(u"x"));
    QVERIFY(!sliceColoursOf(legendOf(b.get())).contains(QStringLiteral("x"))); // alone, B leaves x out

    // A uses four colours: B lists x in A's, and its four longest other names in the four A does not use.
    const Legend legendB = legendOf(b.get(), &legendA);
    QCOMPARE(legendTexts(legendB),
             (QStringList{QStringLiteral("b8"), QStringLiteral("b7"), QStringLiteral("b6"), QStringLiteral("b5"),
                          QStringLiteral("x"), QStringLiteral("and 5 more names")}));
    const QHash<QString, QColor> coloursB = sliceColoursOf(legendB);
    QCOMPARE(coloursB.value(QStringLiteral("x")), xInA);
    QSet<QRgb> usedByA;
    for (const QColor& colour : sliceColoursOf(legendA))
        usedByA.insert(colour.rgb());
    QCOMPARE(usedByA.size(), 4);
    QSet<QRgb> othersInB;
    for (auto it = coloursB.cbegin(); it != coloursB.cend(); ++it) {
        if (it.key() != QStringLiteral("x"))
            othersInB.insert(it.value().rgb());
    }
    QCOMPARE(othersInB.size(), 4);
    QVERIFY(!othersInB.intersects(usedByA));

    // A lists eight names, so every colour is one of A's names: B lists the ones it shares with A, however short
    // (not the longest of its own, which A names in no colour), and counts the rest, a name A leaves out among them.
    std::vector<std::pair<QString, std::int64_t>> eight;
    for (int i = 0; i < 10; ++i)
        eight.emplace_back(QStringLiteral("n%1").arg(i), 100 - i); // n8 and n9 left out of A's legend
    const Legend full = legendOf(slicesOf(strings, eight).get());
    QCOMPARE(sliceColoursOf(full).size(), int(TimelineTheme::kSliceColors));
    const auto shares = slicesOf(strings, {{QStringLiteral("big"), 800},
                                           {QStringLiteral("n9"), 500},
                                           {QStringLiteral("n0"), 2},
                                           {QStringLiteral("n3"), 1}});
    const Legend sharing = legendOf(shares.get(), &full);
    QCOMPARE(legendTexts(sharing),
             (QStringList{QStringLiteral("n0"), QStringLiteral("n3"), QStringLiteral("and 2 more names")}));
    QCOMPARE(sliceColoursOf(sharing).value(QStringLiteral("n3")), sliceColoursOf(full).value(QStringLiteral("n3")));

    // The picture of B (its lanes and legend) paints x in A's colour.
    const auto onlyX = slicesOf(strings, {{QStringLiteral("x"), 5}});
    RenderOptions options;
    options.showLegend = true;
    QCOMPARE(uitest::pixelsOf(renderToImage(*onlyX, options, 800), xInA), 0);
    options.legendAlike = a.get();
    const QImage alike = renderToImage(*onlyX, options, 800);
    QVERIFY(uitest::pixelsOf(alike, xInA) > 0);
    QCOMPARE(uitest::pixelsOf(alike, TimelineTheme::sliceColor(u"x")), 0);

    // So does the exported comparison (`threadline A --compare B`): next to the same A, B's x adds pixels of A's
    // colour for x where a y adds none, and no pixel of x's own colour.
    const auto onlyY = slicesOf(strings, {{QStringLiteral("y"), 5}});
    const QImage withX = renderComparisonImage(*a, *onlyX, {.width = 800});
    const QImage withY = renderComparisonImage(*a, *onlyY, {.width = 800});
    QCOMPARE(withX.size(), withY.size());
    QCOMPARE(uitest::pixelsOf(withX, TimelineTheme::sliceColor(u"x")),
             uitest::pixelsOf(withY, TimelineTheme::sliceColor(u"x")));
    QVERIFY(uitest::pixelsOf(withX, xInA) > uitest::pixelsOf(withY, xInA));
}

// "frame" after "frame", or two names the legend leaves out (one grey), read as one slice (a reviewer): a line of the
// background parts them. A slice after a gap, or one of another colour, needs none.
void TestTimelineRenderer::abuttingSlicesOfOneColourAreParted()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    const StringId frame = strings->intern(QStringLiteral("frame"));
    store.append(std::vector<Event>{{0, 0, 0, EventKind::SliceBegin, 0, 0, frame, 0, 0},
                                    {100, 0, 0, EventKind::SliceEnd, 0, 0, frame, 0, 0},
                                    {100, 0, 0, EventKind::SliceBegin, 0, 0, frame, 0, 0},
                                    {200, 0, 0, EventKind::SliceEnd, 0, 0, frame, 0, 0}});
    RenderOptions options;
    options.range = {0, 220};
    const QImage image = renderToImage(store, options, 800);
    const QRgb fill = TimelineTheme::sliceColor(u"frame").rgb();
    // The pixel row with the most of the slices' colour goes through both: its runs of that colour, one per slice.
    int bestRow = -1;
    int most = 0;
    for (int y = 0; y < image.height(); ++y) {
        int n = 0;
        for (int x = 0; x < image.width(); ++x)
            n += image.pixel(x, y) == fill;
        if (n > most) {
            most = n;
            bestRow = y;
        }
    }
    QVERIFY(bestRow >= 0);
    int runs = 0;
    for (int x = 0; x < image.width(); ++x)
        runs += image.pixel(x, bestRow) == fill && (x == 0 || image.pixel(x - 1, bestRow) != fill);
    QCOMPARE(runs, 2);
    QVERIFY(most > 500); // the line takes a pixel, not the slices' room
}

// A mark of the whole trace ("s": "g") is a line down every lane, a process's down its process's lanes, a thread's
// none: what the picture gains over a thread's mark is exactly that line, in one pixel column.
void TestTimelineRenderer::wideMarksReachTheLanesOfTheirScope()
{
    const auto picture = [](MarkScope scope) {
        auto strings = std::make_shared<StringTable>();
        TraceStore store(strings);
        const StringId work = strings->intern(QStringLiteral("work"));
        std::vector<Event> events;
        for (LaneId lane = 0; lane < 3; ++lane) {
            const std::uint32_t process = lane < 2 ? 1 : 2;
            events.push_back({0, lane, 0, EventKind::ThreadName, 0, 0, strings->intern(QStringLiteral("t%1").arg(lane)),
                              process, kNoValue});
            events.push_back({0, lane, 0, EventKind::SliceBegin, 0, 0, work, 0, 0});
        }
        events.push_back({0, 0, 0, EventKind::GroupName, 0, 0, 1, strings->intern(QStringLiteral("one")), 0});
        events.push_back({0, 2, 0, EventKind::GroupName, 0, 0, 2, strings->intern(QStringLiteral("two")), 0});
        events.push_back({500, 0, 0, EventKind::Mark, static_cast<std::uint8_t>(scope), 0,
                          strings->intern(QStringLiteral("frame")), 0, 0});
        for (LaneId lane = 0; lane < 3; ++lane)
            events.push_back({1000, lane, 0, EventKind::SliceEnd, 0, 0, work, 0, 0});
        store.append(events);
        RenderOptions options;
        options.range = {0, 1000};
        return renderToImage(store, options, 800);
    };
    const QImage thread = picture(MarkScope::Thread);
    // The pixel rows and columns that differ from the thread mark's picture.
    const auto added = [&thread](const QImage& wide, QSet<int>& columns) {
        QList<int> rows;
        for (int y = 0; y < wide.height(); ++y) {
            bool differs = false;
            for (int x = 0; x < wide.width(); ++x) {
                if (wide.pixel(x, y) != thread.pixel(x, y)) {
                    columns.insert(x);
                    differs = true;
                }
            }
            if (differs)
                rows << y;
        }
        return rows;
    };
    QSet<int> globalColumns, processColumns;
    const QList<int> global = added(picture(MarkScope::Global), globalColumns);
    const QList<int> process = added(picture(MarkScope::Process), processColumns);
    QCOMPARE(globalColumns.size(), 1);
    QCOMPARE(processColumns, globalColumns);
    QVERIFY(!process.isEmpty());
    // The process's line goes down the first two lanes (t0 pinned, t1 below it), where the global one begins, and
    // stops above the third, which the global one goes on through: about two thirds of its rows, all of them its.
    QCOMPARE(process.first(), global.first());
    QVERIFY(process.last() < global.last());
    for (const int y : process)
        QVERIFY(global.contains(y));
    const double share = double(process.size()) / double(global.size());
    QVERIFY2(share > 0.5 && share < 0.8, qPrintable(QString::number(share)));
}

// A lesson's id (what --scenario takes) follows its title whatever the title says: "A Lock: ..." had "(lock)" and
// "A race: ..." none, as the title held the word (a reviewer). A script's title, its file's name, is not repeated.
void TestTimelineRenderer::aLessonsTitleAlwaysNamesItsId()
{
    TraceMetadata race;
    race.scenarioId = QStringLiteral("race");
    race.scenarioTitle = QStringLiteral("A race: two threads lose each other's updates");
    QCOMPARE(runTitle(race, QStringLiteral("A")),
             QStringLiteral("A:  A race: two threads lose each other's updates  (race)"));
    race.stopped = true;
    QCOMPARE(runTitle(race),
             QStringLiteral("A race: two threads lose each other's updates  (race)  \u2014 stopped before its end"));

    race.stopped = false;
    race.file = QStringLiteral("/tmp/race.json"); // read back from its export
    QCOMPARE(runTitle(race), QStringLiteral("A race: two threads lose each other's updates  (race)"));
    race.source = QStringLiteral("python"); // its listing, run in CPython
    race.script = QStringLiteral("/home/me/.cache/threadline/listings/race.py");
    QCOMPARE(runTitle(race), QStringLiteral("A race: two threads lose each other's updates  (race)"));

    TraceMetadata script; // as PythonSource names a script's run
    script.source = QStringLiteral("python");
    script.scenarioId = QStringLiteral("prog.py");
    script.scenarioTitle = QStringLiteral("work/prog.py in CPython 3.11.2");
    script.script = QStringLiteral("/home/me/work/prog.py");
    QVERIFY(script.isPython());
    QCOMPARE(runTitle(script), QStringLiteral("work/prog.py in CPython 3.11.2"));
    script.script.clear();
    script.module = QStringLiteral("tools.prog");
    script.scenarioId = QStringLiteral("tools.prog");
    script.scenarioTitle = QStringLiteral("tools.prog in CPython 3.11.2");
    QCOMPARE(runTitle(script), QStringLiteral("tools.prog in CPython 3.11.2"));
    QCOMPARE(runTitle(TraceMetadata{}), QStringLiteral("Threadline trace"));
}

void TestTimelineRenderer::darkPaletteDiffers()
{
    RenderOptions light;
    light.palette = QPalette(QColor(0xf0, 0xf0, 0xf0));
    RenderOptions dark;
    dark.palette = QPalette(QColor(0x30, 0x30, 0x30));
    const QImage a = renderToImage(*m_store, light, 600);
    const QImage b = renderToImage(*m_store, dark, 600);
    QVERIFY(qGray(a.pixel(a.width() - 5, a.height() - 5)) > 128);
    QVERIFY(qGray(b.pixel(b.width() - 5, b.height() - 5)) < 128);
}

void TestTimelineRenderer::flowsPastTheBudgetAreHidden_data()
{
    QTest::addColumn<int>("lanes");
    QTest::addColumn<bool>("arrowsDrawn");
    // Each thread but MainThread has one start arrow from MainThread.
    QTest::newRow("40 lanes: 39 arrows, drawn") << 40 << true;
    QTest::newRow("1000 lanes: 999 arrows, hidden") << 1000 << false;
}

// Thousands of arrows would cover the bands: past the budget none is drawn. On screen a note in the corner says how
// to see them (point at a lane); an exported picture has no pointer, and no note (it covered a slide's data).
void TestTimelineRenderer::flowsPastTheBudgetAreHidden()
{
    QFETCH(int, lanes);
    QFETCH(bool, arrowsDrawn);
    const auto store = test::syntheticTrace(lanes, 2, 1'000'000'000, 100'000'000);
    QCOMPARE(store->flows().size() > kFlowBudget, !arrowsDrawn);
    const QImage with = renderFrame(*store, true);
    const QImage without = renderFrame(*store, false);
    const int noteTop = with.height() - 2 * QFontMetrics(QGuiApplication::font()).height();
    bool differsAbove = false;
    for (int y = 0; y < noteTop && !differsAbove; ++y)
        differsAbove =
            std::memcmp(with.constScanLine(y), without.constScanLine(y), std::size_t(with.bytesPerLine())) != 0;
    QCOMPARE(differsAbove, arrowsDrawn);
    QCOMPARE(with != without, arrowsDrawn);
}

// Past the budget, the lane under the pointer (else the selected lane) keeps its arrows: a sleep selected on
// Thread-5, whose own events have none, still shows main's start arrow into Thread-5, and only that one.
void TestTimelineRenderer::denseFlowsKeepTheFocusLanes()
{
    const Selection hovered = Selection::ofEvent(7, kNoEvent);
    const Selection selected = Selection::ofSpan(5, 0);
    QCOMPARE(flowFocusLane(hovered, selected), std::optional<LaneId>(7));
    QCOMPARE(flowFocusLane({}, selected), std::optional<LaneId>(5));
    QCOMPARE(flowFocusLane({}, {}), std::optional<LaneId>());

    const auto store = test::syntheticTrace(1000, 2, 1'000'000'000, 100'000'000);
    QVERIFY(store->flows().size() > kFlowBudget);
    const LaneInfo& lane = store->lane(5);
    const auto sleep = std::find_if(lane.spans.begin(), lane.spans.end(),
                                    [](const Span& sp) { return sp.state == LaneState::Sleeping; });
    QVERIFY(sleep != lane.spans.end());
    const Selection selection = Selection::ofSpan(5, sleep->opening);
    const QImage with = renderFrame(*store, true, selection);
    const QImage without = renderFrame(*store, false, selection);
    // The difference is one arrow: from MainThread's row down to Thread-5's, near the run's start.
    QRect changed;
    const int noteTop = with.height() - 2 * QFontMetrics(QGuiApplication::font()).height();
    for (int y = 0; y < noteTop; ++y)
        for (int x = 0; x < with.width(); ++x)
            if (with.pixel(x, y) != without.pixel(x, y))
                changed |= QRect(x, y, 1, 1);
    QVERIFY(!changed.isEmpty());
    QVERIFY2(changed.width() < 40, qPrintable(QStringLiteral("%1 px wide").arg(changed.width())));
}

void TestTimelineRenderer::daemonBadgeClearsTheName_data()
{
    QTest::addColumn<bool>("bold");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("cellWidth");
    QTest::newRow("regular, fits") << false << QStringLiteral("Thread-4 (consumer)") << 220;
    QTest::newRow("bold, fits") << true << QStringLiteral("Thread-4 (consumer)") << 220;
    QTest::newRow("bold, elided") << true << QStringLiteral("Thread-1234 (a_rather_long_target_name)") << 160;
}

// The badge is placed after the name as drawn: a selected lane's bold name once ran under it.
void TestTimelineRenderer::daemonBadgeClearsTheName()
{
    QFETCH(bool, bold);
    QFETCH(QString, name);
    QFETCH(int, cellWidth);
    const TimelineTheme theme = TimelineTheme::fromPalette(QGuiApplication::palette(), QGuiApplication::font());
    const QFontMetrics nameFont(bold ? theme.boldFont : theme.font);
    const QFontMetrics badgeFont(theme.smallFont);
    const QRect cell(6, 40, cellWidth, 21);

    const LaneLabelLayout label = layoutLaneLabel(nameFont, badgeFont, name, true, cell);
    QVERIFY(!label.badge.isEmpty());
    QVERIFY2(label.badge.left() >= cell.left() + nameFont.horizontalAdvance(label.name),
             qPrintable(QStringLiteral("badge at %1, name ends at %2")
                            .arg(label.badge.left())
                            .arg(cell.left() + nameFont.horizontalAdvance(label.name))));
    QVERIFY(label.badge.right() <= cell.right() + 1);
    QVERIFY(label.badge.width() >= badgeFont.horizontalAdvance(kDaemonBadgeText));

    const LaneLabelLayout plain = layoutLaneLabel(nameFont, badgeFont, name, false, cell);
    QVERIFY(plain.badge.isEmpty());
    QVERIFY(plain.name.size() >= label.name.size());
}

// "acquired" and "released" were the same brown dot, on the timeline and in the legend (a user-tester), as were an
// Event's set and clear: each pair's second is drawn hollow.
void TestTimelineRenderer::pairedMarkersDiffer()
{
    const TimelineTheme theme = TimelineTheme::fromPalette(QPalette(), QFont());
    const auto drawn = [&theme](EventKind kind) {
        QImage image(24, 24, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter p(&image);
        paintMarker(p, theme, kind, QPointF(12, 12), 1, 7);
        p.end();
        return image;
    };
    QVERIFY(drawn(EventKind::Acquired) != drawn(EventKind::Released));
    QVERIFY(drawn(EventKind::EventSet) != drawn(EventKind::EventClear));
    QCOMPARE(drawn(EventKind::Acquired).pixel(12, 12), theme.markerColor(EventKind::Acquired).rgb());
    QCOMPARE(drawn(EventKind::Released).pixel(12, 12), theme.background.rgb());
}

QTEST_MAIN(TestTimelineRenderer)
#include "tst_timelinerenderer.moc"
