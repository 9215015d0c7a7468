#include "export/chrometraceexporter.h"
#include "export/csvexporter.h"
#include "import/filesource.h"
#include "importtestutil.h"
#include "trace/tracerecorder.h"
#include "trace/tracestore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

using namespace tl;
using namespace tl::test;

// An event of a module a Python script imports has a line of that module: the store keeps its file
// (TraceStore::fileOf), the JSON and CSV exports say it, and a JSON export read back, whole or in a file source's
// batches, has it again. An event of the script's own lines names no file anywhere.
class TestEventFiles : public QObject {
    Q_OBJECT

private slots:
    void theStoreKeepsEachBatchsFiles();
    void theJsonExportNamesAnotherFile();
    void theCsvExportNamesAnotherFileLast();
    void aJsonExportReadBackKeepsItsFiles();
    void aFileSourceHandsFilesOverWithTheirBatch();
};

namespace {

const QString kScript = QStringLiteral("/work/prog.py");
const QString kHelper = QStringLiteral("/work/helper.py");

Event ev(std::int64_t ts, EventKind kind, std::uint32_t a = 0, std::uint32_t b = 0, std::uint32_t c = 0,
         std::uint16_t line = 0)
{
    Event e{ts, 0, 0, kind, 0, line, a, b, c};
    return e;
}

// Main sleeps in helper.py's line 3, then prints at the script's line 5; `prints` more prints of the script, then
// one of helper.py's line 9 last.
struct Program {
    std::shared_ptr<StringTable> strings = std::make_shared<StringTable>();
    std::vector<Event> events;
    std::vector<EventFile> files;

    explicit Program(int prints = 0)
    {
        const StringId helper = strings->intern(kHelper);
        const StringId text = strings->intern(QStringLiteral("hi"));
        events = {ev(0, EventKind::ThreadCreated, 0, strings->intern(QStringLiteral("MainThread"))),
                  ev(0, EventKind::RunBegin), ev(1000, EventKind::SleepBegin, 0, 0, 2000, 3),
                  ev(3000, EventKind::SleepEnd), ev(4000, EventKind::Print, text, 0, 0, 5)};
        files.push_back({2, helper});
        for (int i = 0; i < prints; ++i)
            events.push_back(ev(5000 + i, EventKind::Print, text, 0, 0, 6));
        files.push_back({events.size(), helper});
        events.push_back(ev(5000 + prints, EventKind::Print, text, 0, 0, 9));
        events.push_back(ev(6000 + prints, EventKind::RunEnd));
    }

    std::unique_ptr<TraceStore> store() const
    {
        auto out = std::make_unique<TraceStore>(strings);
        TraceMetadata meta;
        meta.source = QString::fromLatin1(TraceMetadata::kPython);
        meta.script = kScript;
        out->setMetadata(meta);
        out->append(events, files);
        return out;
    }
};

// The ids of the store's events of `kind`, in time order.
std::vector<EventId> idsOf(const TraceStore& store, EventKind kind)
{
    std::vector<EventId> out;
    const EventView events = store.laneEvents(0);
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (events[i].kind == kind)
            out.push_back(events.id(i));
    }
    return out;
}

// The args of the export's first event named `name`.
QJsonObject argsOf(const QByteArray& json, const QString& name)
{
    for (const QJsonValue& v : QJsonDocument::fromJson(json).object().value(QStringLiteral("traceEvents")).toArray()) {
        if (v.toObject().value(QStringLiteral("name")).toString() == name)
            return v.toObject().value(QStringLiteral("args")).toObject();
    }
    return {};
}

// What the store says of the sleep, the first print and the last print: (line, file) each.
QList<QPair<int, QString>> sources(const TraceStore& store)
{
    const auto source = [&store](EventId id) {
        const StringId file = store.fileOf(id);
        return qMakePair(int(store.event(id).line), file != 0 ? store.text(file) : QString());
    };
    const std::vector<EventId> prints = idsOf(store, EventKind::Print);
    return {source(idsOf(store, EventKind::SleepBegin).at(0)), source(prints.front()), source(prints.back())};
}

