#include "py/pythonapi.h"
#include "py/queue.h"
#include "py/thread.h"
#include "support/coretestutil.h"

#include <QTest>

#include <atomic>

using namespace tl;
using namespace tl::test;

// The shape a queue leaves in the trace: blocked get and put spans, item numbers, item arrows, depths.
class tst_QueueTrace : public QObject {
    Q_OBJECT
private slots:
    void blockedGetThenDone();
    void blockedPutThenDone();
    void itemIdsAndDepths();
    void aWholeNumberItemTravelsAsItselfWithNoString();
};

void tst_QueueTrace::blockedGetThenDone()
{
    // A get on an empty queue blocks (GetBlocked) until a put; then GetDone names the item.
    std::atomic<bool> go{false};
    int got = 0;
    const auto rec = recordGated(
        [&] {
            Queue<int> q(0, QStringLiteral("jobs"));
            auto consumer = Thread::create([&] { got = q.get(); }, {.name = "consumer"});
            consumer->start();
            while (!go.load())
                tl::sleep(0.01);
            q.put(42);
            consumer->join();
        },
        [](const TraceStore& s) { return inOpenSpan(s, QStringLiteral("consumer"), LaneState::BlockedGet); },
        [&](ScenarioRun&) { go = true; });
    QVERIFY(rec.gateReached);
    QVERIFY(rec.finishedInTime);
    QCOMPARE(got, 42);

    const TraceStore& s = *rec.store;
    const auto consumer = laneNamed(s, QStringLiteral("consumer"));
    QVERIFY(consumer);
    const Event blocked = firstOf(s, *consumer, EventKind::GetBlocked);
    const Event done = firstOf(s, *consumer, EventKind::GetDone);
    const Event put = firstOf(s, 0, EventKind::PutDone);
    QVERIFY(blocked.ts >= 0 && done.ts > blocked.ts);
    QCOMPARE(blocked.b, kNoValue); // no timeout
    QCOMPARE(blocked.c, 0u);
    QCOMPARE(done.flags, std::uint8_t(0));
    QCOMPARE(done.b, put.b); // the item the main thread put
    QCOMPARE(done.c, 0u);
    QCOMPARE(put.c, 1u);
    QVERIFY(put.ts <= done.ts);
    QCOMPARE(s.queue(blocked.a)->name, QStringLiteral("jobs"));
    // One item arrow from the put to the get, and one closed get span between blocked and done.
    const auto item =
        std::find_if(s.flows().begin(), s.flows().end(), [](const Flow& f) { return f.kind == Flow::Kind::Item; });
    QVERIFY(item != s.flows().end());
    QCOMPARE(item->fromLane, LaneId(0));
    QCOMPARE(item->fromTs, put.ts);
    QCOMPARE(item->toLane, *consumer);
    QCOMPARE(item->toTs, done.ts);
    const auto& spans = s.lane(*consumer).spans;
    const auto get =
        std::find_if(spans.begin(), spans.end(), [](const Span& x) { return x.state == LaneState::BlockedGet; });
    QVERIFY(get != spans.end());
    QCOMPARE(get->begin, blocked.ts);
    QCOMPARE(get->end, done.ts);
}

void tst_QueueTrace::blockedPutThenDone()
{
    // A put on a full queue blocks (PutBlocked) until a get makes room; then PutDone names its item.
    std::atomic<bool> go{false};
    std::vector<int> got;
    const auto rec = recordGated(
        [&] {
            Queue<int> q(1);
            q.put(1);
            auto producer = Thread::create([&] { q.put(2); }, {.name = "producer"});
            producer->start();
            while (!go.load())
                tl::sleep(0.01);
            got.push_back(q.get());
            producer->join();
            got.push_back(q.get());
        },
        [](const TraceStore& s) { return inOpenSpan(s, QStringLiteral("producer"), LaneState::BlockedPut); },
        [&](ScenarioRun&) { go = true; });
    QVERIFY(rec.gateReached);
    QVERIFY(rec.finishedInTime);
    QCOMPARE(got, (std::vector<int>{1, 2}));

    const TraceStore& s = *rec.store;
    const auto producer = laneNamed(s, QStringLiteral("producer"));
    QVERIFY(producer);
    const Event blocked = firstOf(s, *producer, EventKind::PutBlocked);
    const Event done = firstOf(s, *producer, EventKind::PutDone);
    const auto gets = eventsOf(s, 0, EventKind::GetDone);
    QCOMPARE(gets.size(), std::size_t(2));
    QCOMPARE(blocked.b, kNoValue); // no timeout
    QCOMPARE(blocked.c, 1u); // the queue was full
    QVERIFY(gets[0].ts <= done.ts);
    QCOMPARE(gets[0].b, 1u);
    QCOMPARE(gets[0].c, 0u);
    QCOMPARE(done.b, 2u);
    QCOMPARE(done.c, 1u);
    QCOMPARE(gets[1].b, 2u);
}

