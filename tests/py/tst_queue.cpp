#include "py/pythonapi.h"
#include "py/queue.h"
#include "py/thread.h"
#include "support/coretestutil.h"

#include <QTest>

#include <atomic>

using namespace tl;
using namespace tl::test;

// Ported in spirit from CPython's Lib/test/test_queue.py (BaseQueueTestMixin); each case names the test.
class tst_Queue : public QObject {
    Q_OBJECT
private slots:
    void fifoOrder();
    void maxsizeBounds_data();
    void maxsizeBounds();
    void nonBlockingFullAndEmpty();
    void timedFullAndEmpty();
    void negativeTimeout_data();
    void negativeTimeout();
    void taskDoneTooManyTimes();
    void joinWaitsForEveryTaskDone();
};

void tst_Queue::fifoOrder()
{
    // test_basic / simple_queue_test: items come out in the order they went in, across threads too.
    std::vector<int> sameThread, acrossThreads;
    const auto rec = record([&] {
        Queue<int> q;
        for (int i : {111, 333, 222})
            q.put(i);
        for (int i = 0; i < 3; ++i)
            sameThread.push_back(q.get());
        auto producer = Thread::create([&] {
            for (int i = 0; i < 500; ++i)
                q.put(i);
        });
        producer->start();
        for (int i = 0; i < 500; ++i)
            acrossThreads.push_back(q.get());
        producer->join();
    });
    QVERIFY(rec.finishedInTime);
    QCOMPARE(sameThread, (std::vector<int>{111, 333, 222}));
    QCOMPARE(acrossThreads.size(), std::size_t(500));
    for (int i = 0; i < 500; ++i)
        QCOMPARE(acrossThreads[i], i);
}

void tst_Queue::maxsizeBounds_data()
{
    QTest::addColumn<int>("maxsize");
    QTest::addColumn<int>("capacity"); // -1: unbounded
    QTest::newRow("maxsize 0 is unbounded") << 0 << -1;
    QTest::newRow("negative maxsize is unbounded") << -3 << -1;
    QTest::newRow("maxsize 1") << 1 << 1;
    QTest::newRow("maxsize 3") << 3 << 3;
}

void tst_Queue::maxsizeBounds()
{
    // simple_queue_test: qsize/empty/full follow the items; put_nowait on a full queue raises Full.
    QFETCH(int, maxsize);
    QFETCH(int, capacity);
    struct Seen {
        bool emptyAtFirst = false, fullAtFirst = true;
        std::size_t qsize = 0;
        bool fullAfter = false, emptyAfter = true;
        std::optional<PyError> overflow;
        int reportedMaxsize = 99;
    } seen;
    const int fill = capacity < 0 ? 100 : capacity;
    const auto rec = record([&] {
        Queue<int> q(maxsize);
        seen.reportedMaxsize = q.maxsize();
        seen.emptyAtFirst = q.empty();
        seen.fullAtFirst = q.full();
        for (int i = 0; i < fill; ++i)
            q.putNowait(i);
        seen.qsize = q.qsize();
        seen.fullAfter = q.full();
        seen.emptyAfter = q.empty();
        seen.overflow = pyError([&] { q.putNowait(-1); });
    });
    QVERIFY(rec.finishedInTime);
    QCOMPARE(seen.reportedMaxsize, maxsize);
    QVERIFY(seen.emptyAtFirst);
    QVERIFY(!seen.fullAtFirst);
    QVERIFY(!seen.emptyAfter);
    if (capacity < 0) {
        QCOMPARE(seen.qsize, std::size_t(100));
        QVERIFY(!seen.fullAfter);
        QVERIFY(!seen.overflow);
    } else {
        QCOMPARE(seen.qsize, std::size_t(capacity));
        QVERIFY(seen.fullAfter);
        QVERIFY(isPyError(seen.overflow, "queue.Full"));
    }
    // QueueCreated carries the maxsize, 0 for unbounded.
    const Event created = firstOf(*rec.store, 0, EventKind::QueueCreated);
    QCOMPARE(created.c, std::uint32_t(capacity < 0 ? 0 : capacity));
}

