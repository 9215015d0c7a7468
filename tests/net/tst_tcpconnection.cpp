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

using namespace sockettrace;
using RecvFlags = tl::TcpConnection::RecvFlags;

Q_DECLARE_METATYPE(RecvFlags)

class tst_TcpConnection : public QObject {
    Q_OBJECT
private slots:
    void echoRoundTripAndEndOfFile();
    void recvSizes_data();
    void recvSizes();
    void sendallWaitsForRoom();
    void connectToClosedPortRaises();
    void callsAfterCloseRaise();
    void recvWokenByStop();
    void daemonCutWakesOnlyDaemons();
};

void tst_TcpConnection::echoRoundTripAndEndOfFile()
{
    tl::ScenarioRun run({.speed = 100});
    tl::TraceStore store(run.context().sharedStrings());
    QByteArray echoed;
    QByteArray served;
    QByteArray atEof = "unset";
    std::uint32_t serverId = 0;
    run.start([&] {
        tl::TcpListener server;
        auto client = tl::Thread::create(
            [&] {
                auto connection = tl::TcpConnection::connect(server.port());
                connection->sendall("hello");
                echoed = connection->recv(1024);
            },
            {.targetName = QStringLiteral("client")});
        client->start();
        auto connection = server.accept();
        serverId = connection->id();
        served = connection->recv(1024);
        connection->sendall(served);
        atEof = connection->recv(1024); // the client's connection closes when its thread ends
        client->join();
    });
    QVERIFY(recordUntilFinished(run, store));
    QCOMPARE(served, QByteArray("hello"));
    QCOMPARE(echoed, QByteArray("hello"));
    QCOMPARE(atEof, QByteArray());

    const tl::LaneInfo& main = store.lane(0);
    const auto recvEnds = socketEvents(store, main, tl::EventKind::SocketEnd, tl::SocketOp::Recv);
    QCOMPARE(recvEnds.size(), 2u);
    QCOMPARE(recvEnds[0].c, 5u);
    QCOMPARE(recvEnds[1].c, 0u); // end of file
    QCOMPARE(recvEnds[0].a, serverId);
    const auto sendEnds = socketEvents(store, main, tl::EventKind::SocketEnd, tl::SocketOp::Send);
    QCOMPARE(sendEnds.size(), 1u);
    QCOMPARE(sendEnds[0].c, 5u);
    QCOMPARE(spansOf(main, tl::LaneState::Recv).size(), 2u);
    QCOMPARE(spansOf(main, tl::LaneState::Send).size(), 1u);

    const auto clientLane = laneNamed(store, QStringLiteral("Thread-1 (client)"));
    QVERIFY(clientLane);
    const tl::LaneInfo& client = store.lane(*clientLane);
    QCOMPARE(spansOf(client, tl::LaneState::Connect).size(), 1u);
    QCOMPARE(spansOf(client, tl::LaneState::Send).size(), 1u);
    QCOMPARE(spansOf(client, tl::LaneState::Recv).size(), 1u);
    QCOMPARE(socketEvents(store, client, tl::EventKind::SocketEnd, tl::SocketOp::Recv)[0].c, 5u);
    for (const tl::LaneInfo* lane : {&main, &client}) {
        for (const tl::Span& span : lane->spans)
            QVERIFY(!span.isOpen());
    }
}

void tst_TcpConnection::recvSizes_data()
{
    QTest::addColumn<QList<QByteArray>>("writes");
    QTest::addColumn<bool>("closeAfter");
    QTest::addColumn<RecvFlags>("flags");
    QTest::addColumn<QByteArray>("expected");

    const QList<QByteArray> twoWrites{"abcde", "fghij"};
    QTest::newRow("plain recv returns the first write") << twoWrites << false << RecvFlags::None << QByteArray("abcde");
    QTest::newRow("MSG_WAITALL gathers both writes")
        << twoWrites << false << RecvFlags::WaitAll << QByteArray("abcdefghij");
    QTest::newRow("MSG_WAITALL stops at end of file")
        << QList<QByteArray>{"abc"} << true << RecvFlags::WaitAll << QByteArray("abc");
    QTest::newRow("end of file is b''") << QList<QByteArray>{} << true << RecvFlags::None << QByteArray();
}

void tst_TcpConnection::recvSizes()
{
    QFETCH(QList<QByteArray>, writes);
    QFETCH(bool, closeAfter);
    QFETCH(RecvFlags, flags);
    QFETCH(QByteArray, expected);

    tl::ScenarioRun run({.speed = 100});
    tl::TraceStore store(run.context().sharedStrings());
    QByteArray got = "unset";
    run.start([&] {
        tl::TcpListener server;
        auto writer = tl::Thread::create(
            [&] {
                auto connection = tl::TcpConnection::connect(server.port());
                for (const QByteArray& chunk : writes) {
                    connection->sendall(chunk);
                    tl::sleep(1); // the reader is in recv by now
                }
                if (!closeAfter)
                    tl::sleep(1);
            },
            {.targetName = QStringLiteral("writer")});
        writer->start();
        got = server.accept()->recv(10, flags);
        writer->join();
    });
    QVERIFY(recordUntilFinished(run, store));
    QCOMPARE(got, expected);
    const auto ends = socketEvents(store, store.lane(0), tl::EventKind::SocketEnd, tl::SocketOp::Recv);
    QCOMPARE(ends.size(), 1u);
    QCOMPARE(ends[0].c, std::uint32_t(expected.size()));
}

