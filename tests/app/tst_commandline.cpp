#include "scenarios/scenario.h"
#include "support/processrun.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

#include <cmath>

using namespace tl;
using namespace tl::apptest;

namespace {

constexpr int kBadInput = 2;

QStringList withDir(QStringList arguments, const QString& dir)
{
    for (QString& a : arguments)
        a.replace(QStringLiteral("%DIR%"), dir);
    return arguments;
}

} // namespace

class TestCommandLine : public QObject {
    Q_OBJECT

private slots:
    void listScenarios();
    void version();
    void help();
    void badInput_data();
    void badInput();
    void unwritableDirectory();
    void linksAndPipesAsTheOutput();
    void goodExport_data();
    void goodExport();
    void exportSpeed_data();
    void exportSpeed();
    void pictureExport_data();
    void pictureExport();
    void screenshot_data();
    void screenshot();
    void scenarioWithoutExportOpensTheWindow();
    void windowWithNoDisplayIsRefused_data();
    void windowWithNoDisplayIsRefused();
};

void TestCommandLine::listScenarios()
{
    const ProcessOutcome r = runThreadline({"--list-scenarios"});
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    const QString out = r.outText();
    QVERIFY(out.endsWith('\n'));
    const QStringList lines = out.trimmed().split('\n');
    QCOMPARE(lines.size(), 16);
    const auto& scenarios = allScenarios();
    QCOMPARE(lines.size(), static_cast<qsizetype>(scenarios.size()));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QStringList cells = lines[i].split('\t');
        QCOMPARE(cells.size(), 2);
        QCOMPARE(cells[0], scenarios[static_cast<std::size_t>(i)].id);
        QCOMPARE(cells[1], scenarios[static_cast<std::size_t>(i)].title);
    }
    QCOMPARE(lines.front().section('\t', 0, 0), QStringLiteral("hello"));
}

void TestCommandLine::version()
{
    const ProcessOutcome r = runThreadline({"--version"});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.outText(), QStringLiteral("threadline %1\n").arg(QStringLiteral(THREADLINE_VERSION)));
    QVERIFY(r.err.isEmpty());
}

void TestCommandLine::help()
{
    const ProcessOutcome r = runThreadline({"--help"});
    QCOMPARE(r.exitCode, 0);
    const QString out = r.outText();
    for (const char* option :
         {"--list-scenarios", "--scenario", "--set", "--speed", "--export", "--version", "--python", "SCRIPT.py", "-m"})
        QVERIFY2(out.contains(QLatin1String(option)), option);
    QVERIFY(out.contains(QStringLiteral("producer-consumer")));
}

