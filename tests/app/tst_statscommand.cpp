#include "support/processrun.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace tl::apptest;

// `threadline --scenario ID --stats` and `threadline FILE.json --stats` through the real binary: CSV on
// stdout that parses, with a thread's rows adding up to its lifetime; --stats with a file option is refused.
class tst_StatsCommand : public QObject {
    Q_OBJECT

private slots:
    void lessonStatsParseAsCsv();
    void aLessonThatRaisesSaysSoAsExportDoes();
    void traceFileStatsMatchTheLessons();
    void anotherToolsTraceIsToldBySliceName();
    void refusedCombinations_data();
    void refusedCombinations();
};

namespace {

// RFC 4180 fields of one line (no line breaks inside fields: thread names have none here).
QStringList fields(const QString& line)
{
    QStringList result;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quoted && c == QLatin1Char('"') && i + 1 < line.size() && line[i + 1] == QLatin1Char('"')) {
            field += c;
            ++i;
        } else if (c == QLatin1Char('"')) {
            quoted = !quoted;
        } else if (c == QLatin1Char(',') && !quoted) {
            result << field;
            field.clear();
        } else {
            field += c;
        }
    }
    result << field;
    return result;
}

// Checks the CSV and returns its rows (header left out), each as thread, state (or slice), seconds, share.
QList<QStringList> parseStats(const QByteArray& csv,
                              const QString& header = QStringLiteral("thread,state,seconds,share"))
{
    QList<QStringList> rows;
    const QStringList lines = QString::fromUtf8(csv).split(QLatin1Char('\n'));
    if (lines.size() < 2 || lines.first() != header || !lines.last().isEmpty())
        return rows;
    for (const QString& line : lines.mid(1, lines.size() - 2))
        rows << fields(line);
    return rows;
}

} // namespace

void tst_StatsCommand::lessonStatsParseAsCsv()
{
    // join-order: MainThread joins foo, which sleeps 4 s, then bar, which has ended (its defaults).
    const ProcessOutcome r = runThreadline({"--scenario", "join-order", "--stats"});
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    const QList<QStringList> rows = parseStats(r.out);
    QVERIFY2(rows.size() >= 4, r.out.constData());
    QMap<QString, double> shares; // per thread: the shares add up to 1
    QMap<QString, double> seconds;
    for (const QStringList& row : rows) {
        QCOMPARE(row.size(), 4);
        bool ok = false;
        const double s = row[2].toDouble(&ok);
        QVERIFY(ok && s > 0);
        const double share = row[3].toDouble(&ok);
        QVERIFY(ok && share >= 0 && share <= 1);
        shares[row[0]] += share;
        seconds[row[0] + QLatin1Char('/') + row[1]] += s;
    }
    for (auto it = shares.cbegin(); it != shares.cend(); ++it)
        QVERIFY2(std::abs(it.value() - 1.0) < 0.001 * rows.size(), qPrintable(it.key()));
    QVERIFY(seconds.contains(QStringLiteral("MainThread/join")));
    // The join ends when foo's 4 s sleep does, and began after main started both threads: it is 4 s
    // less main's own time before it, running and in start() (24 ms under AddressSanitizer, 9 ms in start()
    // on a loaded machine), never more than 4 s and two steps: foo's wake-up and end, and main's wake-up,
    // code that a loaded machine can stretch by milliseconds (3.6 ms beside busy loops).
    const double join = seconds[QStringLiteral("MainThread/join")];
    const double mainBefore =
        seconds.value(QStringLiteral("MainThread/run")) + seconds.value(QStringLiteral("MainThread/starting"));
    QVERIFY2(join <= 4.0 + 0.04, r.out.constData());
    QVERIFY2(join >= 4.0 - mainBefore - 0.005, r.out.constData());
}

