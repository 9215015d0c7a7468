#include "py/futurewait.h"
#include "py/pythonapi.h"
#include "py/threadingevent.h"
#include "py/threadpoolexecutor.h"
#include "support/coretestutil.h"
#include "support/pythontestutil.h"

#include <QRegularExpression>
#include <QTemporaryFile>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <unistd.h>

using namespace tl;
using namespace tl::test;

namespace {

// One program in python3 and on the engine: Future.add_done_callback (which thread runs a callback, and
// when), concurrent.futures.wait (each return_when, a timeout), as_completed (finishing order, its
// timeout's message) and Executor.map (the items' order, its timeout, an error at its turn). Each line
// it says must be the same.
const char* const kProgram =
    "import concurrent.futures as cf, threading, time\n"
    "out = []\n"
    "def say(*a): out.append(' '.join(str(x) for x in a))\n"
    "def slow(x):\n"
    "    time.sleep(x)\n"
    "    return x\n"
    "with cf.ThreadPoolExecutor(max_workers=3) as ex:\n"
    "    f = ex.submit(slow, 0.1)\n"
    "    f.add_done_callback(lambda fut: say('cb1', threading.current_thread().name, fut.result()))\n"
    "    f.add_done_callback(lambda fut: say('cb2', threading.current_thread().name))\n"
    "    f.result(); time.sleep(0.05)\n"
    "    f.add_done_callback(lambda fut: say('cb3', threading.current_thread().name))\n"
    "    a, b, c = ex.submit(slow, 0.3), ex.submit(slow, 0.1), ex.submit(slow, 0.2)\n"
    "    d, nd = cf.wait([a, b, c], return_when=cf.FIRST_COMPLETED)\n"
    "    say('first', sorted(x.result() for x in d), len(nd))\n"
    "    d, nd = cf.wait([a, b, c], timeout=0.05)\n"
    "    say('timeout', len(d), len(nd))\n"
    "    d, nd = cf.wait([a, b, c, a])\n"
    "    say('all', len(d), len(nd))\n"
    "    e = ex.submit(lambda: 1 / 0); g = ex.submit(slow, 0.5)\n"
    "    d, nd = cf.wait([g, e], return_when=cf.FIRST_EXCEPTION)\n"
    "    say('first_exception', len(d), len(nd), type(e.exception()).__name__)\n"
    "    g.result()\n"
    "    fs = [ex.submit(slow, t) for t in (0.3, 0.1, 0.2)]\n"
    "    say('as_completed', [x.result() for x in cf.as_completed(fs)])\n"
    "    fs = [ex.submit(slow, t) for t in (0.4, 0.05, 0.6)]\n"
    "    try:\n"
    "        for x in cf.as_completed(fs, timeout=0.2):\n"
    "            say('got', x.result())\n"
    "    except cf.TimeoutError as err:\n"
    "        say('TimeoutError', err)\n"
    "    for x in fs: x.result()\n"
    "    say('map', list(ex.map(slow, [0.3, 0.1, 0.2])))\n"
    "    try:\n"
    "        for r in ex.map(slow, [0.1, 0.4], timeout=0.2):\n"
    "            say('mapped', r)\n"
    "    except cf.TimeoutError as err:\n"
    "        say('map TimeoutError', repr(str(err)))\n"
    "    time.sleep(0.5)\n"
    "    def maybe(x):\n"
    "        if x == 2: raise ValueError('two')\n"
    "        return x\n"
    "    try:\n"
    "        for r in ex.map(maybe, [1, 2, 3]):\n"
    "            say('mapped', r)\n"
    "    except ValueError as err:\n"
    "        say('map ValueError', err)\n"
    "    block = threading.Event()\n"
    "    ws = [ex.submit(block.wait) for _ in range(3)]\n"
    "    h = ex.submit(slow, 0)\n"
    "    h.add_done_callback(lambda fut: say('cancel cb', threading.current_thread().name, fut.cancelled()))\n"
    "    say('cancel', h.cancel(), h.cancel(), h.done())\n"
    "    block.set()\n"
    "print('\\n'.join(out))\n";

QString num(const QVariant& v)
{
    return QString::number(v.toDouble(), 'g', QLocale::FloatingPointShortest);
}

QString list(const QStringList& items)
{
    return QLatin1Char('[') + items.join(QStringLiteral(", ")) + QLatin1Char(']');
}

QString boolText(bool b)
{
    return b ? QStringLiteral("True") : QStringLiteral("False");
}

// The program above, step for step, on the engine.
void engineProgram(QStringList& out)
{
    const auto say = [&out](const QString& line) { out << line; };
    const auto slow = [](double x) {
        return [x] {
            sleep(x);
            return QVariant(x);
        };
    };
    ThreadPoolExecutor ex(3);
    Future f = ex.submit(slow(0.1));
    f.addDoneCallback([&](const Future& fut) { say(QStringLiteral("cb1 %1 %2").arg(currentThreadName(), num(fut.result()))); });
    f.addDoneCallback([&](const Future&) { say(QStringLiteral("cb2 %1").arg(currentThreadName())); });
    f.result();
    sleep(0.05);
    f.addDoneCallback([&](const Future&) { say(QStringLiteral("cb3 %1").arg(currentThreadName())); });

    Future a = ex.submit(slow(0.3)), b = ex.submit(slow(0.1)), c = ex.submit(slow(0.2));
    DoneAndNotDone w = waitForFutures({a, b, c}, std::nullopt, ReturnWhen::FirstCompleted);
    QStringList done;
    for (const Future& x : w.done)
        done << num(x.result());
    std::sort(done.begin(), done.end());
    say(QStringLiteral("first %1 %2").arg(list(done)).arg(w.notDone.size()));
    w = waitForFutures({a, b, c}, 0.05);
    say(QStringLiteral("timeout %1 %2").arg(w.done.size()).arg(w.notDone.size()));
    w = waitForFutures({a, b, c, a});
    say(QStringLiteral("all %1 %2").arg(w.done.size()).arg(w.notDone.size()));
    Future e = ex.submit([]() -> QVariant { throw PyException(QStringLiteral("ZeroDivisionError"), QStringLiteral("division by zero")); });
    Future g = ex.submit(slow(0.5));
    w = waitForFutures({g, e}, std::nullopt, ReturnWhen::FirstException);
    say(QStringLiteral("first_exception %1 %2 %3").arg(w.done.size()).arg(w.notDone.size()).arg(e.exception()->type()));
    g.result();

    std::vector<Future> fs{ex.submit(slow(0.3)), ex.submit(slow(0.1)), ex.submit(slow(0.2))};
    QStringList order;
    AsCompleted completed(fs);
    while (const std::optional<Future> x = completed.next())
        order << num(x->result());
    say(QStringLiteral("as_completed %1").arg(list(order)));
    fs = {ex.submit(slow(0.4)), ex.submit(slow(0.05)), ex.submit(slow(0.6))};
    try {
        AsCompleted timed(fs, 0.2);
        while (const std::optional<Future> x = timed.next())
            say(QStringLiteral("got %1").arg(num(x->result())));
    } catch (const TimeoutError& err) {
        say(QStringLiteral("TimeoutError %1").arg(err.message()));
    }
    for (const Future& x : fs)
        x.result();

    const auto slowItem = [](const QVariant& x) {
        sleep(x.toDouble());
        return x;
    };
    QStringList mapped;
    MapResults all = ex.map(slowItem, {0.3, 0.1, 0.2});
    while (const std::optional<QVariant> r = all.next())
        mapped << num(*r);
    say(QStringLiteral("map %1").arg(list(mapped)));
    try {
        MapResults timed = ex.map(slowItem, {0.1, 0.4}, 0.2);
        while (const std::optional<QVariant> r = timed.next())
            say(QStringLiteral("mapped %1").arg(num(*r)));
    } catch (const TimeoutError& err) {
        say(QStringLiteral("map TimeoutError '%1'").arg(err.message()));
    }
    sleep(0.5);
    try {
        MapResults maybe = ex.map(
            [](const QVariant& x) {
                if (x.toInt() == 2)
                    throw ValueError(QStringLiteral("two"));
                return x;
            },
            {1, 2, 3});
        while (const std::optional<QVariant> r = maybe.next())
            say(QStringLiteral("mapped %1").arg(r->toInt()));
    } catch (const PyException& err) { // a future's error is kept as its PyException, and raised as that
        say(QStringLiteral("map %1 %2").arg(err.type(), err.message()));
    }

    ThreadingEvent block;
    for (int i = 0; i < 3; ++i)
        ex.submit([&block] { return QVariant(block.wait()); });
    Future h = ex.submit(slow(0));
    h.addDoneCallback([&](const Future& fut) {
        say(QStringLiteral("cancel cb %1 %2").arg(currentThreadName(), boolText(fut.cancelled())));
    });
    const bool first = h.cancel();
    const bool second = h.cancel();
    say(QStringLiteral("cancel %1 %2 %3").arg(boolText(first), boolText(second), boolText(h.done())));
    block.set();
}

} // namespace