void TestCommandLine::badInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("names"); // what the one line must mention

    const QString out = QStringLiteral("%DIR%/out.json");
    QTest::newRow("unknown scenario") << QStringList{"--scenario", "foo", "--export", out} << "unknown scenario 'foo'";
    QTest::newRow("unknown parameter key")
        << QStringList{"--scenario", "hello", "--set", "nope=1", "--export", out} << "unknown parameter 'nope'";
    // The second was taken, silently.
    QTest::newRow("parameter set twice") << QStringList{"--scenario", "producer-consumer", "--set",    "items=4",
                                                        "--set",      "items=5",           "--export", out}
                                         << "parameter 'items' is set twice";
    QTest::newRow("value out of range") << QStringList{"--scenario", "producer-consumer", "--set",
                                                       "items=0",    "--export",          out}
                                        << "items = 0";
    QTest::newRow("value above range") << QStringList{"--scenario",   "producer-consumer", "--set",
                                                      "maxsize=5000", "--export",          out}
                                       << "maxsize";
    // Its digits were cut to six: "600 is out of range 0..600".
    QTest::newRow("just above range") << QStringList{"--scenario", "sleeping-workers",
                                                     "--set",      "seconds=600.0000000000001",
                                                     "--export",   out}
                                      << "seconds = 600.0000000000001 is out of range 0..600";
    // It said "applies to .png, .svg and .pdf exports only", and for an SVG "to .png exports only".
    QTest::newRow("scale for a trace") << QStringList{"--scenario", "hello", "--scale", "2", "--export", out}
                                       << "--scale applies to .png exports only";
    QTest::newRow("whole number expected")
        << QStringList{"--scenario", "producer-consumer", "--set", "items=2.5", "--export", out} << "items";
    QTest::newRow("bool expected") << QStringList{"--scenario", "hello", "--set", "start_twice=maybe", "--export", out}
                                   << "start_twice";
    QTest::newRow("set without equals") << QStringList{"--scenario", "hello", "--set", "start_twice", "--export", out}
                                        << "key=value";
    QTest::newRow("set with empty key") << QStringList{"--scenario", "hello", "--set", "=1", "--export", out}
                                        << "key=value";
    QTest::newRow("set without scenario") << QStringList{"--set", "items=3"} << "--set needs --scenario";
    // It ran the whole lesson, then refused (exit 1).
    QTest::newRow("a PNG too wide") << QStringList{"--scenario", "join-order", "--width",  "16000",
                                                   "--scale",    "4",          "--export", "%DIR%/r.png"}
                                    << "a PNG 64000 pixels wide";
    QTest::newRow("quiet alone") << QStringList{"--quiet"} << "--quiet applies to headless runs";
    QTest::newRow("an option for a value") << QStringList{"--scenario", "hello", "--speed", "--export", "%DIR%/r.json"}
                                           << "--speed needs <x>, got the option --export";
    QTest::newRow("speed without scenario")
        << QStringList{"--speed", "2"} << "--speed needs --scenario ID or a SCRIPT.py";
    QTest::newRow("export without scenario")
        << QStringList{"--export", out} << "--export needs --scenario ID, a trace FILE or a SCRIPT.py";
    QTest::newRow("window with a value out of range")
        << QStringList{"--scenario", "producer-consumer", "--set", "items=0"} << "items";
    QTest::newRow("window with an unknown scenario") << QStringList{"--scenario", "foo"} << "unknown scenario 'foo'";
    QTest::newRow("window with a picture width") << QStringList{"--scenario", "hello", "--width", "800"} << "--width";
    QTest::newRow("window with a bad speed") << QStringList{"--scenario", "hello", "--speed", "0"} << "--speed";
    QTest::newRow("speed zero") << QStringList{"--scenario", "hello", "--speed", "0", "--export", out} << "--speed";
    QTest::newRow("speed too high") << QStringList{"--scenario", "hello", "--speed", "5000", "--export", out}
                                    << "--speed";
    QTest::newRow("speed not a number") << QStringList{"--scenario", "hello", "--speed", "fast", "--export", out}
                                        << "'fast'";
    // "inf" reads as a number, infinity, the value max is kept as: it was taken as max.
    QTest::newRow("speed inf") << QStringList{"--scenario", "hello", "--speed", "inf", "--export", out} << "'inf'";
    QTest::newRow("speed MAX") << QStringList{"--scenario", "hello", "--speed", "MAX", "--export", out} << "'MAX'";
    QTest::newRow("unknown suffix") << QStringList{"--scenario", "hello", "--export", "%DIR%/out.txt"} << ".txt";
    QTest::newRow("no suffix") << QStringList{"--scenario", "hello", "--export", "%DIR%/out"} << "suffix";
    QTest::newRow("picture too narrow") << QStringList{"--scenario",    "hello",   "--export",
                                                       "%DIR%/out.png", "--width", "10"}
                                        << "--width";
    QTest::newRow("picture width not a number")
        << QStringList{"--scenario", "hello", "--export", "%DIR%/out.pdf", "--width", "wide"} << "'wide'";
    QTest::newRow("scale on an svg") << QStringList{"--scenario", "hello", "--export", "%DIR%/out.svg", "--scale", "2"}
                                     << "--scale";
    QTest::newRow("scale too large") << QStringList{"--scenario", "hello", "--export", "%DIR%/out.png", "--scale", "9"}
                                     << "--scale";
    QTest::newRow("width on a trace export")
        << QStringList{"--scenario", "hello", "--export", out, "--width", "800"} << "--width";
    QTest::newRow("after without screenshot") << QStringList{"--after", "2"} << "--after";
    QTest::newRow("screenshot not png") << QStringList{"--screenshot", "%DIR%/shot.jpg"} << ".png";
    QTest::newRow("screenshot with export")
        << QStringList{"--screenshot", "%DIR%/shot.png", "--export", out} << "--export";
    QTest::newRow("screenshot of unknown scenario")
        << QStringList{"--screenshot", "%DIR%/shot.png", "--scenario", "foo"} << "unknown scenario 'foo'";
    QTest::newRow("screenshot with a value out of range")
        << QStringList{"--screenshot", "%DIR%/shot.png", "--set", "producers=0"} << "producers";
    QTest::newRow("screenshot with a bad speed")
        << QStringList{"--screenshot", "%DIR%/shot.png", "--speed", "fast"} << "'fast'";
    QTest::newRow("screenshot waits too long")
        << QStringList{"--screenshot", "%DIR%/shot.png", "--after", "-1"} << "--after";
    QTest::newRow("missing directory") << QStringList{"--scenario", "hello", "--export", "%DIR%/missing/out.json"}
                                       << "does not exist";
    QTest::newRow("a file where a directory should be")
        << QStringList{"--scenario", "hello", "--export", "/etc/passwd/out.json"}
        << "'/etc/passwd' is a file, not a directory";
    QTest::newRow("empty export path") << QStringList{"--scenario", "hello", "--export", ""}
                                       << "--export needs <file>, got an empty value";
    QTest::newRow("export onto a directory")
        << QStringList{"--scenario", "hello", "--export", "%DIR%/sub.json"} << "is a directory";
    QTest::newRow("scenario given twice")
        << QStringList{"--scenario", "hello", "--scenario", "daemon", "--export", out} << "--scenario";
    QTest::newRow("unknown option") << QStringList{"--bogus"} << "bogus";
    // A bare argument is a script to run (as `python hello` would take it): here a missing one.
    QTest::newRow("stray argument is taken for a script") << QStringList{"hello"} << "cannot run 'hello': no such file";
    QTest::newRow("list with run options")
        << QStringList{"--list-scenarios", "--scenario", "hello"} << "--list-scenarios";
}

