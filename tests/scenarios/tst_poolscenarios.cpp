#include "net/openfilelimit.h"
#include "poolscenariotestutil.h"
#include "scenarios/scenario.h"
#include "trace/tracestore.h"

#include <QSet>
#include <QTest>

#include <memory>
#include <vector>

using namespace tl;
using namespace tl::test;

namespace {

std::size_t countOf(const LaneInfo& lane, EventKind kind)
{
    return static_cast<std::size_t>(
        std::count_if(lane.events.begin(), lane.events.end(), [kind](const Event& e) { return e.kind == kind; }));
}

// Socket ends of one op on a lane: how many, and how many of them moved no byte (end of file).
struct SocketTally {
    std::size_t calls = 0;
    std::size_t empty = 0;
    std::uint64_t bytes = 0;
};
SocketTally tally(const LaneInfo& lane, SocketOp op)
{
    SocketTally t;
    for (const Event& e : lane.events) {
        if (e.kind != EventKind::SocketEnd || e.flags != static_cast<std::uint8_t>(op))
            continue;
        ++t.calls;
        t.empty += e.c == 0 ? 1 : 0;
        t.bytes += e.c;
    }
    return t;
}

// The bytes every client sends: "client N message I", each echoed back once.
std::uint64_t messageBytes(const Load& load)
{
    std::uint64_t total = 0;
    for (int n = 0; n < load.clients; ++n) {
        for (int i = 0; i < load.messages; ++i)
            total += static_cast<std::uint64_t>(QStringLiteral("client %1 message %2").arg(n).arg(i).size());
    }
    return total;
}

// Each client holds two descriptors (its end and the server's), so the largest loads need more than the
// common default of 1024. Raises the soft limit to the hard one; true if that is enough for `clients`.
// The app raises the soft limit at start (app/main.cpp); the test does the same, then checks it is enough.
bool enoughDescriptors(int clients)
{
    const Result<OpenFileLimit> limit = raiseOpenFileLimit();
    return limit && (limit->soft == OpenFileLimit::kUnlimited || limit->soft >= std::uint64_t(2 * clients + 16));
}

std::vector<LaneId> lanesWithTarget(const TraceStore& store, const QString& target)
{
    std::vector<LaneId> out;
    for (LaneId id = 0; id < store.laneCount(); ++id) {
        if (store.lane(id).target == target)
            out.push_back(id);
    }
    return out;
}

} // namespace

// The two echo servers run under several loads: every message is echoed, and each server's threads,
// queue and pool leave the trace they should. Registration and listing lines are tst_poolscenariocatalog's.
class tst_PoolScenarios : public QObject {
    Q_OBJECT
private slots:
    void poolQueueEchoesEveryMessage_data();
    void poolQueueEchoesEveryMessage();
    void poolExecutorEchoesEveryMessage_data();
    void poolExecutorEchoesEveryMessage();

private:
    // What both servers share: no error, nothing dropped, every client lane connected once, sent and got
    // back each of its messages and printed its success; the server lanes read and echoed them all.
    void verifyEchoes(const TraceStore& store, const Load& load, const std::vector<LaneId>& servers);
};

