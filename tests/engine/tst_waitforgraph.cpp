#include "engine/runcontext.h"
#include "engine/waitforgraph.h"

#include <QTest>

#include <atomic>
#include <memory>
#include <vector>

using namespace tl;

namespace {

// Four lanes of a run (MainThread and Thread-1..3) and three locks' owner slots, as LockBase keeps them.
struct Graph {
    RunContext run{RunOptions{}};
    std::vector<std::shared_ptr<ThreadState>> lanes;
    std::atomic<const ThreadState*> owners[3] = {nullptr, nullptr, nullptr};
    WaitForGraph graph;
    Graph()
    {
        for (int i = 0; i < 4; ++i)
            lanes.push_back(run.threads().createLane(QStringLiteral("T%1").arg(i), false, QString()));
    }
    ThreadState& t(int i) { return *lanes[static_cast<std::size_t>(i)]; }
    WaitFor acquire(int lock, bool timed = false)
    {
        return {WaitFor::Kind::Acquire, static_cast<std::uint32_t>(lock + 1), &owners[lock], nullptr, timed};
    }
    WaitFor join(int lane) { return {WaitFor::Kind::Join, kNoValue, nullptr, &t(lane), false}; }
};

} // namespace

// The wait-for graph on its own: a cycle is returned by the wait that closes it, with every member in
// order, and never by a wait that only joins a chain or an old cycle.
class tst_WaitForGraph : public QObject {
    Q_OBJECT
private slots:
    void closingWaitReturnsTheCycle();
    void chainToARunningThreadIsNoCycle();
    void endedWaitsAndFreedLocksBreakEdges();
    void walkIntoAnOldCycleEnds();
    void timedMemberMakesItPotential();
};

void tst_WaitForGraph::closingWaitReturnsTheCycle()
{
    Graph g;
    g.owners[0] = &g.t(1);
    g.owners[1] = &g.t(2);
    QVERIFY(!g.graph.beginWait(g.t(1), g.acquire(1))); // 1 waits for lock 1, held by 2, which runs
    const auto cycle = g.graph.beginWait(g.t(2), g.acquire(0));
    QVERIFY(cycle);
    QCOMPARE(cycle->number, 1u);
    QVERIFY(!cycle->potential);
    QCOMPARE(cycle->members.size(), std::size_t{2});
    QCOMPARE(cycle->members[0].lane, g.t(2).lane); // the closing wait first
    QCOMPARE(cycle->members[0].id, 1u);
    QCOMPARE(cycle->members[0].waitsFor, g.t(1).lane);
    QCOMPARE(cycle->members[1].lane, g.t(1).lane);
    QCOMPARE(cycle->members[1].id, 2u);
    QCOMPARE(cycle->members[1].waitsFor, g.t(2).lane);
    QCOMPARE(g.graph.cyclesFound(), 1u);
}

void tst_WaitForGraph::chainToARunningThreadIsNoCycle()
{
    Graph g;
    g.owners[0] = &g.t(3);
    QVERIFY(!g.graph.beginWait(g.t(1), g.acquire(0)));
    QVERIFY(!g.graph.beginWait(g.t(2), g.join(1)));
    QVERIFY(!g.graph.beginWait(g.t(0), g.join(2)));
    QCOMPARE(g.graph.cyclesFound(), 0u);
    // A join waits for its thread until that thread has ended, then for no one.
    QCOMPARE(g.join(3).holder(), &g.t(3));
    g.run.clock().threadStarting(); // T3 ran as an engine thread: its end is where the clock stops counting it
    g.t(3).markEnded();
    QCOMPARE(g.join(3).holder(), nullptr);
}

void tst_WaitForGraph::endedWaitsAndFreedLocksBreakEdges()
{
    Graph g;
    g.owners[0] = &g.t(1);
    QVERIFY(!g.graph.beginWait(g.t(2), g.acquire(0)));
    g.graph.endWait(g.t(2)); // 2 got lock 0 ...
    g.owners[0] = &g.t(2);
    g.owners[1] = &g.t(1);
    // ... so 1 waiting for lock 0 (now 2's) while 2 runs is no cycle, though 2 once waited for 1.
    QVERIFY(!g.graph.beginWait(g.t(1), g.acquire(0)));
    // A freed lock is held by no one: waiting for it waits for no one.
    g.owners[2] = nullptr;
    QVERIFY(!g.graph.beginWait(g.t(3), g.acquire(2)));
    QCOMPARE(g.graph.cyclesFound(), 0u);
}

void tst_WaitForGraph::walkIntoAnOldCycleEnds()
{
    Graph g;
    g.owners[0] = &g.t(1);
    g.owners[1] = &g.t(2);
    QVERIFY(!g.graph.beginWait(g.t(1), g.acquire(1)));
    QVERIFY(g.graph.beginWait(g.t(2), g.acquire(0)));
    // 3 waits for lock 0 inside the cycle already reported: no new one, and the walk ends.
    QVERIFY(!g.graph.beginWait(g.t(3), g.acquire(0)));
    QVERIFY(!g.graph.beginWait(g.t(0), g.join(3)));
    QCOMPARE(g.graph.cyclesFound(), 1u);
}

void tst_WaitForGraph::timedMemberMakesItPotential()
{
    Graph g;
    g.owners[0] = &g.t(1);
    g.owners[1] = &g.t(2);
    QVERIFY(!g.graph.beginWait(g.t(1), g.acquire(1, true)));
    const auto cycle = g.graph.beginWait(g.t(2), g.acquire(0));
    QVERIFY(cycle);
    QVERIFY(cycle->potential);
    // A thread waiting for a lock it holds itself (a Lock taken twice) is a cycle of one.
    g.owners[2] = &g.t(3);
    const auto self = g.graph.beginWait(g.t(3), g.acquire(2));
    QVERIFY(self);
    QCOMPARE(self->members.size(), std::size_t{1});
    QCOMPARE(self->number, 2u);
}

QTEST_GUILESS_MAIN(tst_WaitForGraph)
#include "tst_waitforgraph.moc"
