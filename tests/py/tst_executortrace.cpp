#include "executortestutil.h"
#include "py/pythonapi.h"
#include "py/threadpoolexecutor.h"
#include "support/coretestutil.h"

#include <QTest>

#include <algorithm>
#include <atomic>

using namespace tl;
using namespace tl::test;

namespace {

// The executor's work queue, found by its name ("ThreadPoolExecutor-N._work_queue").
const QueueInfo* workQueue(const TraceStore& s, int executor)
{
    const QString name = QStringLiteral("ThreadPoolExecutor-%1._work_queue").arg(executor);
    const auto it =
        std::find_if(s.queues().begin(), s.queues().end(), [&](const QueueInfo& q) { return q.name == name; });
    return it == s.queues().end() ? nullptr : &*it;
}

// Every event of `kind` on queue `queue`, over all lanes, in (ts, lane) order.
std::vector<Event> queueEvents(const TraceStore& s, std::uint32_t queue, EventKind kind)
{
    std::vector<Event> out;
    for (const Event& e : s.eventsByTime()) {
        if (e.kind == kind && e.a == queue)
            out.push_back(e);
    }
    return out;
}

} // namespace

// How an executor's run reads in the trace: worker lanes, work queue puts and gets, idle get spans, flows.
class tst_ExecutorTrace : public QObject {
    Q_OBJECT
private slots:
    void shutdownWaitJoinsEveryWorker();
    void idleWorkerIsBlockedInGetOnTheWorkQueue();
    void stopEndsAnIdleWorkersGet();
    void everySubmitIsAPutGotByTheWorkerThatRanIt_data();
    void everySubmitIsAPutGotByTheWorkerThatRanIt();
};

void tst_ExecutorTrace::shutdownWaitJoinsEveryWorker()
{
    // ThreadPoolShutdownTest.test_threads_terminate: shutdown(wait=True) returns once every task is
    // done and every worker joined; each worker lane ends, and the main thread's joins say so.
    bool allDoneAtShutdown = false;
    const auto rec = record([&] {
        ThreadPoolExecutor ex(2);
        std::vector<Future> futures;
        for (int i = 0; i < 4; ++i)
            futures.push_back(ex.submit([] {
                tl::sleep(1);
                return QVariant();
            }));
        ex.shutdown(true);
        allDoneAtShutdown = std::all_of(futures.begin(), futures.end(), [](const Future& f) { return f.done(); });
    });
    QVERIFY(rec.finishedInTime);
    QVERIFY(allDoneAtShutdown);
    const TraceStore& s = *rec.store;
    const QStringList lanes = taskLanes(s);
    QVERIFY(!lanes.isEmpty());
    const auto joinEnds = eventsOf(s, 0, EventKind::JoinEnd);
    QCOMPARE(joinEnds.size(), std::size_t(lanes.size()));
    for (const QString& name : lanes) {
        const auto lane = laneNamed(s, name);
        QVERIFY(lane);
        const LaneInfo& info = s.lane(*lane);
        QCOMPARE(info.events.back().kind, EventKind::RunEnd);
        QVERIFY(info.spans.front().state == LaneState::Running && !info.spans.front().isOpen());
        const auto joined =
            std::find_if(joinEnds.begin(), joinEnds.end(), [&](const Event& e) { return e.a == *lane; });
        QVERIFY(joined != joinEnds.end());
        QVERIFY(info.endTs <= joined->ts);
        QVERIFY(std::any_of(s.flows().begin(), s.flows().end(), [&](const Flow& f) {
            return f.kind == Flow::Kind::Join && f.fromLane == *lane && f.toLane == 0;
        }));
    }
    // Joined at shutdown, not again at exit.
    QVERIFY(firstOf(s, 0, EventKind::ExitWaitBegin).ts >= joinEnds.back().ts);
}