// One line on stderr naming the problem, exit code 2, nothing on stdout (nothing ran), no file.
void TestCommandLine::badInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, names);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("sub.json")));
    const ProcessOutcome r = runThreadline(withDir(arguments, dir.path()));
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, kBadInput);
    const QString err = r.errText();
    QVERIFY2(err.startsWith(QStringLiteral("threadline: ")), qPrintable(err));
    QVERIFY2(err.endsWith('\n') && err.count('\n') == 1, qPrintable(err));
    QVERIFY2(err.contains(names), qPrintable(err));
    QVERIFY2(r.out.isEmpty(), r.out.constData());
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList{"sub.json"});
}

// A link is written through, to its target; a link to nowhere was taken, the lesson ran, and the write failed after
// it (exit 1). A pipe named like a trace was replaced by a regular file.
void TestCommandLine::linksAndPipesAsTheOutput()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString dangling = dir.filePath(QStringLiteral("dangling.json"));
    QVERIFY(QFile::link(dir.filePath(QStringLiteral("missing/x.json")), dangling));
    const ProcessOutcome toNowhere = runThreadline({"--scenario", "join-order", "--export", dangling});
    QCOMPARE(toNowhere.exitCode, kBadInput);
    QVERIFY2(toNowhere.errText().contains(QStringLiteral("does not exist")), toNowhere.err.constData());

    const QString pipe = dir.filePath(QStringLiteral("pipe.json"));
    QCOMPARE(::mkfifo(QFile::encodeName(pipe).constData(), 0600), 0);
    const ProcessOutcome toPipe = runThreadline({"--scenario", "join-order", "--export", pipe});
    QCOMPARE(toPipe.exitCode, kBadInput);
    QVERIFY2(toPipe.errText().contains(QStringLiteral("not a regular file")), toPipe.err.constData());
    struct stat st {};
    QCOMPARE(::stat(QFile::encodeName(pipe).constData(), &st), 0);
    QVERIFY(S_ISFIFO(st.st_mode)); // left as it was

    const QString link = dir.filePath(QStringLiteral("link.json"));
    QVERIFY(QFile::link(dir.filePath(QStringLiteral("real.json")), link));
    const ProcessOutcome through = runThreadline({"--scenario", "join-order", "--export", link});
    QCOMPARE(through.exitCode, 0);
    QVERIFY(QFileInfo(link).isSymLink());
    QVERIFY(QFileInfo(dir.filePath(QStringLiteral("real.json"))).size() > 0);
}

// A directory no file can be created in: read-only for an ordinary user; for root (who ignores
// permission bits) /proc, where no one can create a file.
void TestCommandLine::unwritableDirectory()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString target = dir.filePath(QStringLiteral("locked/out.json"));
    if (::geteuid() == 0) {
        if (!QFileInfo(QStringLiteral("/proc/self")).exists())
            QSKIP("running as root without /proc: no unwritable directory to test with");
        target = QStringLiteral("/proc/threadline-test-out.json");
    } else {
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("locked")));
        QVERIFY(QFile::setPermissions(dir.filePath(QStringLiteral("locked")),
                                      QFileDevice::ReadOwner | QFileDevice::ExeOwner));
    }
    const ProcessOutcome r = runThreadline({"--scenario", "hello", "--export", target});
    QCOMPARE(r.exitCode, kBadInput);
    const QString err = r.errText();
    QVERIFY2(err.contains(QStringLiteral("not writable")) && err.count('\n') == 1, qPrintable(err));
    QVERIFY(r.out.isEmpty());
    QVERIFY(!QFile::exists(target));
}

