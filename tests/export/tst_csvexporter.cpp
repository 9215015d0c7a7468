#include "export/csvexporter.h"
#include "py/pythonapi.h"
#include "py/queue.h"
#include "py/thread.h"
#include "support/coretestutil.h"
#include "support/csvroundtrip.h"
#include "support/testevent.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace tl;
using tl::test::ev;

namespace {

const QStringList kHeader = {"ts_us", "tid",  "thread", "event",  "line", "target",
                             "queue", "item", "depth",  "detail", "file"};
const QString kTricky = QStringLiteral("a, b \"quoted\"\nsecond line\r\nthird");

// RFC 4180, as a reader would parse it: independent of the exporter's own quoting (test::csvRows).
QList<QStringList> parseCsv(const QString& text)
{
    return test::csvRows(text.toUtf8());
}

} // namespace

class TestCsvExporter : public QObject {
    Q_OBJECT

private slots:
    void oneRowPerEvent();
    void columnsOfAPut();
    void printsNameTheirStream();
    void aRenameToNothingSaysSo();
    void theProgramsTextNeverRunsAsAFormula();
    void columnsOfTheSyncPrimitives();
    void writeToFileReportsFailures();
};

void TestCsvExporter::oneRowPerEvent()
{
    auto recording = test::record([] {
        Queue<int> q(0, QStringLiteral("q, \"1\""));
        auto worker = Thread::create(
            [&q] {
                print(kTricky);
                q.put(1);
            },
            {.name = QStringLiteral("worker")});
        worker->start();
        worker->join();
        q.get();
    });
    QVERIFY(recording.finishedInTime);
    const TraceStore& store = *recording.store;
    const QList<QStringList> rows = parseCsv(QString::fromUtf8(CsvExporter(store).toCsv()));

    QCOMPARE(rows.size(), static_cast<qsizetype>(store.eventCount()) + 1);
    QCOMPARE(rows.front(), kHeader);
    const EventView events = store.eventsByTime();
    double lastTs = -1;
    int prints = 0;
    for (qsizetype r = 1; r < rows.size(); ++r) {
        const QStringList& row = rows[r];
        QCOMPARE(row.size(), kHeader.size());
        const Event& e = events[static_cast<std::size_t>(r - 1)];
        QCOMPARE(row[3], QString::fromLatin1(eventKindName(e.kind)));
        QCOMPARE(row[1].toInt(), static_cast<int>(e.lane) + 1);
        QCOMPARE(row[2], store.lane(e.lane).name);
        QVERIFY(row[0].toDouble() >= lastTs);
        lastTs = row[0].toDouble();
        if (e.kind == EventKind::Print) {
            QCOMPARE(row[9], kTricky);
            ++prints;
        }
        if (e.kind == EventKind::PutDone || e.kind == EventKind::GetDone)
            QCOMPARE(row[6], QStringLiteral("q, \"1\""));
    }
    QCOMPARE(prints, 1);
}

void TestCsvExporter::columnsOfAPut()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    store.append(std::vector<Event>{ev(5, 0, EventKind::ThreadCreated, 0, strings->intern("MainThread")),
                                    ev(10, 0, EventKind::QueueCreated, 3, strings->intern("jobs"), 2),
                                    ev(1234567, 0, EventKind::PutDone, 3, 41, 2)});
    const QList<QStringList> rows = parseCsv(QString::fromUtf8(CsvExporter(store).toCsv()));
    QCOMPARE(rows.size(), 4);
    QCOMPARE(rows[1][0], QStringLiteral("0.005"));
    QCOMPARE(rows[2],
             (QStringList{"0.010", "1", "MainThread", "queue-created", "", "", "jobs", "", "", "maxsize=2", ""}));
    QCOMPARE(rows[3], (QStringList{"1234.567", "1", "MainThread", "put", "", "", "jobs", "41", "2", "", ""}));
}

// A line to stderr says so after its text, as a timed-out put says "timed out"; a line to stdout says
// nothing more.
void TestCsvExporter::printsNameTheirStream()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    Event err = ev(20, 0, EventKind::Print, strings->intern("ValueError: bad"));
    err.flags = EventFlag::Stderr;
    store.append(std::vector<Event>{ev(5, 0, EventKind::ThreadCreated, 0, strings->intern("MainThread")),
                                    ev(10, 0, EventKind::Print, strings->intern("hello")), err});
    const QList<QStringList> rows = parseCsv(QString::fromUtf8(CsvExporter(store).toCsv()));
    QCOMPARE(rows.size(), 4);
    QCOMPARE(rows[2], (QStringList{"0.010", "1", "MainThread", "print", "", "", "", "", "", "hello", ""}));
    QCOMPARE(rows[3],
             (QStringList{"0.020", "1", "MainThread", "print", "", "", "", "", "", "ValueError: bad stderr", ""}));
}