void tst_PoolScenarios::verifyEchoes(const TraceStore& store, const Load& load, const std::vector<LaneId>& servers)
{
    QCOMPARE(store.droppedEvents(), 0u);
    for (LaneId id = 0; id < store.laneCount(); ++id)
        QVERIFY2(countOf(store.lane(id), EventKind::Error) == 0, qPrintable(store.lane(id).name));

    const std::vector<LaneId> clients = lanesWithTarget(store, QStringLiteral("client"));
    QCOMPARE(clients.size(), std::size_t(load.clients));
    QSet<QString> printed;
    std::uint64_t clientSent = 0;
    std::uint64_t clientGot = 0;
    for (LaneId id : clients) {
        const LaneInfo& lane = store.lane(id);
        QVERIFY(!lane.daemon);
        QCOMPARE(tally(lane, SocketOp::Connect).calls, 1u);
        const SocketTally sent = tally(lane, SocketOp::Send);
        const SocketTally got = tally(lane, SocketOp::Recv);
        QCOMPARE(sent.calls, std::size_t(load.messages));
        QCOMPARE(got.calls, std::size_t(load.messages));
        QCOMPARE(got.empty, 0u);
        clientSent += sent.bytes;
        clientGot += got.bytes;
        QCOMPARE(countOf(lane, EventKind::RunEnd), 1u);
        for (const Event& e : lane.events) {
            if (e.kind == EventKind::Print)
                printed.insert(store.text(e.a));
        }
    }
    QCOMPARE(printed.size(), qsizetype(load.clients));
    for (int n = 0; n < load.clients; ++n)
        QVERIFY(printed.contains(QStringLiteral("client %1: %2 echoes ok").arg(n).arg(load.messages)));
    QCOMPARE(clientSent, messageBytes(load));
    QCOMPARE(clientGot, messageBytes(load));

    // Server side: each message read and sent back once, and one end of file per connection.
    SocketTally serverGot;
    SocketTally serverSent;
    for (LaneId id : servers) {
        const SocketTally got = tally(store.lane(id), SocketOp::Recv);
        const SocketTally sent = tally(store.lane(id), SocketOp::Send);
        serverGot.calls += got.calls;
        serverGot.empty += got.empty;
        serverGot.bytes += got.bytes;
        serverSent.calls += sent.calls;
        serverSent.bytes += sent.bytes;
    }
    QCOMPARE(serverGot.empty, std::size_t(load.clients));
    QCOMPARE(serverGot.calls - serverGot.empty, std::size_t(load.clients) * std::size_t(load.messages));
    QCOMPARE(serverSent.calls, std::size_t(load.clients) * std::size_t(load.messages));
    QCOMPARE(serverGot.bytes, messageBytes(load));
    QCOMPARE(serverSent.bytes, messageBytes(load));

    // At max, with sockets: every client's think time is exactly its length (the run's 0.1% at most).
    std::int64_t end = 0;
    for (LaneId id = 0; id < store.laneCount(); ++id)
        end = std::max(end, store.lane(id).endTs);
    const SleepCheck sleeps = checkSleeps(store, lessontest::seconds(end));
    QCOMPARE(sleeps.sleeps, std::size_t(load.clients) * std::size_t(load.messages));
    QVERIFY2(sleeps.worst <= 0, qPrintable(sleeps.where));

    const LaneInfo& main = store.lane(0);
    QCOMPARE(main.name, QStringLiteral("MainThread"));
    QCOMPARE(tally(main, SocketOp::Accept).calls, std::size_t(load.clients));
    QCOMPARE(countOf(main, EventKind::Exit), 1u);
    for (LaneId id = 0; id < store.laneCount(); ++id) {
        QCOMPARE(countOf(store.lane(id), EventKind::Stopped), 0u);
        for (const Span& span : store.lane(id).spans)
            QVERIFY2(!span.isOpen(), qPrintable(store.lane(id).name));
    }
}

void tst_PoolScenarios::poolQueueEchoesEveryMessage_data()
{
    QTest::addColumn<Overrides>("overrides");
    QTest::addColumn<int>("workers");
    QTest::addColumn<int>("clients");
    QTest::addColumn<int>("messages");
    QTest::newRow("defaults: 8 workers, 12 clients") << Overrides{} << 8 << 12 << 3;
    QTest::newRow("64 workers, 500 clients") << overridesFor({64, 500, 3}) << 64 << 500 << 3;
    QTest::newRow("the limits: 1000 workers, 5000 clients") << overridesFor({1000, 5000, 3}) << 1000 << 5000 << 3;
    QTest::newRow("more workers than clients") << overridesFor({20, 5, 2}) << 20 << 5 << 2;
}

void tst_PoolScenarios::poolQueueEchoesEveryMessage()
{
    QFETCH(Overrides, overrides);
    QFETCH(int, workers);
    QFETCH(int, clients);
    QFETCH(int, messages);
    if (!enoughDescriptors(clients))
        QSKIP("the open-file limit is too low for this many connections");
    const Load load{workers, clients, messages};
    const auto store = runLesson(QStringLiteral("pool-queue"), overrides);
    QVERIFY(store);

    // Workers are created first: Thread-1 (handle) .. Thread-N (handle), daemons, cut at exit.
    const std::vector<LaneId> handlers = lanesWithTarget(*store, QStringLiteral("handle"));
    QCOMPARE(handlers.size(), std::size_t(workers));
    for (std::size_t i = 0; i < handlers.size(); ++i) {
        const LaneInfo& lane = store->lane(handlers[i]);
        QCOMPARE(lane.name, QStringLiteral("Thread-%1 (handle)").arg(i + 1));
        QVERIFY(lane.daemon);
        QCOMPARE(countOf(lane, EventKind::DaemonStopped), 1u);
    }
    const std::vector<LaneId> clientLanes = lanesWithTarget(*store, QStringLiteral("client"));
    for (std::size_t i = 0; i < clientLanes.size(); ++i)
        QCOMPARE(store->lane(clientLanes[i]).name, QStringLiteral("Thread-%1 (client)").arg(workers + int(i) + 1));
    verifyEchoes(*store, load, handlers);
    if (QTest::currentTestFailed())
        return;

    // One queue: puts = gets = task_dones = clients, and main's q.join() returned.
    QCOMPARE(store->queues().size(), 1u);
    const std::uint32_t q = store->queues().front().id;
    QCOMPARE(store->queues().front().name, QStringLiteral("q"));
    std::size_t puts = 0;
    std::size_t gets = 0;
    std::size_t taskDones = 0;
    for (LaneId id = 0; id < store->laneCount(); ++id) {
        for (const Event& e : store->laneEvents(id)) {
            if (e.a != q || e.flags == EventFlag::TimedOut)
                continue;
            puts += e.kind == EventKind::PutDone ? 1 : 0;
            gets += e.kind == EventKind::GetDone ? 1 : 0;
            taskDones += e.kind == EventKind::TaskDone ? 1 : 0;
        }
    }
    QCOMPARE(puts, std::size_t(clients));
    QCOMPARE(gets, std::size_t(clients));
    QCOMPARE(taskDones, std::size_t(clients));
    const LaneInfo& main = store->lane(0);
    QCOMPARE(countOf(main, EventKind::QueueJoinEnd), 1u);
    std::vector<Event> prints;
    std::copy_if(main.events.begin(), main.events.end(), std::back_inserter(prints),
                 [](const Event& e) { return e.kind == EventKind::Print; });
    QCOMPARE(prints.size(), 1u);
    QCOMPARE(store->text(prints[0].a),
             QStringLiteral("main: %1 clients served by %2 workers").arg(clients).arg(workers));
}

