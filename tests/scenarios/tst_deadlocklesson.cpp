#include "lessontrace.h"
#include "support/coretestutil.h"
#include "support/pythontestutil.h"
#include "trace/deadlocktext.h"

#include <QProcess>
#include <QTest>

#include <vector>

using namespace tl;
using namespace tl::lessontest;

namespace {

// Runs the lesson's listing, with `values`' constants, in the system's python3; true if it ended (with
// exit code 0) within `waitMs`, false if it was still running then and had to be killed.
bool listingEndsInPython(const ParameterValues& values, int waitMs, QByteArray* out = nullptr)
{
    QTemporaryDir dir;
    const QString path = pytest::writeFile(dir, QStringLiteral("deadlock.py"),
                                           findScenario(QStringLiteral("deadlock"))->listingWith(values).toUtf8());
    QProcess python;
    python.start(pytest::testPython(), {path});
    if (!python.waitForStarted())
        return false;
    const bool ended = python.waitForFinished(waitMs);
    if (!ended) {
        python.kill();
        python.waitForFinished();
    }
    if (out)
        *out = python.readAllStandardOutput();
    return ended && python.exitStatus() == QProcess::NormalExit && python.exitCode() == 0;
}

ParameterValues valuesOf(const Overrides& overrides)
{
    return resolveParameters(findScenario(QStringLiteral("deadlock"))->parameters, overrides).value();
}

} // namespace

// The `deadlock` lesson: two locks taken in opposite order form a cycle that the engine names and a headless
// run stops at; in the same order there is none. Its listing does the same in CPython: it hangs, or it ends.
class tst_DeadlockLesson : public QObject {
    Q_OBJECT
private slots:
    void oppositeOrderDeadlocks();
    void consistentOrderFinishes();
    void listingHangsInPythonTheSameWay_data();
    void listingHangsInPythonTheSameWay();
};

void tst_DeadlockLesson::oppositeOrderDeadlocks()
{
    const auto store = runLesson(QStringLiteral("deadlock"), {}, kSpeed);
    QVERIFY(store);
    const std::optional<DeadlockCycle> cycle = firstDeadlock(*store);
    QVERIFY2(cycle, "no deadlock was found");
    const QString sentence =
        QStringLiteral("Deadlock: Thread-1 (one) holds a and waits for b; Thread-2 (two) holds b and waits for a");
    QCOMPARE(deadlockSentence(*store, *cycle), sentence);
    // The headless run was stopped at it, and says so; every thread unwound, main from its join.
    QVERIFY(store->metadata().stopped);
    // "deadlock" once: it read "stopped at a deadlock: Deadlock: Thread-1 (one) holds ...".
    QCOMPARE(store->metadata().problems, QStringList{QStringLiteral("stopped at a deadlock: ") +
                                                     sentence.mid(QStringLiteral("Deadlock: ").size())});
    for (LaneId lane = 0; lane < store->laneCount(); ++lane)
        QCOMPARE(test::eventsOf(*store, lane, EventKind::Stopped).size(), std::size_t{1});
    // The cycle formed once both had held their first lock through the pause, and was found within the
    // issue's 100 ms of the second one's asking for the other lock.
    std::int64_t lastPauseEnd = 0;
    for (const QString& name : {QStringLiteral("Thread-1 (one)"), QStringLiteral("Thread-2 (two)")}) {
        const auto lane = test::laneNamed(*store, name);
        QVERIFY(lane);
        const auto pauses = test::eventsOf(*store, *lane, EventKind::SleepEnd);
        QCOMPARE(pauses.size(), std::size_t{1});
        lastPauseEnd = std::max(lastPauseEnd, pauses.front().ts);
    }
    QVERIFY(seconds(lastPauseEnd) >= 0.1);
    QVERIFY(cycle->ts >= lastPauseEnd);
    QVERIFY2(cycle->ts - lastPauseEnd <= 100'000'000, qPrintable(QString::number(cycle->ts - lastPauseEnd)));
    for (LaneId lane = 0; lane < store->laneCount(); ++lane) {
        for (const Event& e : store->laneEvents(lane))
            QVERIFY2(e.kind != EventKind::Print, "nobody got both locks");
    }
}

void tst_DeadlockLesson::consistentOrderFinishes()
{
    const auto store =
        runLesson(QStringLiteral("deadlock"), {{QStringLiteral("consistent_order"), QStringLiteral("true")}}, kSpeed);
    QVERIFY(store);
    QVERIFY(deadlockCycles(*store).empty());
    QVERIFY(!store->metadata().stopped);
    QVERIFY(store->metadata().problems.isEmpty());
    // One of them waited for a while the other held it through its pause (the contention), then took both
    // in turn. Which one is up to the OS: one's start() returns once one runs, not once it holds a, so on
    // a loaded machine two can take a first (as it can in CPython, though the GIL makes it rare there).
    // A start that stalls longer than the pause (a loaded 2-core machine has shown 100-980 ms) lets the
    // first finish before the second asks: then nobody waits, and that is no failure of the lesson.
    std::vector<Event> blocked;
    for (const QString& name : {QStringLiteral("Thread-1 (one)"), QStringLiteral("Thread-2 (two)")}) {
        const auto lane = test::laneNamed(*store, name);
        QVERIFY(lane);
        for (const Event& e : test::eventsOf(*store, *lane, EventKind::AcquireBlocked))
            blocked.push_back(e);
    }
    QVERIFY2(blocked.size() <= 1, qPrintable(QString::number(blocked.size())));
    if (!blocked.empty())
        QCOMPARE(store->syncName(blocked.front().a), QStringLiteral("a"));
    QCOMPARE(test::eventsOf(*store, 0, EventKind::Print).size(), std::size_t{1}); // main: both done
    QVERIFY(seconds(store->endTs()) >= 0.2); // the two pauses came one after the other
}

void tst_DeadlockLesson::listingHangsInPythonTheSameWay_data()
{
    QTest::addColumn<bool>("consistent");
    QTest::newRow("opposite order: CPython hangs") << false;
    QTest::newRow("same order: CPython finishes") << true;
}

void tst_DeadlockLesson::listingHangsInPythonTheSameWay()
{
    QFETCH(bool, consistent);
    const ParameterValues values =
        valuesOf({{QStringLiteral("consistent_order"), consistent ? QStringLiteral("true") : QStringLiteral("false")}});
    QByteArray out;
    // 0.2 s of pauses: 3 s is plenty to finish, and far past the moment the cycle forms.
    QCOMPARE(listingEndsInPython(values, 3000, &out), consistent);
    if (consistent)
        QCOMPARE(out, QByteArray("one: has both locks\ntwo: has both locks\nmain: both done\n"));
    else
        QCOMPARE(out, QByteArray());
}

QTEST_GUILESS_MAIN(tst_DeadlockLesson)
#include "tst_deadlocklesson.moc"
