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
    void withNoTraceEveryKindIsListed();
    void aRunOfThreadlinesListsWhatItShowsAsItGrows();
    void anotherStoreIsListedAfresh();
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

void TestLegendCache::withNoTraceEveryKindIsListed()
{
    LegendCache cache;
    QCOMPARE(legendTexts(cache.legend(nullptr)), legendTexts(legendOf()));
    QVERIFY(legendTexts(cache.legend(nullptr)).contains(QStringLiteral("sleeping")));
    QVERIFY(cache.sliceColours(nullptr).isEmpty());
}

// A queue lesson's window listed every state and marker, locks' and barriers' too, in four rows (a user-tester). A
// run's legend lists what it shows, and grows with it: made again only when a batch shows something new.
void TestLegendCache::aRunOfThreadlinesListsWhatItShowsAsItGrows()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    LegendCache cache;
    QVERIFY(cache.legend(&store).empty());

    store.append(std::vector<Event>{{0, 0, 0, EventKind::RunBegin}, {5, 0, 1, EventKind::SleepBegin}});
    const QStringList begun{QStringLiteral("running"), QStringLiteral("alive (lifetime)"), QStringLiteral("sleeping")};
    QCOMPARE(legendTexts(cache.legend(&store)), begun);
    const std::uint64_t made = cache.generation();

    store.append(std::vector<Event>{{9, 0, 2, EventKind::SleepEnd}, {12, 0, 3, EventKind::SleepBegin}});
    QCOMPARE(legendTexts(cache.legend(&store)), begun);
    QCOMPARE(cache.generation(), made); // nothing new: not made again

    store.append(std::vector<Event>{{20, 0, 4, EventKind::SleepEnd}, {21, 0, 5, EventKind::Exit}});
    QCOMPARE(legendTexts(cache.legend(&store)), begun + QStringList{QStringLiteral("exit")});
    QCOMPARE(cache.generation(), made + 1);
    // What a picture of the run lists (legendOf a store: every event read at once).
    QCOMPARE(legendTexts(cache.legend(&store)), legendTexts(legendOf(&store)));
    QVERIFY(cache.sliceColours(&store).isEmpty());

    // What the run shows later goes at the end: "waiting in join" came in before "exit", which moved (a user-tester).
    store.append(std::vector<Event>{{30, 0, 6, EventKind::JoinBegin}});
    QCOMPARE(legendTexts(cache.legend(&store)),
             (begun + QStringList{QStringLiteral("exit"), QStringLiteral("waiting in join")}));
    // Read afresh (the run shown again), the legend's own order.
    cache.forget();
    QCOMPARE(legendTexts(cache.legend(&store)), legendTexts(legendOf(&store)));
    QVERIFY(legendTexts(legendOf(&store)).indexOf(QStringLiteral("waiting in join")) <
            legendTexts(legendOf(&store)).indexOf(QStringLiteral("exit")));
}

// A new run's store may be made where the last one was: forget() starts afresh, and so does a store that holds fewer
// events than were read.
void TestLegendCache::anotherStoreIsListedAfresh()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore sleeper(strings);
    sleeper.append(std::vector<Event>{{0, 0, 0, EventKind::RunBegin}, {5, 0, 1, EventKind::SleepBegin}});
    LegendCache cache;
    QVERIFY(legendTexts(cache.legend(&sleeper)).contains(QStringLiteral("sleeping")));

    TraceStore runner(strings);
    runner.append(std::vector<Event>{{0, 0, 0, EventKind::RunBegin}});
    QCOMPARE(legendTexts(cache.legend(&runner)),
             (QStringList{QStringLiteral("running"), QStringLiteral("alive (lifetime)")}));

    // The same store again after forget(): read from its first event.
    cache.forget();
    QVERIFY(legendTexts(cache.legend(&sleeper)).contains(QStringLiteral("sleeping")));
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

    // A run of Threadline's shown next: its own kinds, and no slice colours.
    TraceStore lesson(strings);
    lesson.append(std::vector<Event>{{0, 0, 0, EventKind::RunBegin}, {5, 0, 1, EventKind::SleepBegin}});
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
