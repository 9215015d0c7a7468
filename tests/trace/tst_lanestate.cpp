#include "trace/lanestate.h"

#include <QTest>

using namespace tl;

// The state names shown in the legend and timeline (stateLabel) and in the details panel
// (stateDescription) come from one table; each row here pins one state's pair.
class tst_LaneState : public QObject {
    Q_OBJECT

private slots:
    void stateNames_data();
    void stateNames();
    void everyStateHasDistinctNames();
};

void tst_LaneState::stateNames_data()
{
    QTest::addColumn<LaneState>("state");
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("description");

    QTest::newRow("running") << LaneState::Running << "running"
                             << "running";
    QTest::newRow("sleeping") << LaneState::Sleeping << "sleeping"
                              << "sleeping";
    QTest::newRow("blocked in get") << LaneState::BlockedGet << "blocked in get"
                                    << "blocked in get";
    QTest::newRow("blocked in put") << LaneState::BlockedPut << "blocked in put"
                                    << "blocked in put";
    QTest::newRow("join") << LaneState::Joining << "waiting in join"
                          << "waiting in join";
    QTest::newRow("queue.join: short label") << LaneState::QueueJoin << "queue.join"
                                             << "waiting in queue.join";
    QTest::newRow("exit wait: short label") << LaneState::ExitWait << "exit-wait"
                                            << "waiting at exit";
    QTest::newRow("accept") << LaneState::Accept << "socket accept"
                            << "socket accept";
    QTest::newRow("recv") << LaneState::Recv << "socket recv"
                          << "socket recv";
    QTest::newRow("send") << LaneState::Send << "socket send"
                          << "socket send";
    QTest::newRow("connect") << LaneState::Connect << "socket connect"
                             << "socket connect";
    QTest::newRow("pool task: short label") << LaneState::Task << "pool task"
                                            << "running a pool task";
    QTest::newRow("Count_ is no state") << LaneState::Count_ << "unknown"
                                        << "unknown";
}

void tst_LaneState::stateNames()
{
    QFETCH(LaneState, state);
    QFETCH(QString, label);
    QFETCH(QString, description);
    QCOMPARE(stateLabel(state), label);
    QCOMPARE(stateDescription(state), description);
}

// A legend entry per state: two states with one name could not be told apart.
void tst_LaneState::everyStateHasDistinctNames()
{
    QSet<QString> labels;
    QSet<QString> descriptions;
    for (int s = 0; s < static_cast<int>(LaneState::Count_); ++s) {
        labels.insert(stateLabel(static_cast<LaneState>(s)));
        descriptions.insert(stateDescription(static_cast<LaneState>(s)));
    }
    QCOMPARE(labels.size(), static_cast<qsizetype>(LaneState::Count_));
    QCOMPARE(descriptions.size(), static_cast<qsizetype>(LaneState::Count_));
    QVERIFY(!labels.contains(QStringLiteral("unknown")));
}

QTEST_GUILESS_MAIN(tst_LaneState)
#include "tst_lanestate.moc"
