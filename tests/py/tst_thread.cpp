#include "py/pythonapi.h"
#include "py/queue.h"
#include "py/thread.h"
#include "support/coretestutil.h"

#include <QFileInfo>
#include <QTest>

#include <unistd.h>

#include <functional>

using namespace tl;
using namespace tl::test;

namespace {

// A subclass overriding run(), as `class Worker(threading.Thread): def run(self): ...`.
class Summer : public Thread {
public:
    Summer(int upTo, int& out)
        : m_upTo(upTo)
        , m_out(out)
    {
    }

protected:
    void run() override
    {
        int sum = 0;
        for (int i = 1; i <= m_upTo; ++i)
            sum += i;
        m_out = sum;
    }

private:
    const int m_upTo;
    int& m_out;
};

class Raiser : public Thread {
protected:
    void run() override { throw ValueError(QStringLiteral("raised by a subclass")); }
};

} // namespace

// Ported in spirit from CPython's Lib/test/test_threading.py; each case names the test it follows.
class tst_Thread : public QObject {
    Q_OBJECT
private slots:
    void targetWithArguments();
    void subclassOverridingRun();
    void defaultNames();
    void daemonInheritedOrExplicit();
    void startTwiceRaises();
    void joinErrors();
    void setDaemonAfterStartRaises();
    void timedJoin();
    void isAliveAndIdent();
    void nativeIdIsTheKernelsThreadId();
    void startReturnsOnceTheThreadRuns();
    void exceptionInRunBecomesAnErrorEvent_data();
    void exceptionInRunBecomesAnErrorEvent();
};

void tst_Thread::targetWithArguments()
{
    // ThreadTests.test_args_argument: the target gets its arguments (bound into the callable in C++).
    int sum = 0;
    QString text;
    const auto rec = record([&] {
        auto target = [&](int a, int b, const QString& s) {
            sum = a + b;
            text = s;
        };
        auto t = Thread::create(std::bind(target, 20, 22, QStringLiteral("str")), {.targetName = "target"});
        t->start();
        t->join();
    });
    QVERIFY(rec.finishedInTime);
    QCOMPARE(sum, 42);
    QCOMPARE(text, QStringLiteral("str"));
}

void tst_Thread::subclassOverridingRun()
{
    // TestThread in test_various_ops: a Thread subclass whose run() is the body.
    int sum = 0;
    QString name;
    const auto rec = record([&] {
        auto t = std::make_shared<Summer>(100, sum);
        name = t->name();
        t->start();
        t->join();
    });
    QVERIFY(rec.finishedInTime);
    QCOMPARE(sum, 5050);
    QCOMPARE(name, QStringLiteral("Thread-1"));
    const auto lane = laneNamed(*rec.store, QStringLiteral("Thread-1"));
    QVERIFY(lane);
    QCOMPARE(kindNames(kindsOf(*rec.store, *lane)), QStringLiteral("thread-created run-begin run-end"));
}

void tst_Thread::defaultNames()
{
    // ThreadTests.test_name: "Thread-N", "Thread-N (target)"; an explicit name wins and takes no number.
    QStringList names;
    const auto rec = record([&] {
        const auto noop = [] {};
        names << Thread::create(noop, {.targetName = "func"})->name();
        names << Thread::create(noop)->name();
        names << Thread::create(noop, {.name = "myname2", .targetName = "func"})->name();
        names << Thread::create(noop)->name();
        names << std::make_shared<Raiser>()->name();
        names << Thread::create(noop, {.targetName = "worker"})->name();
    });
    QVERIFY(rec.finishedInTime);
    const QStringList expected = {"Thread-1 (func)", "Thread-2", "myname2",
                                  "Thread-3",        "Thread-4", "Thread-5 (worker)"};
    QCOMPARE(names, expected);
    // The store learns the same names from the ThreadCreated events.
    for (const QString& name : expected)
        QVERIFY2(laneNamed(*rec.store, name), qPrintable(name));
}