void tst_QueueTrace::itemIdsAndDepths()
{
    // Every put numbers its item (1, 2, ... per queue); put and get carry the depth after the call,
    // and the store keeps them as the queue's depth series.
    const auto rec = record([] {
        Queue<QString> a(0, QStringLiteral("a"));
        Queue<QString> b(2, QStringLiteral("b"));
        for (const char* word : {"x", "y", "z"})
            a.put(QString::fromLatin1(word));
        b.put(QStringLiteral("only"));
        for (int i = 0; i < 3; ++i)
            a.get();
    });
    QVERIFY(rec.finishedInTime);
    const TraceStore& s = *rec.store;
    const auto puts = eventsOf(s, 0, EventKind::PutDone);
    const auto gets = eventsOf(s, 0, EventKind::GetDone);
    QCOMPARE(puts.size(), std::size_t(4));
    QCOMPARE(gets.size(), std::size_t(3));
    const std::uint32_t qa = puts[0].a;
    const std::uint32_t qb = puts[3].a;
    QVERIFY(qa != qb);
    for (std::uint32_t i = 0; i < 3; ++i) {
        QCOMPARE(puts[i].a, qa);
        QCOMPARE(puts[i].b, i + 1);
        QCOMPARE(puts[i].c, i + 1);
        QCOMPARE(gets[i].b, i + 1);
        QCOMPARE(gets[i].c, 2 - i);
    }
    QCOMPARE(puts[3].b, 1u); // numbering is per queue
    QCOMPARE(puts[3].c, 1u);
    // Each item has its words, as CPython's tracer gives them (tst_itemrepr): the get of "x" says 'x'.
    QCOMPARE(s.itemValue(qa, gets[0].b), QStringLiteral("'x'"));
    QCOMPARE(s.itemValue(qa, 3), QStringLiteral("'z'"));
    QCOMPARE(s.itemValue(qb, 1), QStringLiteral("'only'"));

    QCOMPARE(s.queues().size(), std::size_t(2));
    const QueueInfo* a = s.queue(qa);
    const QueueInfo* b = s.queue(qb);
    QVERIFY(a && b);
    QCOMPARE(a->name, QStringLiteral("a"));
    QCOMPARE(a->maxsize, 0);
    QCOMPARE(b->name, QStringLiteral("b"));
    QCOMPARE(b->maxsize, 2);
    std::vector<std::uint32_t> depths;
    for (const auto& [ts, depth] : a->depth)
        depths.push_back(depth);
    QCOMPARE(depths, (std::vector<std::uint32_t>{0, 1, 2, 3, 2, 1, 0}));
    QVERIFY(std::is_sorted(a->depth.begin(), a->depth.end(),
                           [](const auto& x, const auto& y) { return x.first < y.first; }));
}

// A lesson's numbered items (0, 1, ...) go out as the number itself, as the tracer sends them (EventFlag::Number):
// each distinct number was a string the run's table kept for the run's life. One past 32 bits is still a string.
void tst_QueueTrace::aWholeNumberItemTravelsAsItselfWithNoString()
{
    const auto rec = record([] {
        Queue<long long> q(0, QStringLiteral("numbers"));
        for (long long n : {4711LL, -7LL, 1LL << 40})
            q.put(n);
    });
    QVERIFY(rec.finishedInTime);
    const TraceStore& s = *rec.store;
    const auto puts = eventsOf(s, 0, EventKind::PutDone);
    QCOMPARE(puts.size(), std::size_t(3));
    const std::uint32_t q = puts[0].a;
    QCOMPARE(s.itemValue(q, 1), QStringLiteral("4711"));
    QCOMPARE(s.itemValue(q, 2), QStringLiteral("-7"));
    QCOMPARE(s.itemValue(q, 3), QStringLiteral("1099511627776"));
    QStringList texts;
    for (StringId id = 0; id < s.strings().size(); ++id)
        texts << s.strings().text(id);
    QVERIFY(!texts.contains(QStringLiteral("4711")));
    QVERIFY(!texts.contains(QStringLiteral("-7")));
    QVERIFY(texts.contains(QStringLiteral("1099511627776")));
}

QTEST_GUILESS_MAIN(tst_QueueTrace)
#include "tst_queuetrace.moc"
