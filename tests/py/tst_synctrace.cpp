#include "py/barrier.h"
#include "py/condition.h"
#include "py/lock.h"
#include "py/pythonapi.h"
#include "py/semaphore.h"
#include "py/thread.h"
#include "py/threadingevent.h"
#include "support/coretestutil.h"

#include <QRegularExpression>
#include <QTest>

using namespace tl;
using namespace tl::test;

namespace {

std::vector<Flow> flowsOfKind(const TraceStore& s, Flow::Kind kind)
{
    std::vector<Flow> out;
    for (const Flow& f : s.flows()) {
        if (f.kind == kind)
            out.push_back(f);
    }
    return out;
}

// The one span of `state` on `lane`; a default span (begin -1) if there is none or more than one.
Span onlySpan(const TraceStore& s, LaneId lane, LaneState state)
{
    Span found;
    found.begin = -1;
    int n = 0;
    for (const Span& span : s.lane(lane).spans) {
        if (span.state == state) {
            found = span;
            ++n;
        }
    }
    if (n != 1)
        found.begin = -1;
    return found;
}

} // namespace

// What the primitives leave in the trace: their names, the words of each event, the spans of their waits and
// the arrows from what woke a wait to the wait it ended.
class tst_SyncTrace : public QObject {
    Q_OBJECT
private slots:
    void primitivesAreNamedUniquely();
    void releaseArrowsToTheAcquireItUnblocked();
    void notifyArrowsToTheWaitItWoke();
    void setArrowsToEveryWaitItReleased();
    void lastBarrierArrivalArrowsToTheOthers();
    void semaphoreReleaseArrowsToEachAcquireItWoke();
};

void tst_SyncTrace::primitivesAreNamedUniquely()
{
    const auto rec = record([] {
        Lock a(QStringLiteral("accounts"));
        Lock b(QStringLiteral("accounts"));
        Condition c; // with its own RLock
        Semaphore s(2, QStringLiteral("pool"));
        Barrier barrier(2);
    });
    QVERIFY(rec.finishedInTime);
    const TraceStore& s = *rec.store;
    const auto created = eventsOf(s, 0, EventKind::SyncCreated);
    QCOMPARE(created.size(), std::size_t(6));
    QStringList names;
    for (const Event& e : created)
        names << s.syncName(e.a);
    QCOMPARE(names, (QStringList{"accounts", "accounts#2", "condition's lock", "condition", "pool", "barrier"}));
    QCOMPARE(SyncType(created[2].c), SyncType::RLock);
    QCOMPARE(SyncType(created[3].c), SyncType::Condition);
    QCOMPARE(SyncType(created[4].c), SyncType::Semaphore);
    QCOMPARE(s.syncs().find(created[5].a)->type, SyncType::Barrier);
}

void tst_SyncTrace::releaseArrowsToTheAcquireItUnblocked()
{
    const auto rec = record([] {
        Lock lock;
        auto holder = Thread::create(
            [&] {
                std::lock_guard guard(lock);
                tl::sleep(1);
            },
            {.name = QStringLiteral("holder")});
        holder->start();
        tl::sleep(0.5);
        std::lock_guard guard(lock);
        holder->join();
    });
    QVERIFY(rec.finishedInTime);
    const TraceStore& s = *rec.store;
    const LaneId holder = *laneNamed(s, QStringLiteral("holder"));
    const Event released = firstOf(s, holder, EventKind::Released);
    const Event acquired = firstOf(s, 0, EventKind::Acquired);
    QVERIFY(released.b != 0);
    QCOMPARE(acquired.b, released.b);
    QCOMPARE(acquired.a, released.a);
    // Main's wait is an acquire span named by the lock, closed by the acquire.
    const Span wait = onlySpan(s, 0, LaneState::Acquire);
    QVERIFY(wait.begin >= 0 && !wait.isOpen());
    QCOMPARE(wait.detail, acquired.a);
    QCOMPARE(s.event(wait.closing).kind, EventKind::Acquired);
    const auto flows = flowsOfKind(s, Flow::Kind::Release);
    QCOMPARE(flows.size(), std::size_t(1));
    QCOMPARE(flows[0].fromLane, holder);
    QCOMPARE(flows[0].toLane, LaneId(0));
    QCOMPARE(s.event(flows[0].from).kind, EventKind::Released);
    QCOMPARE(flows[0].to, wait.closing);
    QCOMPARE(QString::fromLatin1(flowKindName(Flow::Kind::Release)), QStringLiteral("release"));
}