const QList<QPair<int, QString>> kSources = {{3, kHelper}, {5, QString()}, {9, kHelper}};

} // namespace

void TestEventFiles::theStoreKeepsEachBatchsFiles()
{
    const Program program;
    TraceStore store(program.strings);
    // Two batches: the second's indexes count from its own first event.
    const std::span<const Event> all(program.events);
    std::vector<EventFile> second;
    for (const EventFile& f : program.files) {
        if (f.index >= 3)
            second.push_back({f.index - 3, f.file});
    }
    store.append(all.first(3), std::span<const EventFile>(program.files).first(1));
    store.append(all.subspan(3), second);
    QCOMPARE(sources(store), kSources);
}

void TestEventFiles::theJsonExportNamesAnotherFile()
{
    const QByteArray json = ChromeTraceExporter(*Program().store()).toJson();
    const QJsonObject sleep = argsOf(json, QStringLiteral("sleep"));
    QCOMPARE(sleep.value(QStringLiteral("line")).toInt(), 3);
    QCOMPARE(sleep.value(QStringLiteral("file")).toString(), kHelper);
    const QJsonObject print = argsOf(json, QStringLiteral("print"));
    QCOMPARE(print.value(QStringLiteral("line")).toInt(), 5);
    QVERIFY2(!print.contains(QStringLiteral("file")), "the script's own line names no file");
}

void TestEventFiles::theCsvExportNamesAnotherFileLast()
{
    const QList<QByteArray> rows = CsvExporter(*Program().store()).toCsv().split('\n');
    QCOMPARE(rows.at(0), QByteArray("ts_us,tid,thread,event,line,target,queue,item,depth,detail,file"));
    QList<QByteArray> sleep, prints;
    for (const QByteArray& row : rows) {
        if (row.contains(",sleep-begin,"))
            sleep << row;
        if (row.contains(",print,"))
            prints << row;
    }
    QCOMPARE(sleep.size(), 1);
    QVERIFY2(sleep[0].contains(",3,") && sleep[0].endsWith("," + kHelper.toUtf8()), sleep[0].constData());
    QCOMPARE(prints.size(), 2);
    QVERIFY2(prints[0].contains(",5,") && prints[0].endsWith(","), prints[0].constData());
    QVERIFY2(prints[1].contains(",9,") && prints[1].endsWith("," + kHelper.toUtf8()), prints[1].constData());
}

void TestEventFiles::aJsonExportReadBackKeepsItsFiles()
{
    const QByteArray first = ChromeTraceExporter(*Program().store()).toJson();
    auto loaded = loadBytes(first);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error()));
    QCOMPARE(sources(*loaded->store), kSources);
    QCOMPARE(ChromeTraceExporter(*loaded->store).toJson(), first);
}

void TestEventFiles::aFileSourceHandsFilesOverWithTheirBatch()
{
    // Past one batch, so that the last print, of helper.py, comes in the second and counts from its start.
    const Program program(int(import::FileSource::kBatch) + 10);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile file(dir.filePath(QStringLiteral("run.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(ChromeTraceExporter(*program.store()).write(file));
    file.close();

    import::FileSource source(file.fileName());
    TraceStore store(source.strings());
    TraceRecorder recorder(source, store);
    recorder.recordToCompletion();
    QVERIFY2(source.error().isEmpty(), qPrintable(source.error()));
    QCOMPARE(store.eventCount(), std::uint64_t(program.events.size()));
    QCOMPARE(sources(store), kSources);
    // The whole file read at once (File > Open's loader) places them alike.
    auto loaded = loadBytes(ChromeTraceExporter(*program.store()).toJson());
    QVERIFY(loaded.ok());
    QCOMPARE(sources(*loaded->store), kSources);
}

QTEST_GUILESS_MAIN(TestEventFiles)
#include "tst_eventfiles.moc"