void tst_PoolScenarios::poolExecutorEchoesEveryMessage_data()
{
    QTest::addColumn<Overrides>("overrides");
    QTest::addColumn<int>("workers");
    QTest::addColumn<int>("clients");
    QTest::addColumn<int>("messages");
    QTest::newRow("defaults: 8 pool threads, 12 clients") << Overrides{} << 8 << 12 << 3;
    QTest::newRow("64 pool threads, 500 clients") << overridesFor({64, 500, 3}) << 64 << 500 << 3;
    QTest::newRow("the limits: 1000 pool threads, 5000 clients") << overridesFor({1000, 5000, 3}) << 1000 << 5000 << 3;
    QTest::newRow("one pool thread serves all in turn") << overridesFor({1, 6, 2}) << 1 << 6 << 2;
}

void tst_PoolScenarios::poolExecutorEchoesEveryMessage()
{
    QFETCH(Overrides, overrides);
    QFETCH(int, workers);
    QFETCH(int, clients);
    QFETCH(int, messages);
    if (!enoughDescriptors(clients))
        QSKIP("the open-file limit is too low for this many connections");
    const Load load{workers, clients, messages};
    const auto store = runLesson(QStringLiteral("pool-executor"), overrides);
    QVERIFY(store);

    // Pool lanes appear as the pool grows: ThreadPoolExecutor-0_0, _1, ... never more than max_workers.
    const std::vector<LaneId> pool = lanesWithTarget(*store, QStringLiteral("_worker"));
    QVERIFY(!pool.empty());
    QVERIFY(pool.size() <= std::size_t(workers));
    std::size_t submitted = 0;
    std::size_t begun = 0;
    std::size_t completed = 0;
    for (std::size_t i = 0; i < pool.size(); ++i) {
        const LaneInfo& lane = store->lane(pool[i]);
        QCOMPARE(lane.name, QStringLiteral("ThreadPoolExecutor-0_%1").arg(i));
        QVERIFY(!lane.daemon);
        QCOMPARE(countOf(lane, EventKind::DaemonStopped), 0u);
        QCOMPARE(countOf(lane, EventKind::RunEnd), 1u); // joined by shutdown(wait=True)
        begun += countOf(lane, EventKind::PoolTaskBegin);
        for (const Event& e : lane.events) {
            if (e.kind == EventKind::PoolTaskEnd && e.flags != EventFlag::Raised)
                ++completed;
        }
    }
    const LaneInfo& main = store->lane(0);
    submitted = countOf(main, EventKind::PoolSubmit);
    QCOMPARE(submitted, std::size_t(clients));
    QCOMPARE(begun, std::size_t(clients));
    QCOMPARE(completed, std::size_t(clients));
    // Leaving the with block joins every pool thread.
    QCOMPARE(countOf(main, EventKind::JoinEnd), std::size_t(clients) + pool.size());
    verifyEchoes(*store, load, pool);
    if (QTest::currentTestFailed())
        return;
    // The pool's own work queue: each submit is a put on it, each task a pool thread's get.
    QCOMPARE(store->queues().size(), 1u);
    const QueueInfo& work = store->queues().front();
    QCOMPARE(work.name, QStringLiteral("ThreadPoolExecutor-0._work_queue"));
    std::size_t puts = 0;
    std::size_t gets = 0;
    for (LaneId id = 0; id < store->laneCount(); ++id) {
        for (const Event& e : store->laneEvents(id)) {
            puts += e.kind == EventKind::PutDone && e.a == work.id ? 1 : 0;
            gets += e.kind == EventKind::GetDone && e.a == work.id ? 1 : 0;
        }
    }
    QCOMPARE(puts, std::size_t(clients));
    QCOMPARE(gets, std::size_t(clients));
}

QTEST_GUILESS_MAIN(tst_PoolScenarios)
#include "tst_poolscenarios.moc"
