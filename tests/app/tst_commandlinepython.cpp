// `threadline [options] SCRIPT.py [args...]` and `-m MODULE` through the real binary: arguments passed
// through, the program's exit code and output, every export format, Threadline's own bad input (signals:
// tst_pythonsignals).

#include "support/exportjson.h"
#include "support/processrun.h"
#include "support/pythontestutil.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <signal.h>

using namespace tl::apptest;
using namespace tl::pytest;

namespace {

constexpr int kBadInput = 2;

// The same program under plain Python, for comparing bytes and exit codes.
ProcessOutcome runPython(const QStringList& arguments)
{
    return runProgram(testPython(), arguments, QProcessEnvironment::systemEnvironment());
}

QStringList entries(const QString& dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

} // namespace

class TestCommandLinePython : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void scriptArgumentsPassThrough();
    void argumentBytesThatAreNoUtf8PassThrough();
    void exitCodeIsTheProgramsOwn_data();
    void exitCodeIsTheProgramsOwn();
    void outputPassesThroughUnchanged();
    void inputFromAPipePassesThrough();
    void openFileLimitIsTheProgramsOwn();
    void moduleRuns();
    void defaultInterpreterIsPython3OnPath();
    void everyExportFormat_data();
    void everyExportFormat();
    void statsOfAScriptKeepStdoutForTheCsv();
    void badInput_data();
    void badInput();
    void scriptOpensTheWindow();
    void screenshotOfAScript();

private:
    QTemporaryDir m_dir;
    QString m_out; // an output folder, emptied before each test that writes
    QString script(const QString& name, const QByteArray& code) { return writeFile(m_dir, name, code); }
};

void TestCommandLinePython::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_out = m_dir.filePath(QStringLiteral("out"));
    QVERIFY(QDir().mkpath(m_out));
}

// Everything after the script belongs to it, even what looks like Threadline's own options.
void TestCommandLinePython::scriptArgumentsPassThrough()
{
    const QString path = script(QStringLiteral("argv.py"), "import json, sys\nprint(json.dumps(sys.argv))\n");
    const QString out = m_out + QStringLiteral("/argv.json");
    const QStringList args{"--export", "x.json", "-m", "mod", "--help", "--", "two words", ""};
    const ProcessOutcome r = runThreadline(QStringList{"--python", testPython(), "--export", out, path} + args);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonArray argv = QJsonDocument::fromJson(r.out).array();
    QCOMPARE(strings(argv), QStringList{path} + args);
    const QJsonObject other = otherDataOf(out);
    QCOMPARE(other.value("source").toString(), QStringLiteral("python"));
    QCOMPARE(other.value("script").toString(), QFileInfo(path).absoluteFilePath());
    QCOMPARE(strings(other.value("args")), args);
    QVERIFY(other.value("interpreter").toString().startsWith(QLatin1String("CPython 3.")));
    QVERIFY(!other.value("parameters").toObject().contains("script"));
    QVERIFY(!QFile::exists(m_out + QStringLiteral("/x.json")));
    // Without --export the same cut holds: `threadline s.py --export x` would open the window on s.py
    // with `--export x` for it (scriptOpensTheWindow shows the window path).
}

