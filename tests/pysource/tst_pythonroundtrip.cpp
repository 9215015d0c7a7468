// A traced CPython run saved as Chrome JSON and opened again is the run: its CSV against the CSV of the store
// read back from its export, row by row (support/csvroundtrip.h). A user's bounded queue lost its blocked puts'
// depth, the lines of the waits' ends and its threads' creation this way.

#include "pythonrun.h"
#include "support/csvroundtrip.h"

#include <QTest>

using namespace tl;
using namespace tl::pytest;

namespace {

// The user's program: a producer blocked on a full queue of two, a consumer slower than it, sleeps, joins.
const QByteArray kBoundedQueue = QByteArrayLiteral("import threading, queue, sys, time\n"
                                                   "q = queue.Queue(maxsize=2)\n"
                                                   "def producer():\n"
                                                   "    for i in range(5):\n"
                                                   "        q.put(i)\n"
                                                   "        print(\"put\", i)\n"
                                                   "    q.put(None)\n"
                                                   "def consumer():\n"
                                                   "    while True:\n"
                                                   "        x = q.get()\n"
                                                   "        if x is None:\n"
                                                   "            break\n"
                                                   "        time.sleep(0.2)\n"
                                                   "        print(\"got\", x)\n"
                                                   "        q.task_done()\n"
                                                   "p = threading.Thread(target=producer, name=\"producer\")\n"
                                                   "c = threading.Thread(target=consumer, name=\"consumer\")\n"
                                                   "p.start(); c.start()\n"
                                                   "p.join(); c.join()\n"
                                                   "print(\"done\")\n"
                                                   // A line to stderr: its print keeps its stream when read back.
                                                   "print(\"and to stderr\", file=sys.stderr)\n");

} // namespace

class tst_PythonRoundTrip : public QObject {
    Q_OBJECT

private slots:
    void csvSurvivesTheRoundTrip_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QByteArray>("code");
        QTest::addRow("a bounded queue") << QString() << kBoundedQueue;
        QTest::addRow("pool-executor listing")
            << QStringLiteral(THREADLINE_LISTINGS_DIR "/pool-executor.py") << QByteArray();
        QTest::addRow("barrier listing") << QStringLiteral(THREADLINE_LISTINGS_DIR "/barrier.py") << QByteArray();
    }

    void csvSurvivesTheRoundTrip()
    {
        QFETCH(QString, script);
        QFETCH(QByteArray, code);
        PythonRunOptions options;
        options.script = script.isEmpty() ? writeScript(code) : script;
        options.speed = 10.0;
        const Run python = run(options);
        QVERIFY2(python.startError.isEmpty(), qPrintable(python.startError));
        int compared = 0;
        const QString differences = test::csvRoundTripDifferences(*python.store, compared);
        QVERIFY2(differences.isEmpty(), qPrintable(differences));
        QVERIFY(compared > 20);
    }
};

QTEST_GUILESS_MAIN(tst_PythonRoundTrip)
#include "tst_pythonroundtrip.moc"
