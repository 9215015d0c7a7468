#include "py/pythonapi.h"
#include "py/queue.h"
#include "py/thread.h"
#include "py/traceback.h"
#include "support/coretestutil.h"
#include "support/pythontestutil.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <unistd.h>

using namespace tl;
using namespace tl::test;

namespace {

// One program, raising where CPython's report differs most: a Thread subclass's run() inside nested
// blocks (queue.Full, a trailing comment), a target in a loop (an assignment's value, no message), and
// the main module (sys.excepthook: no thread heading).
const char* const kListing =
    "import queue\n"
    "import threading\n"
    "\n"
    "q = queue.Queue(maxsize=1)\n"
    "\n"
    "\n"
    "class Worker(threading.Thread):\n"
    "    def run(self):\n"
    "        q.put_nowait(1)\n"
    "        with threading.Lock():\n"
    "            if True:\n"
    "                q.put_nowait(2)  # queue.Full\n"
    "\n"
    "\n"
    "def worker():\n"
    "    for _ in range(1):\n"
    "        item = q.get(timeout=0.01)\n"
    "\n"
    "\n"
    "w = Worker()\n"
    "w.start()\n"
    "w.join()\n"
    "q.get()\n"
    "t = threading.Thread(target=worker)\n"
    "t.start()\n"
    "t.join()\n"
    "futures = [1]\n"
    "futures[0] = q.get_nowait()\n";

// The same program on the engine, each call at its listing line.
void engineMain()
{
    atLine(4);
    auto q = std::make_shared<Queue<int>>(1);
    atLine(20);
    auto w = Thread::create([q] {
        atLine(9);
        q->putNowait(1);
        atLine(12);
        q->putNowait(2);
    });
    atLine(21);
    w->start();
    atLine(22);
    w->join();
    atLine(23);
    q->get();
    atLine(24);
    auto t = Thread::create(
        [q] {
            atLine(17);
            q->get(true, 0.01);
        },
        {.targetName = QStringLiteral("worker")});
    atLine(25);
    t->start();
    atLine(26);
    t->join();
    atLine(28);
    q->getNowait();
}

// CPython's stderr without the frames of its own library (threading.py, queue.py): the engine has no
// such frames, and their lines depend on the Python build. The listing's path becomes its file name.
QString withoutLibraryFrames(const QString& stderrText, const QString& listingPath, const QString& fileName)
{
    QStringList out;
    const QStringList lines = stderrText.split(QLatin1Char('\n'));
    static const QRegularExpression frame(QStringLiteral("^  File \"([^\"]+)\", line \\d+, in "));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QRegularExpressionMatch m = frame.match(lines[i]);
        if (m.hasMatch() && m.captured(1) != listingPath) {
            // Its source line, and the ^ markers under it if any.
            for (++i; i + 1 < lines.size() && lines[i + 1].trimmed().startsWith(QLatin1Char('^'));)
                ++i;
            continue;
        }
        out << QString(lines[i]).replace(listingPath, fileName);
    }
    return out.join(QLatin1Char('\n'));
}

// Runs the engine with its stderr (fd 2) sent to a file, and returns what was written there.
QString engineStderr(const QString& path)
{
    std::fflush(stderr);
    const int saved = ::dup(2);
    std::FILE* file = std::fopen(path.toLocal8Bit().constData(), "w");
    ::dup2(::fileno(file), 2);
    const Recording rec = record(engineMain, {.speed = kSpeedMax,
                                              .echoPrints = true,
                                              .echoErrors = true,
                                              .listing = {QStringLiteral("lesson.py"), QString::fromUtf8(kListing)}});
    std::fflush(stderr);
    ::dup2(saved, 2);
    ::close(saved);
    std::fclose(file);
    QFile written(path);
    if (!rec.finishedInTime || !written.open(QIODevice::ReadOnly))
        return QStringLiteral("(the engine run did not finish)");
    return QString::fromUtf8(written.readAll());
}

} // namespace

// An uncaught exception's report is CPython's, line for line, but for the frames of Python's own library.
class tst_Traceback : public QObject {
    Q_OBJECT
private slots:
    void reportsAsCPythonDoes();
    void functionIsFoundByIndentation();
    void noListingNoFrame();
};

void tst_Traceback::reportsAsCPythonDoes()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString script = dir.filePath(QStringLiteral("lesson.py"));
    QFile file(script);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(kListing);
    file.close();
    QProcess python;
    python.start(pytest::testPython(), {script});
    QVERIFY(python.waitForFinished(30000));
    QCOMPARE(python.exitCode(), 1);
    const QString expected =
        withoutLibraryFrames(QString::fromUtf8(python.readAllStandardError()), script, QStringLiteral("lesson.py"));
    QVERIFY2(expected.count(QStringLiteral("Traceback")) == 3, qPrintable(expected));

    QCOMPARE(engineStderr(dir.filePath(QStringLiteral("stderr.txt"))), expected);
}

void tst_Traceback::functionIsFoundByIndentation()
{
    const ListingText listing{QStringLiteral("x.py"), QString::fromUtf8(kListing)};
    QCOMPARE(listingFrame(listing, 9)->function, QStringLiteral("run"));
    QCOMPARE(listingFrame(listing, 12)->function, QStringLiteral("run"));
    QCOMPARE(listingFrame(listing, 17)->function, QStringLiteral("worker"));
    QCOMPARE(listingFrame(listing, 28)->function, QStringLiteral("<module>"));
    QCOMPARE(listingFrame(listing, 12)->source, QStringLiteral("q.put_nowait(2)  # queue.Full"));
    // A blank line, a line past the end and line 0 name no frame.
    QVERIFY(!listingFrame(listing, 5));
    QVERIFY(!listingFrame(listing, 400));
    QVERIFY(!listingFrame(listing, 0));
}

void tst_Traceback::noListingNoFrame()
{
    QVERIFY(!listingFrame(ListingText{}, 3));
    QCOMPARE(uncaughtReport(ErrorSite::Thread, QStringLiteral("Thread-1"), QueueEmpty(), std::nullopt),
             QByteArray("Exception in thread Thread-1:\n_queue.Empty\n"));
    QCOMPARE(uncaughtReport(ErrorSite::Main, QStringLiteral("MainThread"), RuntimeError(QStringLiteral("x")),
                            std::nullopt),
             QByteArray("RuntimeError: x\n"));
}

QTEST_GUILESS_MAIN(tst_Traceback)
#include "tst_traceback.moc"