void TestCommandLine::goodExport_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("startTwice");
    QTest::newRow("json, defaults") << "hello.json" << true;
    QTest::newRow("json, start_twice=false") << "hello.json" << false;
    QTest::newRow("upper-case suffix") << "HELLO.JSON" << true;
    QTest::newRow("csv") << "hello.csv" << true;
}

void TestCommandLine::goodExport()
{
    QFETCH(QString, file);
    QFETCH(bool, startTwice);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(file);
    const ProcessOutcome r =
        runThreadline({"--scenario", "hello", "--set",
                       startTwice ? QStringLiteral("start_twice=true") : QStringLiteral("start_twice=0"), "--speed",
                       "100", "--export", path});
    QVERIFY(!r.crashed);
    // As python3 hello.py: exit 1 after the second start()'s traceback, which names the listing's line.
    QCOMPARE(r.exitCode, startTwice ? 1 : 0);
    QCOMPARE(r.err.contains("Traceback (most recent call last):\n  File \"hello.py\", line 14, in <module>\n"),
             startTwice);
    QVERIFY2(r.out.contains("Hello, world!"), r.out.constData()); // the run's console
    QFile written(path);
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QByteArray bytes = written.readAll();
    // Only the file: no temporary left next to it.
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList{file});

    if (file.endsWith(QStringLiteral(".csv"))) {
        QVERIFY(bytes.startsWith("ts_us,tid,thread,event,line,"));
        QVERIFY(bytes.contains(",MainThread,run-begin,"));
        QVERIFY(bytes.contains("Hello, world!"));
        return;
    }
    QJsonParseError error;
    const QJsonObject root = QJsonDocument::fromJson(bytes, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(root.value("traceEvents").toArray().size() > 0);
    const QJsonObject other = root.value("otherData").toObject();
    QCOMPARE(other.value("scenario").toString(), QStringLiteral("hello"));
    QCOMPARE(other.value("speed").toDouble(), 100.0);
    QCOMPARE(other.value("parameters").toObject().value("start_twice").toBool(), startTwice);
    // What ran it: the engine, so no interpreter, script or arguments.
    QCOMPARE(other.value("source").toString(), QStringLiteral("engine"));
    QVERIFY(!other.contains("interpreter") && !other.contains("script") && !other.contains("args"));
    // start_twice raises on the main lane; without it there is no error.
    int errors = 0;
    for (const QJsonValue& e : root.value("traceEvents").toArray())
        errors += e.toObject().value("name") == QStringLiteral("error") ? 1 : 0;
    QCOMPARE(errors, startTwice ? 1 : 0);
}

// A headless export runs at max unless --speed says otherwise: sleeping-workers' five 10 s sleeps take no
// wall time (it took 10 s at 1x), and the trace still shows each sleep exactly 10 s long (issue 10).
void TestCommandLine::exportSpeed_data()
{
    QTest::addColumn<QStringList>("speed");
    QTest::addColumn<QJsonValue>("written"); // otherData.speed
    QTest::newRow("default: max") << QStringList{} << QJsonValue(QStringLiteral("max"));
    QTest::newRow("--speed max") << QStringList{"--speed", "max"} << QJsonValue(QStringLiteral("max"));
    QTest::newRow("--speed 1000") << QStringList{"--speed", "1000"} << QJsonValue(1000.0);
}

void TestCommandLine::exportSpeed()
{
    QFETCH(QStringList, speed);
    QFETCH(QJsonValue, written);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("run.json"));
    QElapsedTimer wall;
    wall.start();
    const ProcessOutcome r = runThreadline(QStringList{"--scenario", "sleeping-workers", "--export", path} + speed);
    const qint64 elapsedMs = wall.elapsed();
    QVERIFY(!r.crashed);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(elapsedMs < 5000, qPrintable(QString::number(elapsedMs)));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(root.value("otherData").toObject().value("speed"), written);
    int sleeps = 0;
    for (const QJsonValue& v : root.value("traceEvents").toArray()) {
        const QJsonObject e = v.toObject();
        if (e.value("ph") != QStringLiteral("X") || e.value("name") != QStringLiteral("sleep"))
            continue;
        ++sleeps;
        const double durationUs = e.value("dur").toDouble();
        QVERIFY2(std::abs(durationUs - 10e6) <= 1000, qPrintable(QString::number(durationUs)));
    }
    QCOMPARE(sleeps, 5);
}

