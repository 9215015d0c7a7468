#include "export/chrometraceexporter.h"
#include "importtestutil.h"
#include "scenarios/headlessrun.h"
#include "scenarios/scenario.h"

#include <QElapsedTimer>
#include <QTest>

using namespace tl;
using namespace tl::test;

namespace {

// The export of a lesson's run with its defaults (at 200x), or empty if the lesson is unknown.
QByteArray lessonExport(const QString& id)
{
    const Scenario* scenario = findScenario(id);
    if (scenario == nullptr)
        return {};
    const auto store =
        runHeadless(*scenario, *resolveParameters(scenario->parameters, QList<QPair<QString, QString>>{}),
                    RunOptions{.speed = 200});
    return ChromeTraceExporter(*store).toJson();
}

} // namespace

// Input that is not a good trace: an error that names what is wrong and where, or (for a file cut short)
// what was read with a warning; never a crash, a hang or a guess.
class TestMalformedTraces : public QObject {
    Q_OBJECT

private slots:
    void errorsNameWhatAndWhere_data();
    void errorsNameWhatAndWhere();
    void truncatedAnywhereReadsWhatCameBefore_data();
    void truncatedAnywhereReadsWhatCameBefore();
    void truncatedGzipReadsWhatCameBefore();
    void aTruncationCountsTheEventsBeforeIt();
    void aWaitWhoseEndWasCutIsNotSaidToTimeOut();
    void deepNestingNeitherCrashesNorHangs();
    void openingAMissingFileNamesIt();
    void tidsPastWhatItsEventsNameAreRefused();
};

void TestMalformedTraces::errorsNameWhatAndWhere_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("error");
    QTest::newRow("empty") << QByteArray() << "the file is empty: no JSON text (byte 0)";
    QTest::newRow("only spaces") << QByteArray("  \n ") << "the file is empty: no JSON text (byte 4)";
    QTest::newRow("a number") << QByteArray("42")
                              << "not a Chrome trace: the JSON text is a single value, not an object with "
                                 "traceEvents or an array of events (byte 0)";
    QTest::newRow("after a byte order mark") // the mark is skipped, and counted in the offset
        << QByteArray("\xEF\xBB\xBF"
                      R"([{"ph": "i", "ts": 1} {"ph": "i", "ts": 2}])")
        << "invalid JSON at byte 25: Missing a comma or ']' after an array element.";
    QTest::newRow("text after a gzip member") // zeros after it are padding; anything else is not
        << gzipped("[]") + QByteArray("junk")
        << "the gzip data is corrupt near file byte 24: incorrect header check (byte 2)";
    QTest::newRow("no traceEvents") << QByteArray(R"({"foo": [1, 2], "otherData": {}})")
                                    << "not a Chrome trace: the top-level object has no traceEvents array (byte 0)";
    QTest::newRow("bad value in event") << QByteArray(R"({"traceEvents": [{"ph": "X", "ts": 1,, "dur": 2}]})")
                                        << "invalid JSON at byte 37, in event 1: Missing a name for object member.";
    QTest::newRow("second event broken")
        << QByteArray(R"([{"ph": "i", "ts": 1}, {"ph": "i" "ts": 2}])")
        << "invalid JSON at byte 34, in event 2: Missing a comma or '}' after an object member.";
    QTest::newRow("missing comma between events")
        << QByteArray(R"([{"ph": "i", "ts": 1} {"ph": "i", "ts": 2}])")
        << "invalid JSON at byte 22: Missing a comma or ']' after an array element.";
    QTest::newRow("text after the trace") << QByteArray(R"({"traceEvents": []} {"traceEvents": []})")
                                          << "invalid JSON at byte 20: The document root must not be followed by "
                                             "other values.";
    QTest::newRow("NUL inside") << QByteArray("[{\"ph\": \"i\",\0 \"ts\": 1}]", 23)
                                << "invalid JSON at byte 12, in event 1: Missing a name for object member.";
    // A binary file and a gzip header with nothing after it were "the file is empty".
    QTest::newRow("binary") << QByteArray("\0\1\2\3{}", 6) << "not JSON text: a NUL byte at byte 0";
    QTest::newRow("spaces, then binary") << QByteArray("  \0[]", 5) << "not JSON text: a NUL byte at byte 2";
    QTest::newRow("a gzip header alone") << QByteArray("\x1f\x8b\x08\x00garbage", 11)
                                         << "the gzip data is cut short before any JSON text (byte 0)";
    QTest::newRow("corrupt gzip") << QByteArray("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage-not-deflate", 29)
                                  << "the gzip data is corrupt near file byte 11: invalid block type (byte 0)";
}

