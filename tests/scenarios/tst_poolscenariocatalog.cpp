#include "poolscenariotestutil.h"
#include "scenarios/scenario.h"
#include "trace/tracestore.h"

#include <QTest>

using namespace tl;
using namespace tl::test;

// The two pool servers in the catalog: registered with their texts and parameter limits, and each event of
// a small run names the listing line that does it.
class tst_PoolScenarioCatalog : public QObject {
    Q_OBJECT
private slots:
    void registered_data();
    void registered();
    void eventsNameTheirListingLines_data();
    void eventsNameTheirListingLines();
};

void tst_PoolScenarioCatalog::registered_data()
{
    QTest::addColumn<QString>("id");
    QTest::newRow("pool-queue") << QStringLiteral("pool-queue");
    QTest::newRow("pool-executor") << QStringLiteral("pool-executor");
}

void tst_PoolScenarioCatalog::registered()
{
    QFETCH(QString, id);
    const Scenario* scenario = findScenario(id);
    QVERIFY(scenario);
    QVERIFY(!scenario->title.isEmpty());
    QVERIFY(!scenario->summary.isEmpty());
    QVERIFY(!scenario->explanation.isEmpty());
    QVERIFY(scenario->listing().contains(QStringLiteral("socket.create_server((\"127.0.0.1\", 0))")));
    const Result<ParameterValues> defaults = resolveParameters(scenario->parameters, Overrides{});
    QVERIFY(defaults);
    QCOMPARE(defaults->toInt(QStringLiteral("workers")), 8);
    QCOMPARE(defaults->toInt(QStringLiteral("clients")), 12);
    QCOMPARE(defaults->toInt(QStringLiteral("messages")), 3);
    QVERIFY(!resolveParameters(scenario->parameters, Overrides{{QStringLiteral("workers"), QStringLiteral("1001")}}));
    QVERIFY(!resolveParameters(scenario->parameters, Overrides{{QStringLiteral("clients"), QStringLiteral("5001")}}));
    QVERIFY(resolveParameters(scenario->parameters, Overrides{{QStringLiteral("clients"), QStringLiteral("5000")}}));
}

void tst_PoolScenarioCatalog::eventsNameTheirListingLines_data()
{
    registered_data();
}

// Each event's line is the listing line that does it: an accept names `server.accept()`, and so on.
void tst_PoolScenarioCatalog::eventsNameTheirListingLines()
{
    QFETCH(QString, id);
    const QStringList listing = findScenario(id)->listing().split(QLatin1Char('\n'));
    const auto store = runLesson(id, overridesFor({2, 3, 2}));
    QVERIFY(store);
    const auto poolQueue = [&store](const Event& e) {
        const QueueInfo* q = store->queue(e.a);
        return q && q->name.endsWith(QStringLiteral("._work_queue"));
    };
    const auto expectedText = [&poolQueue](const Event& e) -> QString {
        switch (e.kind) {
        case EventKind::ThreadCreated:
            return QStringLiteral("threading.Thread(");
        case EventKind::Start:
            return QStringLiteral(".start()");
        case EventKind::SleepBegin:
            return QStringLiteral("time.sleep(THINK)");
        // The pool's work queue is inside concurrent.futures: a put is the submit, a get the pool's code.
        case EventKind::PutDone:
            return poolQueue(e) ? QStringLiteral("pool.submit(handle, conn)") : QStringLiteral("q.put(conn)");
        case EventKind::GetDone:
            return poolQueue(e) ? QStringLiteral("ThreadPoolExecutor(") : QStringLiteral("q.get()");
        case EventKind::TaskDone:
            return QStringLiteral("q.task_done()");
        case EventKind::QueueJoinBegin:
            return QStringLiteral("q.join()");
        case EventKind::Print:
            return QStringLiteral("print(");
        case EventKind::PoolSubmit:
            return QStringLiteral("pool.submit(handle, conn)");
        case EventKind::SocketBegin:
            switch (static_cast<SocketOp>(e.flags)) {
            case SocketOp::Accept:
                return QStringLiteral("server.accept()");
            case SocketOp::Recv:
                return QStringLiteral(".recv(");
            case SocketOp::Send:
                return QStringLiteral(".sendall(");
            case SocketOp::Connect:
                return QStringLiteral("socket.create_connection(");
            }
            return {};
        default:
            return {};
        }
    };
    std::size_t checked = 0;
    for (LaneId id = 0; id < store->laneCount(); ++id) {
        for (const Event& e : store->laneEvents(id)) {
            const QString text = expectedText(e);
            if (text.isEmpty() || e.line == 0)
                continue;
            QVERIFY2(
                e.line <= listing.size() && listing[e.line - 1].contains(text),
                qPrintable(QStringLiteral("%1 at line %2, expected %3").arg(kindName(e.kind)).arg(e.line).arg(text)));
            ++checked;
        }
    }
    QVERIFY(checked > 50);
}

QTEST_GUILESS_MAIN(tst_PoolScenarioCatalog)
#include "tst_poolscenariocatalog.moc"