void tst_Queue::nonBlockingFullAndEmpty()
{
    // test_nowait: get_nowait on an empty queue raises Empty; put(block=False) on a full one raises Full.
    std::optional<PyError> emptyNowait, emptyNoBlock, fullNowait, fullNoBlock;
    int got = 0;
    const auto rec = record([&] {
        Queue<int> q(1);
        emptyNowait = pyError([&] { q.getNowait(); });
        emptyNoBlock = pyError([&] { q.get(false); });
        q.put(7, false);
        fullNowait = pyError([&] { q.putNowait(8); });
        fullNoBlock = pyError([&] { q.put(8, false, 5.0); });
        got = q.get(false);
    });
    QVERIFY(rec.finishedInTime);
    QVERIFY(isPyError(emptyNowait, "_queue.Empty"));
    QVERIFY(isPyError(emptyNoBlock, "_queue.Empty"));
    QVERIFY(isPyError(fullNowait, "queue.Full"));
    QVERIFY(isPyError(fullNoBlock, "queue.Full"));
    QCOMPARE(got, 7);
    // Non-blocking failures never block: no blocked state in the trace.
    QVERIFY(!hasKind(*rec.store, 0, EventKind::GetBlocked));
    QVERIFY(!hasKind(*rec.store, 0, EventKind::PutBlocked));
}

void tst_Queue::timedFullAndEmpty()
{
    // do_exceptional_blocking_test: a timed put on a full queue raises Full, a timed get on an empty
    // queue raises Empty, each after blocking for its timeout; the queue is unchanged.
    std::optional<PyError> full, empty;
    std::size_t sizeAfterPut = 0;
    const auto rec = record([&] {
        Queue<int> q(1);
        Queue<int> e;
        q.put(1);
        full = pyError([&] { q.put(2, true, 0.5); });
        sizeAfterPut = q.qsize();
        empty = pyError([&] { e.get(true, 0.25); });
    });
    QVERIFY(rec.finishedInTime);
    QVERIFY(isPyError(full, "queue.Full"));
    QVERIFY(isPyError(empty, "_queue.Empty"));
    QCOMPARE(sizeAfterPut, std::size_t(1));

    const TraceStore& s = *rec.store;
    const Event putBlocked = firstOf(s, 0, EventKind::PutBlocked);
    const auto puts = eventsOf(s, 0, EventKind::PutDone);
    QCOMPARE(puts.size(), std::size_t(2));
    QCOMPARE(puts[1].flags, EventFlag::TimedOut);
    QCOMPARE(puts[1].b, 0u); // nothing was put
    QCOMPARE(putBlocked.c, 1u);
    QCOMPARE(putBlocked.b, 500u); // its timeout, in scenario ms
    QVERIFY(puts[1].ts - putBlocked.ts >= 500'000'000);

    const Event getBlocked = firstOf(s, 0, EventKind::GetBlocked);
    const Event getDone = firstOf(s, 0, EventKind::GetDone);
    QCOMPARE(getDone.flags, EventFlag::TimedOut);
    QCOMPARE(getDone.b, 0u);
    QCOMPARE(getBlocked.b, 250u);
    QVERIFY(getDone.ts - getBlocked.ts >= 250'000'000);
    // A timed-out put or get moves no item: the depth series has only the one real put.
    const QueueInfo* info = s.queue(puts[0].a);
    QVERIFY(info);
    QCOMPARE(info->depth.size(), std::size_t(2));
    QCOMPARE(info->depth.back().second, 1u);
    QVERIFY(std::none_of(s.flows().begin(), s.flows().end(), [](const Flow& f) { return f.kind == Flow::Kind::Item; }));
}

void tst_Queue::negativeTimeout_data()
{
    QTest::addColumn<int>("maxsize");
    QTest::addColumn<bool>("isPut");
    QTest::addColumn<bool>("block");
    QTest::addColumn<bool>("raises");
    // test_negative_timeout_raises_exception, and Lib/queue.py's exact rules around it.
    QTest::newRow("put on a bounded queue") << 5 << true << true << true;
    QTest::newRow("get with an item waiting") << 5 << false << true << true;
    QTest::newRow("put on an unbounded queue never waits, so never checks") << 0 << true << true << false;
    QTest::newRow("non-blocking put ignores the timeout") << 5 << true << false << false;
    QTest::newRow("non-blocking get ignores the timeout") << 5 << false << false << false;
}