// hello's second start() raises in main: --export says so on stderr and exits 1, as python3 does; --stats exited 0
// with no word of it.
void tst_StatsCommand::aLessonThatRaisesSaysSoAsExportDoes()
{
    const ProcessOutcome r = runThreadline({"--scenario", "hello", "--speed", "max", "--stats"});
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("RuntimeError: threads can only be started once"), r.err.constData());
    QVERIFY(!parseStats(r.out).isEmpty());
}

void tst_StatsCommand::traceFileStatsMatchTheLessons()
{
    QTemporaryDir dir;
    const QString trace = dir.filePath(QStringLiteral("run.json"));
    const ProcessOutcome exported = runThreadline({"--scenario", "join-order", "--export", trace});
    QCOMPARE(exported.exitCode, 0);
    const ProcessOutcome fromLesson = runThreadline({"--scenario", "join-order", "--stats"});
    const ProcessOutcome fromFile = runThreadline({trace, "--stats"});
    QVERIFY(!fromFile.crashed);
    QCOMPARE(fromFile.exitCode, 0);
    QVERIFY(!parseStats(fromFile.out).isEmpty());
    // The export keeps microseconds with three decimals: the file's times are the run's.
    QCOMPARE(parseStats(fromFile.out).size(), parseStats(fromLesson.out).size());
}

// Another tool's trace: a row per thread and slice name, the exclusive time ("outer" 0-100 us holds "inner" 20-50 us).
void tst_StatsCommand::anotherToolsTraceIsToldBySliceName()
{
    QTemporaryDir dir;
    const QString trace = dir.filePath(QStringLiteral("profile.json"));
    QFile file(trace);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"traceEvents": [
        {"name": "outer", "ph": "X", "ts": 0, "dur": 100, "pid": 1, "tid": 7},
        {"name": "inner, nested", "ph": "X", "ts": 20, "dur": 30, "pid": 1, "tid": 7}]})");
    file.close();
    const ProcessOutcome run = runThreadline({trace, "--stats"});
    QCOMPARE(run.exitCode, 0);
    const QList<QStringList> rows = parseStats(run.out, QStringLiteral("thread,slice,seconds,share"));
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[0].mid(1), (QStringList{"outer", "0.000070000", "0.7000"}));
    QCOMPARE(rows[1].mid(1), (QStringList{"inner, nested", "0.000030000", "0.3000"}));
}

void tst_StatsCommand::refusedCombinations_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("error");
    QTest::newRow("with --export") << QStringList{"--scenario", "hello", "--stats", "--export", "/tmp/x.json"}
                                   << "--stats prints CSV on stdout; it takes no --export";
    QTest::newRow("with no run") << QStringList{"--stats"}
                                 << "--stats needs --scenario ID, a trace FILE or a SCRIPT.py";
    QTest::newRow("with --screenshot") << QStringList{"--screenshot", "/tmp/x.png", "--stats"}
                                       << "--screenshot grabs the window; it takes no --stats";
    // A trace file's (or a comparison's) --stats took these silently and printed the CSV.
    QTest::newRow("a file's, with --screenshot")
        << QStringList{"/tmp/run.json", "--stats", "--screenshot", "/tmp/x.png"}
        << "--stats prints CSV on stdout; it takes no --screenshot";
    QTest::newRow("a comparison's, with --after")
        << QStringList{"/tmp/a.json", "--compare", "/tmp/b.json", "--stats", "--after", "1"}
        << "--stats prints CSV on stdout; it takes no --after";
    QTest::newRow("with --list-scenarios")
        << QStringList{"--list-scenarios", "--stats"} << "--list-scenarios takes no other option";
}

void tst_StatsCommand::refusedCombinations()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, error);
    const ProcessOutcome r = runThreadline(arguments);
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    QVERIFY2(r.errText().startsWith(QStringLiteral("threadline: ") + error), r.err.constData());
}

QTEST_GUILESS_MAIN(tst_StatsCommand)
#include "tst_statscommand.moc"