// Several MiB cannot fit the socket buffers: sendall() waits for room while the reader is asleep.
void tst_TcpConnection::sendallWaitsForRoom()
{
    const QByteArray payload(8 * 1024 * 1024, 'x');
    tl::ScenarioRun run({.speed = 100});
    tl::TraceStore store(run.context().sharedStrings());
    QByteArray got;
    run.start([&] {
        tl::TcpListener server;
        auto reader = tl::Thread::create(
            [&] {
                auto connection = tl::TcpConnection::connect(server.port());
                tl::sleep(2);
                got = connection->recv(payload.size(), RecvFlags::WaitAll);
            },
            {.targetName = QStringLiteral("reader")});
        reader->start();
        server.accept()->sendall(payload);
        reader->join();
    });
    QVERIFY(recordUntilFinished(run, store));
    QCOMPARE(got.size(), payload.size());
    QVERIFY(got == payload);
    const auto sends = socketEvents(store, store.lane(0), tl::EventKind::SocketEnd, tl::SocketOp::Send);
    QCOMPARE(sends.size(), 1u);
    QCOMPARE(sends[0].c, std::uint32_t(payload.size()));
    // The send state lasted while the reader slept: it ended after the reader's sleep began.
    const auto readerLane = laneNamed(store, QStringLiteral("Thread-1 (reader)"));
    QVERIFY(readerLane);
    const auto sleeps = spansOf(store.lane(*readerLane), tl::LaneState::Sleeping);
    QCOMPARE(sleeps.size(), 1u);
    QVERIFY(sends[0].ts > sleeps[0].begin);
}

void tst_TcpConnection::connectToClosedPortRaises()
{
    tl::ScenarioRun run({.speed = 100});
    tl::TraceStore store(run.context().sharedStrings());
    QString caught;
    run.start([&] {
        std::uint16_t port = 0;
        {
            tl::TcpListener closed;
            port = closed.port();
        }
        try {
            tl::TcpConnection::connect(port);
        } catch (const tl::OSError& e) {
            caught = e.message();
        }
        // Uncaught in a thread: reported as threading.excepthook does.
        auto t =
            tl::Thread::create([port] { tl::TcpConnection::connect(port); }, {.targetName = QStringLiteral("client")});
        t->start();
        t->join();
    });
    QVERIFY(recordUntilFinished(run, store));
    QCOMPARE(caught, QStringLiteral("[Errno 111] Connection refused"));

    const tl::LaneInfo& main = store.lane(0);
    QCOMPARE(socketEvents(store, main, tl::EventKind::SocketBegin, tl::SocketOp::Connect).size(), 1u);
    QCOMPARE(socketEvents(store, main, tl::EventKind::SocketEnd, tl::SocketOp::Connect).size(), 1u);
    QCOMPARE(eventsOf(store, main, tl::EventKind::Error).size(), 0u);
    const auto clientLane = laneNamed(store, QStringLiteral("Thread-1 (client)"));
    QVERIFY(clientLane);
    const tl::LaneInfo& client = store.lane(*clientLane);
    const auto errors = eventsOf(store, client, tl::EventKind::Error);
    QCOMPARE(errors.size(), 1u);
    QCOMPARE(store.text(errors[0].a), QStringLiteral("OSError"));
    QCOMPARE(store.text(errors[0].b), QStringLiteral("[Errno 111] Connection refused"));
    // The connect state closed before the error was reported.
    const auto connects = spansOf(client, tl::LaneState::Connect);
    QCOMPARE(connects.size(), 1u);
    QVERIFY(connects[0].end <= errors[0].ts);
}

