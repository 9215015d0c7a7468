// Live speed changes of a traced program (issue 10): the tracer paces its sleeps anew at once, those under
// way included, so each still lasts what it asked in scenario time; a timeout scales by the speed at which
// its wait begins; a change while paused takes effect at the resume; the reader's clock follows, so the
// live edge of the picture runs at the new speed. A run that has ended cannot be told.

#include "pythonrun.h"

#include "pysource/tracerfiles.h"

#include <QTest>

using namespace tl;
using namespace tl::pytest;

namespace {

// A sleep that ends late by at most this much wall time (CI under load: a thread woken 53 ms late has been seen),
// times the speed, in scenario time. A speed not followed is off by seconds.
constexpr std::int64_t kWallLateNs = 100'000'000;

QString lateText(const char* what, std::int64_t lasted, std::int64_t asked)
{
    return QStringLiteral("%1 lasted %2 ms of scenario time, asked %3 ms")
        .arg(QLatin1String(what))
        .arg(lasted / 1e6)
        .arg(asked / 1e6);
}

// Each span from a `begin` to the next `end` on the main lane.
std::vector<std::int64_t> spans(const TraceStore& store, EventKind begin, EventKind end)
{
    const LaneInfo& main = store.lane(0);
    const auto begins = eventsOf(main, begin);
    const auto ends = eventsOf(main, end);
    std::vector<std::int64_t> lengths;
    for (std::size_t i = 0; i < std::min(begins.size(), ends.size()); ++i)
        lengths.push_back(ends[i].ts - begins[i].ts);
    return lengths;
}

} // namespace

class tst_PythonSpeed : public QObject {
    Q_OBJECT

private slots:
    void sleepUnderWayFollowsANewSpeed();
    void newSpeedWhilePausedTakesEffectAtTheResume();
    void timeoutBegunAfterAChangeScalesByTheNewSpeed();
    void speedOfARunThatCannotBeToldIsRefused();
    void controlIgnoresSpeedsThreadlineCouldNotMean();
};

