#include "support/processrun.h"

#include <QFile>
#include <QImage>
#include <QMap>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <limits>
#include <utility>

using namespace tl::apptest;

// `threadline A.json --compare B.json` through the real binary (issue 14): --stats prints how each
// thread's time per state differs, exactly as the two files' own --stats say; --export draws both runs
// one above the other on one time axis; anything else is refused with one line and exit 2.
class tst_CompareCommand : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void statsAreTheDifferenceOfEachRunsStats();
    void pictureStacksBothRunsOnOneAxis();
    void screenshotShowsBothInTheWindow();
    void differentNamesShareOneAxis();
    void threadsOfSeveralProcessesAreToldApartByProcess();
    void refusedCombinations_data();
    void refusedCombinations();

private:
    QTemporaryDir m_dir;
    QString m_a; // sleeping-workers, two workers sleeping 1 s
    QString m_b; // the same, sleeping 3 s
};

namespace {

// Trace nanoseconds from exactSeconds' text ("-1.500000000"): the columns are exact, so compare exactly.
qint64 nanoseconds(const QString& text)
{
    const bool negative = text.startsWith(QLatin1Char('-'));
    const QStringList parts = text.mid(negative ? 1 : 0).split(QLatin1Char('.'));
    if (parts.size() != 2 || parts[1].size() != 9)
        return std::numeric_limits<qint64>::min();
    const qint64 ns = parts[0].toLongLong() * 1'000'000'000 + parts[1].toLongLong();
    return negative ? -ns : ns;
}

// "thread/state" -> nanoseconds, from a file's own --stats (thread names here hold no comma).
QMap<QString, qint64> ownStats(const QString& trace)
{
    QMap<QString, qint64> times;
    const ProcessOutcome r = runThreadline({trace, "--stats"});
    const QStringList lines = r.outText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString& line : lines.mid(1)) {
        const QStringList f = line.split(QLatin1Char(','));
        times[f[0] + QLatin1Char('/') + f[1]] += nanoseconds(f[2]);
    }
    return times;
}

} // namespace

void tst_CompareCommand::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_a = m_dir.filePath(QStringLiteral("a.json"));
    m_b = m_dir.filePath(QStringLiteral("b.json"));
    for (const auto& [path, seconds] : {std::pair{m_a, "1"}, std::pair{m_b, "3"}}) {
        const ProcessOutcome r =
            runThreadline({"--scenario", "sleeping-workers", "--set", "workers=2", "--set",
                           QStringLiteral("seconds=%1").arg(seconds), "--quiet", "--export", path});
        QCOMPARE(r.exitCode, 0);
    }
}

void tst_CompareCommand::statsAreTheDifferenceOfEachRunsStats()
{
    const ProcessOutcome r = runThreadline({m_a, "--compare", m_b, "--stats"});
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    const QStringList lines = r.outText().split(QLatin1Char('\n'));
    QCOMPARE(lines.first(), QStringLiteral("thread,state,a_seconds,b_seconds,difference_seconds"));
    QVERIFY(lines.last().isEmpty());
    const QMap<QString, qint64> a = ownStats(m_a);
    const QMap<QString, qint64> b = ownStats(m_b);
    QVERIFY(!a.isEmpty() && !b.isEmpty());
    QStringList seen;
    for (const QString& line : lines.mid(1, lines.size() - 2)) {
        const QStringList f = line.split(QLatin1Char(','));
        QCOMPARE(f.size(), 5);
        const QString key = f[0] + QLatin1Char('/') + f[1];
        QCOMPARE(nanoseconds(f[2]), a.value(key));
        QCOMPARE(nanoseconds(f[3]), b.value(key));
        QCOMPARE(nanoseconds(f[4]), b.value(key) - a.value(key));
        seen << key;
    }
    // Every thread and state either run spent time in has its row, once.
    QStringList expected = a.keys() + b.keys();
    expected.removeDuplicates();
    seen.sort();
    expected.sort();
    QCOMPARE(seen, expected);
    // The workers slept 1 s in A and 3 s in B: 2 s more each, exactly.
    QVERIFY2(lines.contains(QStringLiteral("Thread-1 (worker),sleep,1.000000000,3.000000000,2.000000000")),
             r.out.constData());
}

