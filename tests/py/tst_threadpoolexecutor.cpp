#include "executortestutil.h"
#include "py/pythonapi.h"
#include "py/queue.h"
#include "py/threadpoolexecutor.h"
#include "support/coretestutil.h"

#include <QSet>
#include <QTest>
#include <QThread>

#include <algorithm>

using namespace tl;
using namespace tl::test;

// The executor's Python API: submit, result, exception, cancel, shutdown, max_workers, worker naming.
// Ported in spirit from CPython's Lib/test/test_concurrent_futures/ (test_thread_pool.py,
// test_future.py, test_shutdown.py, executor.py); each case names the test it follows.
class tst_ThreadPoolExecutor : public QObject {
    Q_OBJECT
private slots:
    void maxWorkersMustBePositive_data();
    void maxWorkersMustBePositive();
    void defaultMaxWorkers();
    void submitReturnsAFutureWithTheResult();
    void resultReraisesTheTaskException();
    void nonStdExceptionIsStoredInTheFuture();
    void doneAndRunning();
    void cancelPendingTask();
    void resultTimeout();
    void submitAfterShutdownRaises();
    void workersAreLazyAndReused();
    void sequentialTasksReuseOneWorker();
    void saturationCreatesUpToMaxWorkers();
    void shutdownCancelFutures();
};

void tst_ThreadPoolExecutor::maxWorkersMustBePositive_data()
{
    QTest::addColumn<int>("maxWorkers");
    QTest::newRow("zero") << 0;
    QTest::newRow("negative") << -1;
}

void tst_ThreadPoolExecutor::maxWorkersMustBePositive()
{
    // ThreadPoolExecutorTest.test_max_workers_negative (and zero).
    QFETCH(int, maxWorkers);
    std::optional<PyError> error;
    const auto rec = record([&] { error = pyError([&] { ThreadPoolExecutor ex(maxWorkers); }); });
    QVERIFY(rec.finishedInTime);
    QVERIFY(isPyError(error, "ValueError", "max_workers must be greater than 0"));
}

void tst_ThreadPoolExecutor::defaultMaxWorkers()
{
    // ThreadPoolExecutorTest.test_default_workers: min(32, cpu_count + 4), and no worker until a submit.
    int maxWorkers = 0, workers = -1;
    const auto rec = record([&] {
        ThreadPoolExecutor ex;
        maxWorkers = ex.maxWorkers();
        workers = ex.workerCount();
    });
    QVERIFY(rec.finishedInTime);
    QCOMPARE(maxWorkers, std::min(32, QThread::idealThreadCount() + 4));
    QCOMPARE(workers, 0);
}

void tst_ThreadPoolExecutor::submitReturnsAFutureWithTheResult()
{
    // ExecutorTest.test_submit: submit(pow, 2, 8).result() == 256, recorded as a task on a worker.
    int result = 0;
    bool done = false;
    const auto rec = record([&] {
        ThreadPoolExecutor ex(2);
        Future f = ex.submit([] { return QVariant(1 << 8); }, QStringLiteral("pow"));
        result = f.result().toInt();
        done = f.done();
    });
    QVERIFY(rec.finishedInTime);
    QCOMPARE(result, 256);
    QVERIFY(done);
    const TraceStore& s = *rec.store;
    const Event submit = firstOf(s, 0, EventKind::PoolSubmit);
    QCOMPARE(s.text(submit.c), QStringLiteral("pow"));
    const auto worker = laneNamed(s, QStringLiteral("ThreadPoolExecutor-0_0"));
    QVERIFY(worker);
    const Event begin = firstOf(s, *worker, EventKind::PoolTaskBegin);
    const Event end = firstOf(s, *worker, EventKind::PoolTaskEnd);
    QCOMPARE(begin.b, submit.b);
    QCOMPARE(s.text(begin.c), QStringLiteral("pow"));
    QCOMPARE(end.b, submit.b);
    QCOMPARE(end.flags, std::uint8_t(0));
    QVERIFY(submit.ts <= begin.ts && begin.ts <= end.ts);
}

