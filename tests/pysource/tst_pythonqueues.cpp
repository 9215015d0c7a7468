// One traced primitive per test, in a real interpreter: the four queues (blocking, timeouts, item ids in
// each storage order), task_done and Queue.join, ThreadPoolExecutor, blocking socket calls.

#include "pythonrun.h"

#include <QTest>

#include <limits>

using namespace tl;
using namespace tl::pytest;

class tst_PythonQueues : public QObject {
    Q_OBJECT

private slots:
    void queueBlocksAndLinksItems()
    {
        const Run r = runCode("import queue, threading, time\n"
                              "q = queue.Queue(maxsize=1)\n"
                              "def consumer():\n"
                              "    time.sleep(0.3)\n"
                              "    for _ in range(2):\n"
                              "        q.get()\n"
                              "c = threading.Thread(target=consumer, name='c')\n"
                              "c.start()\n"
                              "for i in range(2):\n"
                              "    q.put(i)\n"
                              "c.join()\n"
                              "try:\n"
                              "    q.get(timeout=0.05)\n"
                              "except queue.Empty:\n"
                              "    print('empty')\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        const LaneInfo* c = r.lane(QStringLiteral("c"));
        QVERIFY(main && c);
        QCOMPARE(r.store->queues().size(), std::size_t(1));
        QCOMPARE(r.store->queues()[0].name, QStringLiteral("q"));
        QCOMPARE(r.store->queues()[0].maxsize, 1);
        // The second put waits for the consumer to take the first; main's own get at the end times out.
        QCOMPARE(story(*main, {EventKind::PutBlocked, EventKind::PutDone, EventKind::GetBlocked, EventKind::GetDone}),
                 QStringList({"put", "put-blocked", "put", "get-blocked", "get"}));
        QCOMPARE(eventsOf(*main, EventKind::PutBlocked).at(0).c, 1u);
        QCOMPARE(eventsOf(*c, EventKind::GetDone).size(), std::size_t(2));
        int items = 0;
        for (const Flow& f : r.store->flows())
            items += f.kind == Flow::Kind::Item;
        QCOMPARE(items, 2);
    }

    // Each put and get says its item as CPython's repr() does (the program prints it to compare), for the builtins
    // whose repr is safe to call under the queue's mutex; anything else, a subclass of a builtin too, is its class's
    // name, and the program's own __repr__ never runs.
    void putAndGetSayTheirItem()
    {
        const Run r =
            runCode("import queue\n"
                    "class Job: pass\n"
                    "class Loud:\n"
                    "    def __repr__(self):\n"
                    "        print('repr ran')\n"
                    "        raise RuntimeError('no')\n"
                    "class Num(int):\n"
                    "    def __repr__(self): return 'Num!'\n"
                    "Odd = type('Odd', (), {})\n"
                    "Odd.__qualname__ = 'a\\nb' + 'c' * 60\n"
                    "plain = [0, -7, 2.5, None, True, \"it's\", b'by', (1, 'a'), [2, None], ('one',)]\n"
                    "q, lq, pq, sq = queue.Queue(), queue.LifoQueue(), queue.PriorityQueue(), queue.SimpleQueue()\n"
                    "for item in plain + ['x' * 41, 10**45]:\n"
                    "    q.put(item)\n"
                    "    q.get()\n"
                    "for item in [Job(), Loud(), Num(3), Odd()]:\n"
                    "    lq.put(item)\n"
                    "    lq.get()\n"
                    "pq.put((2, Job()))\n"
                    "pq.get()\n"
                    "sq.put(('p', 1))\n"
                    "sq.get()\n"
                    "for item in plain:\n"
                    "    print(repr(item))\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        QVERIFY(main);
        QStringList expected = QString::fromUtf8(r.out()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(expected.size(), 10); // and no "repr ran"
        expected << QStringLiteral("'%1\u2026'").arg(QString(40, QLatin1Char('x')))
                 << QStringLiteral("1%1\u2026 (46 digits)").arg(QString(19, QLatin1Char('0')))
                 << QStringLiteral("<Job>") << QStringLiteral("<Loud>")
                 << QStringLiteral("<Num>")
                 // A class named anything: its name cut at 40 characters and escaped as repr() escapes it.
                 << QStringLiteral("<a\\nb%1>").arg(QString(37, QLatin1Char('c'))) << QStringLiteral("(2, <Job>)")
                 << QStringLiteral("('p', 1)");
        for (EventKind kind : {EventKind::PutDone, EventKind::GetDone}) {
            QStringList said;
            for (const Event& e : eventsOf(*main, kind))
                said << r.store->itemValue(e.a, e.b);
            QCOMPARE(said, expected);
        }
        // The values are the store's, not events of their own.
        QVERIFY(eventsOf(*main, EventKind::ItemValue).empty());
    }

    void queueGetTimesOut()
    {
        const Run r = runCode("import queue\n"
                              "q = queue.Queue()\n"
                              "try:\n"
                              "    q.get(timeout=0.05)\n"
                              "except queue.Empty:\n"
                              "    print('empty')\n");
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        QVERIFY(main);
        QCOMPARE(story(*main, {EventKind::GetBlocked, EventKind::GetDone}), QStringList({"get-blocked", "get"}));
        QCOMPARE(eventsOf(*main, EventKind::GetDone).at(0).flags, EventFlag::TimedOut);
        QCOMPARE(eventsOf(*main, EventKind::GetBlocked).at(0).line, 4);
        QCOMPARE(eventsOf(*main, EventKind::GetBlocked).at(0).b, 50u); // the timeout, in scenario ms
        QCOMPARE(r.out(), QByteArray("empty\n"));
    }

    // queue.py takes any maxsize and compares it only in put(): the trace shows a bound as put() counts it, and
    // a maxsize that is not a number is left for put() to refuse.
    void aQueuesBoundIsShownWhateverItsType()
    {
        const Run r = runCode("import queue\n"
                              "huge, half, text = queue.Queue(2 ** 40), queue.Queue(2.5), queue.Queue('x')\n"
                              "try:\n"
                              "    text.put(1)\n"
                              "except TypeError as e:\n"
                              "    print(e)\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        QCOMPARE(r.out(), QByteArray("'>' not supported between instances of 'str' and 'int'\n"));
        QCOMPARE(r.store->queues().size(), std::size_t(3));
        QCOMPARE(r.store->queues()[0].maxsize, std::numeric_limits<int>::max());
        QCOMPARE(r.store->queues()[1].maxsize, 3);
        QCOMPARE(r.store->queues()[2].maxsize, 0);
    }

    void lifoAndPriorityQueuesHandOutTheirOwnOrder_data()
    {
        QTest::addColumn<QByteArray>("make");
        QTest::addColumn<QList<std::uint32_t>>("gotIds");
        QTest::addRow("LifoQueue") << QByteArray("queue.LifoQueue()") << QList<std::uint32_t>{3, 2, 1};
        QTest::addRow("PriorityQueue") << QByteArray("queue.PriorityQueue()") << QList<std::uint32_t>{2, 3, 1};
        QTest::addRow("Queue") << QByteArray("queue.Queue()") << QList<std::uint32_t>{1, 2, 3};
        QTest::addRow("SimpleQueue") << QByteArray("queue.SimpleQueue()") << QList<std::uint32_t>{1, 2, 3};
    }
    void lifoAndPriorityQueuesHandOutTheirOwnOrder()
    {
        QFETCH(QByteArray, make);
        QFETCH(QList<std::uint32_t>, gotIds);
        const Run r = runCode("import queue\nq = " + make +
                              "\nfor item in [(5, 'a'), (1, 'b'), (3, 'c')]:\n    q.put(item)\n"
                              "print([q.get()[1] for _ in range(3)])\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        QVERIFY(main);
        QList<std::uint32_t> got;
        for (const Event& e : eventsOf(*main, EventKind::GetDone))
            got << e.b;
        QCOMPARE(got, gotIds);
        QList<std::uint32_t> depths;
        for (const Event& e : eventsOf(*main, EventKind::PutDone))
            depths << e.c;
        QCOMPARE(depths, QList<std::uint32_t>({1, 2, 3}));
    }

    // A subclass with storage hooks of its own for some of _put, _get and _qsize runs as untraced, and its items
    // are still linked put -> get (a class with its own _put over Queue's _get failed in the tracer, and so did
    // one whose _put calls Queue._put).
    void subclassesWithSomeStorageOfTheirOwn_data()
    {
        QTest::addColumn<QByteArray>("define");
        QTest::addColumn<QList<std::uint32_t>>("gotIds");
        QTest::addRow("Queue, its own _put") << QByteArray("class Q(queue.Queue):\n"
                                                           "    def _put(self, item):\n"
                                                           "        self.queue.append(item)\n")
                                               << QList<std::uint32_t>{1, 2, 3};
        QTest::addRow("Queue, its own _get") << QByteArray("class Q(queue.Queue):\n"
                                                           "    def _get(self):\n"
                                                           "        return self.queue.popleft()\n")
                                               << QList<std::uint32_t>{1, 2, 3};
        QTest::addRow("LifoQueue, its own _qsize") << QByteArray("class Q(queue.LifoQueue):\n"
                                                                 "    def _qsize(self):\n"
                                                                 "        return len(self.queue)\n")
                                                     << QList<std::uint32_t>{3, 2, 1};
        QTest::addRow("PriorityQueue, its own _get") << QByteArray("class Q(queue.PriorityQueue):\n"
                                                                   "    def _get(self):\n"
                                                                   "        return queue.heappop(self.queue)\n")
                                                       << QList<std::uint32_t>{2, 3, 1};
        // Hooks that call the stock one (as CPython's test_queue does): each put and get is still recorded once.
        QTest::addRow("Queue, a _put calling Queue._put")
            << QByteArray("class Q(queue.Queue):\n"
                          "    def _put(self, item):\n"
                          "        return queue.Queue._put(self, item)\n"
                          "    def _get(self):\n"
                          "        return super()._get()\n")
            << QList<std::uint32_t>{1, 2, 3};
        QTest::addRow("PriorityQueue, a _put calling PriorityQueue._put")
            << QByteArray("class Q(queue.PriorityQueue):\n"
                          "    def _put(self, item):\n"
                          "        queue.PriorityQueue._put(self, item)\n")
            << QList<std::uint32_t>{2, 3, 1};
    }
    void subclassesWithSomeStorageOfTheirOwn()
    {
        QFETCH(QByteArray, define);
        QFETCH(QList<std::uint32_t>, gotIds);
        const QByteArray code = "import queue\n" + define +
                                "q = Q()\nfor item in [(5, 'a'), (1, 'b'), (3, 'c')]:\n    q.put(item)\n"
                                "print([q.get()[1] for _ in range(3)], q.qsize())\n";
        const Run r = runCode(code);
        const Plain plain = runPlain({writeScript(code, QStringLiteral("plain.py"))});
        QCOMPARE(r.err(), plain.err);
        QCOMPARE(r.out(), plain.out);
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        QVERIFY(main);
        QList<std::uint32_t> got, depths;
        for (const Event& e : eventsOf(*main, EventKind::GetDone))
            got << e.b;
        for (const Event& e : eventsOf(*main, EventKind::PutDone))
            depths << e.c;
        QCOMPARE(got, gotIds);
        QCOMPARE(depths, QList<std::uint32_t>({1, 2, 3}));
    }

    // Each put and get is shown at the program's line that called it, at the top level and in a thread's
    // function alike: the hot paths start their search for that frame a fixed number of frames up.
    void putAndGetNameTheProgramsLine_data()
    {
        QTest::addColumn<QByteArray>("make");
        QTest::addRow("Queue") << QByteArray("queue.Queue()");
        QTest::addRow("LifoQueue") << QByteArray("queue.LifoQueue()");
        QTest::addRow("PriorityQueue") << QByteArray("queue.PriorityQueue()");
        QTest::addRow("SimpleQueue") << QByteArray("queue.SimpleQueue()");
        QTest::addRow("bounded Queue") << QByteArray("queue.Queue(maxsize=2)");
    }
    void putAndGetNameTheProgramsLine()
    {
        QFETCH(QByteArray, make);
        const Run r = runCode(QByteArray("import queue, threading\n"
                                         "q = MAKE\n"
                                         "def work():\n"
                                         "    q.put(1)\n"
                                         "    q.get()\n"
                                         "q.put(0)\n"
                                         "q.get()\n"
                                         "t = threading.Thread(target=work, name='w')\n"
                                         "t.start()\n"
                                         "t.join()\n")
                                  .replace("MAKE", make));
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        const LaneInfo* w = r.lane(QStringLiteral("w"));
        QVERIFY(main && w);
        QCOMPARE(linesOf(*main, EventKind::PutDone), QList<int>{6});
        QCOMPARE(linesOf(*main, EventKind::GetDone), QList<int>{7});
        QCOMPARE(linesOf(*w, EventKind::PutDone), QList<int>{4});
        QCOMPARE(linesOf(*w, EventKind::GetDone), QList<int>{5});
    }

    void taskDoneAndQueueJoin()
    {
        const Run r = runCode("import queue, threading\n"
                              "q = queue.Queue()\n"
                              "def worker():\n"
                              "    while True:\n"
                              "        q.get()\n"
                              "        q.task_done()\n"
                              "threading.Thread(target=worker, daemon=True, name='w').start()\n"
                              "for i in range(3):\n"
                              "    q.put(i)\n"
                              "q.join()\n");
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        const LaneInfo* w = r.lane(QStringLiteral("w"));
        QVERIFY(main && w);
        QCOMPARE(story(*main, {EventKind::QueueJoinBegin, EventKind::QueueJoinEnd}),
                 QStringList({"queue-join-begin", "queue-join-end"}));
        QList<std::uint32_t> unfinished;
        for (const Event& e : eventsOf(*w, EventKind::TaskDone))
            unfinished << e.c;
        QCOMPARE(unfinished.size(), 3);
        QCOMPARE(unfinished.last(), 0u);
        // The daemon is cut at exit, blocked in get.
        const QStringList worker = story(*w);
        QVERIFY2(worker.mid(worker.size() - 3) == QStringList({"get-blocked", "daemon-stopped", "run-end"}),
                 qPrintable(worker.join(QLatin1Char(' '))));
        QVERIFY(w->daemon);
    }

    void threadPoolExecutor()
    {
        const Run r = runCode("from concurrent.futures import ThreadPoolExecutor\n"
                              "import time\n"
                              "def task(n):\n"
                              "    time.sleep(0.2)\n"
                              "    if n == 2:\n"
                              "        raise ValueError(n)\n"
                              "    return n\n"
                              "with ThreadPoolExecutor(max_workers=2) as pool:\n"
                              "    futures = [pool.submit(task, n) for n in range(3)]\n"
                              "print([f.exception() is None for f in futures])\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        QCOMPARE(r.out(), QByteArray("[True, True, False]\n"));
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        const LaneInfo* w0 = r.lane(QStringLiteral("ThreadPoolExecutor-0_0"));
        const LaneInfo* w1 = r.lane(QStringLiteral("ThreadPoolExecutor-0_1"));
        QVERIFY(main && w0 && w1);
        QCOMPARE(w0->target, QStringLiteral("_worker"));
        QCOMPARE(r.store->queues().at(0).name, QStringLiteral("ThreadPoolExecutor-0._work_queue"));
        QCOMPARE(eventsOf(*main, EventKind::PoolSubmit).size(), std::size_t(3));
        QCOMPARE(r.store->text(eventsOf(*main, EventKind::PoolSubmit).at(0).c), QStringLiteral("task"));
        QCOMPARE(eventsOf(*main, EventKind::PoolSubmit).at(0).line, 9);
        QCOMPARE(eventsOf(*main, EventKind::Start).size(), std::size_t(0)); // as the engine: no start for workers
        const std::size_t tasks =
            eventsOf(*w0, EventKind::PoolTaskBegin).size() + eventsOf(*w1, EventKind::PoolTaskBegin).size();
        QCOMPARE(tasks, std::size_t(3));
        int raised = 0;
        for (const LaneInfo* w : {w0, w1})
            for (const Event& e : eventsOf(*w, EventKind::PoolTaskEnd))
                raised += (e.flags & EventFlag::Raised) ? 1 : 0;
        QCOMPARE(raised, 1);
        // shutdown(wait=True) joins both workers, each ends its lane.
        QCOMPARE(eventsOf(*main, EventKind::JoinBegin).size(), std::size_t(2));
        QCOMPARE(story(*w0).last(), QStringLiteral("run-end"));
        int items = 0;
        for (const Flow& f : r.store->flows())
            items += f.kind == Flow::Kind::Item;
        QCOMPARE(items, 3);
    }

    // A worker has no line of its own: its idle wait in the work queue and its get name the line that made the
    // executor, as its tasks do.
    void aPoolWorkersWaitsNameTheExecutorsLine()
    {
        const Run r = runCode("from concurrent.futures import ThreadPoolExecutor\n"
                              "import time\n"
                              "pool = ThreadPoolExecutor(max_workers=1)\n"
                              "pool.submit(print, 'first').result()\n"
                              "time.sleep(0.1)\n"
                              "pool.submit(print, 'second').result()\n"
                              "pool.shutdown()\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        const LaneInfo* worker = r.lane(QStringLiteral("ThreadPoolExecutor-0_0"));
        QVERIFY(worker);
        const std::vector<Event> waits = eventsOf(*worker, EventKind::GetBlocked);
        QVERIFY(!waits.empty());
        for (const Event& e : waits)
            QCOMPARE(e.line, 3);
        QCOMPARE(eventsOf(*worker, EventKind::GetDone).size(), std::size_t(2));
        for (const Event& e : eventsOf(*worker, EventKind::GetDone))
            QCOMPARE(e.line, 3);
        QCOMPARE(eventsOf(*worker, EventKind::PoolTaskBegin).at(1).line, 3);
    }

    // A task's end names its task, as its begin does and as the engine's executor names both.
    void aPoolTasksEndNamesItsTask()
    {
        const Run r = runCode("from concurrent.futures import ThreadPoolExecutor\n"
                              "def ok():\n"
                              "    pass\n"
                              "def bad():\n"
                              "    raise ValueError('no')\n"
                              "with ThreadPoolExecutor(max_workers=1) as pool:\n"
                              "    pool.submit(ok)\n"
                              "    pool.submit(bad)\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        const LaneInfo* worker = r.lane(QStringLiteral("ThreadPoolExecutor-0_0"));
        QVERIFY(worker);
        const std::vector<Event> ends = eventsOf(*worker, EventKind::PoolTaskEnd);
        QCOMPARE(ends.size(), std::size_t(2));
        QCOMPARE(r.store->text(ends[0].c), QStringLiteral("ok"));
        QCOMPARE(r.store->text(ends[1].c), QStringLiteral("bad"));
        QCOMPARE(ends[1].flags, EventFlag::Raised);
    }

    // shutdown() wakes the workers with None in the work queue: not a task, so not in the depth the queue shows. The
    // second task's get leaves the queue empty, though None is still in it.
    void aPoolsWakeUpIsNotInItsDepth()
    {
        const Run r = runCode("import time\n"
                              "from concurrent.futures import ThreadPoolExecutor\n"
                              "pool = ThreadPoolExecutor(max_workers=1)\n"
                              "pool.submit(time.sleep, 0.2)\n"
                              "pool.submit(time.sleep, 0.1)\n"
                              "pool.shutdown(wait=True)\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        const LaneInfo* worker = r.lane(QStringLiteral("ThreadPoolExecutor-0_0"));
        QVERIFY(worker);
        const std::vector<Event> gets = eventsOf(*worker, EventKind::GetDone);
        QCOMPARE(gets.size(), std::size_t(2));
        QCOMPARE(gets[0].c, 0u);
        QCOMPARE(gets[1].c, 0u);
    }

    void socketsAreStates()
    {
        const Run r = runCode("import socket, threading\n"
                              "server = socket.create_server(('127.0.0.1', 0))\n"
                              "port = server.getsockname()[1]\n"
                              "def client():\n"
                              "    with socket.create_connection(('127.0.0.1', port)) as s:\n"
                              "        s.sendall(b'hello')\n"
                              "        print(s.recv(5))\n"
                              "c = threading.Thread(target=client, name='client')\n"
                              "c.start()\n"
                              "conn, _ = server.accept()\n"
                              "conn.sendall(conn.recv(5))\n"
                              "c.join()\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        const LaneInfo* main = r.lane(QStringLiteral("MainThread"));
        const LaneInfo* client = r.lane(QStringLiteral("client"));
        QVERIFY(main && client);
        auto ops = [](const LaneInfo& lane) {
            QList<int> out;
            for (const Event& e : eventsOf(lane, EventKind::SocketEnd))
                out << e.flags << int(e.c);
            return out;
        };
        QCOMPARE(ops(*main), QList<int>({int(SocketOp::Accept), 0, int(SocketOp::Recv), 5, int(SocketOp::Send), 5}));
        QCOMPARE(ops(*client), QList<int>({int(SocketOp::Connect), 0, int(SocketOp::Send), 5, int(SocketOp::Recv), 5}));
        // The accepted connection has an id of its own; the listener is 0.
        QCOMPARE(eventsOf(*main, EventKind::SocketBegin).at(0).a, 0u);
        QVERIFY(eventsOf(*main, EventKind::SocketEnd).at(0).a != 0u);
        bool sawRecvSpan = false;
        for (const Span& s : client->spans)
            sawRecvSpan |= s.state == LaneState::Recv;
        QVERIFY(sawRecvSpan);
    }

    // The tracer patches queue when the program first imports it, wherever that is: here in a thread, and by
    // `from queue import SimpleQueue`, which takes the class as it stands at once.
    void queueFirstImportedInAThread()
    {
        const Run r = runCode("import sys, threading\n"
                              "def work():\n"
                              "    from queue import SimpleQueue\n"
                              "    q = SimpleQueue()\n"
                              "    q.put('x')\n"
                              "    print(q.get())\n"
                              "print('queue' in sys.modules)\n"
                              "t = threading.Thread(target=work, name='w')\n"
                              "t.start(); t.join()\n");
        QCOMPARE(r.source->exitCode().value_or(-1), 0);
        QCOMPARE(r.out(), QByteArray("False\nx\n"));
        const LaneInfo* w = r.lane(QStringLiteral("w"));
        QVERIFY(w);
        QCOMPARE(eventsOf(*w, EventKind::PutDone).size(), std::size_t(1));
        QCOMPARE(eventsOf(*w, EventKind::GetDone).size(), std::size_t(1));
        QCOMPARE(eventsOf(*w, EventKind::PutDone).at(0).line, 5);
    }
};

QTEST_GUILESS_MAIN(tst_PythonQueues)
#include "tst_pythonqueues.moc"