// An argument that is not UTF-8 reached the script as U+FFFD ("a\ufffdb", bytes a EF BF BD b) where Python hands it
// the bytes given; an export path that is not UTF-8 was written under another name. Found by a reviewer. The bytes
// go through a shell, as QProcess takes text.
void TestCommandLinePython::argumentBytesThatAreNoUtf8PassThrough()
{
    const QString path = script(QStringLiteral("argbytes.py"),
                                "import os, sys\nsys.stdout.buffer.write(os.fsencode(sys.argv[1]) + b'\\n')\n");
    const QString out = m_out + QStringLiteral("/argbytes.json");
    const QString odd = QStringLiteral("\"$(printf 'a\\377b\\351')\"");
    const ProcessOutcome plain =
        runProgram(QStringLiteral("/bin/sh"), {"-c", "exec \"$0\" \"$1\" " + odd, testPython(), path},
                   QProcessEnvironment::systemEnvironment());
    QCOMPARE(plain.out, QByteArray("a\xff"
                                   "b\xe9\n"));
    const ProcessOutcome traced = runProgram(QStringLiteral("/bin/sh"),
                                             {"-c", "exec \"$0\" --python \"$1\" --export \"$2\" \"$3\" " + odd,
                                              QStringLiteral(THREADLINE_BINARY), testPython(), out, path},
                                             programEnvironment(Display::None));
    QVERIFY2(traced.exitCode == 0, traced.err.constData());
    QCOMPARE(traced.out, plain.out);
    // Threadline's own files are named in UTF-8: such a name is refused before the run, with its bytes shown.
    const ProcessOutcome named =
        runProgram(QStringLiteral("/bin/sh"),
                   {"-c", "exec \"$0\" --scenario hello --export \"$1/h$(printf '\\351').csv\"",
                    QStringLiteral(THREADLINE_BINARY), m_out},
                   programEnvironment(Display::None));
    QCOMPARE(named.exitCode, kBadInput);
    QVERIFY2(named.err.contains("h\\xe9.csv': the name is not UTF-8"), named.err.constData());
    QVERIFY(!entries(m_out).contains(QStringLiteral("h\uFFFD.csv")));
    // So is a script's: it was "no such file", with the byte shown as U+FFFD (a user-tester).
    const ProcessOutcome scriptNamed = runProgram(QStringLiteral("/bin/sh"),
                                                  {"-c",
                                                   "cp \"$2\" \"$1/caf$(printf '\\351').py\" && exec \"$0\" --export "
                                                   "\"$1/c.json\" \"$1/caf$(printf '\\351').py\"",
                                                   QStringLiteral(THREADLINE_BINARY), m_out, path},
                                                  programEnvironment(Display::None));
    QCOMPARE(scriptNamed.exitCode, kBadInput);
    QVERIFY2(scriptNamed.err.contains("caf\\xe9.py': the name is not UTF-8"), scriptNamed.err.constData());
}

void TestCommandLinePython::exitCodeIsTheProgramsOwn_data()
{
    QTest::addColumn<QByteArray>("code");
    QTest::addColumn<int>("exitCode");
    QTest::newRow("clean") << QByteArray("pass\n") << 0;
    QTest::newRow("sys.exit(3)") << QByteArray("import sys\nsys.exit(3)\n") << 3;
    QTest::newRow("uncaught exception") << QByteArray("raise ValueError('boom')\n") << 1;
    QTest::newRow("os._exit(7) from a thread") << QByteArray("import os, threading, time\n"
                                                             "threading.Thread(target=lambda: os._exit(7)).start()\n"
                                                             "time.sleep(30)\n")
                                               << 7;
    QTest::newRow("killed by SIGTERM") << QByteArray("import os, signal\nos.kill(os.getpid(), signal.SIGTERM)\n")
                                       << 128 + SIGTERM;
}

// A headless run exits with the program's own exit code, as python would, and still writes the trace.
void TestCommandLinePython::exitCodeIsTheProgramsOwn()
{
    QFETCH(QByteArray, code);
    QFETCH(int, exitCode);
    const QString path = script(QStringLiteral("exit.py"), code);
    const ProcessOutcome plain = runPython({path});
    if (exitCode < 128)
        QCOMPARE(plain.exitCode, exitCode);
    else
        QVERIFY(plain.crashed); // QProcess says "crashed" for a signal; a shell says 128 + n
    const QString out = m_out + QStringLiteral("/exit.json");
    QFile::remove(out);
    const ProcessOutcome r = runThreadline({"--python", testPython(), "--export", out, path});
    QVERIFY(!r.crashed);
    QVERIFY2(r.exitCode == exitCode, r.err.constData());
    QVERIFY(QFile::exists(out));
    const QJsonObject other = otherDataOf(out);
    QCOMPARE(other.value("source").toString(), QStringLiteral("python"));
    // A run that did not end by itself says so in the trace and on stderr, after the program's output.
    if (exitCode >= 7) {
        QVERIFY(!other.value("problems").toArray().isEmpty());
        QVERIFY2(r.err.contains("\nthreadline: ") || r.err.startsWith("threadline: "), r.err.constData());
    } else {
        QVERIFY(!other.contains("problems"));
        QVERIFY2(!r.err.contains("threadline:"), r.err.constData());
    }
}

