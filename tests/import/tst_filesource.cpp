#include "import/filesource.h"
#include "import/flowcheck.h"
#include "trace/tracerecorder.h"
#include "trace/tracestore.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace tl;
using namespace tl::import;

// FileSource: a trace file read on a thread of its own, handed over in batches, with progress, a
// cancel, and the TraceSource contract (the drain after isFinished() holds the last events).
class TestFileSource : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void loadsInBatchesAndFinishesAfterTheLast();
    void recordsToCompletionLikeAnyTraceSource();
    void cancelStopsTheReader();
    void badFileFinishesWithItsError();

private:
    QTemporaryDir m_dir;
    QString m_big;
    int m_spans = 0;
};

void TestFileSource::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // 100,000 spans on four threads: more than one batch, big enough that a cancel lands while reading.
    m_big = m_dir.filePath(QStringLiteral("big.json"));
    QFile f(m_big);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"traceEvents\": [\n");
    m_spans = 100000;
    for (int i = 0; i < m_spans; ++i)
        f.write(QStringLiteral("{\"ph\": \"X\", \"name\": \"s%1\", \"pid\": 1, \"tid\": %2, \"ts\": %3, \"dur\": 1},\n")
                    .arg(i % 7)
                    .arg(i % 4)
                    .arg(i)
                    .toUtf8());
    f.write("{\"ph\": \"i\", \"name\": \"last\", \"pid\": 1, \"tid\": 0, \"ts\": 200000}\n]}\n");
}

void TestFileSource::loadsInBatchesAndFinishesAfterTheLast()
{
    FileSource source(m_big);
    TraceStore store(source.strings());
    std::vector<Event> batch;
    std::size_t drains = 0;
    std::size_t total = 0;
    // Every drain hands over at most one batch; isFinished() turns true only when one drain is left.
    for (;;) {
        const bool finished = source.isFinished();
        batch.clear();
        const std::size_t n = source.drain(batch);
        QVERIFY(n <= FileSource::kBatch);
        QCOMPARE(batch.size(), n);
        if (n > 0) {
            ++drains;
            total += n;
            store.append(batch);
        }
        if (finished)
            break;
        source.waitForFinished(50);
    }
    batch.clear();
    QCOMPARE(source.drain(batch), std::size_t{0}); // nothing after the last
    QVERIFY(drains >= 4);
    // Each span is two events, plus the mark, four ThreadNames and the process's GroupName.
    QCOMPARE(total, std::size_t(2 * m_spans + 1 + 4 + 1));
    QCOMPARE(store.laneCount(), std::size_t{4});
    QCOMPARE(source.bytesRead(), source.fileSize());
    QVERIFY(source.error().isEmpty());
    QCOMPARE(source.warnings(), QStringList());
    QCOMPARE(source.metadata().scenarioTitle, QStringLiteral("big.json"));
    QCOMPARE(source.nowTs(), store.endTs());
}

void TestFileSource::recordsToCompletionLikeAnyTraceSource()
{
    FileSource source(m_big);
    TraceStore store(source.strings());
    TraceRecorder recorder(source, store);
    recorder.recordToCompletion(1);
    QCOMPARE(store.eventCount(), std::uint64_t(2 * m_spans + 1 + 4 + 1));
    std::size_t spans = 0;
    for (LaneId l = 0; l < store.laneCount(); ++l)
        spans += store.lane(l).spans.size();
    QCOMPARE(spans, std::size_t(m_spans));
}

void TestFileSource::cancelStopsTheReader()
{
    FileSource source(m_big);
    source.requestStop();
    QVERIFY(source.waitForFinished(20000));
    std::vector<Event> batch;
    // Either the cancel landed (no events, "cancelled") or the reader had already finished: never half.
    if (!source.error().isEmpty()) {
        QVERIFY(source.error().endsWith(QStringLiteral("cancelled")));
        QCOMPARE(source.drain(batch), std::size_t{0});
    } else {
        std::size_t total = 0;
        while (source.drain(batch) > 0)
            total = batch.size();
        QCOMPARE(total, std::size_t(2 * m_spans + 1 + 4 + 1));
    }
}

void TestFileSource::badFileFinishesWithItsError()
{
    const QString path = m_dir.filePath(QStringLiteral("bad.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("[{\"ph\": \"X\"}, oops]");
    f.close();
    FileSource source(path);
    QVERIFY(source.waitForFinished(20000));
    QCOMPARE(source.error(), QStringLiteral("cannot read '%1': invalid JSON at byte 14: Invalid value.").arg(path));
    std::vector<Event> batch;
    QCOMPARE(source.drain(batch), std::size_t{0});
    QCOMPARE(source.metadata().scenarioTitle, QString());
}

QTEST_GUILESS_MAIN(TestFileSource)
#include "tst_filesource.moc"
