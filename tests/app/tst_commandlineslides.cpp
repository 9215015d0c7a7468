#include "support/processrun.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace tl::apptest;

namespace {

constexpr int kBadInput = 2;

QSize pictureSize(const QString& path)
{
    QImage image;
    return image.load(path, "PNG") ? image.size() : QSize();
}

} // namespace

// The command line's slide options: --lane-height, --font-scale, --lanes and --quiet.
class TestCommandLineSlides : public QObject {
    Q_OBJECT
private slots:
    void badValues_data();
    void badValues();
    void laneHeightAndFontScaleGrowThePicture();
    void visibleLanesKeepAManyLaneRunSmall();
    void quietKeepsPrintsOffStdout();
    void quietPythonKeepsPrintsOffStdout();
};

void TestCommandLineSlides::badValues_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("names");
    const QStringList png{"--scenario", "join-order", "--export", "%DIR%/j.png"};
    QTest::newRow("lane height too small") << png + QStringList{"--lane-height", "5"} << "--lane-height expects";
    QTest::newRow("lane height too large") << png + QStringList{"--lane-height", "500"} << "--lane-height expects";
    QTest::newRow("lane height not a number") << png + QStringList{"--lane-height", "tall"} << "'tall'";
    QTest::newRow("font scale too small") << png + QStringList{"--font-scale", "0.5"} << "--font-scale expects";
    QTest::newRow("font scale too large") << png + QStringList{"--font-scale", "9"} << "--font-scale expects";
    QTest::newRow("lanes unknown") << png + QStringList{"--lanes", "some"} << "--lanes expects 'all' or 'visible'";
    QTest::newRow("lanes selected has no meaning here") << png + QStringList{"--lanes", "selected"} << "'selected'";
    QTest::newRow("lane height on a trace export")
        << QStringList{"--scenario", "join-order", "--export", "%DIR%/j.json", "--lane-height", "40"}
        << "--lane-height applies to .png";
    QTest::newRow("font scale without export")
        << QStringList{"--scenario", "join-order", "--font-scale", "2"} << "--font-scale needs --export";
    QTest::newRow("lanes without scenario")
        << QStringList{"--lanes", "visible"} << "--lanes needs --scenario ID, a trace FILE or a SCRIPT.py";
    QTest::newRow("quiet without export") << QStringList{"--scenario", "join-order", "--quiet"} << "--quiet";
    QTest::newRow("screenshot with lane height")
        << QStringList{"--screenshot", "%DIR%/s.png", "--lane-height", "40"} << "--lane-height is for --export";
}

// One `threadline:` line naming the problem, exit 2, nothing written.
void TestCommandLineSlides::badValues()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, names);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (QString& a : arguments)
        a.replace(QStringLiteral("%DIR%"), dir.path());
    const ProcessOutcome r = runThreadline(arguments);
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, kBadInput);
    const QString err = r.errText();
    QVERIFY2(err.startsWith(QStringLiteral("threadline: ")), qPrintable(err));
    QVERIFY2(err.endsWith('\n') && err.count('\n') == 1, qPrintable(err));
    QVERIFY2(err.contains(names), qPrintable(err));
    QVERIFY2(r.out.isEmpty(), r.out.constData());
    QVERIFY(QDir(dir.path()).isEmpty());
}