void tst_ExecutorTrace::idleWorkerIsBlockedInGetOnTheWorkQueue()
{
    // Lib/concurrent/futures/thread.py: an idle _worker waits in work_queue.get(block=True), and submit()
    // is self._work_queue.put(w). The second submit comes only once the worker is seen waiting.
    std::atomic<bool> idleSeen{false};
    const auto rec = recordGated(
        [&] {
            atLine(5);
            ThreadPoolExecutor ex(1);
            ex.submit([] {
                  atLine(6);
                  return QVariant();
              }).result();
            atLine(7);
            while (!idleSeen.load())
                tl::sleep(0.01);
            ex.submit([] { return QVariant(); }).result();
        },
        [](const TraceStore& s) {
            return inOpenSpan(s, QStringLiteral("ThreadPoolExecutor-0_0"), LaneState::BlockedGet);
        },
        [&](ScenarioRun&) { idleSeen.store(true); });
    QVERIFY(rec.gateReached);
    QVERIFY(rec.finishedInTime);
    const TraceStore& s = *rec.store;
    const QueueInfo* queue = workQueue(s, 0);
    QVERIFY(queue);
    QCOMPARE(queue->maxsize, 0);
    const auto worker = laneNamed(s, QStringLiteral("ThreadPoolExecutor-0_0"));
    QVERIFY(worker);

    // Each submit is a put of its task id on the main lane, at the submit's moment.
    const auto submits = eventsOf(s, 0, EventKind::PoolSubmit);
    const auto puts = eventsOf(s, 0, EventKind::PutDone);
    QCOMPARE(submits.size(), std::size_t(2));
    QCOMPARE(puts.size(), std::size_t(2));
    for (std::size_t i = 0; i < 2; ++i) {
        QCOMPARE(puts[i].a, queue->id);
        QCOMPARE(puts[i].b, submits[i].b);
        QCOMPARE(puts[i].c, 1u);
        QCOMPARE(puts[i].ts, submits[i].ts);
        QCOMPARE(puts[i].line, submits[i].line);
    }

    // The new worker finds the first item waiting: a get that never blocked. Then it waits for work.
    const auto kinds = kindsOf(s, *worker);
    const std::vector<EventKind> prefix = {EventKind::ThreadCreated, EventKind::RunBegin,      EventKind::GetDone,
                                           EventKind::PoolTaskBegin, EventKind::PoolTaskEnd,   EventKind::GetBlocked,
                                           EventKind::GetDone,       EventKind::PoolTaskBegin, EventKind::PoolTaskEnd};
    QVERIFY2(kinds.size() > prefix.size() && std::equal(prefix.begin(), prefix.end(), kinds.begin()),
             qPrintable(kindNames(kinds)));
    QCOMPARE(kinds.back(), EventKind::RunEnd);
    const auto gets = eventsOf(s, *worker, EventKind::GetDone);
    QCOMPARE(gets.size(), std::size_t(2));
    QCOMPARE(gets[0].b, submits[0].b);
    QCOMPARE(gets[1].b, submits[1].b);
    QCOMPARE(gets[1].c, 0u);
    const Event blocked = firstOf(s, *worker, EventKind::GetBlocked);
    QCOMPARE(blocked.a, queue->id);
    QCOMPARE(blocked.c, 0u);
    // The worker waits in the pool's code, named by the executor's line, not the line its task ended on.
    QCOMPARE(blocked.line, std::uint16_t(5));
    QCOMPARE(gets[1].line, std::uint16_t(5));
    QCOMPARE(puts[0].line, std::uint16_t(5));
    QCOMPARE(puts[1].line, std::uint16_t(7));

    // Its "get" span ends when the next submit's item arrives, and a flow links that put to this get.
    const auto& spans = s.lane(*worker).spans;
    const auto idle =
        std::find_if(spans.begin(), spans.end(), [](const Span& sp) { return sp.state == LaneState::BlockedGet; });
    QVERIFY(idle != spans.end());
    QCOMPARE(idle->begin, blocked.ts);
    QCOMPARE(idle->end, gets[1].ts);
    QCOMPARE(idle->detail, queue->id);
    QVERIFY(puts[1].ts <= idle->end);
    for (std::size_t i = 0; i < 2; ++i) {
        QVERIFY(std::any_of(s.flows().begin(), s.flows().end(), [&](const Flow& f) {
            return f.kind == Flow::Kind::Item && f.fromLane == 0 && f.fromTs == puts[i].ts && f.toLane == *worker &&
                   f.toTs == gets[i].ts;
        }));
    }
    // A wait that shutdown ends takes nothing: the lane's end closes it, and every span is closed.
    QVERIFY(std::none_of(spans.begin(), spans.end(), [](const Span& sp) { return sp.isOpen(); }));
}

