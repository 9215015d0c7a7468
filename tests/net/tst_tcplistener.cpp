#include "sockettrace.h"

#include "engine/runcontext.h"
#include "net/tcpconnection.h"
#include "net/tcplistener.h"
#include "py/currentthread.h"
#include "py/errors.h"
#include "py/pythonapi.h"
#include "py/scenariorun.h"
#include "py/thread.h"
#include "trace/tracerecorder.h"

#include <QTest>

#include <atomic>

using namespace sockettrace;

class tst_TcpListener : public QObject {
    Q_OBJECT
private slots:
    void bindsAFreeLoopbackPort();
    void acceptIsAStateEndingWithTheNewConnection();
    void backlogHoldsClientsBeforeAnyAccept();
    void acceptWokenByStop();
    void daemonInAcceptIsCutAtExit();
    void stopWakesANonDaemonAfterTheCut();
    void acceptAfterCloseRaises();
};

void tst_TcpListener::bindsAFreeLoopbackPort()
{
    tl::TcpListener first;
    QVERIFY(first.port() != 0);
    QString error;
    try {
        tl::TcpListener second(first.port());
    } catch (const tl::OSError& e) {
        error = e.message();
    }
    QCOMPARE(error, QStringLiteral("[Errno 98] Address already in use"));
}

void tst_TcpListener::acceptIsAStateEndingWithTheNewConnection()
{
    tl::ScenarioRun run({.speed = 100});
    tl::TraceStore store(run.context().sharedStrings());
    std::uint32_t clientId = 0;
    std::uint32_t serverId = 0;
    run.start([&] {
        tl::TcpListener server;
        auto client = tl::Thread::create([&] { clientId = tl::TcpConnection::connect(server.port())->id(); },
                                         {.targetName = QStringLiteral("client")});
        client->start();
        serverId = server.accept()->id();
        client->join();
    });
    QVERIFY(recordUntilFinished(run, store));

    QVERIFY(clientId != 0);
    QVERIFY(serverId != 0);
    QVERIFY(clientId != serverId);
    const tl::LaneInfo& main = store.lane(0);
    const auto begins = socketEvents(store, main, tl::EventKind::SocketBegin, tl::SocketOp::Accept);
    const auto ends = socketEvents(store, main, tl::EventKind::SocketEnd, tl::SocketOp::Accept);
    QCOMPARE(begins.size(), 1u);
    QCOMPARE(ends.size(), 1u);
    QCOMPARE(begins[0].a, 0u); // the listener
    QCOMPARE(ends[0].a, serverId);
    QCOMPARE(ends[0].c, 0u);
    const auto accepts = spansOf(main, tl::LaneState::Accept);
    QCOMPARE(accepts.size(), 1u);
    QVERIFY(!accepts[0].isOpen());
    QCOMPARE(tl::laneStateName(accepts[0].state), QStringLiteral("accept"));

    const auto clientLane = laneNamed(store, QStringLiteral("Thread-1 (client)"));
    QVERIFY(clientLane);
    const auto connects = socketEvents(store, store.lane(*clientLane), tl::EventKind::SocketEnd, tl::SocketOp::Connect);
    QCOMPARE(connects.size(), 1u);
    QCOMPARE(connects[0].a, clientId);
    QCOMPARE(eventsOf(store, store.lane(*clientLane), tl::EventKind::Error).size(), 0u);
}

// More clients than Linux's default backlog of 128 connect before the first accept; each is accepted.
void tst_TcpListener::backlogHoldsClientsBeforeAnyAccept()
{
    constexpr int clients = 300;
    tl::ScenarioRun run({.speed = 100});
    tl::TraceStore store(run.context().sharedStrings());
    std::atomic<int> connected{0};
    int connectedBeforeAccept = 0;
    int accepted = 0;
    run.start([&] {
        tl::TcpListener server;
        std::vector<std::shared_ptr<tl::Thread>> threads;
        for (int i = 0; i < clients; ++i) {
            threads.push_back(tl::Thread::create(
                [&] {
                    auto connection = tl::TcpConnection::connect(server.port());
                    ++connected;
                    connection->recv(1); // until the server closes
                },
                {.targetName = QStringLiteral("client")}));
            threads.back()->start();
        }
        // With a small backlog the kernel drops the excess handshakes until someone accepts.
        const QDeadlineTimer patience(10000);
        while (connected.load() < clients && !patience.hasExpired())
            tl::sleep(0.5);
        connectedBeforeAccept = connected.load();
        std::vector<std::shared_ptr<tl::TcpConnection>> connections;
        for (int i = 0; i < clients; ++i) {
            connections.push_back(server.accept());
            ++accepted;
        }
        connections.clear();
        for (const auto& t : threads)
            t->join();
    });
    QVERIFY(recordUntilFinished(run, store));
    QCOMPARE(connectedBeforeAccept, clients);
    QCOMPARE(accepted, clients);
    QCOMPARE(socketEvents(store, store.lane(0), tl::EventKind::SocketEnd, tl::SocketOp::Accept).size(),
             std::size_t(clients));
}