// Futures beyond result(): done callbacks, wait(), as_completed() and Executor.map, against python3.
class tst_Futures : public QObject {
    Q_OBJECT
private slots:
    void sameAsCPython();
    void aCallbacksErrorGoesNoFurther();
    void reprSaysTheState();
};

void tst_Futures::sameAsCPython()
{
    const pytest::PythonOutput python = pytest::runPythonCode(QString::fromUtf8(kProgram));
    QVERIFY2(python.error.isEmpty(), qPrintable(python.error));
    QCOMPARE(python.lines.size(), 17);

    QStringList said;
    const auto rec = record([&] { engineProgram(said); });
    QVERIFY(rec.finishedInTime);
    const QString difference = pytest::firstDifference(said, python.lines);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

void tst_Futures::aCallbacksErrorGoesNoFurther()
{
    // CPython logs it ("exception calling callback for <Future ...>" and the traceback's last line) and
    // carries on: the next callback runs, and the future keeps its result.
    QStringList seen;
    QTemporaryFile err;
    QVERIFY(err.open());
    std::fflush(stderr);
    const int saved = ::dup(2);
    ::dup2(err.handle(), 2);
    const auto rec = record(
        [&] {
            ThreadPoolExecutor ex(1);
            Future f = ex.submit([] { return QVariant(42); });
            f.addDoneCallback([](const Future&) { throw ValueError(QStringLiteral("boom")); });
            f.addDoneCallback([&](const Future& fut) { seen << QString::number(fut.result().toInt()); });
            f.result();
            ex.shutdown();
            f.addDoneCallback([](const Future&) { throw ValueError(QStringLiteral("again")); });
            seen << QStringLiteral("after");
        },
        {.speed = kSpeedMax, .echoPrints = true, .echoErrors = true});
    std::fflush(stderr);
    ::dup2(saved, 2);
    ::close(saved);
    QVERIFY(rec.finishedInTime);
    QCOMPARE(seen, (QStringList{"42", "after"}));
    err.seek(0); // fd 2 shared its offset, now at the end
    const QString logged = QString::fromUtf8(err.readAll());
    static const QRegularExpression heading(
        QStringLiteral("^exception calling callback for <Future at 0x[0-9a-f]+ state=finished returned int>$"),
        QRegularExpression::MultilineOption);
    QCOMPARE(static_cast<int>(logged.count(heading)), 2);
    QVERIFY2(logged.contains(QStringLiteral("\nValueError: boom\n")) && logged.contains(QStringLiteral("\nValueError: again\n")),
             qPrintable(logged));
    // Not a thread's uncaught error: no Error event on any lane.
    for (LaneId lane = 0; lane < rec.store->laneCount(); ++lane)
        QVERIFY(eventsOf(*rec.store, lane, EventKind::Error).empty());
}

void tst_Futures::reprSaysTheState()
{
    QStringList reprs;
    const auto rec = record([&] {
        ThreadPoolExecutor ex(1);
        ThreadingEvent go;
        Future running = ex.submit([&go] { return QVariant(go.wait()); });
        Future pending = ex.submit([] { return QVariant(QStringLiteral("s")); });
        Future cancelled = ex.submit([] { return QVariant(); });
        cancelled.cancel();
        while (!running.running())
            sleep(0.01);
        reprs << pending.repr() << cancelled.repr() << running.repr();
        go.set();
        pending.result();
        reprs << pending.repr();
        Future none = ex.submit([] { return QVariant(); });
        Future raised = ex.submit([]() -> QVariant { throw QueueEmpty(); });
        none.exception();
        raised.exception();
        reprs << none.repr() << raised.repr();
    });
    QVERIFY(rec.finishedInTime);
    QVERIFY(reprs[0].startsWith(QStringLiteral("<Future at 0x")));
    QVERIFY(reprs[0].endsWith(QStringLiteral(" state=pending>")));
    QVERIFY(reprs[1].endsWith(QStringLiteral(" state=cancelled>")));
    QVERIFY(reprs[2].endsWith(QStringLiteral(" state=running>")));
    QVERIFY(reprs[3].endsWith(QStringLiteral(" state=finished returned str>")));
    QVERIFY(reprs[4].endsWith(QStringLiteral(" state=finished returned NoneType>")));
    // CPython names the exception's class alone: "raised Empty", not "_queue.Empty".
    QVERIFY2(reprs[5].endsWith(QStringLiteral(" state=finished raised Empty>")), qPrintable(reprs[5]));
}

QTEST_GUILESS_MAIN(tst_Futures)
#include "tst_futures.moc"
