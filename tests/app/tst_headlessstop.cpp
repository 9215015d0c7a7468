#include "support/processrun.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>
#include <string.h>

// Ctrl+C, SIGTERM and SIGHUP to a headless lesson run, through the real binary as a user's terminal sends them:
// the run stops at once, what it recorded is written marked stopped, and the exit code says which signal. And
// stdout that goes away or cannot be written: the trace is kept, the failure said.
class TestHeadlessStop : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void aLessonsLostPrintsFailTheRun();
    void signalStopsAndWrites_data();
    void signalStopsAndWrites();
    void statsPrintWhatWasRecorded();
    void aReaderGoneKeepsTheTrace();
    void aFileSizeLimitIsAFailedWrite();
    void stdoutThatCannotBeWrittenFails_data();
    void stdoutThatCannotBeWrittenFails();

private:
    QTemporaryDir m_dir;
};

namespace {

// sleeping-workers at speed 1 runs 10 s of wall time when nothing stops it.
constexpr qint64 kNominalMs = 10000;
// From the signal to the process's exit: every thread ends within 200 ms, then the file is written and
// the process torn down. Generous, as this machine is shared; the report gives the measured figure.
constexpr qint64 kStopBudgetMs = 2000;

QJsonObject readJson(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &error);
    return error.error == QJsonParseError::NoError ? doc.object() : QJsonObject();
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

void TestHeadlessStop::signalStopsAndWrites_data()
{
    QTest::addColumn<int>("signal");
    QTest::addColumn<QString>("output");
    QTest::addColumn<bool>("twice"); // more SIGINTs after the first, until it exits
    QTest::newRow("SIGINT json") << int(SIGINT) << "int.json" << false;
    QTest::newRow("SIGTERM json") << int(SIGTERM) << "term.json" << false;
    // The terminal closed: the run died of it, the trace lost.
    QTest::newRow("SIGHUP json") << int(SIGHUP) << "hup.json" << false;
    QTest::newRow("SIGINT twice json") << int(SIGINT) << "twice.json" << true;
    QTest::newRow("SIGINT csv") << int(SIGINT) << "int.csv" << false;
    QTest::newRow("SIGINT svg") << int(SIGINT) << "int.svg" << false;
}

void TestHeadlessStop::signalStopsAndWrites()
{
    QFETCH(int, signal);
    QFETCH(QString, output);
    QFETCH(bool, twice);
    const QString out = m_dir.filePath(output);
    QProcess process;
    QElapsedTimer total;
    total.start();
    QVERIFY(tl::apptest::startThreadline(process, {"--scenario", "sleeping-workers", "--speed", "1", "--export", out}));
    QByteArray printed;
    // Every one of the lesson's five workers on its way to sleep: then each lane has begun, and so each ends
    // with a stopped instant.
    constexpr int kWorkers = 5;
    tl::apptest::readStdoutUntil(process, printed,
                                 [](const QByteArray& p) { return p.count("going to sleep") >= kWorkers; });
    QVERIFY2(printed.count("going to sleep") == kWorkers, process.readAllStandardError().constData());
    QTest::qWait(1000); // well into the workers' 10 s sleep
    QCOMPARE(process.state(), QProcess::Running);
    QElapsedTimer sinceSignal;
    sinceSignal.start();
    ::kill(static_cast<pid_t>(process.processId()), signal);
    if (twice) {
        // Ctrl+C again and again until it exits: during the stop, the write and the way out (a late one
        // once killed it after its handler was gone).
        const auto pid = static_cast<pid_t>(process.processId());
        while (!process.waitForFinished(1) && sinceSignal.elapsed() < 30000)
            ::kill(pid, SIGINT);
    }
    QVERIFY(process.state() == QProcess::NotRunning || process.waitForFinished(30000));
    const qint64 stopMs = sinceSignal.elapsed();
    qInfo("%s: signal to exit %lld ms, whole run %lld ms", QTest::currentDataTag(), stopMs, total.elapsed());
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 128 + signal);
    QVERIFY2(stopMs < kStopBudgetMs, qPrintable(QString::number(stopMs)));
    QVERIFY(total.elapsed() < kNominalMs);
    const QByteArray err = process.readAllStandardError();
    const QByteArray said = "stopped by SIG" + QByteArray(::sigabbrev_np(signal));
    QVERIFY2(err.contains("threadline: " + said), err.constData());
    QVERIFY(!QFile::exists(out + QStringLiteral(".tmp")));

    if (output.endsWith(QLatin1String(".csv"))) {
        const QByteArray csv = readAll(out);
        QVERIFY(csv.startsWith("ts_us,"));
        QVERIFY2(csv.contains(",stopped,"), csv.left(2000).constData());
        QVERIFY(!csv.contains(",awake")); // no worker woke: the 10 s sleep was cut
        return;
    }
    if (output.endsWith(QLatin1String(".svg"))) {
        const QByteArray svg = readAll(out);
        QVERIFY(svg.startsWith("<?xml"));
        QVERIFY(svg.contains("stopped"));
        return;
    }
    const QJsonObject doc = readJson(out);
    QVERIFY2(!doc.isEmpty(), "the export does not parse");
    const QJsonObject other = doc.value("otherData").toObject();
    QCOMPARE(other.value("stopped").toBool(), true);
    QVERIFY(other.value("problems").toArray().contains(QJsonValue(QString::fromLatin1(said))));
    // Every lane's stopped instant, at about the moment of the signal (a second or two in, never 10 s).
    int stoppedInstants = 0;
    QSet<qint64> lanes;
    for (const QJsonValue& v : doc.value("traceEvents").toArray()) {
        const QJsonObject e = v.toObject();
        if (e.value("ph") == QLatin1String("M"))
            continue;
        lanes.insert(e.value("tid").toInteger());
        if (e.value("name") != QLatin1String("stopped"))
            continue;
        ++stoppedInstants;
        const double ms = e.value("ts").toDouble() / 1000.0;
        QVERIFY2(ms > 500 && ms < kNominalMs / 2, qPrintable(QString::number(ms)));
    }
    QVERIFY(lanes.size() > 1);
    QCOMPARE(stoppedInstants, int(lanes.size())); // every thread: main and each worker
}

