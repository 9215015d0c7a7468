// Pause, resume and speed of a live Python run in the window (issue 10), offscreen against a real
// interpreter: Pause is offered and Step is not, the trace and the clock stand still while paused, the
// title, the header and the status bar say so, the playhead may scrub, and Space again lets the program go
// on. Faster and Max change a live run's speed at once, Max as the highest scaled speed.

#include "engine/speed.h"
#include "pysource/pythonsource.h"
#include "support/pythontestutil.h"
#include "support/uitestutil.h"
#include "support/untilquiet.h"
#include "timeline/viewstate.h"
#include "trace/tracestore.h"
#include "window/mainwindow.h"
#include "window/programcontroller.h"
#include "window/runcontroller.h"
#include "window/runheader.h"
#include "window/statussummary.h"
#include "window/windowactions.h"

#include <QAction>
#include <QElapsedTimer>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace tl;
using namespace tl::ui;
using namespace tl::pytest;

namespace {

constexpr int kTimeoutMs = 30000;

// Ticks every 50 ms for ten seconds: live events all the time, so only a pause holds the trace still.
// 200 s of ticks at 1x: at 1000x still 0.2 s of wall time, longer than the speed test's 100 ms look at the
// live edge (with 10 s of them the program could end inside that look, and the edge stopped with it).
const QByteArray kTicker = R"(import time
print("ready", flush=True)
for _ in range(4000):
    time.sleep(0.05)
)";

std::uint64_t eventCount(const MainWindow& w)
{
    return w.runs()->store()->eventCount();
}

} // namespace

class TestMainWindowPythonPause : public QObject {
    Q_OBJECT
private slots:
    void pauseHoldsAPythonRunStill();
    void speedChangesALivePythonRun();
    void speedChangeOfALessonInPythonShowsInItsHeader();
};

void TestMainWindowPythonPause::pauseHoldsAPythonRunStill()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString script = writeFile(dir, QStringLiteral("ticker.py"), kTicker);
    MainWindow w;
    w.program()->launcher().setInterpreter(testPython());
    w.show();
    QVERIFY(w.openScript(script));
    QTRY_VERIFY_WITH_TIMEOUT(w.runs()->pythonSource()->capturedStdout().contains("ready"), kTimeoutMs);
    QVERIFY(w.runs()->isRunning());
    QVERIFY(w.actions()->pause->isEnabled());
    QVERIFY(!w.actions()->step->isEnabled());
    QVERIFY(!w.actions()->stepThread->isEnabled());
    QVERIFY(!w.viewState()->scrubAllowed());

    w.actions()->pause->trigger();
    QVERIFY(w.runs()->isPaused());
    // What the program sent before its threads were held reaches the store: no event for 200 ms, four
    // times the ticker's 50 ms, which a pause that held nothing would never give.
    QVERIFY(test::untilQuiet([&] { return eventCount(w); }, [] { QTest::qWait(10); }, 200, kTimeoutMs));
    const std::uint64_t held = eventCount(w);
    const std::int64_t now = w.runs()->nowTs();
    QTest::qWait(400);
    QCOMPARE(eventCount(w), held);
    QVERIFY2(w.runs()->nowTs() - now < 20'000'000, qPrintable(QString::number(w.runs()->nowTs() - now)));
    QVERIFY(w.runs()->isRunning());
    QCOMPARE(w.summary()->stateText(), QStringLiteral("❚❚ paused"));
    QCOMPARE(w.header()->stateText(), QStringLiteral("paused"));
    QVERIFY(w.windowTitle().contains(QStringLiteral("paused")));
    QCOMPARE(w.actions()->pause->text(), QStringLiteral("&Resume"));
    QVERIFY(w.statusBar()->currentMessage().startsWith(QStringLiteral("Paused")));
    QVERIFY(!w.actions()->step->isEnabled());
    QVERIFY(w.viewState()->scrubAllowed());

    w.actions()->pause->trigger(); // resume
    QVERIFY(!w.runs()->isPaused());
    QTRY_VERIFY_WITH_TIMEOUT(eventCount(w) > held + 4, kTimeoutMs);
    QCOMPARE(w.summary()->stateText(), QStringLiteral("● live"));
    QCOMPARE(w.actions()->pause->text(), QStringLiteral("&Pause"));
    QVERIFY(!w.viewState()->scrubAllowed());
    w.actions()->stop->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kTimeoutMs);
    QVERIFY(!w.actions()->pause->isEnabled());
}