void tst_Thread::daemonInheritedOrExplicit()
{
    // ThreadTests.test_daemon_param, and the docs: "inherited from the creating thread" by default.
    struct Seen {
        bool plain = true, explicitTrue = false, explicitFalse = true;
        bool childOfDaemon = false, explicitChildOfDaemon = true, setBeforeStart = false;
    } seen;
    const auto rec = record([&] {
        const auto noop = [] {};
        seen.plain = Thread::create(noop)->daemon();
        seen.explicitTrue = Thread::create(noop, {.daemon = true})->daemon();
        seen.explicitFalse = Thread::create(noop, {.daemon = false})->daemon();
        auto d = Thread::create(
            [&] {
                seen.childOfDaemon = Thread::create([] {})->daemon();
                seen.explicitChildOfDaemon = Thread::create([] {}, {.daemon = false})->daemon();
            },
            {.targetName = "d", .daemon = true});
        d->start();
        d->join();
        auto t = Thread::create(noop);
        t->setDaemon(true);
        seen.setBeforeStart = t->daemon();
    });
    QVERIFY(rec.finishedInTime);
    QCOMPARE(seen.plain, false);
    QCOMPARE(seen.explicitTrue, true);
    QCOMPARE(seen.explicitFalse, false);
    QCOMPARE(seen.childOfDaemon, true);
    QCOMPARE(seen.explicitChildOfDaemon, false);
    QCOMPARE(seen.setBeforeStart, true);
    const auto d = laneNamed(*rec.store, QStringLiteral("Thread-4 (d)"));
    QVERIFY(d);
    QVERIFY(rec.store->lane(*d).daemon);
}

void tst_Thread::startTwiceRaises()
{
    // ThreadingExceptionTests.test_start_thread_again: while running, and after the thread ended.
    std::optional<PyError> whileRunning, afterEnd;
    const auto rec = record([&] {
        Queue<int> release;
        auto t = Thread::create([&] { release.get(); });
        t->start();
        whileRunning = pyError([&] { t->start(); });
        release.put(1);
        t->join();
        afterEnd = pyError([&] { t->start(); });
    });
    QVERIFY(rec.finishedInTime);
    for (const auto& error : {whileRunning, afterEnd}) {
        QVERIFY(error);
        QCOMPARE(error->type, QStringLiteral("RuntimeError"));
        QCOMPARE(error->message, QStringLiteral("threads can only be started once"));
    }
    // Only the first start() reached the trace.
    QCOMPARE(eventsOf(*rec.store, 0, EventKind::Start).size(), std::size_t(1));
}

void tst_Thread::joinErrors()
{
    // ThreadingExceptionTests.test_joining_inactive_thread and test_joining_current_thread.
    std::optional<PyError> beforeStart, self;
    const auto rec = record([&] {
        std::shared_ptr<Thread> t;
        t = Thread::create([&] { self = pyError([&] { t->join(); }); });
        beforeStart = pyError([&] { t->join(); });
        t->start();
        t->join();
    });
    QVERIFY(rec.finishedInTime);
    QVERIFY(beforeStart);
    QCOMPARE(beforeStart->type, QStringLiteral("RuntimeError"));
    QCOMPARE(beforeStart->message, QStringLiteral("cannot join thread before it is started"));
    QVERIFY(self);
    QCOMPARE(self->type, QStringLiteral("RuntimeError"));
    QCOMPARE(self->message, QStringLiteral("cannot join current thread"));
}

void tst_Thread::setDaemonAfterStartRaises()
{
    // ThreadingExceptionTests.test_daemonize_active_thread; the flag keeps its value.
    std::optional<PyError> whileRunning, afterEnd;
    bool daemon = true;
    const auto rec = record([&] {
        Queue<int> release;
        auto t = Thread::create([&] { release.get(); });
        t->start();
        whileRunning = pyError([&] { t->setDaemon(true); });
        release.put(1);
        t->join();
        afterEnd = pyError([&] { t->setDaemon(true); });
        daemon = t->daemon();
    });
    QVERIFY(rec.finishedInTime);
    for (const auto& error : {whileRunning, afterEnd}) {
        QVERIFY(error);
        QCOMPARE(error->type, QStringLiteral("RuntimeError"));
        QCOMPARE(error->message, QStringLiteral("cannot set daemon status of active thread"));
    }
    QCOMPARE(daemon, false);
}