void TestMalformedTraces::errorsNameWhatAndWhere()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, error);
    const auto trace = importBytes(input);
    QVERIFY(!trace.ok());
    QCOMPARE(trace.error(), error);
}

void TestMalformedTraces::truncatedAnywhereReadsWhatCameBefore_data()
{
    QTest::addColumn<QByteArray>("full");
    const QByteArray lesson = lessonExport(QStringLiteral("join-order"));
    QVERIFY(!lesson.isEmpty());
    QTest::newRow("Threadline export") << lesson;
    QTest::newRow("foreign, object form") << QByteArray(R"({"traceEvents": [
        {"ph": "M", "name": "thread_name", "pid": 1, "tid": 2, "args": {"name": "w\u00e9"}},
        {"ph": "B", "name": "a", "pid": 1, "tid": 2, "ts": 0},
        {"ph": "X", "name": "b", "pid": 1, "tid": 2, "ts": 1.5, "dur": 2, "args": {"x": [1, {"y": null}]}},
        {"ph": "s", "name": "f", "id": 1, "pid": 1, "tid": 2, "ts": 2},
        {"ph": "f", "bp": "e", "name": "f", "id": 1, "pid": 1, "tid": 3, "ts": 4},
        {"ph": "E", "pid": 1, "tid": 2, "ts": 5}
    ], "otherData": {"k": [true, false]}})");
}

// Every prefix in the default and ASan builds. Under ThreadSanitizer, where each load is about ten times
// slower and the sweep alone outran the test's time limit, every 16th: the races it looks for are in the
// load itself, which any prefix exercises.
#if defined(__SANITIZE_THREAD__)
constexpr qsizetype kCutStride = 16;
#else
constexpr qsizetype kCutStride = 1;
#endif

// A crashed writer leaves a prefix of any length: each one loads, with a warning naming where it ended,
// and holds no more events than the whole file.
void TestMalformedTraces::truncatedAnywhereReadsWhatCameBefore()
{
    QFETCH(QByteArray, full);
    const auto whole = loadBytes(full);
    QVERIFY(whole.ok());
    QVERIFY2(whole->warnings.isEmpty(), qPrintable(whole->warnings.join('\n')));
    const std::uint64_t all = whole->store->eventCount();
    int truncated = 0;
    bool drawn = false; // a prefix has loaded
    for (qsizetype n = 1; n < full.size(); n += kCutStride) {
        const auto part = loadBytes(full.left(n));
        if (!part.ok()) {
            // Only a prefix of blanks has no JSON text at all; one cut before its first event (threads' names
            // aside) has nothing to draw, and once a prefix holds an event, every longer one does.
            QVERIFY2(full.left(n).trimmed().isEmpty() ||
                         (part.error().contains(QStringLiteral("(byte %1), with nothing to draw before it").arg(n)) &&
                          !drawn),
                     qPrintable(QStringLiteral("%1: %2").arg(n).arg(part.error())));
            continue;
        }
        drawn = true;
        QVERIFY(part->store->eventCount() <= all);
        if (!part->warnings.isEmpty()) {
            ++truncated;
            QVERIFY2(part->warnings[0].startsWith("the file ends "), qPrintable(part->warnings[0]));
            QVERIFY2(part->warnings[0].contains(QStringLiteral("(byte %1)").arg(n)), qPrintable(part->warnings[0]));
        }
    }
    QVERIFY(truncated > full.size() / kCutStride / 2);
}