void TestCommandLineSlides::laneHeightAndFontScaleGrowThePicture()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto exportWith = [&dir](const QString& name, const QStringList& options) {
        const QString path = dir.filePath(name);
        const ProcessOutcome r = runThreadline(QStringList{"--scenario", "join-order", "--export", path} + options);
        return r.exitCode == 0 && !r.crashed ? pictureSize(path) : QSize();
    };
    const QSize plain = exportWith(QStringLiteral("plain.png"), {});
    const QSize low = exportWith(QStringLiteral("low.png"), {"--lane-height", "40"});
    const QSize tall = exportWith(QStringLiteral("tall.png"), {"--lane-height", "90"});
    const QSize large = exportWith(QStringLiteral("large.png"), {"--lane-height", "90", "--font-scale", "2"});
    QVERIFY(plain.isValid() && low.isValid() && tall.isValid() && large.isValid());
    QCOMPARE(plain.width(), 1600);
    QVERIFY2(plain.height() >= 360, qPrintable(QString::number(plain.height())));
    // A short lesson's lanes are fitted taller by default; a given height is kept, lane by lane.
    QVERIFY2(tall.height() - low.height() >= 3 * 50,
             qPrintable(QStringLiteral("%1 %2").arg(low.height()).arg(tall.height())));
    QVERIFY2(large.height() > tall.height(),
             qPrintable(QStringLiteral("%1 %2").arg(tall.height()).arg(large.height())));
}

// pool-queue with 1201 threads exported as a 1600 x 28,997 picture; the lanes in view make a slide.
void TestCommandLineSlides::visibleLanesKeepAManyLaneRunSmall()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("pool.png"));
    const ProcessOutcome r = runThreadline({"--scenario", "pool-queue", "--set", "workers=200", "--set", "clients=1000",
                                            "--lanes", "visible", "--quiet", "--export", path});
    QVERIFY2(r.exitCode == 0 && !r.crashed, r.err.constData());
    const QSize size = pictureSize(path);
    QCOMPARE(size.width(), 1600);
    QVERIFY2(size.height() <= 1400, qPrintable(QString::number(size.height())));
}

void TestCommandLineSlides::quietKeepsPrintsOffStdout()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QStringList run{"--scenario", "join-order", "--export", dir.filePath(QStringLiteral("j.json"))};
    const ProcessOutcome loud = runThreadline(run);
    QCOMPARE(loud.exitCode, 0);
    QVERIFY2(!loud.out.isEmpty(), "the lesson printed nothing: the quiet run below proves nothing");
    const ProcessOutcome quiet = runThreadline(run + QStringList{"--quiet"});
    QCOMPARE(quiet.exitCode, 0);
    QVERIFY2(quiet.out.isEmpty(), quiet.out.constData());
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("j.json"))));
    // What went wrong still reaches the terminal, as for a Python program: hello's second start() raised, exit 1,
    // and a quiet run said nothing at all.
    const ProcessOutcome failing =
        runThreadline({"--scenario", "hello", "--quiet", "--export", dir.filePath(QStringLiteral("h.json"))});
    QCOMPARE(failing.exitCode, 1);
    QVERIFY2(failing.out.isEmpty(), failing.out.constData());
    QVERIFY2(failing.err.contains("RuntimeError: threads can only be started once"), failing.err.constData());
}

void TestCommandLineSlides::quietPythonKeepsPrintsOffStdout()
{
    if (QStandardPaths::findExecutable(QStringLiteral("python3")).isEmpty())
        QSKIP("no python3 on PATH");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString script = dir.filePath(QStringLiteral("talk.py"));
    QFile file(script);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("import sys, threading\n"
               "t = threading.Thread(target=lambda: print('from a thread'))\n"
               "t.start(); t.join()\n"
               "print('from main')\n"
               "print('to stderr', file=sys.stderr)\n");
    file.close();
    const QString out = dir.filePath(QStringLiteral("talk.json"));
    const ProcessOutcome loud = runThreadline({"--export", out, script});
    QCOMPARE(loud.exitCode, 0);
    QVERIFY2(loud.out.contains("from main"), loud.out.constData());
    const ProcessOutcome quiet = runThreadline({"--quiet", "--export", out, script});
    QVERIFY2(quiet.exitCode == 0, quiet.err.constData());
    QVERIFY2(quiet.out.isEmpty(), quiet.out.constData());
    // Errors still reach the terminal.
    QVERIFY2(quiet.err.contains("to stderr"), quiet.err.constData());
    QVERIFY(QFile::exists(out));
}

QTEST_GUILESS_MAIN(TestCommandLineSlides)
#include "tst_commandlineslides.moc"