void tst_SyncTrace::notifyArrowsToTheWaitItWoke()
{
    const auto rec = record([] {
        Condition cond;
        auto waiter = Thread::create(
            [&] {
                std::lock_guard guard(cond);
                cond.wait();
            },
            {.name = QStringLiteral("waiter")});
        waiter->start();
        tl::sleep(1);
        {
            std::lock_guard guard(cond);
            cond.notify();
        }
        waiter->join();
    });
    QVERIFY(rec.finishedInTime);
    const TraceStore& s = *rec.store;
    const LaneId waiter = *laneNamed(s, QStringLiteral("waiter"));
    // The waiter: acquired, released (the wait lets the lock go), the cond.wait span, then the lock taken
    // back, blocking if main still holds it.
    const QString kinds = kindNames(kindsOf(s, waiter));
    static const QRegularExpression shape(
        QStringLiteral("acquired released cond-wait-begin cond-wait-end (acquire-blocked )?acquired released"));
    QVERIFY2(shape.match(kinds).hasMatch(), qPrintable(kinds));
    const Event notify = firstOf(s, 0, EventKind::Notify);
    const Event woken = firstOf(s, waiter, EventKind::CondWaitEnd);
    QCOMPARE(notify.c, 1u);
    QCOMPARE(woken.b, notify.b);
    QCOMPARE(woken.flags, std::uint8_t(0));
    const Span wait = onlySpan(s, waiter, LaneState::CondWait);
    QVERIFY(wait.begin >= 0 && wait.end >= notify.ts);
    const auto flows = flowsOfKind(s, Flow::Kind::Notify);
    QCOMPARE(flows.size(), std::size_t(1));
    QCOMPARE(s.event(flows[0].from).kind, EventKind::Notify);
    QCOMPARE(flows[0].to, wait.closing);
}

void tst_SyncTrace::setArrowsToEveryWaitItReleased()
{
    const auto rec = record([] {
        ThreadingEvent gun;
        std::vector<std::shared_ptr<Thread>> runners;
        for (int i = 0; i < 3; ++i) {
            runners.push_back(Thread::create([&] { gun.wait(); }));
            runners.back()->start();
        }
        tl::sleep(1);
        gun.set();
        gun.clear();
        for (auto& r : runners)
            r->join();
    });
    QVERIFY(rec.finishedInTime);
    const TraceStore& s = *rec.store;
    const auto flows = flowsOfKind(s, Flow::Kind::Set);
    QCOMPARE(flows.size(), std::size_t(3));
    QSet<LaneId> reached;
    for (const Flow& f : flows) {
        QCOMPARE(s.event(f.from).kind, EventKind::EventSet);
        QCOMPARE(s.event(f.to).kind, EventKind::EventWaitEnd);
        reached.insert(f.toLane);
        QCOMPARE(onlySpan(s, f.toLane, LaneState::EventWait).closing, f.to);
    }
    QCOMPARE(reached, (QSet<LaneId>{1, 2, 3}));
    QCOMPARE(firstOf(s, 0, EventKind::EventSet).c, 3u);
    QVERIFY(hasKind(s, 0, EventKind::EventClear));
}

void tst_SyncTrace::lastBarrierArrivalArrowsToTheOthers()
{
    const auto rec = record([] {
        Barrier barrier(3);
        std::vector<std::shared_ptr<Thread>> threads;
        for (int i = 0; i < 3; ++i) {
            threads.push_back(Thread::create([&, i] {
                tl::sleep(0.5 * i);
                barrier.wait();
            }));
            threads.back()->start();
        }
        for (auto& t : threads)
            t->join();
    });
    QVERIFY(rec.finishedInTime);
    const TraceStore& s = *rec.store;
    const auto flows = flowsOfKind(s, Flow::Kind::Barrier);
    QCOMPARE(flows.size(), std::size_t(2));
    for (const Flow& f : flows) {
        QCOMPARE(f.fromLane, LaneId(3)); // Thread-3 arrives last
        QCOMPARE(s.event(f.from).kind, EventKind::BarrierWaitBegin);
        QCOMPARE(s.event(f.to).kind, EventKind::BarrierWaitEnd);
        QVERIFY(f.toLane == 1 || f.toLane == 2);
    }
    // Each arrival's span; the ends carry the arrival index.
    for (LaneId lane = 1; lane <= 3; ++lane) {
        const Span wait = onlySpan(s, lane, LaneState::BarrierWait);
        QVERIFY(wait.begin >= 0 && !wait.isOpen());
        QCOMPARE(s.event(wait.closing).c, lane - 1);
    }
}

void tst_SyncTrace::semaphoreReleaseArrowsToEachAcquireItWoke()
{
    const auto rec = record([] {
        Semaphore sem(0);
        std::vector<std::shared_ptr<Thread>> threads;
        for (int i = 0; i < 2; ++i) {
            threads.push_back(Thread::create([&] { sem.acquire(); }));
            threads.back()->start();
        }
        tl::sleep(1);
        sem.release(2);
        for (auto& t : threads)
            t->join();
    });
    QVERIFY(rec.finishedInTime);
    const TraceStore& s = *rec.store;
    const auto flows = flowsOfKind(s, Flow::Kind::Release);
    QCOMPARE(flows.size(), std::size_t(2));
    QCOMPARE(flows[0].from, flows[1].from); // one release, two arrows
    QVERIFY(flows[0].toLane != flows[1].toLane);
}

QTEST_GUILESS_MAIN(tst_SyncTrace)
#include "tst_synctrace.moc"
