// TracerClock, Threadline's copy of the tracer's clock: before any change it reads CLOCK_MONOTONIC as it
// is; it stands still while paused, runs at speed / starting speed after a change, and a change while
// paused applies from the resume. These are the rules control.py's now_ns() keeps.

#include "pysource/tracerclock.h"

#include <QTest>

using namespace tl;

class tst_TracerClock : public QObject {
    Q_OBJECT

private slots:
    void readsTheMonotonicClockUntilAChange()
    {
        const TracerClock clock(4.0);
        QCOMPARE(clock.at(123'456'789'012), std::int64_t(123'456'789'012));
        QCOMPARE(clock.speed(), 4.0);
        QVERIFY(!clock.paused());
    }

    void standsStillWhilePaused()
    {
        TracerClock clock(1.0);
        clock.pause(1'000);
        QVERIFY(clock.paused());
        QCOMPARE(clock.at(1'000), std::int64_t(1'000));
        QCOMPARE(clock.at(9'000), std::int64_t(1'000));
        clock.pause(9'000); // a second pause changes nothing
        clock.resume(10'000);
        QVERIFY(!clock.paused());
        QCOMPARE(clock.at(10'500), std::int64_t(1'500));
        clock.resume(11'000); // nor does a second resume
        QCOMPARE(clock.at(12'000), std::int64_t(3'000));
    }

    // Started at 2x, changed to 8x: the clock runs 4 times as fast as the wall, and back at 2x at the wall's.
    void runsAtTheSpeedOverTheStartingSpeed()
    {
        TracerClock clock(2.0);
        clock.setSpeed(1'000, 8.0);
        QCOMPARE(clock.speed(), 8.0);
        QCOMPARE(clock.at(2'000), std::int64_t(1'000 + 4'000));
        clock.setSpeed(2'000, 2.0);
        QCOMPARE(clock.at(3'000), std::int64_t(5'000 + 1'000));
        clock.setSpeed(3'000, 1.0); // slower than the start: half the wall's rate
        QCOMPARE(clock.at(5'000), std::int64_t(6'000 + 1'000));
    }

    void newSpeedWhilePausedAppliesFromTheResume()
    {
        TracerClock clock(1.0);
        clock.pause(1'000);
        clock.setSpeed(2'000, 10.0);
        QCOMPARE(clock.at(5'000), std::int64_t(1'000));
        clock.resume(5'000);
        QCOMPARE(clock.at(5'100), std::int64_t(1'000 + 1'000));
    }

    // A moment before the current segment's start (a stop stamped before a late change) reads as its start,
    // never as a time before the clock's earlier reading.
    void anEarlierMomentReadsAsTheSegmentStart()
    {
        TracerClock clock(1.0);
        clock.setSpeed(10'000, 3.0);
        QCOMPARE(clock.at(4'000), std::int64_t(10'000));
    }
};

QTEST_GUILESS_MAIN(tst_TracerClock)
#include "tst_tracerclock.moc"
