#include "py/currentthread.h"
#include "py/excepthook.h"
#include "py/pythonapi.h"
#include "py/thread.h"
#include "support/coretestutil.h"

#include <QTest>

#include <stdexcept>

using namespace tl;
using namespace tl::test;

// The one translation of an exception that escapes Python code, used by threads, main and pool tasks.
class tst_ExceptHook : public QObject {
    Q_OBJECT
private slots:
    void translatesWhatEscapes();
    void reportIsAnErrorEventOnTheLane();
    void sameReportFromThreadsAndMain();
};

void tst_ExceptHook::translatesWhatEscapes()
{
    QVERIFY(catchEscaping([] {}).clean());

    const Escape py = catchEscaping([] { throw ValueError(QStringLiteral("bad")); });
    QVERIFY(py.error && !py.unwound);
    QCOMPARE(py.error->type(), QStringLiteral("ValueError"));
    QCOMPARE(py.error->message(), QStringLiteral("bad"));

    const Escape std = catchEscaping([] { throw std::runtime_error("boom"); });
    QVERIFY(std.error && !std.unwound);
    QCOMPARE(std.error->type(), QStringLiteral("Exception"));
    QCOMPARE(std.error->message(), QStringLiteral("boom"));

    const Escape other = catchEscaping([] { throw 42; });
    QVERIFY(other.error && !other.unwound);
    QCOMPARE(other.error->type(), QStringLiteral("SystemError"));
    QCOMPARE(other.error->message(), QStringLiteral("unknown C++ exception"));

    const Escape unwound = catchEscaping([] { throw ThreadUnwind{ThreadUnwind::Reason::DaemonCut}; });
    QVERIFY(!unwound.error);
    QCOMPARE(unwound.unwound, std::optional(ThreadUnwind::Reason::DaemonCut));
}

void tst_ExceptHook::reportIsAnErrorEventOnTheLane()
{
    const auto rec = record([] { reportUncaught(requireCurrentThread("test"), RuntimeError(QStringLiteral("x"))); });
    QVERIFY(rec.finishedInTime);
    const auto errors = eventsOf(*rec.store, 0, EventKind::Error);
    QCOMPARE(errors.size(), std::size_t(1));
    QCOMPARE(rec.store->strings().text(errors[0].a), QStringLiteral("RuntimeError"));
    QCOMPARE(rec.store->strings().text(errors[0].b), QStringLiteral("x"));
}

void tst_ExceptHook::sameReportFromThreadsAndMain()
{
    // A std::exception escaping a thread and main reads as Python's `Exception: what()` in both.
    const auto rec = record([] {
        auto t = Thread::create([] { throw std::runtime_error("in thread"); }, {.name = QStringLiteral("t")});
        t->start();
        t->join();
        throw std::runtime_error("in main");
    });
    QVERIFY(rec.finishedInTime);
    const TraceStore& s = *rec.store;
    const auto t = laneNamed(s, QStringLiteral("t"));
    QVERIFY(t);
    for (const auto& [lane, message] : {std::pair{*t, "in thread"}, std::pair{LaneId(0), "in main"}}) {
        const auto errors = eventsOf(s, lane, EventKind::Error);
        QCOMPARE(errors.size(), std::size_t(1));
        QCOMPARE(s.strings().text(errors[0].a), QStringLiteral("Exception"));
        QCOMPARE(s.strings().text(errors[0].b), QLatin1String(message));
    }
}

QTEST_GUILESS_MAIN(tst_ExceptHook)
#include "tst_excepthook.moc"
