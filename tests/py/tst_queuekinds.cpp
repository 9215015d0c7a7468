#include "py/queue.h"
#include "support/coretestutil.h"
#include "support/pythontestutil.h"

#include <QTest>

using namespace tl;
using namespace tl::test;

namespace {

// An item ordered by its priority alone, as the queue docs' PrioritizedItem (a dataclass with
// order=True and the label compare=False): items of equal priority are not ordered against each other,
// so which comes first is the heap's own order, which CPython's heapq fixes.
struct Item {
    int priority = 0;
    QString label;
    bool operator<(const Item& other) const { return priority < other.priority; }
};

// The dataclass Item of the CPython program, as the tracer names it on the put.
QString pythonRepr(const Item& /*item*/)
{
    return QStringLiteral("<Item>");
}

// A row's operations: "3a" puts the item of priority 3 labelled a, "-" gets one and says its label.
const QStringList kOps = {"3a", "1b", "2c", "1d", "3e", "2f", "1g", "-", "-", "-", "2h", "0i", "1j",
                          "2k", "-",  "-",  "-",  "-",  "-",  "-",  "-", "-", "3l", "-"};

template <class Q> QString engineOrder(Q& q)
{
    QStringList out;
    for (const QString& op : kOps) {
        if (op == QLatin1String("-"))
            out << q.get().label;
        else
            q.put(Item{op.left(op.size() - 1).toInt(), op.right(1)});
    }
    return out.join(QLatin1Char(' '));
}

QString pythonOrder(const QString& queueClass)
{
    QString script = QStringLiteral("import dataclasses, queue\n"
                                    "@dataclasses.dataclass(order=True)\n"
                                    "class Item:\n"
                                    "    priority: int\n"
                                    "    label: str = dataclasses.field(compare=False)\n"
                                    "q = queue.%1()\n"
                                    "out = []\n")
                         .arg(queueClass);
    for (const QString& op : kOps) {
        script += op == QLatin1String("-") ? QStringLiteral("out.append(q.get().label)\n")
                                           : QStringLiteral("q.put(Item(%1, '%2'))\n").arg(op.left(op.size() - 1), op.right(1));
    }
    script += QStringLiteral("print(' '.join(out))\n");
    const pytest::PythonOutput python = pytest::runPythonCode(script);
    return python.error.isEmpty() ? python.lines.join(QLatin1Char('\n')).trimmed() : python.error;
}

} // namespace

// queue.LifoQueue, queue.PriorityQueue and queue.SimpleQueue: the same items come out in the same order as
// in python3, and each raises what CPython's does.
class tst_QueueKinds : public QObject {
    Q_OBJECT
private slots:
    void sameOrderAsCPython_data();
    void sameOrderAsCPython();
    void boundedLifoRaisesFull();
    void simpleQueueNeverBlocksAPut();
};

void tst_QueueKinds::sameOrderAsCPython_data()
{
    QTest::addColumn<QString>("queueClass");
    QTest::newRow("Queue") << "Queue";
    QTest::newRow("LifoQueue") << "LifoQueue";
    QTest::newRow("PriorityQueue") << "PriorityQueue";
    QTest::newRow("SimpleQueue") << "SimpleQueue";
}

void tst_QueueKinds::sameOrderAsCPython()
{
    QFETCH(QString, queueClass);
    QString order;
    const auto rec = record([&] {
        if (queueClass == QLatin1String("Queue")) {
            Queue<Item> q;
            order = engineOrder(q);
        } else if (queueClass == QLatin1String("LifoQueue")) {
            LifoQueue<Item> q;
            order = engineOrder(q);
        } else if (queueClass == QLatin1String("PriorityQueue")) {
            PriorityQueue<Item> q;
            order = engineOrder(q);
        } else {
            SimpleQueue<Item> q;
            order = engineOrder(q);
        }
    });
    QVERIFY(rec.finishedInTime);
    QCOMPARE(order, pythonOrder(queueClass));
    // Every get found its put: one arrow each.
    QCOMPARE(eventsOf(*rec.store, 0, EventKind::GetDone).size(), std::size_t(kOps.count(QStringLiteral("-"))));
}

void tst_QueueKinds::boundedLifoRaisesFull()
{
    // python3: q = queue.LifoQueue(maxsize=2); two puts; put_nowait -> queue.Full; get() is the newest.
    std::optional<PyError> full, empty;
    int newest = 0;
    const auto rec = record([&] {
        LifoQueue<int> q(2);
        q.put(1);
        q.put(2);
        full = pyError([&] { q.putNowait(3); });
        newest = q.get();
        q.get();
        empty = pyError([&] { q.getNowait(); });
    });
    QVERIFY(rec.finishedInTime);
    QVERIFY(isPyError(full, "queue.Full"));
    QVERIFY(isPyError(empty, "_queue.Empty"));
    QCOMPARE(newest, 2);
}

void tst_QueueKinds::simpleQueueNeverBlocksAPut()
{
    // CPython's SimpleQueue.put(item, block=False, timeout=...) ignores both: it is unbounded.
    std::size_t size = 0;
    std::optional<PyError> empty;
    const auto rec = record([&] {
        SimpleQueue<int> q;
        for (int i = 0; i < 100; ++i)
            q.put(i, false, 0.0);
        size = q.qsize();
        for (int i = 0; i < 100; ++i)
            q.getNowait();
        empty = pyError([&] { q.get(true, 0.01); });
    });
    QVERIFY(rec.finishedInTime);
    QCOMPARE(size, std::size_t(100));
    QVERIFY(isPyError(empty, "_queue.Empty"));
}

QTEST_GUILESS_MAIN(tst_QueueKinds)
#include "tst_queuekinds.moc"