void tst_ThreadPoolExecutor::resultReraisesTheTaskException()
{
    // FutureTests.test_result_with_success / test_exception_with_success, and their raising twins.
    std::optional<PyError> raised, fromException, stdRaised;
    bool okHasNoException = false;
    const auto rec = record([&] {
        ThreadPoolExecutor ex(1);
        Future bad = ex.submit([]() -> QVariant { throw ValueError(QStringLiteral("boom")); }, QStringLiteral("bad"));
        Future stdBad = ex.submit([]() -> QVariant { throw std::runtime_error("std boom"); });
        Future ok = ex.submit([] { return QVariant(1); });
        raised = pyError([&] { bad.result(); });
        if (const auto e = bad.exception())
            fromException = PyError{e->type(), e->message()};
        stdRaised = pyError([&] { stdBad.result(); });
        okHasNoException = !ok.exception().has_value();
    });
    QVERIFY(rec.finishedInTime);
    QVERIFY(isPyError(raised, "ValueError", "boom"));
    QVERIFY(isPyError(fromException, "ValueError", "boom"));
    QVERIFY(isPyError(stdRaised, "Exception", "std boom"));
    QVERIFY(okHasNoException);
    // The task's end says it raised; the error does not become a thread error on the worker lane.
    const TraceStore& s = *rec.store;
    const auto worker = laneNamed(s, QStringLiteral("ThreadPoolExecutor-0_0"));
    QVERIFY(worker);
    const auto ends = eventsOf(s, *worker, EventKind::PoolTaskEnd);
    QCOMPARE(ends.size(), std::size_t(3));
    QCOMPARE(ends[0].flags, EventFlag::Raised);
    QCOMPARE(ends[1].flags, EventFlag::Raised);
    QCOMPARE(ends[2].flags, std::uint8_t(0));
    QVERIFY(!hasKind(s, *worker, EventKind::Error));
}

void tst_ThreadPoolExecutor::nonStdExceptionIsStoredInTheFuture()
{
    // A task throwing what is not a std::exception (`throw 42;`) must not take the process down: as
    // Python stores any exception in the future, the future holds it and the worker goes on.
    std::optional<PyError> raised, fromException;
    bool doneAfter = false;
    QVariant next;
    const auto rec = record([&] {
        ThreadPoolExecutor ex(1);
        Future bad = ex.submit([]() -> QVariant { throw 42; }, QStringLiteral("bad"));
        if (const auto e = bad.exception())
            fromException = PyError{e->type(), e->message()};
        raised = pyError([&] { bad.result(); });
        doneAfter = bad.done();
        next = ex.submit([] { return QVariant(7); }).result();
        ex.shutdown(true);
    });
    QVERIFY(rec.finishedInTime);
    QVERIFY(isPyError(fromException, "SystemError", "unknown C++ exception"));
    QVERIFY(isPyError(raised, "SystemError", "unknown C++ exception"));
    QVERIFY(doneAfter);
    QCOMPARE(next, QVariant(7));
    // One worker ran both tasks; the first ended raising, and the lane ended normally at shutdown.
    const TraceStore& s = *rec.store;
    QCOMPARE(taskLanes(s), QStringList{QStringLiteral("ThreadPoolExecutor-0_0")});
    const auto worker = laneNamed(s, QStringLiteral("ThreadPoolExecutor-0_0"));
    QVERIFY(worker);
    const auto ends = eventsOf(s, *worker, EventKind::PoolTaskEnd);
    QCOMPARE(ends.size(), std::size_t(2));
    QCOMPARE(ends[0].flags, EventFlag::Raised);
    QCOMPARE(ends[1].flags, std::uint8_t(0));
    QVERIFY(!hasKind(s, *worker, EventKind::Error));
    QVERIFY(!hasKind(s, *worker, EventKind::Stopped));
    QCOMPARE(s.lane(*worker).events.back().kind, EventKind::RunEnd);
    const auto joinEnds = eventsOf(s, 0, EventKind::JoinEnd);
    QCOMPARE(joinEnds.size(), std::size_t(1));
    QCOMPARE(joinEnds[0].a, *worker);
}

void tst_ThreadPoolExecutor::doneAndRunning()
{
    // FutureTests.test_done / test_running: pending or running is not done; finished is.
    bool runningWhileBlocked = false, doneWhileBlocked = true, doneAfter = false, runningAfter = true;
    const auto rec = record([&] {
        Queue<int> started, release;
        ThreadPoolExecutor ex(1);
        Future f = ex.submit([&] {
            started.put(1);
            return QVariant(release.get());
        });
        started.get();
        runningWhileBlocked = f.running();
        doneWhileBlocked = f.done();
        release.put(5);
        f.result();
        doneAfter = f.done();
        runningAfter = f.running();
    });
    QVERIFY(rec.finishedInTime);
    QVERIFY(runningWhileBlocked);
    QVERIFY(!doneWhileBlocked);
    QVERIFY(doneAfter);
    QVERIFY(!runningAfter);
}