void tst_ExecutorTrace::stopEndsAnIdleWorkersGet()
{
    // As an interrupted Queue.get(): a stop ends the wait with no GetDone; the Stopped event closes it.
    const auto rec = recordGated(
        [] {
            ThreadPoolExecutor ex(1);
            ex.submit([] { return QVariant(); }).result();
            tl::sleep(1000);
        },
        [](const TraceStore& s) {
            return inOpenSpan(s, QStringLiteral("ThreadPoolExecutor-0_0"), LaneState::BlockedGet);
        },
        [](ScenarioRun& run) { run.requestStop(); });
    QVERIFY(rec.gateReached);
    QVERIFY(rec.finishedInTime);
    const TraceStore& s = *rec.store;
    const auto worker = laneNamed(s, QStringLiteral("ThreadPoolExecutor-0_0"));
    QVERIFY(worker);
    const std::vector<EventKind> expected = {EventKind::ThreadCreated, EventKind::RunBegin,    EventKind::GetDone,
                                             EventKind::PoolTaskBegin, EventKind::PoolTaskEnd, EventKind::GetBlocked,
                                             EventKind::Stopped,       EventKind::RunEnd};
    QCOMPARE(kindNames(kindsOf(s, *worker)), kindNames(expected));
    const auto& spans = s.lane(*worker).spans;
    const auto idle =
        std::find_if(spans.begin(), spans.end(), [](const Span& sp) { return sp.state == LaneState::BlockedGet; });
    QVERIFY(idle != spans.end());
    QCOMPARE(idle->end, s.lane(*worker).endTs);
}

void tst_ExecutorTrace::everySubmitIsAPutGotByTheWorkerThatRanIt_data()
{
    QTest::addColumn<int>("workers");
    QTest::addColumn<int>("tasks");
    QTest::newRow("one worker, a backlog") << 1 << 8;
    QTest::newRow("more workers than tasks") << 4 << 2;
    QTest::newRow("saturated pool") << 3 << 20;
}

void tst_ExecutorTrace::everySubmitIsAPutGotByTheWorkerThatRanIt()
{
    QFETCH(int, workers);
    QFETCH(int, tasks);
    const auto rec = record([&] {
        ThreadPoolExecutor ex(workers);
        for (int i = 0; i < tasks; ++i) {
            ex.submit([] {
                tl::sleep(0.05);
                return QVariant();
            });
        }
    });
    QVERIFY(rec.finishedInTime);
    const TraceStore& s = *rec.store;
    QCOMPARE(s.queues().size(), std::size_t(1));
    const QueueInfo* queue = workQueue(s, 0);
    QVERIFY(queue);
    const auto puts = queueEvents(s, queue->id, EventKind::PutDone);
    const auto gets = queueEvents(s, queue->id, EventKind::GetDone);
    std::vector<Event> begins;
    for (const Event& e : s.eventsByTime()) {
        if (e.kind == EventKind::PoolTaskBegin)
            begins.push_back(e);
    }
    QCOMPARE(begins.size(), std::size_t(tasks));
    QCOMPARE(puts.size(), std::size_t(tasks));
    QCOMPARE(gets.size(), std::size_t(tasks));
    for (const Event& put : puts)
        QCOMPARE(put.lane, LaneId(0));
    // Each task is got by the lane that then runs it, and a flow runs from its put to that get.
    for (const Event& get : gets) {
        const auto begin = std::find_if(begins.begin(), begins.end(), [&](const Event& b) { return b.b == get.b; });
        QVERIFY(begin != begins.end());
        QCOMPARE(begin->lane, get.lane);
        const auto put = std::find_if(puts.begin(), puts.end(), [&](const Event& p) { return p.b == get.b; });
        QVERIFY(put != puts.end());
        QVERIFY(std::any_of(s.flows().begin(), s.flows().end(), [&](const Flow& f) {
            return f.kind == Flow::Kind::Item && f.fromLane == 0 && f.fromTs == put->ts && f.toLane == get.lane &&
                   f.toTs == get.ts;
        }));
    }
    // The depth series is the backlog: from 0 at creation, one point per put and get, back to 0.
    QCOMPARE(queue->depth.size(), std::size_t(1 + 2 * tasks));
    QCOMPARE(queue->depth.front().second, 0u);
    QCOMPARE(queue->depth.back().second, 0u);
}

QTEST_GUILESS_MAIN(tst_ExecutorTrace)
#include "tst_executortrace.moc"
