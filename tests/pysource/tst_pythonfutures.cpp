// Waits for futures (issue 11), in CPython under the tracer against the engine's run of the same program
// (tests/support/futureprogram.h; the Python is docs/future-waits.py, the program the README shows, so that
// the two cannot part): the same waits on main's lane, each released by the same task, with an
// arrow from that task's end to the wait's end that never points back in time.

#include "pythonrun.h"
#include "support/coretestutil.h"
#include "support/futureprogram.h"

#include <QFile>
#include <QTest>

#include <map>

using namespace tl;
using namespace tl::pytest;

namespace {

// main's waits for futures in words: a task is named by its place in the order of submits ("#3"), which
// is the same in both runs where task ids need not be.
QStringList futureStory(const TraceStore& store)
{
    std::map<std::uint32_t, int> submitted; // task id -> its place
    for (const Event& e : store.eventsByTime()) {
        if (e.kind == EventKind::PoolSubmit)
            submitted.emplace(e.b, static_cast<int>(submitted.size()) + 1);
    }
    const auto task = [&](std::uint32_t id) {
        const auto it = submitted.find(id);
        return id == 0                 ? QStringLiteral("none")
               : it == submitted.end() ? QStringLiteral("?")
                                       : QStringLiteral("#%1").arg(it->second);
    };
    QStringList out;
    for (const Event& e : store.lane(0).events) {
        if (e.kind == EventKind::FutureWaitBegin)
            out << QStringLiteral("wait %1%2")
                       .arg(task(e.b), e.c == kNoValue ? QString() : QStringLiteral(" timeout %1 ms").arg(e.c));
        else if (e.kind == EventKind::FutureWaitEnd)
            out << ((e.flags & EventFlag::TimedOut) ? QStringLiteral("timed out")
                                                    : QStringLiteral("done by %1").arg(task(e.b)));
    }
    return out;
}

// The arrows of the Done kind, each checked to run from a pool task's end to a wait end it names.
int checkedDoneFlows(const TraceStore& store)
{
    int count = 0;
    for (const Flow& f : store.flows()) {
        if (f.kind != Flow::Kind::Done)
            continue;
        const Event& from = store.event(f.from);
        const Event& to = store.event(f.to);
        if (from.kind != EventKind::PoolTaskEnd || to.kind != EventKind::FutureWaitEnd || from.b != to.b ||
            from.a != to.a || f.fromTs > f.toTs)
            return -1;
        ++count;
    }
    return count;
}

} // namespace

class tst_PythonFutures : public QObject {
    Q_OBJECT
private slots:
    void engineAndCPythonWaitAlike_data();
    void engineAndCPythonWaitAlike();
};

void tst_PythonFutures::engineAndCPythonWaitAlike_data()
{
    QTest::addColumn<double>("speed");
    QTest::newRow("1x") << 1.0;
    // Scaled: the timeout in the begin is still the program's 0.1 s, not the 0.05 s waited.
    QTest::newRow("2x") << 2.0;
}

void tst_PythonFutures::engineAndCPythonWaitAlike()
{
    QFETCH(double, speed);
    const test::Recording engine = test::record(test::futureProgram);
    QVERIFY(engine.finishedInTime);
    PythonRunOptions options;
    options.speed = speed;
    QFile program(QStringLiteral(THREADLINE_FUTURE_PROGRAM));
    QVERIFY2(program.open(QIODevice::ReadOnly), qPrintable(program.fileName()));
    const Run python = runCode(program.readAll(), options);
    QVERIFY2(python.startError.isEmpty(), qPrintable(python.startError));
    QVERIFY(python.finished);
    QCOMPARE(python.source->exitCode(), 0);

    const QStringList expected = {"wait #1",   "done by #1", "wait none",  "done by #2",  "wait #4 timeout 100 ms",
                                  "timed out", "wait #4",    "done by #4", "wait none",   "done by #5",
                                  "wait none", "done by #6", "wait #9",    "done by none"};
    QCOMPARE(futureStory(*engine.store), expected);
    QCOMPARE(futureStory(*python.store), expected);
    // Five waits were released by a task's end: one arrow each, forward in time, in both runs.
    QCOMPARE(checkedDoneFlows(*engine.store), 5);
    QCOMPARE(checkedDoneFlows(*python.store), 5);
    // The timed-out wait ends at its deadline on the engine's clock, and in CPython at its timeout, or late by what a
    // loaded machine's wake-up takes (100 ms of wall time at 2x); one not timed out would last the task's 0.6 s.
    const auto lastTimedOut = [](const TraceStore& s) {
        std::int64_t begin = 0;
        for (const Event& e : s.lane(0).events) {
            if (e.kind == EventKind::FutureWaitBegin)
                begin = e.ts;
            else if (e.kind == EventKind::FutureWaitEnd && (e.flags & EventFlag::TimedOut))
                return e.ts - begin;
        }
        return std::int64_t{-1};
    };
    QCOMPARE(lastTimedOut(*engine.store), std::int64_t{100'000'000});
    const std::int64_t cpython = lastTimedOut(*python.store);
    QVERIFY2(cpython >= 95'000'000 && cpython < 300'000'000, qPrintable(QString::number(cpython)));
}

QTEST_GUILESS_MAIN(tst_PythonFutures)
#include "tst_pythonfutures.moc"