void tst_ThreadPoolExecutor::cancelPendingTask()
{
    // FutureTests.test_cancel: a pending future cancels (and stays cancelled); a running or finished
    // one does not; result() of a cancelled future raises CancelledError; the task never runs.
    struct Seen {
        bool cancelPending = false, cancelAgain = false, cancelled = false, doneAfterCancel = false;
        bool cancelRunning = true, cancelFinished = true;
        std::optional<PyError> cancelledResult;
        int firstResult = 0;
    } seen;
    bool secondRan = false;
    const auto rec = record([&] {
        Queue<int> started, release;
        ThreadPoolExecutor ex(1);
        Future first = ex.submit([&] {
            started.put(1);
            return QVariant(release.get());
        });
        Future second = ex.submit([&] {
            secondRan = true;
            return QVariant();
        });
        started.get();
        seen.cancelRunning = first.cancel();
        seen.cancelPending = second.cancel();
        seen.cancelAgain = second.cancel();
        seen.cancelled = second.cancelled();
        seen.doneAfterCancel = second.done();
        seen.cancelledResult = pyError([&] { second.result(); });
        release.put(3);
        seen.firstResult = first.result().toInt();
        seen.cancelFinished = first.cancel();
    });
    QVERIFY(rec.finishedInTime);
    QVERIFY(!seen.cancelRunning);
    QVERIFY(seen.cancelPending);
    QVERIFY(seen.cancelAgain);
    QVERIFY(seen.cancelled);
    QVERIFY(seen.doneAfterCancel);
    QVERIFY(isPyError(seen.cancelledResult, "concurrent.futures._base.CancelledError"));
    QCOMPARE(seen.firstResult, 3);
    QVERIFY(!seen.cancelFinished);
    QVERIFY(!secondRan);
    const TraceStore& s = *rec.store;
    QCOMPARE(eventsOf(s, 0, EventKind::PoolSubmit).size(), std::size_t(2));
    int begun = 0;
    for (const Event& e : s.eventsByTime())
        begun += e.kind == EventKind::PoolTaskBegin;
    QCOMPARE(begun, 1);
}

void tst_ThreadPoolExecutor::resultTimeout()
{
    // FutureTests.test_result_with_timeout / test_exception_with_timeout: TimeoutError while pending.
    std::optional<PyError> resultTimedOut, exceptionTimedOut;
    int result = 0;
    const auto rec = record([&] {
        Queue<int> release;
        ThreadPoolExecutor ex(1);
        Future f = ex.submit([&] { return QVariant(release.get()); });
        resultTimedOut = pyError([&] { f.result(0.5); });
        exceptionTimedOut = pyError([&] { f.exception(0.1); });
        release.put(9);
        result = f.result(60).toInt();
    });
    QVERIFY(rec.finishedInTime);
    QVERIFY(isPyError(resultTimedOut, "TimeoutError"));
    QVERIFY(isPyError(exceptionTimedOut, "TimeoutError"));
    QCOMPARE(result, 9);
}

void tst_ThreadPoolExecutor::submitAfterShutdownRaises()
{
    // ExecutorShutdownTest.test_run_after_shutdown.
    std::optional<PyError> error;
    const auto rec = record([&] {
        ThreadPoolExecutor ex(2);
        ex.submit([] { return QVariant(1); });
        ex.shutdown();
        error = pyError([&] { ex.submit([] { return QVariant(2); }); });
    });
    QVERIFY(rec.finishedInTime);
    QVERIFY(isPyError(error, "RuntimeError", "cannot schedule new futures after shutdown"));
    QCOMPARE(eventsOf(*rec.store, 0, EventKind::PoolSubmit).size(), std::size_t(1));
}