// Headless, the program's stdout and stderr are its own, byte for byte as untraced.
void TestCommandLinePython::outputPassesThroughUnchanged()
{
    const QString path =
        script(QStringLiteral("output.py"), "import sys, threading\n"
                                            "print('héllo', end='')\n"
                                            "print(' world')\n"
                                            "def err():\n"
                                            "    sys.stderr.write('to stderr\\n')\n"
                                            "t = threading.Thread(target=err); t.start(); t.join()\n"
                                            "print(threading.active_count(), [t.name for t in threading.enumerate()])\n"
                                            "raise KeyError('last')\n");
    const ProcessOutcome plain = runPython({path});
    const ProcessOutcome r = runThreadline({"--python", testPython(), "--export", m_out + "/output.csv", path});
    QCOMPARE(r.exitCode, plain.exitCode);
    QCOMPARE(r.out, plain.out);
    QCOMPARE(r.err, plain.err);
    // The same lines are in the trace, as prints of the thread that wrote them.
    QFile csv(m_out + "/output.csv");
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QByteArray rows = csv.readAll();
    QVERIFY(rows.contains(",MainThread,print,"));
    QVERIFY(rows.contains("to stderr stderr")); // the stream named like the other flags
    QVERIFY(rows.contains(QStringLiteral("héllo world").toUtf8()));
}

// Threadline raises its own soft limit on open files for the pool lessons' sockets; the program ran with that too, and
// opened 1100 files where untraced it failed at 1019 (EMFILE). It runs with the limit Threadline was started with.
void TestCommandLinePython::openFileLimitIsTheProgramsOwn()
{
    const QString path = script(QStringLiteral("nofile.py"), "import resource\n"
                                                             "print(resource.getrlimit(resource.RLIMIT_NOFILE)[0])\n");
    // Both started with a soft limit of 256 (if the hard one is above it, Threadline raises its own).
    const QString withLimit = QStringLiteral("ulimit -Sn 256 && exec \"$@\"");
    const ProcessOutcome plain = runProgram(QStringLiteral("/bin/sh"), {"-c", withLimit, "sh", testPython(), path},
                                            QProcessEnvironment::systemEnvironment());
    const ProcessOutcome r = runProgram(QStringLiteral("/bin/sh"),
                                        {"-c", withLimit, "sh", QStringLiteral(THREADLINE_BINARY), "--python",
                                         testPython(), "--export", m_out + "/nofile.json", path},
                                        programEnvironment(Display::None));
    QCOMPARE(plain.out, QByteArray("256\n"));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, plain.out);
}

// Headless, a program fed from a pipe or a file reads it as untraced (`threadline --export x.csv prog.py < in`).
void TestCommandLinePython::inputFromAPipePassesThrough()
{
    const QString path = script(QStringLiteral("input.py"), "import sys\n"
                                                          "name = input('name? ')\n"
                                                          "print('hello', name, sys.stdin.read().split())\n"
                                                          "input()\n");
    const auto fed = [&path](const QString& program, const QStringList& arguments) {
        QProcess process;
        process.setProcessEnvironment(programEnvironment(Display::None));
        process.start(program, arguments + QStringList{path});
        process.write("bob\nand the rest\n");
        process.closeWriteChannel();
        ProcessOutcome outcome;
        if (!process.waitForFinished(kRunTimeoutMs)) {
            process.kill();
            process.waitForFinished();
            return outcome;
        }
        outcome.exitCode = process.exitCode();
        outcome.out = process.readAllStandardOutput();
        outcome.err = process.readAllStandardError();
        return outcome;
    };
    const ProcessOutcome plain = fed(testPython(), {});
    QCOMPARE(plain.out, QByteArray("name? hello bob ['and', 'the', 'rest']\n"));
    QVERIFY(plain.err.contains("EOFError")); // the last input() meets the end of the pipe
    const ProcessOutcome r = fed(QStringLiteral(THREADLINE_BINARY),
                                 {"--python", testPython(), "--export", m_out + "/input.csv"});
    QCOMPARE(r.out, plain.out);
    QCOMPARE(r.err, plain.err);
    QCOMPARE(r.exitCode, plain.exitCode);
}

