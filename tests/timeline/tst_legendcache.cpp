// LegendCache: the legend and slice colours a timeline paints with, made from a trace only when it has changed.

#include "timeline/legendcache.h"
#include "trace/stringtable.h"
#include "trace/tracestore.h"

#include <QTest>

using namespace tl;
using namespace tl::ui;

class TestLegendCache : public QObject {
    Q_OBJECT

private slots:
    void aRunOfThreadlinesListsEveryKind();
    void anotherToolsTraceIsListedAgainAsItGrows();
    void aComparedRunIsListedAgainAsRunAChanges();
};

namespace {

void appendSlice(TraceStore& store, StringTable& strings, std::int64_t from, std::int64_t to, const QString& name)
{
    const StringId id = strings.intern(name);
    store.append(std::vector<Event>{{from, 0, 0, EventKind::SliceBegin, 0, 0, id, 0, 0},
                                    {to, 0, 0, EventKind::SliceEnd, 0, 0, id, 0, 0}});
}

} // namespace

void TestLegendCache::aRunOfThreadlinesListsEveryKind()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    LegendCache cache;
    QCOMPARE(legendTexts(cache.legend(&store)), legendTexts(legendOf()));
    QCOMPARE(legendTexts(cache.legend(nullptr)), legendTexts(legendOf()));
    QVERIFY(cache.sliceColours(&store).isEmpty());
}

void TestLegendCache::anotherToolsTraceIsListedAgainAsItGrows()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    TraceMetadata meta;
    meta.file = QStringLiteral("/tmp/other-tool.json");
    store.setMetadata(meta);
    appendSlice(store, *strings, 0, 10, QStringLiteral("parse"));

    LegendCache cache;
    QCOMPARE(legendTexts(cache.legend(&store)), QStringList{QStringLiteral("parse")});
    // Asked again of the same trace, it is the legend made before, not another (a paint must not read the trace).
    const LegendItem* made = cache.legend(&store).data();
    QCOMPARE(cache.legend(&store).data(), made);
    QCOMPARE(cache.sliceColours(&store).keys(), QList<QString>{QStringLiteral("parse")});

    appendSlice(store, *strings, 20, 60, QStringLiteral("layout")); // the most time: listed first
    QCOMPARE(legendTexts(cache.legend(&store)), (QStringList{QStringLiteral("layout"), QStringLiteral("parse")}));
    const QHash<QString, QColor> colours = cache.sliceColours(&store);
    QCOMPARE(colours, sliceColoursOf(legendOf(&store)));
    QVERIFY(colours.value(QStringLiteral("layout")) != colours.value(QStringLiteral("parse")));

    // A run of Threadline's shown next: every kind again, and no slice colours.
    TraceStore lesson(strings);
    QVERIFY(legendTexts(cache.legend(&lesson)).contains(QStringLiteral("sleeping")));
    QVERIFY(cache.sliceColours(&lesson).isEmpty());
}

// Run B of a comparison takes the colours run A's legend gives its names (legendOf's alike): when A's colours change
// (another trace as A, or A growing), B's legend is made again; while they stay, it is the one made before.
void TestLegendCache::aComparedRunIsListedAgainAsRunAChanges()
{
    auto strings = std::make_shared<StringTable>();
    TraceMetadata meta;
    meta.file = QStringLiteral("/tmp/other-tool.json");
    TraceStore a(strings);
    a.setMetadata(meta);
    TraceStore b(strings);
    b.setMetadata(meta);
    appendSlice(b, *strings, 0, 10, QStringLiteral("parse"));
    appendSlice(b, *strings, 20, 30, QStringLiteral("layout"));

    LegendCache cache;
    const Legend alone = legendOf(&b);
    QCOMPARE(cache.sliceColours(&b), sliceColoursOf(alone));
    // A gives "parse" the colour B gave "layout", the name it lists first: B follows A, and keeps its two apart.
    const QColor layoutsOwn = sliceColoursOf(alone).value(QStringLiteral("layout"));
    Legend legendA{{LegendItem::Kind::Slice, QStringLiteral("parse"), LaneState::Slice, EventKind::Start, layoutsOwn,
                    QStringLiteral("parse")}};
    QCOMPARE(cache.sliceColours(&b, &legendA).value(QStringLiteral("parse")), layoutsOwn);
    QVERIFY(cache.sliceColours(&b, &legendA).value(QStringLiteral("layout")) != layoutsOwn);
    const LegendItem* made = cache.legend(&b, &legendA).data();
    const std::uint64_t generation = cache.generation();
    QCOMPARE(cache.legend(&b, &legendA).data(), made);
    QCOMPARE(cache.generation(), generation); // asked again, not made again
    QCOMPARE(cache.sliceColours(&b, &legendA), sliceColoursOf(legendOf(&b, &legendA)));
    // Without A again: B's own colours, in a legend made again.
    QCOMPARE(cache.sliceColours(&b), sliceColoursOf(alone));
    QCOMPARE(cache.generation(), generation + 1);
}

QTEST_GUILESS_MAIN(TestLegendCache)
#include "tst_legendcache.moc"