void tst_ThreadPoolExecutor::workersAreLazyAndReused()
{
    // ThreadPoolExecutorTest.test_saturation in spirit: no worker before the first submit, one for a task
    // at a time, and never more than max_workers however many tasks run. Workers are named like
    // Python's, per executor: "ThreadPoolExecutor-N_i".
    struct Seen {
        int before = -1, afterOne = -1, afterMany = -1, secondExecutor = -1;
        QStringList names;
    } seen;
    const auto rec = record([&] {
        ThreadPoolExecutor ex(3);
        seen.before = ex.workerCount();
        seen.names << ex.submit([] { return QVariant(tl::currentThreadName()); }).result().toString();
        seen.afterOne = ex.workerCount();
        std::vector<Future> futures;
        for (int i = 0; i < 30; ++i) {
            futures.push_back(ex.submit([] {
                tl::sleep(0.05);
                return QVariant(tl::currentThreadName());
            }));
        }
        for (const Future& f : futures)
            seen.names << f.result().toString();
        seen.afterMany = ex.workerCount();
        ThreadPoolExecutor second(1);
        seen.names << second.submit([] { return QVariant(tl::currentThreadName()); }).result().toString();
        seen.secondExecutor = second.workerCount();
    });
    QVERIFY(rec.finishedInTime);
    QCOMPARE(seen.before, 0);
    QCOMPARE(seen.afterOne, 1);
    QVERIFY(seen.afterMany >= 1 && seen.afterMany <= 3);
    QCOMPARE(seen.secondExecutor, 1);
    QCOMPARE(seen.names.first(), QStringLiteral("ThreadPoolExecutor-0_0"));
    QCOMPARE(seen.names.last(), QStringLiteral("ThreadPoolExecutor-1_0"));
    // Each started worker is one lane for the executor's life, whatever the number of tasks it ran
    // (a worker may even run none, when a busier one takes the item first, as in CPython).
    for (int i = 0; i < seen.afterMany; ++i)
        QVERIFY(laneNamed(*rec.store, QStringLiteral("ThreadPoolExecutor-0_%1").arg(i)));
    QVERIFY(!laneNamed(*rec.store, QStringLiteral("ThreadPoolExecutor-0_%1").arg(seen.afterMany)));
    const QSet<QString> distinct(seen.names.begin(), seen.names.end() - 1);
    QVERIFY(distinct.size() >= 1 && distinct.size() <= seen.afterMany);
    for (const QString& name : distinct)
        QVERIFY2(name.startsWith(QStringLiteral("ThreadPoolExecutor-0_")), qPrintable(name));
}

void tst_ThreadPoolExecutor::sequentialTasksReuseOneWorker()
{
    // ThreadPoolExecutorTest.test_idle_thread_reuse: submit(...).result() three times uses one thread.
    int workers = 0;
    QStringList names;
    const auto rec = record([&] {
        ThreadPoolExecutor ex(4);
        for (int i = 0; i < 3; ++i)
            names << ex.submit([] { return QVariant(tl::currentThreadName()); }).result().toString();
        workers = ex.workerCount();
    });
    QVERIFY(rec.finishedInTime);
    QCOMPARE(workers, 1);
    QCOMPARE(names, QStringList(3, QStringLiteral("ThreadPoolExecutor-0_0")));
}

void tst_ThreadPoolExecutor::saturationCreatesUpToMaxWorkers()
{
    // ThreadPoolExecutorTest.test_saturation: tasks that block together need max_workers threads, and
    // get no more; later tasks reuse them.
    constexpr int kWorkers = 3;
    int whileSaturated = 0, afterMore = 0;
    const auto rec = record([&] {
        Queue<int> started, release;
        ThreadPoolExecutor ex(kWorkers);
        std::vector<Future> futures;
        for (int i = 0; i < kWorkers * 2; ++i) {
            futures.push_back(ex.submit([&] {
                started.put(1);
                return QVariant(release.get());
            }));
        }
        for (int i = 0; i < kWorkers; ++i)
            started.get();
        whileSaturated = ex.workerCount();
        for (int i = 0; i < kWorkers * 2; ++i)
            release.put(i);
        for (int i = 0; i < kWorkers; ++i)
            started.get();
        for (const Future& f : futures)
            f.result();
        afterMore = ex.workerCount();
    });
    QVERIFY(rec.finishedInTime);
    QCOMPARE(whileSaturated, kWorkers);
    QCOMPARE(afterMore, kWorkers);
    const QStringList lanes = taskLanes(*rec.store);
    QCOMPARE(lanes.size(), kWorkers);
    for (int i = 0; i < kWorkers; ++i)
        QVERIFY(lanes.contains(QStringLiteral("ThreadPoolExecutor-0_%1").arg(i)));
}

void tst_ThreadPoolExecutor::shutdownCancelFutures()
{
    // ThreadPoolShutdownTest.test_cancel_futures: shutdown(cancel_futures=True) cancels what is pending.
    bool firstCancelled = true, secondCancelled = false, thirdCancelled = false;
    const auto rec = record([&] {
        Queue<int> started, release;
        ThreadPoolExecutor ex(1);
        Future first = ex.submit([&] {
            started.put(1);
            return QVariant(release.get());
        });
        Future second = ex.submit([] { return QVariant(); });
        Future third = ex.submit([] { return QVariant(); });
        started.get();
        ex.shutdown(false, true);
        release.put(1);
        first.result();
        firstCancelled = first.cancelled();
        secondCancelled = second.cancelled();
        thirdCancelled = third.cancelled();
    });
    QVERIFY(rec.finishedInTime);
    QVERIFY(!firstCancelled);
    QVERIFY(secondCancelled);
    QVERIFY(thirdCancelled);
}

QTEST_GUILESS_MAIN(tst_ThreadPoolExecutor)
#include "tst_threadpoolexecutor.moc"