void tst_Queue::negativeTimeout()
{
    QFETCH(int, maxsize);
    QFETCH(bool, isPut);
    QFETCH(bool, block);
    QFETCH(bool, raises);
    std::optional<PyError> error;
    std::size_t sizeAfter = 0;
    const auto rec = record([&] {
        Queue<int> q(maxsize);
        q.put(1);
        error = pyError([&] {
            if (isPut)
                q.put(2, block, -1.0);
            else
                q.get(block, -1.0);
        });
        sizeAfter = q.qsize();
    });
    QVERIFY(rec.finishedInTime);
    if (raises) {
        QVERIFY(isPyError(error, "ValueError", "'timeout' must be a non-negative number"));
        QCOMPARE(sizeAfter, std::size_t(1));
    } else {
        QVERIFY(!error);
        QCOMPARE(sizeAfter, std::size_t(isPut ? 2 : 0));
    }
}

void tst_Queue::taskDoneTooManyTimes()
{
    // test_queue_task_done: task_done() with no unfinished task raises ValueError.
    std::optional<PyError> fresh, afterBalance, balanced;
    const auto rec = record([&] {
        Queue<int> q;
        fresh = pyError([&] { q.taskDone(); });
        q.put(1);
        q.get();
        balanced = pyError([&] { q.taskDone(); });
        afterBalance = pyError([&] { q.taskDone(); });
    });
    QVERIFY(rec.finishedInTime);
    QVERIFY(isPyError(fresh, "ValueError", "task_done() called too many times"));
    QVERIFY(!balanced);
    QVERIFY(isPyError(afterBalance, "ValueError", "task_done() called too many times"));
    const auto done = eventsOf(*rec.store, 0, EventKind::TaskDone);
    QCOMPARE(done.size(), std::size_t(1));
    QCOMPARE(done[0].c, 0u); // unfinished tasks after the call
}

void tst_Queue::joinWaitsForEveryTaskDone()
{
    // test_queue_join (queue_join_test): join() returns once every item put has had its task_done(),
    // so the workers' running total is complete when it returns.
    constexpr int kItems = 100;
    int totalAtJoin = -1;
    const auto rec = record([&] {
        Queue<int> q;
        std::atomic<int> total{0};
        std::vector<std::shared_ptr<Thread>> workers;
        for (int w = 0; w < 2; ++w) {
            workers.push_back(Thread::create(
                [&] {
                    for (;;) {
                        const int x = q.get();
                        if (x < 0) {
                            q.taskDone();
                            return;
                        }
                        tl::sleep(0.01);
                        total += x;
                        q.taskDone();
                    }
                },
                {.targetName = "worker"}));
            workers.back()->start();
        }
        for (int i = 0; i < kItems; ++i)
            q.put(i);
        q.join();
        totalAtJoin = total.load();
        q.put(-1);
        q.put(-1);
        for (const auto& w : workers)
            w->join();
        q.join(); // nothing unfinished: returns at once
    });
    QVERIFY(rec.finishedInTime);
    QCOMPARE(totalAtJoin, kItems * (kItems - 1) / 2);

    const TraceStore& s = *rec.store;
    const auto joinBegins = eventsOf(s, 0, EventKind::QueueJoinBegin);
    const auto joinEnds = eventsOf(s, 0, EventKind::QueueJoinEnd);
    QCOMPARE(joinBegins.size(), std::size_t(2));
    QCOMPARE(joinEnds.size(), std::size_t(2));
    // The last task_done of the real items comes before the first join ends.
    std::int64_t lastItemTaskDone = 0;
    int taskDones = 0;
    for (const Event& e : s.eventsByTime()) {
        if (e.kind != EventKind::TaskDone)
            continue;
        ++taskDones;
        if (taskDones == kItems)
            lastItemTaskDone = e.ts;
    }
    QCOMPARE(taskDones, kItems + 2);
    QVERIFY(lastItemTaskDone <= joinEnds[0].ts);
    QVERIFY(joinBegins[0].ts <= lastItemTaskDone);
}

QTEST_GUILESS_MAIN(tst_Queue)
#include "tst_queue.moc"