void tst_TcpListener::acceptWokenByStop()
{
    tl::ScenarioRun run({.speed = 100});
    tl::TraceStore store(run.context().sharedStrings());
    tl::TraceRecorder recorder(run, store);
    run.start([] {
        tl::TcpListener server;
        server.accept(); // nobody connects
        tl::print(QStringLiteral("not reached"));
    });
    QTRY_VERIFY_WITH_TIMEOUT(
        (recorder.drainOnce(), blockedIn(store, QStringLiteral("MainThread"), tl::SocketOp::Accept)), 10000);
    run.requestStop();
    QVERIFY(recordUntilFinished(run, store));

    const tl::LaneInfo& main = store.lane(0);
    QCOMPARE(eventsOf(store, main, tl::EventKind::Stopped).size(), 1u);
    QCOMPARE(eventsOf(store, main, tl::EventKind::Print).size(), 0u);
    QCOMPARE(socketEvents(store, main, tl::EventKind::SocketEnd, tl::SocketOp::Accept).size(), 0u);
    const auto accepts = spansOf(main, tl::LaneState::Accept);
    QCOMPARE(accepts.size(), 1u);
    QCOMPARE(accepts[0].end, eventsOf(store, main, tl::EventKind::Stopped)[0].ts);
}

void tst_TcpListener::daemonInAcceptIsCutAtExit()
{
    tl::ScenarioRun run({.speed = 100});
    tl::TraceStore store(run.context().sharedStrings());
    run.start([] {
        auto server = std::make_shared<tl::TcpListener>();
        auto acceptor =
            tl::Thread::create([server] { server->accept(); }, {.targetName = QStringLiteral("serve"), .daemon = true});
        acceptor->start();
        tl::sleep(0.5);
    });
    QVERIFY(recordUntilFinished(run, store));

    const auto lane = laneNamed(store, QStringLiteral("Thread-1 (serve)"));
    QVERIFY(lane);
    const tl::LaneInfo& acceptor = store.lane(*lane);
    QVERIFY(acceptor.daemon);
    QCOMPARE(eventsOf(store, acceptor, tl::EventKind::DaemonStopped).size(), 1u);
    QCOMPARE(socketEvents(store, acceptor, tl::EventKind::SocketBegin, tl::SocketOp::Accept).size(), 1u);
    QCOMPARE(socketEvents(store, acceptor, tl::EventKind::SocketEnd, tl::SocketOp::Accept).size(), 0u);
    QCOMPARE(eventsOf(store, store.lane(0), tl::EventKind::Exit).size(), 1u);
}

// After a daemon cut the interrupt stays raised; a non-daemon waiter polls in slices and still sees a stop.
void tst_TcpListener::stopWakesANonDaemonAfterTheCut()
{
    tl::ScenarioRun run({.speed = 100});
    tl::TraceStore store(run.context().sharedStrings());
    tl::TraceRecorder recorder(run, store);
    run.start([] {
        tl::TcpListener server;
        tl::requireCurrentThread("test").run.interrupts().cutDaemons();
        server.accept();
    });
    QTRY_VERIFY_WITH_TIMEOUT(
        (recorder.drainOnce(), blockedIn(store, QStringLiteral("MainThread"), tl::SocketOp::Accept)), 10000);
    QVERIFY(!run.isFinished()); // the cut did not unwind MainThread
    run.requestStop();
    QVERIFY(recordUntilFinished(run, store));
    QCOMPARE(eventsOf(store, store.lane(0), tl::EventKind::Stopped).size(), 1u);
    QCOMPARE(eventsOf(store, store.lane(0), tl::EventKind::DaemonStopped).size(), 0u);
}

void tst_TcpListener::acceptAfterCloseRaises()
{
    tl::ScenarioRun run({.speed = 100});
    tl::TraceStore store(run.context().sharedStrings());
    QString error;
    run.start([&] {
        tl::TcpListener server;
        server.close();
        server.close(); // idempotent, as in Python
        try {
            server.accept();
        } catch (const tl::OSError& e) {
            error = e.type() + QStringLiteral(": ") + e.message();
        }
    });
    QVERIFY(recordUntilFinished(run, store));
    QCOMPARE(error, QStringLiteral("OSError: [Errno 9] Bad file descriptor"));
    QCOMPARE(eventsOf(store, store.lane(0), tl::EventKind::SocketBegin).size(), 0u);
}

QTEST_GUILESS_MAIN(tst_TcpListener)
#include "tst_tcplistener.moc"
