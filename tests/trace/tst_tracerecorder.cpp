#include "trace/tracerecorder.h"
#include "trace/tracesource.h"
#include "trace/tracestore.h"

#include <QTest>

#include <deque>
#include <memory>
#include <vector>

using namespace tl;

namespace {

// A source that publishes what the test hands it, one batch per drain, and finishes when told.
class ScriptedSource final : public TraceSource {
public:
    std::deque<std::vector<Event>> batches;
    bool finished = false;
    bool finishAfterNextDrain = false;
    std::uint64_t dropped = 0;
    int drains = 0;
    std::shared_ptr<StringTable> table = std::make_shared<StringTable>();

    std::size_t drain(std::vector<Event>& out) override
    {
        ++drains;
        if (finishAfterNextDrain)
            finished = true;
        if (batches.empty())
            return 0;
        const std::size_t n = batches.front().size();
        out.insert(out.end(), batches.front().begin(), batches.front().end());
        batches.pop_front();
        return n;
    }
    bool isFinished() const override { return finished; }
    bool waitForFinished(int) override
    {
        // A source that finishes once its last batch is out: the recorder must still drain after that.
        if (batches.size() <= 1)
            finished = true;
        return finished;
    }
    void requestStop() override {}
    std::shared_ptr<const StringTable> strings() const override { return table; }
    TraceMetadata metadata() const override { return {}; }
    std::uint64_t droppedEvents() const override { return dropped; }
    std::int64_t nowTs() const override { return 0; }
};

Event print(std::int64_t ts, LaneId lane = 0)
{
    return Event{ts, lane, 0, EventKind::Print, 0, 0, 0, 0, 0};
}

} // namespace

class tst_TraceRecorder : public QObject {
    Q_OBJECT

private slots:
    void movesOneBatchPerDrain();
    void copiesTheDropCount();
    void recordsToTheLastEventAfterFinishing();
};

void tst_TraceRecorder::movesOneBatchPerDrain()
{
    ScriptedSource source;
    source.batches = {{print(1), print(2)}, {print(3, 1)}};
    TraceStore store(source.strings());
    TraceRecorder recorder(source, store);
    QCOMPARE(recorder.drainOnce(), std::size_t(2));
    QCOMPARE(recorder.lastChange().firstEvent, EventId(0));
    QCOMPARE(recorder.lastChange().endEvent, EventId(2));
    QCOMPARE(recorder.drainOnce(), std::size_t(1));
    QCOMPARE(recorder.lastChange().lanes, std::vector<LaneId>{1});
    QCOMPARE(recorder.drainOnce(), std::size_t(0));
    QVERIFY(recorder.lastChange().isEmpty());
    QCOMPARE(store.eventCount(), std::uint64_t(3));
}

void tst_TraceRecorder::copiesTheDropCount()
{
    ScriptedSource source;
    source.dropped = 17;
    TraceStore store(source.strings());
    TraceRecorder(source, store).drainOnce();
    QCOMPARE(store.droppedEvents(), std::uint64_t(17));
}

void tst_TraceRecorder::recordsToTheLastEventAfterFinishing()
{
    ScriptedSource source;
    for (int i = 0; i < 5; ++i)
        source.batches.push_back({print(i)});
    TraceStore store(source.strings());
    TraceRecorder(source, store).recordToCompletion(1);
    QVERIFY(source.isFinished());
    QVERIFY(source.batches.empty());
    QCOMPARE(store.eventCount(), std::uint64_t(5)); // the batch left when it finished was drained too
}

QTEST_GUILESS_MAIN(tst_TraceRecorder)
#include "tst_tracerecorder.moc"
