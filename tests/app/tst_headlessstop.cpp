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

// Ctrl+C and SIGTERM to a headless lesson run, through the real binary as a user's terminal sends them:
// the run stops at once, what it recorded is written marked stopped, and the exit code says which signal.
class TestHeadlessStop : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void signalStopsAndWrites_data();
    void signalStopsAndWrites();

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
    process.setProcessEnvironment(tl::apptest::programEnvironment(tl::apptest::Display::None));
    QElapsedTimer total;
    total.start();
    process.start(QStringLiteral(THREADLINE_BINARY),
                  {"--scenario", "sleeping-workers", "--speed", "1", "--export", out});
    QVERIFY(process.waitForStarted());
    QByteArray printed;
    // Every one of the lesson's five workers on its way to sleep: then each lane has begun, and so each ends
    // with a stopped instant.
    constexpr int kWorkers = 5;
    while (printed.count("going to sleep") < kWorkers && process.waitForReadyRead(30000))
        printed += process.readAllStandardOutput();
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
    const QByteArray said = signal == SIGTERM ? "stopped by SIGTERM" : "stopped by SIGINT";
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

QTEST_GUILESS_MAIN(TestHeadlessStop)
#include "tst_headlessstop.moc"