void tst_CompareCommand::pictureStacksBothRunsOnOneAxis()
{
    const QString alone = m_dir.filePath(QStringLiteral("a.png"));
    const QString other = m_dir.filePath(QStringLiteral("b.png"));
    const QString both = m_dir.filePath(QStringLiteral("both.png"));
    QCOMPARE(runThreadline({m_a, "--export", alone}).exitCode, 0);
    QCOMPARE(runThreadline({m_b, "--export", other}).exitCode, 0);
    const ProcessOutcome r = runThreadline({m_a, "--compare", m_b, "--export", both});
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    const QImage a(alone);
    const QImage b(other);
    const QImage stacked(both);
    QVERIFY(!a.isNull() && !b.isNull() && !stacked.isNull());
    QCOMPARE(stacked.width(), a.width());
    QCOMPARE(stacked.height(), a.height() + b.height());
    // Below its title ("B:  ..." there), B's half is B's own picture: the same axis, as B is the longer run.
    constexpr int kBelowTitle = 80;
    const auto body = [](const QImage& image, int top, int height) {
        return image.copy(0, top + kBelowTitle, image.width(), height - kBelowTitle)
            .convertToFormat(QImage::Format_RGB32);
    };
    QCOMPARE(body(stacked, a.height(), b.height()), body(b, 0, b.height()));
    // A's is not A's own: A is drawn on B's longer axis, so its 1 s sleeps are a third as wide.
    QVERIFY(body(stacked, 0, a.height()) != body(a, 0, a.height()));

    // The vector formats say which run is which.
    const QString svg = m_dir.filePath(QStringLiteral("both.svg"));
    QCOMPARE(runThreadline({m_a, "--compare", m_b, "--export", svg}).exitCode, 0);
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.contains("A:  Python waits for its threads at exit  (sleeping-workers)"));
    QVERIFY(text.contains("B:  Python waits for its threads at exit  (sleeping-workers)"));
}

// `threadline A --compare B` opens the window with B below A; --screenshot grabs it once both are read.
void tst_CompareCommand::screenshotShowsBothInTheWindow()
{
    const QString shot = m_dir.filePath(QStringLiteral("window.png"));
    const ProcessOutcome r =
        runThreadline({m_a, "--compare", m_b, "--screenshot", shot, "--after", "0"}, tl::apptest::Display::Offscreen);
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, 0);
    const QImage image(shot);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(1600, 1000));
    // A file B that cannot be opened is bad input, refused before any window.
    const ProcessOutcome bad =
        runThreadline({m_a, "--compare", "/nonexistent/b.json", "--screenshot", shot}, tl::apptest::Display::Offscreen);
    QVERIFY(!bad.crashed);
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.errText().contains(QStringLiteral("/nonexistent/b.json")), bad.err.constData());
}

namespace {

// The x of each ruler's "0" label in an SVG picture, top to bottom.
QList<double> zeroTickXs(const QString& svgPath)
{
    QFile file(svgPath);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    static const QRegularExpression zero(QStringLiteral(R"re(<text[^>]* x="([0-9.]+)" y="[0-9.]+"[^>]*>0</text>)re"));
    QList<double> xs;
    for (const QRegularExpressionMatch& m : zero.globalMatch(QString::fromUtf8(file.readAll())))
        xs << m.captured(1).toDouble();
    return xs;
}

} // namespace

