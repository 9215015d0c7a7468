#include "py/currentthread.h"
#include "py/pythonapi.h"
#include "py/thread.h"
#include "py/threadpoolexecutor.h"
#include "support/coretestutil.h"
#include "support/pythontestutil.h"

#include <QTest>

#include <cmath>
#include <limits>
#include <mutex>

using namespace tl;
using namespace tl::test;

namespace {

// The places where the engine's executor and sleep() once differed from CPython, as one program: the
// default max_workers, worker names after an executor with a thread_name_prefix, the daemon flag of a
// worker a daemon thread made, shutdown(wait=True) from the executor's own task, sleep() of NaN and of
// infinities, and a submit() after the interpreter's exit hook (from a thread main did not wait for yet).
const char* const kProgram =
    "import concurrent.futures as cf, threading, time\n"
    "out = []\n"
    "out.append(str(cf.ThreadPoolExecutor()._max_workers))\n"
    "p = cf.ThreadPoolExecutor(1, thread_name_prefix='p'); p.submit(lambda: None).result()\n"
    "e = cf.ThreadPoolExecutor(1); out.append(e.submit(lambda: threading.current_thread().name).result())\n"
    "p.shutdown(); e.shutdown()\n"
    "res = []\n"
    "def d():\n"
    "    with cf.ThreadPoolExecutor(1) as x:\n"
    "        res.append(x.submit(lambda: threading.current_thread().daemon).result())\n"
    "t = threading.Thread(target=d, daemon=True); t.start(); t.join()\n"
    "out.append(str(res[0]))\n"
    "x = cf.ThreadPoolExecutor(1)\n"
    "err = x.submit(lambda: x.shutdown(wait=True)).exception()\n"
    "out.append(type(err).__name__ + ': ' + str(err))\n"
    "for v in (float('nan'), float('inf'), -float('inf'), -1.0):\n"
    "    try:\n"
    "        time.sleep(v)\n"
    "    except Exception as err:\n"
    "        out.append(type(err).__name__ + ': ' + str(err))\n"
    "print('\\n'.join(out), flush=True)\n"
    "late = cf.ThreadPoolExecutor(1)\n"
    "def later():\n"
    "    time.sleep(0.2)\n"
    "    try:\n"
    "        late.submit(lambda: None)\n"
    "    except RuntimeError as err:\n"
    "        print(type(err).__name__ + ': ' + str(err), flush=True)\n"
    "threading.Thread(target=later).start()\n";

QString said(const PyException& e)
{
    return e.type() + QStringLiteral(": ") + e.message();
}

void engineProgram(QStringList& out, std::mutex& outMutex)
{
    const auto say = [&](const QString& line) {
        std::lock_guard lock(outMutex);
        out << line;
    };
    say(QString::number(ThreadPoolExecutor().maxWorkers()));
    {
        ThreadPoolExecutor p(1, QStringLiteral("p"));
        p.submit([] { return QVariant(); }).result();
        ThreadPoolExecutor e(1);
        say(e.submit([] { return QVariant(currentThreadName()); }).result().toString());
    }
    bool daemonWorker = false;
    auto t = Thread::create(
        [&] {
            ThreadPoolExecutor x(1);
            daemonWorker = x.submit([] { return QVariant(requireCurrentThread("test").daemon.load()); }).result().toBool();
        },
        {.targetName = QStringLiteral("d"), .daemon = true});
    t->start();
    t->join();
    say(daemonWorker ? QStringLiteral("True") : QStringLiteral("False"));
    {
        ThreadPoolExecutor x(1);
        const std::optional<PyException> err = x.submit([&x] {
                                                    x.shutdown(true);
                                                    return QVariant();
                                                })
                                                   .exception();
        say(err ? said(*err) : QStringLiteral("no error"));
    }
    for (double v : {std::nan(""), std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                     -1.0}) {
        if (const std::optional<PyError> err = pyError([v] { sleep(v); }))
            say(err->type + QStringLiteral(": ") + err->message);
    }
    auto late = std::make_shared<ThreadPoolExecutor>(1);
    Thread::create(
        [late, say] {
            sleep(0.2);
            if (const std::optional<PyError> err = pyError([&late] { late->submit([] { return QVariant(); }); }))
                say(err->type + QStringLiteral(": ") + err->message);
        },
        {.targetName = QStringLiteral("later")})
        ->start();
}

} // namespace

// The executor and sleep() where they once differed from CPython, against python3 running the same program.
class tst_ExecutorLikeCPython : public QObject {
    Q_OBJECT
private slots:
    void sameAsCPython();
};

void tst_ExecutorLikeCPython::sameAsCPython()
{
    const pytest::PythonOutput python = pytest::runPythonCode(QString::fromUtf8(kProgram));
    QVERIFY2(python.error.isEmpty(), qPrintable(python.error));
    QCOMPARE(python.lines.size(), 9);

    QStringList out;
    std::mutex outMutex;
    const auto rec = record([&] { engineProgram(out, outMutex); });
    QVERIFY(rec.finishedInTime);
    const QString difference = pytest::firstDifference(out, python.lines);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

QTEST_GUILESS_MAIN(tst_ExecutorLikeCPython)
#include "tst_executorlikecpython.moc"