void tst_Thread::timedJoin()
{
    // test_tstate_lock / Thread.join(timeout): returns with the thread still alive; is_alive() tells.
    bool timedOut = true, aliveAfterTimeout = false, joined = false, aliveAfterJoin = true;
    const auto rec = record([&] {
        Queue<int> release;
        auto t = Thread::create([&] { release.get(); }, {.targetName = "blocked"});
        t->start();
        timedOut = !t->join(0.5);
        aliveAfterTimeout = t->isAlive();
        release.put(1);
        joined = t->join(5.0);
        aliveAfterJoin = t->isAlive();
    });
    QVERIFY(rec.finishedInTime);
    QVERIFY(timedOut);
    QVERIFY(aliveAfterTimeout);
    QVERIFY(joined);
    QVERIFY(!aliveAfterJoin);

    const TraceStore& s = *rec.store;
    const auto begins = eventsOf(s, 0, EventKind::JoinBegin);
    const auto ends = eventsOf(s, 0, EventKind::JoinEnd);
    QCOMPARE(begins.size(), std::size_t(2));
    QCOMPARE(ends.size(), std::size_t(2));
    QCOMPARE(begins[0].c, 500u); // the timeout in scenario ms
    QCOMPARE(ends[0].flags, EventFlag::TimedOut);
    QCOMPARE(ends[1].flags, std::uint8_t(0));
    // The timed-out join lasted its timeout in scenario time.
    QVERIFY(ends[0].ts - begins[0].ts >= 500'000'000);
    // Only the join that saw the end draws an end -> join arrow.
    const auto lane = laneNamed(s, QStringLiteral("Thread-1 (blocked)"));
    QVERIFY(lane);
    int joinFlows = 0;
    for (const Flow& f : s.flows()) {
        if (f.kind == Flow::Kind::Join && f.fromLane == *lane) {
            ++joinFlows;
            QCOMPARE(f.toTs, ends[1].ts);
        }
    }
    QCOMPARE(joinFlows, 1);
}

void tst_Thread::isAliveAndIdent()
{
    // ThreadTests.test_various_ops: ident is None before start, set (and distinct) after, kept after join.
    struct Seen {
        bool aliveBefore = true, aliveDuring = false, aliveAfter = true;
        std::optional<std::uint64_t> identBefore{1}, identA, identB, identAfter;
    } seen;
    const auto rec = record([&] {
        Queue<int> release;
        auto a = Thread::create([&] { release.get(); });
        auto b = Thread::create([&] { release.get(); });
        seen.aliveBefore = a->isAlive();
        seen.identBefore = a->ident();
        a->start();
        b->start();
        seen.aliveDuring = a->isAlive();
        seen.identA = a->ident();
        seen.identB = b->ident();
        release.put(1);
        release.put(2);
        a->join();
        b->join();
        seen.aliveAfter = a->isAlive();
        seen.identAfter = a->ident();
    });
    QVERIFY(rec.finishedInTime);
    QVERIFY(!seen.aliveBefore);
    QVERIFY(!seen.identBefore);
    QVERIFY(seen.aliveDuring);
    QVERIFY(seen.identA);
    QVERIFY(seen.identB);
    QVERIFY(*seen.identA != 0);
    QVERIFY(*seen.identA != *seen.identB);
    QVERIFY(!seen.aliveAfter);
    QCOMPARE(seen.identAfter, seen.identA);
}

void tst_Thread::nativeIdIsTheKernelsThreadId()
{
    // CPython: native_id is None before start, then the kernel's id of the thread (what gettid() says in
    // it, a task of this process), kept after join.
    struct Seen {
        std::optional<std::int64_t> before{1}, during, after;
        std::int64_t inside = 0;
        bool isTask = false;
    } seen;
    const auto rec = record([&] {
        Queue<int> release;
        auto a = Thread::create([&] {
            seen.inside = ::gettid();
            release.get();
        });
        seen.before = a->nativeId();
        a->start();
        seen.during = a->nativeId();
        seen.isTask = seen.during && QFileInfo::exists(QStringLiteral("/proc/self/task/%1").arg(*seen.during));
        release.put(1);
        a->join();
        seen.after = a->nativeId();
    });
    QVERIFY(rec.finishedInTime);
    QVERIFY(!seen.before);
    QVERIFY(seen.during);
    QCOMPARE(*seen.during, seen.inside);
    QVERIFY(*seen.during != ::getpid());
    QVERIFY(seen.isTask);
    QCOMPARE(seen.after, seen.during);
}