// Pictures render with no display: DISPLAY is removed and QT_QPA_PLATFORM names no platform, so the
// binary must pick the offscreen one itself.
void TestCommandLine::pictureExport_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QByteArray>("magic");
    QTest::newRow("png") << "hello.png" << QStringList{} << QByteArray("\x89PNG");
    QTest::newRow("png at 2x, 800 wide") << "hello.png" << QStringList{"--width", "800", "--scale", "2"}
                                         << QByteArray("\x89PNG");
    QTest::newRow("svg") << "hello.svg" << QStringList{"--width", "1200"} << QByteArray("<?xml");
    QTest::newRow("pdf") << "hello.pdf" << QStringList{} << QByteArray("%PDF");
}

void TestCommandLine::pictureExport()
{
    QFETCH(QString, file);
    QFETCH(QStringList, options);
    QFETCH(QByteArray, magic);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(file);
    const ProcessOutcome r =
        runThreadline(QStringList{"--scenario", "hello", "--speed", "100", "--export", path} + options);
    QVERIFY(!r.crashed);
    QVERIFY2(r.exitCode == 1, r.err.constData()); // hello's main raises, as in python3: written all the same
    QFile written(path);
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QByteArray bytes = written.readAll();
    QVERIFY(bytes.startsWith(magic));
    QVERIFY(bytes.size() > 1000);
    if (file.endsWith(QStringLiteral(".svg")))
        QVERIFY(bytes.contains("MainThread"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList{file});
}

void TestCommandLine::screenshot_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("hello") << QStringList{"--scenario", "hello"};
    QTest::newRow("producer-consumer with values and speed")
        << QStringList{"--scenario", "producer-consumer", "--set", "producers=4", "--set", "items=12", "--speed", "20"};
}

// The real window, run live for a moment and grabbed: offscreen here, under Xvfb for the README.
void TestCommandLine::screenshot()
{
    QFETCH(QStringList, arguments);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("shot.png"));
    const ProcessOutcome r = runThreadline(QStringList{"--screenshot", path, "--after", "0.5"} + arguments);
    QVERIFY(!r.crashed);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    // With no display it says nothing: the offscreen platform's "does not support propagateSizeHints()" came.
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    QFile written(path);
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QByteArray bytes = written.readAll();
    QVERIFY(bytes.startsWith("\x89PNG"));
    QVERIFY(bytes.size() > 10000);
}

// `--scenario ID` with no --export opens the window (offscreen here) instead of refusing: it is still
// running after a second and a half, has reported no problem, and ends when asked to.
void TestCommandLine::scenarioWithoutExportOpensTheWindow()
{
    QProcess process;
    process.setProcessEnvironment(programEnvironment(Display::Offscreen));
    process.start(QStringLiteral(THREADLINE_BINARY),
                  {"--scenario", "producer-consumer", "--set", "producers=3", "--speed", "10"});
    QVERIFY(process.waitForStarted());
    QVERIFY2(!process.waitForFinished(1500), qPrintable(QString::fromUtf8(process.readAllStandardError())));
    QCOMPARE(process.state(), QProcess::Running);
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(!err.contains("threadline:"), err.constData()); // Qt's own warnings may come; ours may not
    process.terminate();
    QVERIFY(process.waitForFinished(10000));
}

void TestCommandLine::windowWithNoDisplayIsRefused_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("note"); // what comes before the refusal
    QTest::newRow("no arguments") << QStringList{} << QByteArray();
    QTest::newRow("a scenario to open") << QStringList{"--scenario", "hello"} << QByteArray();
    QTest::newRow("a script, Threadline's options after it")
        << QStringList{"%SCRIPT%", "--export", "x.png"}
        << QByteArray("threadline: note: --export after the script goes to the program, as python3 passes it on; "
                      "Threadline's own options go before the script\n");
    QTest::newRow("a module, Threadline's options after it")
        << QStringList{"-m", "json.tool", "--speed=2", "--export", "x.png", "--speed", "3"}
        << QByteArray("threadline: note: --speed, --export after the module go to the program, as python3 passes "
                      "them on; Threadline's own options go before the module\n");
}

// With no display, opening the window is one clear line and exit 1, not Qt's abort.
void TestCommandLine::windowWithNoDisplayIsRefused()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, note);
    // `threadline tim.py --export x.png` went to the window, the program taking the option, and the message gave no
    // clue why (a reviewer): a note comes first.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("tim.py"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write("print('hi')\n") > 0);
    file.close();
    arguments.replaceInStrings(QStringLiteral("%SCRIPT%"), path);
    const ProcessOutcome r = runThreadline(arguments, Display::NoneAtAll);
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.startsWith(note + "threadline: no display"), r.err.constData());
    QVERIFY2(r.err.contains("--export FILE"), r.err.constData());
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