void tst_PythonSpeed::sleepUnderWayFollowsANewSpeed()
{
    LiveRun live = startLive("import time\ntime.sleep(2.0)\ntime.sleep(2.0)\nprint('done')\n");
    QVERIFY(live.recorder);
    // At 1x, inside the first sleep. Not after a fixed 200 ms: under CI's TSan load the interpreter had not
    // yet said hello by then, and the reader's clock, which starts with it, read 0 before and after.
    QVERIFY(live.drainUntil(
        [](const TraceStore& s) { return s.laneCount() > 0 && !eventsOf(s.lane(0), EventKind::SleepBegin).empty(); },
        10000));
    live.drainFor(100);
    QElapsedTimer wall;
    wall.start();
    QVERIFY(live.source->setSpeed(10.0));
    QCOMPARE(live.source->metadata().speed, 10.0);

    // The reader's clock runs at 10x from the change: each wall millisecond is about 10 ms of scenario time.
    // Against the wall time that really passed: drainFor(100) took 171 ms once under CI's TSan load.
    QElapsedTimer between;
    const std::int64_t before = live.source->nowTs();
    between.start();
    live.drainFor(100);
    const std::int64_t advanced = live.source->nowTs() - before;
    const std::int64_t wallNs = between.nsecsElapsed();
    QVERIFY2(advanced > 6 * wallNs && advanced < 14 * wallNs,
             qPrintable(QStringLiteral("%1 ns in %2 ns of wall").arg(advanced).arg(wallNs)));

    QVERIFY(live.finish(10000));
    // From the change, 1.9 s + 2 s at 10x: 0.39 s, not the 3.9 s the program asks at 1x.
    QVERIFY2(wall.elapsed() < 1500, qPrintable(QString::number(wall.elapsed())));
    QCOMPARE(live.source->problems(), QStringList());
    QCOMPARE(live.source->capturedStdout(), QByteArray("done\n"));

    const auto sleeps = spans(*live.store, EventKind::SleepBegin, EventKind::SleepEnd);
    QCOMPARE(sleeps.size(), std::size_t(2));
    for (const std::int64_t lasted : sleeps)
        QVERIFY2(lasted >= 2'000'000'000 && lasted <= 2'000'000'000 + 10 * kWallLateNs,
                 qPrintable(lateText("a sleep", lasted, 2'000'000'000)));
}

void tst_PythonSpeed::newSpeedWhilePausedTakesEffectAtTheResume()
{
    LiveRun live = startLive("import time\ntime.sleep(3.0)\nprint('done')\n");
    QVERIFY(live.recorder);
    // Paused inside the sleep, as sleepUnderWayFollowsANewSpeed: the interpreter's start-up is the machine's.
    QVERIFY(live.drainUntil(
        [](const TraceStore& s) { return s.laneCount() > 0 && !eventsOf(s.lane(0), EventKind::SleepBegin).empty(); },
        10000));
    QVERIFY(live.source->pause());
    QVERIFY(live.source->setSpeed(5.0));
    QVERIFY(live.source->isPaused());
    const std::int64_t held = live.source->nowTs();
    live.drainFor(300);
    QVERIFY2(live.source->nowTs() - held < 20'000'000, qPrintable(QString::number(live.source->nowTs() - held)));
    QElapsedTimer wall;
    wall.start();
    live.source->resume();
    QVERIFY(live.finish(10000));
    // At most 3 s at 5x from the resume: 0.6 s, where 1x would take up to 3 s.
    QVERIFY2(wall.elapsed() < 1800, qPrintable(QString::number(wall.elapsed())));
    QCOMPARE(live.source->capturedStdout(), QByteArray("done\n"));

    const auto sleeps = spans(*live.store, EventKind::SleepBegin, EventKind::SleepEnd);
    QCOMPARE(sleeps.size(), std::size_t(1));
    QVERIFY2(sleeps[0] >= 3'000'000'000 && sleeps[0] <= 3'000'000'000 + 5 * kWallLateNs,
             qPrintable(lateText("the sleep", sleeps[0], 3'000'000'000)));
}

// A run started at 1x with live controls has its timeout wrappers in place, so a get that begins after
// the change to 10x waits a tenth of its 2 s of wall time and lasts 2 s of scenario time.
void tst_PythonSpeed::timeoutBegunAfterAChangeScalesByTheNewSpeed()
{
    LiveRun live = startLive(R"(import queue
import time

q = queue.Queue()
time.sleep(1.0)
try:
    q.get(timeout=2.0)
except queue.Empty:
    print("empty")
)");
    QVERIFY(live.recorder);
    // Changed inside the sleep, so before the get begins, however long the interpreter took to start.
    QVERIFY(live.drainUntil(
        [](const TraceStore& s) { return s.laneCount() > 0 && !eventsOf(s.lane(0), EventKind::SleepBegin).empty(); },
        10000));
    QElapsedTimer wall;
    wall.start();
    QVERIFY(live.source->setSpeed(10.0));
    QVERIFY(live.finish(10000));
    QVERIFY2(wall.elapsed() < 1500, qPrintable(QString::number(wall.elapsed())));
    QCOMPARE(live.source->capturedStdout(), QByteArray("empty\n"));

    const auto gets = spans(*live.store, EventKind::GetBlocked, EventKind::GetDone);
    QCOMPARE(gets.size(), std::size_t(1));
    QVERIFY2(gets[0] >= 2'000'000'000 - 1'000'000 && gets[0] <= 2'000'000'000 + 10 * kWallLateNs,
             qPrintable(lateText("the get", gets[0], 2'000'000'000)));
}

void tst_PythonSpeed::speedOfARunThatCannotBeToldIsRefused()
{
    PythonSource unstarted(PythonRunOptions{});
    QVERIFY(!unstarted.setSpeed(2.0));

    LiveRun ended = startLive("print('hi')\n");
    QVERIFY(ended.recorder);
    QVERIFY(ended.finish(10000));
    QVERIFY(!ended.source->setSpeed(2.0));
    QCOMPARE(ended.source->metadata().speed, 1.0);

    // The program closes every fd above stderr below Python, the control socket too.
    LiveRun deaf = startLive(kCloseEveryFdInC + "print('closed', flush=True)\ntime.sleep(0.5)\n");
    QVERIFY(deaf.recorder);
    QElapsedTimer clock;
    clock.start();
    while (!deaf.source->capturedStdout().contains("closed") && clock.elapsed() < 10000)
        deaf.drainFor(10);
    QVERIFY(!deaf.source->setSpeed(2.0));
    QCOMPARE(deaf.source->metadata().speed, 1.0);
    QVERIFY(deaf.finish(10000));
}

// The tracer's control module on its own, fed lines on a socketpair: a speed that is not a positive
// finite factor up to 1e6 is ignored, as an unknown command is; a good one moves the clock's rate.
void tst_PythonSpeed::controlIgnoresSpeedsThreadlineCouldNotMean()
{
    const Result<QString> bootstrap = TracerFiles::bootstrapPath();
    QVERIFY(bootstrap.ok());
    const QByteArray probe = R"(import socket, sys
sys.path.insert(0, sys.argv[1])
from _threadline_tracer import control
ours, theirs = socket.socketpair()
control.set_base_speed(2.0)
control.start(theirs.detach())
seen = []
for line in [b"speed nan", b"speed inf", b"speed -3", b"speed 0", b"speed 2e6", b"speed x", b"speedy 5",
             b"speed 8", b"speed 1e6"]:
    ours.sendall(line + b"\n")
    control.poll()
    seen.append("%s %s" % (control.speed, control.rate()))
print("; ".join(seen))
)";
    const QString script = writeScript(probe, QStringLiteral("control_probe.py"));
    const Plain plain = runPlain({script, QFileInfo(bootstrap.value()).absolutePath()});
    QCOMPARE(plain.err, QByteArray());
    QCOMPARE(plain.code, 0);
    QCOMPARE(plain.out, QByteArray("2.0 1.0; 2.0 1.0; 2.0 1.0; 2.0 1.0; 2.0 1.0; 2.0 1.0; 2.0 1.0; 8.0 4.0; "
                                   "1000000.0 500000.0\n"));
}

QTEST_GUILESS_MAIN(tst_PythonSpeed)
#include "tst_pythonspeed.moc"