// The status bar read "read the 1 events before it".
void TestMalformedTraces::aTruncationCountsTheEventsBeforeIt()
{
    const QByteArray event = R"({"ph": "i", "name": "a", "pid": 1, "tid": 1, "ts": 1})";
    const QList<QPair<QByteArray, QString>> cases{
        {R"({"traceEvents": [)" + event + R"(, {"ph)", QStringLiteral("read the 1 event before it")},
        {R"({"traceEvents": [)" + event + ", " + event + R"(, {"ph)", QStringLiteral("read the 2 events before it")}};
    for (const auto& [bytes, said] : cases) {
        const auto part = loadBytes(bytes);
        QVERIFY(part.ok());
        QVERIFY2(!part->warnings.isEmpty() && part->warnings[0].endsWith(said), qPrintable(part->warnings.join('\n')));
    }
}

// A join's span comes before its "joined" instant in the file: cut between them, the join read as one that timed out,
// and its callout said "join timed out: Thread-2 still alive" of a join that ended well (a reviewer).
void TestMalformedTraces::aWaitWhoseEndWasCutIsNotSaidToTimeOut()
{
    const QByteArray full = lessonExport(QStringLiteral("race"));
    const qsizetype lastJoined = full.lastIndexOf(R"("name":"joined")");
    QVERIFY(lastJoined > 0);
    const auto cut = loadBytes(full.left(full.lastIndexOf('\n', lastJoined) + 1));
    QVERIFY(cut.ok());
    QVERIFY(!cut->warnings.isEmpty() && cut->warnings[0].startsWith(QStringLiteral("the file ends ")));
    int joins = 0;
    for (EventId id = 0; id < cut->store->eventCount(); ++id) {
        const Event& e = cut->store->event(id);
        if (e.kind == EventKind::JoinEnd) {
            ++joins;
            QCOMPARE(e.flags, std::uint8_t{0});
        }
    }
    QCOMPARE(joins, 2);
}

void TestMalformedTraces::truncatedGzipReadsWhatCameBefore()
{
    QByteArray text = R"({"traceEvents": [)";
    for (int i = 0; i < 2000; ++i)
        text +=
            QStringLiteral(R"({"ph": "X", "name": "s%1", "pid": 1, "tid": 1, "ts": %1, "dur": 1},)").arg(i).toUtf8();
    text += R"({"ph": "i", "name": "last", "pid": 1, "tid": 1, "ts": 5000}]})";
    const QByteArray gz = gzipped(text);
    const auto whole = loadBytes(gz);
    QVERIFY(whole.ok());
    QCOMPARE(whole->warnings, QStringList());
    QCOMPARE(whole->store->lane(0).spans.size(), std::size_t{2000});
    const auto half = loadBytes(gz.left(gz.size() / 2));
    QVERIFY(half.ok());
    QVERIFY2(half->warnings.size() == 1 && half->warnings[0].contains("the gzip stream is cut short"),
             qPrintable(half->warnings.join('\n')));
    QVERIFY(half->store->lane(0).spans.size() > 100);
    QVERIFY(half->store->lane(0).spans.size() < 2000);
}

void TestMalformedTraces::deepNestingNeitherCrashesNorHangs()
{
    QElapsedTimer clock;
    clock.start();
    const QByteArray deep = QByteArray(R"({"traceEvents": [{"ph": "i", "ts": 0, "args": )") + QByteArray(200000, '[') +
                            QByteArray(200000, ']') + "}]}";
    const auto nested = loadBytes(deep);
    QVERIFY(nested.ok());
    const auto open = loadBytes(QByteArray(500000, '['));
    QVERIFY(!open.ok()); // read to its end: cut short, with nothing to draw
    QVERIFY2(open.error().endsWith(QStringLiteral("with nothing to draw before it")), qPrintable(open.error()));
    QVERIFY(clock.elapsed() < 20000);
}

void TestMalformedTraces::openingAMissingFileNamesIt()
{
    const auto trace = import::loadTraceFile(QStringLiteral("/nonexistent/run.json"));
    QVERIFY(!trace.ok());
    QCOMPARE(trace.error(), QStringLiteral("cannot open '/nonexistent/run.json': No such file or directory"));
}

// The refusal's bound: 10,000 joins resolved by a scan of every lane took 17.6 s before; a release build refuses in
// about 0.05 s. A sanitizer runs the lane table's allocation many times slower: 5.1 s under ThreadSanitizer on the
// 2-core CI machine.
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
constexpr qint64 kRefusedWithinMs = 30000;
#else
constexpr qint64 kRefusedWithinMs = 5000;
#endif

// A Threadline export whose one thread_name says tid 1048576: every lane up to it was made, a 3 KB file became a
// million lanes (346 MB, a 2 GB SVG). An export names its threads 1 to n with two metadata events each.
void TestMalformedTraces::tidsPastWhatItsEventsNameAreRefused()
{
    QByteArray json = lessonExport(QStringLiteral("hello"));
    QVERIFY(importBytes(json).ok());
    const qsizetype at = json.indexOf("\"tid\":2}");
    QVERIFY(at > 0);
    json.replace(at, 8, "\"tid\":1048576}");
    QElapsedTimer clock;
    clock.start();
    const auto trace = importBytes(json);
    QVERIFY(!trace.ok());
    QVERIFY2(trace.error().startsWith(QStringLiteral("its tids run to 1048576, but a Threadline export of ")),
             qPrintable(trace.error()));
    QVERIFY2(clock.elapsed() < kRefusedWithinMs, qPrintable(QString::number(clock.elapsed())));
}

QTEST_GUILESS_MAIN(TestMalformedTraces)
#include "tst_malformedtraces.moc"
