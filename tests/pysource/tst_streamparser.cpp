// StreamParser: a valid stream in any chunking, and every kind of malformed stream reported with its
// offset, never a crash.

#include "pysource/streamparser.h"
#include "streambuilder.h"
#include "trace/eventschema.h"
#include "trace/stringtable.h"
#include "trace/tracestore.h"

#include <QTest>

#include <algorithm>

using namespace tl;
using namespace tl::streamtest;

class tst_StreamParser : public QObject {
    Q_OBJECT

private:
    struct Parsed {
        bool ok = false;
        bool finished = false;
        QString error;
        std::uint64_t offset = 0;
        std::vector<Event> events;
        std::vector<StringId> files;
    };

    static Parsed parse(StringTable& strings, const QByteArray& bytes, int chunk = 0)
    {
        StreamParser parser(strings);
        Parsed r;
        r.ok = true;
        const int step = chunk > 0 ? chunk : int(bytes.size());
        for (int at = 0; at < bytes.size() && r.ok; at += step)
            r.ok = parser.feed(bytes.constData() + at, std::size_t(std::min<qsizetype>(step, bytes.size() - at)),
                               r.events, r.files);
        r.finished = parser.finish();
        r.error = parser.error();
        r.offset = parser.errorOffset();
        return r;
    }

private slots:
    void validStream()
    {
        StringTable strings;
        StreamParser parser(strings);
        std::vector<Event> events;
        std::vector<StringId> files;
        const QByteArray bytes = sampleStream();
        QVERIFY(parser.feed(bytes.constData(), std::size_t(bytes.size()), events, files));
        QVERIFY(parser.finish());
        QVERIFY(parser.hasHello());
        QCOMPARE(parser.hello().interpreter(), QStringLiteral("CPython 3.11.2"));
        QCOMPARE(parser.hello().pid, 42);
        QCOMPARE(parser.hello().args, QStringList({QStringLiteral("a"), QStringLiteral("b c")}));
        QVERIFY(parser.hasEnd());
        QCOMPARE(parser.endEventCount(), 10u);
        QCOMPARE(events.size(), std::size_t(10));
        QCOMPARE(files.size(), events.size());
        // Scenario time: (ts - clock zero 1000) x speed 2.
        QCOMPARE(events[0].ts, 0);
        QCOMPARE(events[2].ts, 1000);
        QCOMPARE(events[8].ts, 6000);
        QCOMPARE(strings.text(events[0].b), QStringLiteral("MainThread"));
        QCOMPARE(strings.text(events[3].b), QStringLiteral("Thread-1 (work)"));
        QCOMPARE(strings.text(events[3].c), QStringLiteral("work"));
        QCOMPARE(strings.text(files[6]), QStringLiteral("/tmp/x.py"));
        QCOMPARE(events[6].kind, EventKind::PutDone);
        QCOMPARE(events[6].line, 7);
        // Per-lane sequence numbers: lane 1's thread-created (in main's record) is its first event.
        QCOMPARE(events[3].seq, 0u);
        QCOMPARE(events[5].seq, 1u);
        QCOMPARE(events[6].seq, 2u);
        QCOMPARE(events[4].seq, 3u);

        // The store makes of it what it makes of an engine run: lanes, the start flow and the item flow.
        TraceStore store(std::shared_ptr<StringTable>(&strings, [](StringTable*) {}));
        store.append(events);
        QCOMPARE(store.laneCount(), std::size_t(2));
        QCOMPARE(store.lane(1).name, QStringLiteral("Thread-1 (work)"));
        QCOMPARE(store.flows().size(), std::size_t(2)); // start -> run-begin, put -> get
    }

    void anyChunkingParsesAlike_data()
    {
        QTest::addColumn<int>("chunk");
        for (int chunk : {1, 2, 3, 5, 7, 31, 32, 33, 100})
            QTest::addRow("chunks of %d", chunk) << chunk;
    }
    void anyChunkingParsesAlike()
    {
        QFETCH(int, chunk);
        StringTable a, b;
        const Parsed whole = parse(a, sampleStream());
        const Parsed pieces = parse(b, sampleStream(), chunk);
        QVERIFY2(pieces.ok && pieces.finished, qPrintable(pieces.error));
        QCOMPARE(pieces.events.size(), whole.events.size());
        for (std::size_t i = 0; i < whole.events.size(); ++i) {
            QCOMPARE(pieces.events[i].ts, whole.events[i].ts);
            QCOMPARE(pieces.events[i].kind, whole.events[i].kind);
            QCOMPARE(b.text(pieces.events[i].b), a.text(whole.events[i].b));
        }
    }