// Ctrl+C during `--stats`: nothing was printed (the run died of the signal); now where the time went until then.
void TestHeadlessStop::statsPrintWhatWasRecorded()
{
    QProcess process;
    QVERIFY(tl::apptest::startThreadline(process, {"--scenario", "sleeping-workers", "--speed", "1", "--stats"}));
    QTest::qWait(1500); // its prints are kept off stdout, which holds the CSV alone: well into the 10 s sleep
    QCOMPARE(process.state(), QProcess::Running);
    ::kill(static_cast<pid_t>(process.processId()), SIGINT);
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 128 + SIGINT);
    const QByteArray csv = process.readAllStandardOutput();
    QVERIFY2(csv.startsWith("thread,state,"), csv.constData());
    QVERIFY2(csv.contains(",sleep,1."), csv.constData()); // each worker 1.5 s into its 10 s sleep
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(err.contains("threadline: stopped by SIGINT; printing what was recorded"), err.constData());
}

// `threadline --export run.json | head -c 1`: the reader gone, the next print killed Threadline by SIGPIPE and the
// trace was lost (exit 141). A print to a closed pipe fails as python3's does; the run goes on and is written.
void TestHeadlessStop::aReaderGoneKeepsTheTrace()
{
    const QString out = m_dir.filePath(QStringLiteral("piped.json"));
    QProcess shell;
    shell.setProcessEnvironment(tl::apptest::programEnvironment(tl::apptest::Display::None));
    shell.start(QStringLiteral("bash"),
                {"-c",
                 "\"$0\" --scenario sleeping-workers --speed 20 --export \"$1\" | head -c 1 >/dev/null; "
                 "exit ${PIPESTATUS[0]}",
                 QStringLiteral(THREADLINE_BINARY), out});
    QVERIFY(shell.waitForFinished(60000));
    QCOMPARE(shell.exitStatus(), QProcess::NormalExit);
    QCOMPARE(shell.exitCode(), 0);
    const QJsonObject doc = readJson(out);
    QVERIFY2(!doc.isEmpty(), shell.readAllStandardError().constData());
    QVERIFY(doc.value("traceEvents").toArray().size() > 10);
}

// Under `ulimit -f 16` an export past 16 KiB killed Threadline by SIGXFSZ (exit 153, no message, the run lost).
// The write fails, as python3's does, and says why; no file is left.
void TestHeadlessStop::aFileSizeLimitIsAFailedWrite()
{
    const QString out = m_dir.filePath(QStringLiteral("limited.json"));
    QProcess shell;
    shell.setProcessEnvironment(tl::apptest::programEnvironment(tl::apptest::Display::None));
    shell.start(QStringLiteral("bash"),
                {"-c", "ulimit -f 16; exec \"$0\" --scenario producer-consumer --speed max --export \"$1\"",
                 QStringLiteral(THREADLINE_BINARY), out});
    QVERIFY(shell.waitForFinished(60000));
    const QByteArray err = shell.readAllStandardError();
    QCOMPARE(shell.exitStatus(), QProcess::NormalExit);
    QVERIFY2(shell.exitCode() == 1, err.constData());
    QVERIFY2(err.contains("File too large"), err.constData());
    QVERIFY(!QFile::exists(out));
}

void TestHeadlessStop::stdoutThatCannotBeWrittenFails_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("--list-scenarios") << QStringList{"--list-scenarios"};
    QTest::newRow("--help") << QStringList{"--help"};
    QTest::newRow("--stats") << QStringList{"--scenario", "hello", "--speed", "max", "--stats"};
}

// Output to a full disk was lost with exit 0; python3 -c 'print(1)' > /dev/full exits 1 and says why.
void TestHeadlessStop::stdoutThatCannotBeWrittenFails()
{
    QFETCH(QStringList, arguments);
    QProcess process;
    process.setProcessEnvironment(tl::apptest::programEnvironment(tl::apptest::Display::None));
    process.setStandardOutputFile(QStringLiteral("/dev/full"));
    process.start(QStringLiteral(THREADLINE_BINARY), arguments);
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 1);
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(err.contains("threadline: cannot write to stdout: No space left on device"), err.constData());
}

// A lesson's prints to a full disk were lost with exit 0: the run goes on, its trace is written with every print,
// and the exit code and one line say what the terminal lost.
void TestHeadlessStop::aLessonsLostPrintsFailTheRun()
{
    const QString out = m_dir.filePath(QStringLiteral("lost-prints.json"));
    QProcess process;
    process.setProcessEnvironment(tl::apptest::programEnvironment(tl::apptest::Display::None));
    process.setStandardOutputFile(QStringLiteral("/dev/full"));
    process.start(QStringLiteral(THREADLINE_BINARY),
                  {"--scenario", "producer-consumer", "--speed", "max", "--export", out});
    QVERIFY(process.waitForFinished(60000));
    const QByteArray err = process.readAllStandardError();
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QVERIFY2(process.exitCode() == 1, err.constData());
    QCOMPARE(err, "threadline: the lesson's output was lost: cannot write to stdout: No space left on device; "
                  "writing what was recorded to " +
                      out.toUtf8() + "\n");
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains("\"print\""));
}

QTEST_GUILESS_MAIN(TestHeadlessStop)
#include "tst_headlessstop.moc"