void TestCommandLinePython::moduleRuns()
{
    const QString dir = m_dir.filePath(QStringLiteral("mods"));
    writeFile(m_dir, QStringLiteral("mods/tl_cli_mod.py"),
              "import sys, threading\n"
              "t = threading.Thread(target=print, args=('module', *sys.argv[1:]), name='speaker')\n"
              "t.start(); t.join()\n"
              "sys.exit(4)\n");
    const QString out = m_out + QStringLiteral("/module.json");
    const ProcessOutcome r =
        runThreadline({"--python", testPython(), "--export", out, "-m", "tl_cli_mod", "a", "-v"}, Display::None, dir);
    QVERIFY2(r.exitCode == 4, r.err.constData());
    QCOMPARE(r.out, QByteArray("module a -v\n"));
    const QJsonObject other = otherDataOf(out);
    QCOMPARE(other.value("module").toString(), QStringLiteral("tl_cli_mod"));
    QVERIFY(!other.contains("script"));
    QCOMPARE(strings(other.value("args")), (QStringList{"a", "-v"}));
    QFile json(out);
    QVERIFY(json.open(QIODevice::ReadOnly));
    QVERIFY(json.readAll().contains("\"speaker\""));
}

// No --python: python3 on PATH.
void TestCommandLinePython::defaultInterpreterIsPython3OnPath()
{
    const QString path = script(QStringLiteral("default.py"), "import sys\nprint(sys.version_info[0])\n");
    const ProcessOutcome r = runThreadline({"--export", m_out + "/default.json", path});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.out, QByteArray("3\n"));
}

void TestCommandLinePython::everyExportFormat_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QByteArray>("magic");
    QTest::newRow("json") << "run.json" << QStringList{} << QByteArray("{\"traceEvents\"");
    QTest::newRow("csv") << "run.csv" << QStringList{} << QByteArray("ts_us,tid,thread,event,line,");
    QTest::newRow("png at 2x") << "run.png" << QStringList{"--width", "800", "--scale", "2"} << QByteArray("\x89PNG");
    QTest::newRow("svg") << "run.svg" << QStringList{} << QByteArray("<?xml");
    QTest::newRow("pdf") << "run.pdf" << QStringList{} << QByteArray("%PDF");
}

// Every format through the window's dispatcher, with no display; only the file is left.
void TestCommandLinePython::everyExportFormat()
{
    QFETCH(QString, file);
    QFETCH(QStringList, options);
    QFETCH(QByteArray, magic);
    QTemporaryDir dir;
    const QString path =
        script(QStringLiteral("formats.py"), "import queue, threading\n"
                                             "q = queue.Queue()\n"
                                             "t = threading.Thread(target=lambda: print(q.get()), name='getter')\n"
                                             "t.start(); q.put('item'); t.join()\n");
    const QString out = dir.filePath(file);
    const ProcessOutcome r = runThreadline(QStringList{"--python", testPython(), "--speed", "10", "--export", out} +
                                           options + QStringList{path});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.out, QByteArray("item\n"));
    QFile written(out);
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QByteArray bytes = written.readAll();
    QVERIFY(bytes.startsWith(magic));
    if (!file.endsWith(QLatin1String(".pdf")))
        QVERIFY(bytes.contains("getter") || file.endsWith(QLatin1String(".png")));
    QCOMPARE(entries(dir.path()), QStringList{file});
}