// `current_thread().name = ""` is a rename all the same: its row says to what, as one to "ingest" does.
void TestCsvExporter::aRenameToNothingSaysSo()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    store.append(std::vector<Event>{ev(5, 0, EventKind::ThreadCreated, 0, strings->intern("MainThread")),
                                    ev(10, 0, EventKind::ThreadName, strings->intern("ingest"), kNoValue, kNoValue),
                                    ev(20, 0, EventKind::ThreadName, strings->intern(""), kNoValue, kNoValue)});
    const QList<QStringList> rows = parseCsv(QString::fromUtf8(CsvExporter(store).toCsv()));
    QCOMPARE(rows.size(), 4);
    QCOMPARE(rows[2][3], QStringLiteral("thread-name"));
    QCOMPARE(rows[2][9], QStringLiteral("name=ingest"));
    QCOMPARE(rows[3][3], QStringLiteral("thread-name"));
    QCOMPARE(rows[3][9], QStringLiteral("name="));
}

// A thread named "=HYPERLINK(...)" or a printed "-2+3" reads as text in a spreadsheet; a negative number stays one.
void TestCsvExporter::theProgramsTextNeverRunsAsAFormula()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    store.append(std::vector<Event>{ev(5, 0, EventKind::ThreadCreated, 0, strings->intern("=HYPERLINK(\"x\")")),
                                    ev(10, 0, EventKind::Print, strings->intern("-2+3")),
                                    ev(20, 0, EventKind::Print, strings->intern("-5"))});
    const QList<QStringList> rows = parseCsv(QString::fromUtf8(CsvExporter(store).toCsv()));
    QCOMPARE(rows.size(), 4);
    QCOMPARE(rows[2][2], QStringLiteral("'=HYPERLINK(\"x\")"));
    QCOMPARE(rows[2][9], QStringLiteral("'-2+3"));
    QCOMPARE(rows[3][9], QStringLiteral("-5"));
}

void TestCsvExporter::writeToFileReportsFailures()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    store.append(std::vector<Event>{ev(0, 0, EventKind::ThreadCreated, 0, strings->intern("MainThread"))});
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("trace.csv");
    const Status ok = CsvExporter(store).writeToFile(path);
    QVERIFY(ok.ok());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), CsvExporter(store).toCsv());

    const QString missing = dir.filePath("missing/trace.csv");
    const Status bad = CsvExporter(store).writeToFile(missing);
    QVERIFY(!bad.ok());
    QVERIFY2(bad.error().contains(missing) && bad.error().contains("does not exist"), qPrintable(bad.error()));
    QVERIFY(!QFile::exists(missing));
}

// Issue 13 in the CSV: a primitive by its unique name in the detail, the wake word in the item column, the
// count (a lock's recursion, a semaphore's value, the waiters woken) in the depth column, a timeout in seconds.
void TestCsvExporter::columnsOfTheSyncPrimitives()
{
    auto strings = std::make_shared<StringTable>();
    TraceStore store(strings);
    Event timedOut = ev(3000, 0, EventKind::Acquired, 2, 0, kNoValue);
    timedOut.flags = EventFlag::TimedOut;
    store.append(std::vector<Event>{
        ev(5, 0, EventKind::ThreadCreated, 0, strings->intern("MainThread")),
        ev(10, 0, EventKind::SyncCreated, 1, strings->intern("pool"), std::uint32_t(SyncType::BoundedSemaphore)),
        ev(11, 0, EventKind::SyncCreated, 2, strings->intern("pool"), std::uint32_t(SyncType::Lock)),
        ev(20, 0, EventKind::Released, 1, 7, 3), ev(1500, 0, EventKind::AcquireBlocked, 2, 0, 1500), timedOut,
        ev(3001, 0, EventKind::Notify, 2, 0, 0)});
    const QList<QStringList> rows = parseCsv(QString::fromUtf8(CsvExporter(store).toCsv()));
    QCOMPARE(rows.size(), 8);
    QCOMPARE(rows[2], (QStringList{"0.010", "1", "MainThread", "sync-created", "", "", "", "", "",
                                   "primitive=pool type=BoundedSemaphore", ""}));
    QCOMPARE(rows[3], (QStringList{"0.011", "1", "MainThread", "sync-created", "", "", "", "", "",
                                   "primitive=pool#2 type=Lock", ""}));
    QCOMPARE(rows[4],
             (QStringList{"0.020", "1", "MainThread", "released", "", "", "", "7", "3", "primitive=pool", ""}));
    QCOMPARE(rows[5], (QStringList{"1.500", "1", "MainThread", "acquire-blocked", "", "", "", "", "",
                                   "primitive=pool#2 timeout=1.5", ""}));
    QCOMPARE(rows[6], (QStringList{"3.000", "1", "MainThread", "acquired", "", "", "", "", "",
                                   "primitive=pool#2 timed out", ""}));
    QCOMPARE(rows[7], (QStringList{"3.001", "1", "MainThread", "notify", "", "", "", "", "0", "primitive=pool#2", ""}));
}

QTEST_GUILESS_MAIN(TestCsvExporter)
#include "tst_csvexporter.moc"