// Runs whose thread names differ in length (a pool's "ThreadPoolExecutor-0_0" against "Thread-1 (worker)")
// still have one axis: both name columns are as wide as the wider one needs, so time 0 is at one x.
void tst_CompareCommand::differentNamesShareOneAxis()
{
    const QString pool = m_dir.filePath(QStringLiteral("pool.json"));
    QCOMPARE(runThreadline({"--scenario", "pool-executor", "--quiet", "--export", pool}).exitCode, 0);
    const QString both = m_dir.filePath(QStringLiteral("names.svg"));
    const QString alone = m_dir.filePath(QStringLiteral("alone.svg"));
    QCOMPARE(runThreadline({m_a, "--compare", pool, "--export", both}).exitCode, 0);
    QCOMPARE(runThreadline({m_a, "--export", alone}).exitCode, 0);
    const QList<double> stacked = zeroTickXs(both);
    const QList<double> own = zeroTickXs(alone);
    QCOMPARE(stacked.size(), 2);
    QCOMPARE(own.size(), 1);
    QCOMPARE(stacked[0], stacked[1]);
    QVERIFY2(stacked[0] > own[0], "A's own names need a narrower column: the comparison widened it");
}

// Two processes of another tool's trace, each with its tid 1, gave two rows "thread 1" no one could tell apart, and
// compared with another such trace the two processes' times were added together.
void tst_CompareCommand::threadsOfSeveralProcessesAreToldApartByProcess()
{
    const auto trace = [this](const QString& name, int first, int second) {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return QString();
        file.write(QStringLiteral(R"({"traceEvents": [
            {"ph": "M", "name": "process_name", "pid": 1, "args": {"name": "web"}},
            {"ph": "M", "name": "process_name", "pid": 2, "args": {"name": "db"}},
            {"ph": "X", "name": "w", "pid": 1, "tid": 1, "ts": 0, "dur": %1},
            {"ph": "X", "name": "w", "pid": 2, "tid": 1, "ts": 0, "dur": %2}]})")
                       .arg(first)
                       .arg(second)
                       .toUtf8());
        return path;
    };
    const QString a = trace(QStringLiteral("procs-a.json"), 20, 30);
    const QString b = trace(QStringLiteral("procs-b.json"), 40, 50);
    QVERIFY(!a.isEmpty() && !b.isEmpty());
    const ProcessOutcome stats = runThreadline({a, "--stats"});
    QCOMPARE(stats.exitCode, 0);
    QCOMPARE(stats.outText(), QStringLiteral("thread,slice,seconds,share\n"
                                             "web / thread 1,w,0.000020000,1.0000\n"
                                             "db / thread 1,w,0.000030000,1.0000\n"));
    const ProcessOutcome compared = runThreadline({a, "--compare", b, "--stats"});
    QCOMPARE(compared.exitCode, 0);
    QCOMPARE(compared.outText(), QStringLiteral("thread,slice,a_seconds,b_seconds,difference_seconds\n"
                                                "web / thread 1,w,0.000020000,0.000040000,0.000020000\n"
                                                "db / thread 1,w,0.000030000,0.000050000,0.000020000\n"));
}

void tst_CompareCommand::refusedCombinations_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("error");
    QTest::newRow("a lesson") << QStringList{"--scenario", "hello", "--compare", "b.json", "--stats"}
                              << "--compare compares two trace files";
    QTest::newRow("both export and screenshot")
        << QStringList{"A", "--compare", "B", "--export", "/tmp/cmp.png", "--screenshot", "/tmp/shot.png"}
        << "a comparison is either drawn (--export) or shown (--screenshot), not both";
    QTest::newRow("--after with no screenshot")
        << QStringList{"A", "--compare", "B", "--after", "1"} << "--after needs --screenshot FILE";
    QTest::newRow("a trace export") << QStringList{"A", "--compare", "B", "--export", "/tmp/cmp.json"}
                                    << "--compare draws a picture: --export needs .png, .svg or .pdf";
    QTest::newRow("no such B") << QStringList{"A", "--compare", "/nonexistent/b.json", "--stats"}
                               << "/nonexistent/b.json";
}

void tst_CompareCommand::refusedCombinations()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, error);
    arguments.replaceInStrings(QRegularExpression(QStringLiteral("^A$")), m_a);
    arguments.replaceInStrings(QRegularExpression(QStringLiteral("^B$")), m_b);
    const ProcessOutcome r = runThreadline(arguments);
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    QVERIFY2(r.errText().startsWith(QStringLiteral("threadline: ")) && r.errText().contains(error), r.err.constData());
}

QTEST_GUILESS_MAIN(tst_CompareCommand)
#include "tst_comparecommand.moc"