    void unknownKindsAndRecordsAreSkipped()
    {
        StringTable strings;
        StreamParser parser(strings);
        const QByteArray bytes = StreamBuilder()
                                     .header()
                                     .hello()
                                     .kind(2, "run-begin")
                                     .kind(40, "lock-blocked")
                                     .record(99, "a record of a newer tracer")
                                     .events({{1000, 0, 0, 0, 0, 0, 0, 2, 0}, {1100, 0, 7, 0, 0, 0, 0, 40, 0}})
                                     .end(2)
                                     .bytes();
        std::vector<Event> events;
        std::vector<StringId> files;
        QVERIFY(parser.feed(bytes.constData(), std::size_t(bytes.size()), events, files));
        QVERIFY(parser.finish());
        QCOMPARE(events.size(), std::size_t(1));
        QCOMPARE(parser.eventsSkipped(), 1u);
        QCOMPARE(parser.recordsSkipped(), 1u);
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("error");
        QTest::addColumn<qint64>("offset");
        const QByteArray good = sampleStream();
        const qint64 afterHello = StreamBuilder().header().hello().bytes().size();
        QTest::addRow("empty") << QByteArray() << "the stream is empty" << qint64(0);
        QTest::addRow("not a stream") << QByteArray("hello world\n") << "no TLPY header" << qint64(0);
        QTest::addRow("newer version") << StreamBuilder().header(2).hello().bytes() << "protocol version 2"
                                       << qint64(0);
        QTest::addRow("cut inside the header") << good.left(5) << "inside its header" << qint64(0);
        QTest::addRow("cut inside a record")
            << good.left(good.size() - 3) << "ended inside a record" << qint64(good.size() - 25);
        QTest::addRow("record before hello")
            << StreamBuilder().header().kind(2, "run-begin").bytes() << "before the hello" << qint64(8);
        QTest::addRow("hello without pid")
            << StreamBuilder().header().hello({{"implementation", "CPython"}, {"version", "3"}}).bytes()
            << "lacks one of" << qint64(8);
        QTest::addRow("hello with a bad speed") << StreamBuilder()
                                                       .header()
                                                       .hello({{"implementation", "CPython"},
                                                               {"version", "3"},
                                                               {"pid", "1"},
                                                               {"speed", "-1"},
                                                               {"clock_zero_ns", "0"}})
                                                       .bytes()
                                                << "speed is not valid" << qint64(8);
        QTest::addRow("hello cut in a value")
            << StreamBuilder().header().record(1, QByteArray("\x05\0\0\0ab", 6)).bytes() << "cut inside" << qint64(8);
        QTest::addRow("huge record") << StreamBuilder().header().raw(QByteArray("\x01\xff\xff\xff\xff", 5)).bytes()
                                     << "more than the" << qint64(8);
        QTest::addRow("kind defined twice")
            << StreamBuilder().header().hello().kind(2, "run-begin").kind(2, "put").bytes() << "defined twice"
            << afterHello + 5 + 10;
        QTest::addRow("undefined kind")
            << StreamBuilder().header().hello().events({{0, 0, 0, 0, 0, 0, 0, 9, 0}}).bytes() << "never defined"
            << afterHello;
        QTest::addRow("unknown string")
            << StreamBuilder().header().hello().kind(20, "print").events({{0, 0, 77, 0, 0, 0, 0, 20, 0}}).bytes()
            << "string 77" << afterHello + 11;
        QTest::addRow("unknown file")
            << StreamBuilder().header().hello().kind(2, "run-begin").events({{0, 0, 0, 0, 0, 9, 1, 2, 0}}).bytes()
            << "file string 9" << afterHello + 15;
        QTest::addRow("lane far ahead") << StreamBuilder()
                                               .header()
                                               .hello()
                                               .kind(2, "run-begin")
                                               .events({{0, 4000000000u, 0, 0, 0, 0, 0, 2, 0}})
                                               .bytes()
                                        << "lane 4000000000" << afterHello + 15;
        QTest::addRow("queue far ahead")
            << StreamBuilder().header().hello().kind(7, "put").events({{0, 0, 999999, 1, 0, 0, 0, 7, 0}}).bytes()
            << "queue 999999" << afterHello + 9;
        QTest::addRow("events not a multiple of 32")
            << StreamBuilder().header().hello().record(4, QByteArray(33, '\0')).bytes() << "not a multiple"
            << afterHello;
        QTest::addRow("string id 0") << StreamBuilder().header().hello().string(0, "x").bytes() << "id 0" << afterHello;
        QTest::addRow("string redefined") << StreamBuilder().header().hello().string(3, "x").string(3, "y").bytes()
                                          << "defined twice" << afterHello + 10;
        QTest::addRow("data after end") << StreamBuilder().header().hello().end(0).kind(2, "run-begin").bytes()
                                        << "after the end record" << afterHello + 25;
    }
    void malformed()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, error);
        QFETCH(qint64, offset);
        StringTable strings;
        const Parsed r = parse(strings, bytes);
        QVERIFY(!(r.ok && r.finished));
        QVERIFY2(r.error.contains(error), qPrintable(r.error));
        QCOMPARE(qint64(r.offset), offset);
        // Chunked the same way, the same verdict.
        StringTable again;
        const Parsed bytewise = parse(again, bytes, 1);
        QCOMPARE(bytewise.error, r.error);
        QCOMPARE(bytewise.offset, r.offset);
    }

    // Every word the schema says holds a string comes out as the string the stream sent under that id, for
    // every kind: the parser once kept a list of its own, and a new kind's names (signal-handler's) came out
    // as the wire's ids, read as whatever the store's table held there.
    void everyStringWordIsTheStringSent()
    {
        StreamBuilder b;
        b.header().hello();
        for (int k = 0; k < int(EventKind::Count_); ++k)
            b.kind(std::uint8_t(k), QByteArray(eventKindName(EventKind(k)).data()));
        b.string(10, "a-word").string(11, "b-word").string(12, "c-word");
        QList<WireEvent> list;
        std::vector<EventKind> sent;
        for (int k = 0; k < int(EventKind::Count_); ++k) {
            const EventSchema& schema = schemaOf(EventKind(k));
            const bool a = holdsString(schema.a.role), bs = holdsString(schema.b.role), c = holdsString(schema.c.role);
            if (!a && !bs && !c)
                continue;
            list.append(WireEvent{1000, 0, a ? 10u : 0u, bs ? 11u : 0u, c ? 12u : 0u, 0, 0, std::uint8_t(k), 0});
            sent.push_back(EventKind(k));
        }
        QVERIFY(std::find(sent.begin(), sent.end(), EventKind::SignalHandler) != sent.end());
        StringTable strings;
        strings.intern(QStringLiteral("taken by the store first")); // so that a wire id is not the store's
        const Parsed r = parse(strings, b.events(list).end(std::uint64_t(list.size())).bytes());
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.events.size(), sent.size());
        for (const Event& e : r.events) {
            const EventSchema& schema = schemaOf(e.kind);
            const QString kind = QString::fromLatin1(schema.name);
            if (holdsString(schema.a.role))
                QCOMPARE(kind + strings.text(e.a), kind + QStringLiteral("a-word"));
            if (holdsString(schema.b.role))
                QCOMPARE(kind + strings.text(e.b), kind + QStringLiteral("b-word"));
            if (holdsString(schema.c.role))
                QCOMPARE(kind + strings.text(e.c), kind + QStringLiteral("c-word"));
        }
    }

    // An item value that is a whole number carries the number in c, not a string id: it reads as sent, and only
    // one without the flag must name a string sent.
    void anItemValueThatIsANumberNamesNoString()
    {
        const auto stream = [](std::uint8_t flags) {
            StreamBuilder b;
            b.header().hello();
            b.kind(0, "item-value");
            const QList<WireEvent> list{WireEvent{0, 0, 0, 1, 0xFFFFFFFDu, 0, 0, 0, flags}};
            return b.events(list).end(1).bytes();
        };
        StringTable strings;
        const Parsed number = parse(strings, stream(wire::kItemNumber));
        QVERIFY2(number.ok, qPrintable(number.error));
        QCOMPARE(number.events.size(), std::size_t(1));
        QCOMPARE(number.events[0].c, 0xFFFFFFFDu);
        const Parsed text = parse(strings, stream(0));
        QVERIFY(!text.ok);
        QVERIFY2(text.error.contains(QStringLiteral("names string 4294967293")), qPrintable(text.error));
    }

    void garbageNeverCrashes()
    {
        // Every prefix and a thousand single-byte corruptions of a valid stream: a verdict, never a crash,
        // and never more lanes than the slack allows.
        const QByteArray good = sampleStream();
        for (int cut = 0; cut <= good.size(); ++cut) {
            StringTable strings;
            parse(strings, good.left(cut));
        }
        std::uint32_t seed = 12345;
        for (int i = 0; i < 1000; ++i) {
            QByteArray bad = good;
            seed = seed * 1103515245u + 12345u;
            bad[int(seed % std::uint32_t(bad.size()))] = char(seed >> 16);
            StringTable strings;
            const Parsed r = parse(strings, bad, 1 + int(seed % 40));
            for (const Event& e : r.events)
                QVERIFY(e.lane < StreamParser::kIdSlack + 2);
        }
    }
};

QTEST_GUILESS_MAIN(tst_StreamParser)
#include "tst_streamparser.moc"
