// Pause and resume of a live Python run in the window (issue 10), offscreen against a real interpreter:
// Pause is offered and Step is not, the trace and the clock stand still while paused, the title, the
// header and the status bar say so, the playhead may scrub, and Space again lets the program go on.

#include "pysource/pythonsource.h"
#include "support/pythontestutil.h"
#include "support/uitestutil.h"
#include "timeline/viewstate.h"
#include "trace/tracestore.h"
#include "window/mainwindow.h"
#include "window/programcontroller.h"
#include "window/runcontroller.h"
#include "window/runheader.h"
#include "window/statussummary.h"
#include "window/windowactions.h"

#include <QAction>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace tl;
using namespace tl::ui;
using namespace tl::pytest;

namespace {

constexpr int kTimeoutMs = 30000;

// Ticks every 50 ms for ten seconds: live events all the time, so only a pause holds the trace still.
const QByteArray kTicker = R"(import time
print("ready", flush=True)
for _ in range(200):
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
    QTest::qWait(150); // what the program emitted before its threads were held reaches the store
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

QTEST_MAIN(TestMainWindowPythonPause)
#include "tst_mainwindowpythonpause.moc"