void tst_TcpConnection::callsAfterCloseRaise()
{
    tl::ScenarioRun run({.speed = 100});
    tl::TraceStore store(run.context().sharedStrings());
    QStringList caught;
    std::uint16_t serverPort = 0;
    std::uint16_t localPort = 0;
    std::uint16_t peerPort = 0;
    std::uint16_t closedPort = 1;
    run.start([&] {
        tl::TcpListener server;
        serverPort = server.port();
        auto connection = tl::TcpConnection::connect(server.port());
        localPort = connection->localPort();
        peerPort = connection->peerPort();
        connection->close();
        closedPort = connection->peerPort();
        connection->close();
        try {
            connection->recv(1);
        } catch (const tl::OSError& e) {
            caught << e.message();
        }
        try {
            connection->sendall("x");
        } catch (const tl::OSError& e) {
            caught << e.message();
        }
        auto other = tl::TcpConnection::connect(server.port());
        try {
            other->recv(-1);
        } catch (const tl::ValueError& e) {
            caught << e.message();
        }
    });
    QVERIFY(recordUntilFinished(run, store));
    QVERIFY(localPort != 0);
    QCOMPARE(peerPort, serverPort);
    QCOMPARE(closedPort, 0);
    QCOMPARE(caught, QStringList({QStringLiteral("[Errno 9] Bad file descriptor"),
                                  QStringLiteral("[Errno 9] Bad file descriptor"),
                                  QStringLiteral("negative buffersize in recv")}));
    QCOMPARE(eventsOf(store, store.lane(0), tl::EventKind::Error).size(), 0u);
    QCOMPARE(socketEvents(store, store.lane(0), tl::EventKind::SocketBegin, tl::SocketOp::Recv).size(), 0u);
}

void tst_TcpConnection::recvWokenByStop()
{
    tl::ScenarioRun run({.speed = 100});
    tl::TraceStore store(run.context().sharedStrings());
    tl::TraceRecorder recorder(run, store);
    run.start([] {
        tl::TcpListener server;
        auto client = tl::Thread::create([&server] { tl::TcpConnection::connect(server.port())->recv(1); },
                                         {.targetName = QStringLiteral("client")});
        client->start();
        server.accept()->recv(1); // nobody sends: both sides wait
        client->join();
    });
    QTRY_VERIFY_WITH_TIMEOUT(
        (recorder.drainOnce(), blockedIn(store, QStringLiteral("MainThread"), tl::SocketOp::Recv) &&
                                   blockedIn(store, QStringLiteral("Thread-1 (client)"), tl::SocketOp::Recv)),
        10000);
    run.requestStop();
    QVERIFY(recordUntilFinished(run, store));

    for (const QString& name : {QStringLiteral("MainThread"), QStringLiteral("Thread-1 (client)")}) {
        const tl::LaneInfo& lane = store.lane(*laneNamed(store, name));
        QCOMPARE(eventsOf(store, lane, tl::EventKind::Stopped).size(), 1u);
        QCOMPARE(socketEvents(store, lane, tl::EventKind::SocketEnd, tl::SocketOp::Recv).size(), 0u);
        for (const tl::Span& span : lane.spans)
            QVERIFY(!span.isOpen());
    }
}

// A daemon cut interrupts every socket wait; only daemon lanes unwind, the others keep waiting on their
// socket (in slices, since the interrupt stays raised) and finish normally.
void tst_TcpConnection::daemonCutWakesOnlyDaemons()
{
    tl::ScenarioRun run({.speed = 100});
    tl::TraceStore store(run.context().sharedStrings());
    QByteArray plainGot;
    run.start([&] {
        tl::TcpListener server;
        auto plain = tl::Thread::create([&] { plainGot = tl::TcpConnection::connect(server.port())->recv(5); },
                                        {.targetName = QStringLiteral("plain")});
        plain->start();
        auto toPlain = server.accept();
        auto daemon = tl::Thread::create([&server] { tl::TcpConnection::connect(server.port())->recv(5); },
                                         {.targetName = QStringLiteral("daemon"), .daemon = true});
        daemon->start();
        auto toDaemon = server.accept();
        tl::sleep(1);
        tl::requireCurrentThread("test").run.interrupts().cutDaemons();
        tl::sleep(1);
        toPlain->sendall("hello");
        plain->join();
        daemon->join();
    });
    QVERIFY(recordUntilFinished(run, store));
    QCOMPARE(plainGot, QByteArray("hello"));

    const tl::LaneInfo& plain = store.lane(*laneNamed(store, QStringLiteral("Thread-1 (plain)")));
    QCOMPARE(eventsOf(store, plain, tl::EventKind::DaemonStopped).size(), 0u);
    QCOMPARE(socketEvents(store, plain, tl::EventKind::SocketEnd, tl::SocketOp::Recv).size(), 1u);
    QCOMPARE(eventsOf(store, plain, tl::EventKind::RunEnd).size(), 1u);
    const tl::LaneInfo& daemon = store.lane(*laneNamed(store, QStringLiteral("Thread-2 (daemon)")));
    QCOMPARE(eventsOf(store, daemon, tl::EventKind::DaemonStopped).size(), 1u);
    QCOMPARE(socketEvents(store, daemon, tl::EventKind::SocketEnd, tl::SocketOp::Recv).size(), 0u);
    QCOMPARE(eventsOf(store, store.lane(0), tl::EventKind::Error).size(), 0u);
}

QTEST_GUILESS_MAIN(tst_TcpConnection)
#include "tst_tcpconnection.moc"
