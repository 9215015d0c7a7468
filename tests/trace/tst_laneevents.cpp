#include "trace/laneevents.h"

#include <QTest>

#include <vector>

using namespace tl;

namespace {

using Events = std::vector<Event>;

Event at(std::int64_t ts, EventKind kind, std::uint16_t line = 0)
{
    return Event{ts, 1, 0, kind, 0, line, 0, 0, 0};
}

LaneInfo laneWith(Events events)
{
    LaneInfo lane;
    lane.id = 1;
    lane.events = std::move(events);
    return lane;
}

// Indexes into the lane's events, so a row can say which events it expects.
std::vector<std::ptrdiff_t> indexesOf(const LaneInfo& lane, std::span<const Event> events)
{
    std::vector<std::ptrdiff_t> out;
    for (const Event& e : events)
        out.push_back(&e - lane.events.data());
    return out;
}

} // namespace

class tst_LaneEvents : public QObject {
    Q_OBJECT

private slots:
    void eventsAt_data();
    void eventsAt();
    void openingEvent_data();
    void openingEvent();
};

void tst_LaneEvents::eventsAt_data()
{
    QTest::addColumn<Events>("events");
    QTest::addColumn<qint64>("ts");
    QTest::addColumn<std::vector<std::ptrdiff_t>>("expected");

    const Events three{at(10, EventKind::RunBegin), at(20, EventKind::SleepBegin), at(20, EventKind::Print),
                       at(20, EventKind::SleepEnd), at(30, EventKind::RunEnd)};
    QTest::newRow("no events") << Events{} << qint64{5} << std::vector<std::ptrdiff_t>{};
    QTest::newRow("before the first") << three << qint64{5} << std::vector<std::ptrdiff_t>{};
    QTest::newRow("between two") << three << qint64{15} << std::vector<std::ptrdiff_t>{};
    QTest::newRow("after the last") << three << qint64{31} << std::vector<std::ptrdiff_t>{};
    QTest::newRow("the first alone") << three << qint64{10} << std::vector<std::ptrdiff_t>{0};
    QTest::newRow("three at once, in order") << three << qint64{20} << std::vector<std::ptrdiff_t>{1, 2, 3};
    QTest::newRow("the last alone") << three << qint64{30} << std::vector<std::ptrdiff_t>{4};
}

void tst_LaneEvents::eventsAt()
{
    QFETCH(Events, events);
    QFETCH(qint64, ts);
    QFETCH(std::vector<std::ptrdiff_t>, expected);
    const LaneInfo lane = laneWith(events);
    QCOMPARE(indexesOf(lane, tl::eventsAt(lane, ts)), expected);
}

void tst_LaneEvents::openingEvent_data()
{
    QTest::addColumn<Events>("events");
    QTest::addColumn<LaneState>("state");
    QTest::addColumn<qint64>("begin");
    QTest::addColumn<int>("expectedLine"); // the opening event's line; 0: none found

    // Each event carries a distinct line, so the row names the one event it expects.
    const Events lane{
        at(0, EventKind::RunBegin, 1),       at(10, EventKind::Print, 2),       at(10, EventKind::SleepBegin, 3),
        at(20, EventKind::SleepEnd, 4),      at(20, EventKind::GetBlocked, 5),  at(30, EventKind::GetDone, 6),
        at(30, EventKind::PoolTaskBegin, 7), at(40, EventKind::SocketBegin, 8), at(50, EventKind::SleepBegin, 9)};
    QTest::newRow("run span: RunBegin") << lane << LaneState::Running << qint64{0} << 1;
    QTest::newRow("sleep: SleepBegin after a print at the same time") << lane << LaneState::Sleeping << qint64{10} << 3;
    QTest::newRow("get: GetBlocked after an end at the same time") << lane << LaneState::BlockedGet << qint64{20} << 5;
    QTest::newRow("task: PoolTaskBegin") << lane << LaneState::Task << qint64{30} << 7;
    QTest::newRow("recv: SocketBegin") << lane << LaneState::Recv << qint64{40} << 8;
    QTest::newRow("connect: SocketBegin") << lane << LaneState::Connect << qint64{40} << 8;
    QTest::newRow("put: no PutBlocked at its start") << lane << LaneState::BlockedPut << qint64{20} << 0;
    QTest::newRow("sleep: its kind only at another time") << lane << LaneState::Sleeping << qint64{40} << 0;
    QTest::newRow("join: no event at all at its start") << lane << LaneState::Joining << qint64{45} << 0;
    QTest::newRow("no events") << Events{} << LaneState::Running << qint64{0} << 0;
}

void tst_LaneEvents::openingEvent()
{
    QFETCH(Events, events);
    QFETCH(LaneState, state);
    QFETCH(qint64, begin);
    QFETCH(int, expectedLine);
    const LaneInfo lane = laneWith(events);
    const Span span{begin, kOpenEnd, state, 1, 0};
    const Event* opening = tl::openingEvent(lane, span);
    QCOMPARE(opening ? int{opening->line} : 0, expectedLine);
    if (opening) {
        QCOMPARE(opening->ts, begin);
        QCOMPARE(opening->kind, openingKind(state));
    }
}

QTEST_GUILESS_MAIN(tst_LaneEvents)
#include "tst_laneevents.moc"
