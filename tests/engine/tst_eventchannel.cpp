#include "engine/eventchannel.h"

#include <QElapsedTimer>
#include <QTest>

#include <atomic>
#include <thread>
#include <type_traits>
#include <vector>

using namespace tl;

namespace {

constexpr int kDrainTimeoutMs = 120000; // only a hang reaches it

// The stress figure, 64 producers x 100,000 events, runs in the normal build. ThreadSanitizer
// makes every event ~10x dearer; its checks come from the interleaving, not the count, so the tsan
// build runs the same 64 producers with fewer events each and stays a fast test.
#if defined(__SANITIZE_THREAD__)
constexpr int kStressEvents = 20000;
#else
constexpr int kStressEvents = 100000;
#endif

// What the consumer saw, checked per producer: events carry their producer in `lane` and their
// index in `a`; `seq` is the channel's own numbering.
struct Tally {
    explicit Tally(int producers)
        : next(static_cast<std::size_t>(producers), 0)
        , lastSeq(static_cast<std::size_t>(producers), -1)
    {
    }
    std::vector<std::uint32_t> next; // lossless: the index expected next
    std::vector<std::int64_t> lastSeq;
    std::uint64_t received = 0;
    QString firstProblem;

    void lossless(const Event& e)
    {
        ++received;
        if (!firstProblem.isEmpty())
            return;
        if (e.lane >= next.size())
            firstProblem = QStringLiteral("unknown producer %1").arg(e.lane);
        else if (e.a != next[e.lane] || e.seq != next[e.lane])
            firstProblem = QStringLiteral("producer %1: got index %2 seq %3, expected %4")
                               .arg(e.lane)
                               .arg(e.a)
                               .arg(e.seq)
                               .arg(next[e.lane]);
        else
            ++next[e.lane];
    }

    // Bounded: some events may be missing, but what arrives is in order and numbered as pushed.
    void bounded(const Event& e)
    {
        ++received;
        if (!firstProblem.isEmpty())
            return;
        if (e.lane >= lastSeq.size())
            firstProblem = QStringLiteral("unknown producer %1").arg(e.lane);
        else if (static_cast<std::int64_t>(e.seq) <= lastSeq[e.lane] || e.seq != e.a)
            firstProblem = QStringLiteral("producer %1: seq %2 after %3").arg(e.lane).arg(e.seq).arg(lastSeq[e.lane]);
        else
            lastSeq[e.lane] = e.seq;
    }
};

Event numbered(int producer, std::uint32_t index)
{
    Event e;
    e.ts = index;
    e.lane = static_cast<LaneId>(producer);
    e.kind = EventKind::Print;
    e.a = index;
    return e;
}

} // namespace

// The channel's contract: complete and in order per producer; drops only over a configured bound,
// counted exactly at the producer and visible as sequence gaps at the consumer.
class tst_EventChannel : public QObject {
    Q_OBJECT
private slots:
    void eventIsACompactValue();
    void manyProducersArriveCompleteAndInOrder_data();
    void manyProducersArriveCompleteAndInOrder();
    void losslessWithoutConcurrentDrain();
    void boundedDropsAreCountedExactly();
    void boundedDropsUnderConcurrency();
};

void tst_EventChannel::eventIsACompactValue()
{
    QCOMPARE(sizeof(Event), std::size_t(32));
    QVERIFY(std::is_trivially_copyable_v<Event>);
}

void tst_EventChannel::manyProducersArriveCompleteAndInOrder_data()
{
    QTest::addColumn<int>("producers");
    QTest::addColumn<int>("events");
    QTest::newRow("1 producer x 300000") << 1 << 300000;
    QTest::newRow("8 producers x 4097 (chunk boundary)") << 8 << 4097;
    QTest::newRow("64 producers (x 100000, fewer under TSan)") << 64 << kStressEvents;
}

void tst_EventChannel::manyProducersArriveCompleteAndInOrder()
{
    // Producers on their own std::threads, the test thread draining concurrently: lossless by default.
    QFETCH(int, producers);
    QFETCH(int, events);
    EventChannel channel;
    std::vector<std::thread> threads;
    for (int p = 0; p < producers; ++p) {
        threads.emplace_back([&channel, p, events] {
            EventProducer* producer = channel.createProducer();
            for (int i = 0; i < events; ++i)
                producer->push(numbered(p, static_cast<std::uint32_t>(i)));
        });
    }
    Tally tally(producers);
    const std::uint64_t total = std::uint64_t(producers) * std::uint64_t(events);
    std::vector<Event> batch;
    QElapsedTimer clock;
    clock.start();
    while (tally.received < total && clock.elapsed() < kDrainTimeoutMs) {
        batch.clear();
        if (channel.drain(batch) == 0)
            std::this_thread::yield();
        for (const Event& e : batch)
            tally.lossless(e);
    }
    for (auto& t : threads)
        t.join();
    batch.clear();
    QCOMPARE(channel.drain(batch), std::size_t(0)); // nothing more than was pushed
    QVERIFY2(tally.firstProblem.isEmpty(), qPrintable(tally.firstProblem));
    QCOMPARE(tally.received, total);
    for (int p = 0; p < producers; ++p)
        QCOMPARE(tally.next[p], std::uint32_t(events));
    QCOMPARE(channel.producerCount(), std::size_t(producers));
    QCOMPARE(channel.droppedEvents(), std::uint64_t(0));
    QCOMPARE(channel.sequenceGaps(), std::uint64_t(0));
}