// `threadline --stats SCRIPT.py`: where the time went, as for a lesson. stdout holds the CSV alone (the program's
// prints are in the trace); its stderr and exit code are the program's own, as untraced.
void TestCommandLinePython::statsOfAScriptKeepStdoutForTheCsv()
{
    const QString path = script(QStringLiteral("stats.py"), "import sys, threading, time\n"
                                                            "def w():\n"
                                                            "    time.sleep(0.3)\n"
                                                            "t = threading.Thread(target=w, name='sleeper')\n"
                                                            "t.start(); t.join()\n"
                                                            "print('printed')\n"
                                                            "sys.stderr.write('to stderr\\n')\n"
                                                            "sys.exit(3)\n");
    const ProcessOutcome plain = runPython({path});
    QCOMPARE(plain.out, QByteArray("printed\n"));
    const ProcessOutcome r = runThreadline({"--python", testPython(), "--stats", path});
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, plain.exitCode);
    QCOMPARE(r.err, plain.err);
    const QList<QByteArray> lines = r.out.split('\n');
    QCOMPARE(lines.first(), QByteArray("thread,state,seconds,share"));
    QVERIFY2(!r.out.contains("printed"), r.out.constData());
    QMap<QByteArray, double> seconds; // thread,state -> seconds
    QMap<QByteArray, double> shares;  // thread -> its rows' shares
    for (const QByteArray& line : lines.mid(1)) {
        const QList<QByteArray> f = line.split(',');
        if (line.isEmpty())
            continue;
        QCOMPARE(f.size(), 4);
        seconds[f[0] + ',' + f[1]] = f[2].toDouble();
        shares[f[0]] += f[3].toDouble();
    }
    QVERIFY2(seconds.value("sleeper,sleep") >= 0.3 && seconds.value("sleeper,sleep") < 0.6, r.out.constData());
    QVERIFY2(seconds.value("MainThread,join") >= 0.29, r.out.constData());
    QCOMPARE(shares.keys(), (QList<QByteArray>{"MainThread", "sleeper"}));
    for (const double share : shares)
        QVERIFY(std::abs(share - 1.0) < 0.001);
}

void TestCommandLinePython::badInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("names");
    const QString out = QStringLiteral("%OUT%/bad.json");
    const QString good = QStringLiteral("%DIR%/good.py");
    const QString stubs = QStringLiteral("%DIR%/stubs");
    QTest::newRow("missing script") << QStringList{"--export", out, "%DIR%/nope.py"}
                                    << "cannot run '%DIR%/nope.py': no such file";
    // Headless, a directory runs its __main__.py as python3 does; the window shows the script it runs.
    QTest::newRow("a directory, in the window")
        << QStringList{"%DIR%"}
        << "cannot run '%DIR%' in the window: it is a directory, whose __main__.py runs headless";
    QTest::newRow("interpreter not on PATH")
        << QStringList{"--python", "python3-not-installed", "--export", out, good}
        << "no Python interpreter \"python3-not-installed\" on PATH: install one (Debian: sudo apt install python3)";
    QTest::newRow("interpreter path missing") << QStringList{"--python", "%DIR%/bin/python3", "--export", out, good}
                                              << "no Python interpreter at %DIR%/bin/python3";
    QTest::newRow("not a Python") << QStringList{"--python", "/bin/true", "--export", out, good}
                                  << "/bin/true is not a Python interpreter";
    QTest::newRow("too old") << QStringList{"--python", stubs + "/python2", "--export", out, good}
                             << "is Python 2.7.18; Threadline's tracer needs Python 3.11 or newer";
    QTest::newRow("-m without a module") << QStringList{"--export", out, "-m"} << "-m needs a module name";
    QTest::newRow("-- without a script") << QStringList{"--export", out, "--"} << "-- must be followed by the script";
    QTest::newRow("a lesson and a script")
        << QStringList{"--scenario", "hello", "--export", out, good} << "--scenario is for the lessons";
    QTest::newRow("--set with a script") << QStringList{"--set", "items=3", good} << "--set is for the lessons";
    QTest::newRow("--python without a program") << QStringList{"--python", "python3"} << "--python needs a script";
    QTest::newRow("speed out of range") << QStringList{"--speed", "0", "--export", out, good} << "--speed expects";
    QTest::newRow("speed not a number") << QStringList{"--speed", "fast", good} << "'fast'";
    QTest::newRow("unknown export suffix") << QStringList{"--export", "%OUT%/bad.txt", good} << ".txt";
    QTest::newRow("export into a missing directory")
        << QStringList{"--export", "%OUT%/missing/bad.json", good} << "does not exist";
    QTest::newRow("width on a trace") << QStringList{"--export", out, "--width", "800", good} << "--width";
    QTest::newRow("screenshot not png") << QStringList{"--screenshot", "%OUT%/shot.jpg", good} << ".png";
    QTest::newRow("--stats with --export")
        << QStringList{"--stats", "--export", out, good} << "--stats prints CSV on stdout; it takes no --export";
    QTest::newRow("--stats at max speed") << QStringList{"--stats", "--speed", "max", good} << "--speed expects";
    QTest::newRow("unknown option before the script") << QStringList{"--bogus", good} << "bogus";
}