void TestMainWindowPythonPause::speedChangesALivePythonRun()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString script = writeFile(dir, QStringLiteral("ticker.py"), kTicker);
    MainWindow w;
    w.program()->launcher().setInterpreter(testPython());
    w.actions()->setSpeedFactor(1.0);
    w.show();
    QVERIFY(w.openScript(script));
    QTRY_VERIFY_WITH_TIMEOUT(w.runs()->pythonSource()->capturedStdout().contains("ready"), kTimeoutMs);
    QCOMPARE(w.runs()->speed(), 1.0);

    w.actions()->faster->trigger();
    const double faster = w.actions()->speedFactor();
    QVERIFY(faster > 1.0);
    QCOMPARE(w.runs()->speed(), faster);
    QCOMPARE(w.runs()->pythonSource()->metadata().speed, faster);
    QCOMPARE(w.runs()->store()->metadata().speed, faster);
    QVERIFY2(w.header()->detailText().endsWith(QStringLiteral("%1x").arg(faster)), qPrintable(w.header()->detailText()));
    QVERIFY2(w.statusBar()->currentMessage().startsWith(QStringLiteral("Speed")),
             qPrintable(w.statusBar()->currentMessage()));

    // Max is 1000x for CPython: the live edge then runs about a thousand times the wall.
    w.actions()->setSpeedFactor(kSpeedMax);
    QCOMPARE(w.runs()->speed(), kMaxSpeed);
    QVERIFY2(w.statusBar()->currentMessage().contains(QStringLiteral("Max has no meaning for CPython")),
             qPrintable(w.statusBar()->currentMessage()));
    const std::int64_t before = w.runs()->nowTs();
    QTest::qWait(100);
    QVERIFY2(w.runs()->nowTs() - before > 20'000'000'000LL, qPrintable(QString::number(w.runs()->nowTs() - before)));
    // The 4000 ticks of 50 ms (200 s at 1x) finish in about a second at 1000x.
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), 10000);
    QCOMPARE(w.runs()->pythonSource()->exitCode(), std::optional<int>(0));
    // The finished run's header says the speed it went at last.
    QCOMPARE(w.runs()->store()->metadata().speed, kMaxSpeed);
    QVERIFY2(w.header()->detailText().endsWith(QStringLiteral("1000x")), qPrintable(w.header()->detailText()));
}

// A lesson run in Python (its listing, with its values) takes the speed too, and its header says it.
void TestMainWindowPythonPause::speedChangeOfALessonInPythonShowsInItsHeader()
{
    MainWindow w;
    w.program()->launcher().setInterpreter(testPython());
    w.actions()->setSpeedFactor(1.0);
    w.show();
    QVERIFY(w.launch(QStringLiteral("join-order")));
    QVERIFY(w.runs()->isRunning()); // replaced by the Python run while live
    w.actions()->runPython->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(w.runs()->pythonSource() && w.runs()->store()->eventCount() > 5, kTimeoutMs);
    QVERIFY(w.runs()->isRunning());
    w.actions()->setSpeedFactor(10.0);
    QCOMPARE(w.runs()->speed(), 10.0);
    // The speed, then what runs it: "... · 10x · in CPython 3.11.2".
    QVERIFY2(w.header()->detailText().contains(QStringLiteral(" · 10x · in CPython")),
             qPrintable(w.header()->detailText()));
    QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->isRunning(), kTimeoutMs);
    QVERIFY2(w.header()->detailText().contains(QStringLiteral(" · 10x · in CPython")),
             qPrintable(w.header()->detailText()));
}

QTEST_MAIN(TestMainWindowPythonPause)
#include "tst_mainwindowpythonpause.moc"