void tst_EventChannel::losslessWithoutConcurrentDrain()
{
    // Nobody drains while the producers run: everything is buffered, nothing is lost.
    constexpr int kProducers = 8;
    constexpr int kEvents = 50000;
    EventChannel channel;
    std::vector<std::thread> threads;
    for (int p = 0; p < kProducers; ++p) {
        threads.emplace_back([&channel, p] {
            EventProducer* producer = channel.createProducer();
            for (int i = 0; i < kEvents; ++i)
                producer->push(numbered(p, static_cast<std::uint32_t>(i)));
        });
    }
    for (auto& t : threads)
        t.join();
    std::vector<Event> all;
    QCOMPARE(channel.drain(all), std::size_t(kProducers) * kEvents);
    Tally tally(kProducers);
    for (const Event& e : all)
        tally.lossless(e);
    QVERIFY2(tally.firstProblem.isEmpty(), qPrintable(tally.firstProblem));
    QCOMPARE(channel.droppedEvents(), std::uint64_t(0));
    QCOMPARE(channel.sequenceGaps(), std::uint64_t(0));
}

void tst_EventChannel::boundedDropsAreCountedExactly()
{
    // One producer, no concurrent drain: with room for 1000 in flight, 10000 pushes drop exactly 9000.
    // The gap becomes visible to the consumer when the next event after it arrives.
    EventChannel channel(1000);
    EventProducer* producer = channel.createProducer();
    for (std::uint32_t i = 0; i < 10000; ++i)
        producer->push(numbered(0, i));
    QCOMPARE(channel.droppedEvents(), std::uint64_t(9000));
    QCOMPARE(producer->dropped(), std::uint64_t(9000));

    std::vector<Event> batch;
    QCOMPARE(channel.drain(batch), std::size_t(1000));
    QCOMPARE(batch.front().seq, 0u);
    QCOMPARE(batch.back().seq, 999u);
    QCOMPARE(channel.sequenceGaps(), std::uint64_t(0));

    producer->push(numbered(0, 10000));
    batch.clear();
    QCOMPARE(channel.drain(batch), std::size_t(1));
    QCOMPARE(batch.front().seq, 10000u);
    QCOMPARE(channel.sequenceGaps(), std::uint64_t(9000));
    QCOMPARE(channel.sequenceGaps(), channel.droppedEvents());

    // Draining made room again: the next 1000 fit, the 1001st drops.
    for (std::uint32_t i = 0; i < 1001; ++i)
        producer->push(numbered(0, 10001 + i));
    QCOMPARE(channel.droppedEvents(), std::uint64_t(9001));
}

void tst_EventChannel::boundedDropsUnderConcurrency()
{
    // Producers burst into a small bound while the test thread drains; after the bursts, and a final
    // full drain, each pushes one marker so that every gap is followed by a received event. Then
    // received + dropped == pushed, and the consumer's gap count equals the producers' drop count.
    constexpr int kProducers = 8;
    constexpr std::uint32_t kBurst = 200000;
    EventChannel channel(4096);
    std::atomic<int> burstsDone{0};
    std::atomic<bool> drainedAfterBursts{false};
    std::vector<std::thread> threads;
    for (int p = 0; p < kProducers; ++p) {
        threads.emplace_back([&, p] {
            EventProducer* producer = channel.createProducer();
            for (std::uint32_t i = 0; i < kBurst; ++i)
                producer->push(numbered(p, i));
            burstsDone.fetch_add(1);
            while (!drainedAfterBursts.load())
                std::this_thread::yield();
            producer->push(numbered(p, kBurst));
        });
    }
    Tally tally(kProducers);
    std::vector<Event> batch;
    int markers = 0;
    QElapsedTimer clock;
    clock.start();
    auto drainOnce = [&] {
        batch.clear();
        const std::size_t moved = channel.drain(batch);
        for (const Event& e : batch) {
            tally.bounded(e);
            markers += e.a == kBurst;
        }
        return moved;
    };
    while (burstsDone.load() < kProducers && clock.elapsed() < kDrainTimeoutMs) {
        if (drainOnce() == 0)
            std::this_thread::yield();
    }
    while (drainOnce() != 0) {
    }
    drainedAfterBursts = true;
    while (markers < kProducers && clock.elapsed() < kDrainTimeoutMs)
        drainOnce();
    for (auto& t : threads)
        t.join();
    drainOnce();

    QVERIFY2(tally.firstProblem.isEmpty(), qPrintable(tally.firstProblem));
    QCOMPARE(markers, kProducers);
    const std::uint64_t pushed = std::uint64_t(kProducers) * (kBurst + 1);
    QCOMPARE(tally.received + channel.droppedEvents(), pushed);
    QCOMPARE(channel.sequenceGaps(), channel.droppedEvents());
    for (int p = 0; p < kProducers; ++p)
        QCOMPARE(tally.lastSeq[p], std::int64_t(kBurst));
}

QTEST_GUILESS_MAIN(tst_EventChannel)
#include "tst_eventchannel.moc"