void tst_Thread::startReturnsOnceTheThreadRuns()
{
    // Thread.start() waits for the new thread's _started event: its RunBegin precedes whatever the
    // caller does next, for every one of many short-lived threads.
    constexpr int kThreads = 20;
    const auto rec = record([&] {
        std::vector<std::shared_ptr<Thread>> threads;
        for (int i = 0; i < kThreads; ++i) {
            threads.push_back(Thread::create([] {}, {.targetName = "quick"}));
            threads.back()->start();
            print(QStringLiteral("after start %1").arg(i));
        }
        for (const auto& t : threads)
            t->join();
    });
    QVERIFY(rec.finishedInTime);
    const TraceStore& s = *rec.store;
    const auto starts = eventsOf(s, 0, EventKind::Start);
    const auto prints = eventsOf(s, 0, EventKind::Print);
    QCOMPARE(starts.size(), std::size_t(kThreads));
    QCOMPARE(prints.size(), std::size_t(kThreads));
    for (int i = 0; i < kThreads; ++i) {
        const LaneId lane = starts[i].a;
        QCOMPARE(s.text(starts[i].b), QStringLiteral("quick"));
        const Event runBegin = firstOf(s, lane, EventKind::RunBegin);
        QVERIFY(runBegin.ts >= starts[i].ts);
        QVERIFY2(runBegin.ts <= prints[i].ts, qPrintable(QStringLiteral("thread %1").arg(i)));
    }
    // The wait is drawn (issue 12): on main's lane, a "starting" span per start(), naming the started
    // thread, from after its Start to no earlier than the thread's RunBegin.
    std::vector<const Span*> waits;
    for (const Span& span : s.lane(0).spans) {
        if (span.state == LaneState::Starting)
            waits.push_back(&span);
    }
    QCOMPARE(waits.size(), std::size_t(kThreads));
    for (int i = 0; i < kThreads; ++i) {
        const LaneId lane = starts[i].a;
        QCOMPARE(LaneId(waits[i]->detail), lane);
        QVERIFY(!waits[i]->isOpen());
        QVERIFY(waits[i]->begin >= starts[i].ts);
        QVERIFY(waits[i]->end >= firstOf(s, lane, EventKind::RunBegin).ts);
        QVERIFY(waits[i]->end <= prints[i].ts);
    }
}

void tst_Thread::exceptionInRunBecomesAnErrorEvent_data()
{
    QTest::addColumn<int>("how");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("message");
    QTest::newRow("Python exception from a target") << 0 << "ValueError"
                                                    << "bad value";
    QTest::newRow("std::exception from a target") << 1 << "Exception"
                                                  << "std failure";
    QTest::newRow("Python exception from a subclass run()") << 2 << "ValueError"
                                                            << "raised by a subclass";
    QTest::newRow("non-std exception (throw 42) from a target") << 3 << "SystemError"
                                                                << "unknown C++ exception";
}

void tst_Thread::exceptionInRunBecomesAnErrorEvent()
{
    // ExceptHookTests.test_excepthook: the error is reported on the thread's lane; the thread ends,
    // and neither the process nor the other threads are affected.
    QFETCH(int, how);
    QFETCH(QString, type);
    QFETCH(QString, message);
    bool raiserAliveAfterJoin = true;
    const auto rec = record([&] {
        std::shared_ptr<Thread> raiser;
        if (how == 0)
            raiser = Thread::create([] { throw ValueError(QStringLiteral("bad value")); }, {.name = "raiser"});
        else if (how == 1)
            raiser = Thread::create([] { throw std::runtime_error("std failure"); }, {.name = "raiser"});
        else if (how == 2)
            raiser = std::make_shared<Raiser>();
        else
            raiser = Thread::create([] { throw 42; }, {.name = "raiser"});
        auto bystander = Thread::create(
            [] {
                tl::sleep(1);
                print(QStringLiteral("still here"));
            },
            {.name = "bystander"});
        bystander->start();
        raiser->start();
        raiser->join();
        raiserAliveAfterJoin = raiser->isAlive();
        bystander->join();
        print(QStringLiteral("main goes on"));
    });
    QVERIFY(rec.finishedInTime);
    QVERIFY(!raiserAliveAfterJoin);
    const TraceStore& s = *rec.store;
    const auto raiser = laneNamed(s, how == 2 ? QStringLiteral("Thread-1") : QStringLiteral("raiser"));
    QVERIFY(raiser);
    const auto errors = eventsOf(s, *raiser, EventKind::Error);
    QCOMPARE(errors.size(), std::size_t(1));
    QCOMPARE(s.text(errors[0].a), type);
    QCOMPARE(s.text(errors[0].b), message);
    QCOMPARE(s.lane(*raiser).events.back().kind, EventKind::RunEnd);

    const auto bystander = laneNamed(s, QStringLiteral("bystander"));
    QVERIFY(bystander);
    const auto prints = eventsOf(s, *bystander, EventKind::Print);
    QCOMPARE(prints.size(), std::size_t(1));
    QCOMPARE(s.text(prints[0].a), QStringLiteral("still here"));
    QVERIFY(!hasKind(s, *bystander, EventKind::Error));
    QCOMPARE(eventsOf(s, 0, EventKind::Print).size(), std::size_t(1));
    QVERIFY(!hasKind(s, 0, EventKind::Error));
    QVERIFY(hasKind(s, 0, EventKind::Exit));
}

QTEST_GUILESS_MAIN(tst_Thread)
#include "tst_thread.moc"