// Threadline's own bad input: one `threadline:` line, exit 2, nothing on stdout, nothing written.
void TestCommandLinePython::badInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, names);
    QTemporaryDir out;
    script(QStringLiteral("good.py"), "print('ran')\n");
    const QString stub =
        script(QStringLiteral("stubs/python2"), "#!/bin/sh\necho 'threadline-probe cpython 2 7 18 /usr/bin/python2'\n");
    QFile::setPermissions(stub, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    for (QString& a : arguments)
        a.replace(QStringLiteral("%DIR%"), m_dir.path()).replace(QStringLiteral("%OUT%"), out.path());
    names.replace(QStringLiteral("%DIR%"), m_dir.path());
    const ProcessOutcome r = runThreadline(arguments);
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, kBadInput);
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(err.startsWith(QStringLiteral("threadline: ")), qPrintable(err));
    QVERIFY2(err.endsWith('\n') && err.count('\n') == 1, qPrintable(err));
    QVERIFY2(err.contains(names), qPrintable(err));
    QVERIFY2(r.out.isEmpty(), r.out.constData()); // the program never ran
    QCOMPARE(entries(out.path()), QStringList());
}

// Without --export the script opens in the window, running; everything after it is the script's.
void TestCommandLinePython::scriptOpensTheWindow()
{
    const QString marker = m_out + QStringLiteral("/window-ran");
    const QString path = script(QStringLiteral("window.py"),
                                "import os, sys, time\n"
                                "open(sys.argv[1], 'w').write(' '.join([str(os.getpid())] + sys.argv[2:]))\n"
                                "time.sleep(60)\n");
    QProcess process;
    process.setProcessEnvironment(programEnvironment(Display::Offscreen));
    process.start(QStringLiteral(THREADLINE_BINARY), {"--python", testPython(), path, marker, "--export", "x.json"});
    QVERIFY(process.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(marker), 30000);
    QByteArray written;
    QTRY_VERIFY([&] {
        QFile file(marker);
        written = file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        return written.endsWith("--export x.json");
    }());
    const auto pid = static_cast<pid_t>(written.split(' ').first().toInt());
    QVERIFY(processRuns(pid));
    QCOMPARE(process.state(), QProcess::Running);
    // Threadline says nothing of its own but where --export went (the note, as a reviewer's options after the
    // script were a puzzle).
    QList<QByteArray> own;
    for (const QByteArray& line : process.readAllStandardError().split('\n'))
        if (line.startsWith("threadline:"))
            own << line;
    QCOMPARE(own, QList<QByteArray>{"threadline: note: --export after the script goes to the program, as python3 "
                                    "passes it on; Threadline's own options go before the script"});
    process.terminate(); // SIGTERM: the window closes as if asked to, and stops the program it runs
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QVERIFY(!processRuns(pid));
    QVERIFY(!QFile::exists(QStringLiteral("x.json")));
}

void TestCommandLinePython::screenshotOfAScript()
{
    const QString path =
        script(QStringLiteral("shot.py"), "import threading, time\n"
                                          "ts = [threading.Thread(target=time.sleep, args=(0.2,)) for _ in range(3)]\n"
                                          "for t in ts: t.start()\n"
                                          "for t in ts: t.join()\n");
    const QString shot = m_out + QStringLiteral("/shot.png");
    QProcess process;
    process.setProcessEnvironment(programEnvironment(Display::Offscreen));
    process.start(QStringLiteral(THREADLINE_BINARY),
                  {"--screenshot", shot, "--after", "1", "--python", testPython(), path});
    QVERIFY(process.waitForFinished(60000));
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    QFile written(shot);
    QVERIFY(written.open(QIODevice::ReadOnly));
    QVERIFY(written.readAll().startsWith("\x89PNG"));
}

QTEST_GUILESS_MAIN(TestCommandLinePython)
#include "tst_commandlinepython.moc"
