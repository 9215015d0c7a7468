#include "support/processrun.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <zlib.h>

using namespace tl::apptest;

// `threadline FILE.json --export OUT` through the real binary: a trace file converted (json, csv) or drawn
// (png, svg, pdf) headless; a file that cannot be read is one line on stderr and exit code 2.
class TestTraceFileCommand : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void ownExportConvertsToItself_data();
    void ownExportConvertsToItself();
    void foreignTraceToEveryFormat_data();
    void foreignTraceToEveryFormat();
    void truncatedFileWarnsAndExports();
    void unreadableFileIsBadInput_data();
    void unreadableFileIsBadInput();
    void withoutExportOpensTheWindow();
    void screenshotShowsTheOpenedTrace();
    void screenshotOfBrokenTraceFails();

private:
    QString path(const QString& name) const { return m_dir.filePath(name); }
    void write(const QString& name, const QByteArray& bytes) const
    {
        QFile f(path(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    }

    QTemporaryDir m_dir;
    QByteArray m_export; // a lesson's export, written by the binary
};

namespace {

constexpr int kBadInput = 2;

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QByteArray gzipped(const QByteArray& text)
{
    z_stream z{};
    deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(static_cast<qsizetype>(deflateBound(&z, static_cast<uLong>(text.size()))), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.constData()));
    z.avail_in = static_cast<uInt>(text.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(static_cast<qsizetype>(z.total_out));
    deflateEnd(&z);
    return out;
}

const QByteArray kForeign = R"({"traceEvents": [
    {"ph": "M", "name": "thread_name", "pid": 1, "tid": 4, "args": {"name": "worker"}},
    {"ph": "X", "name": "compute", "cat": "py", "pid": 1, "tid": 4, "ts": 100.5, "dur": 10},
    {"ph": "i", "name": "checkpoint", "pid": 1, "tid": 4, "ts": 105},
    {"ph": "X", "name": "io", "pid": 1, "tid": 5, "ts": 101, "dur": 3}
]})";

} // namespace

void TestTraceFileCommand::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const ProcessOutcome made =
        runThreadline({"--scenario", "join-order", "--speed", "200", "--export", path("lesson.json")});
    QCOMPARE(made.exitCode, 0);
    m_export = readAll(path("lesson.json"));
    QVERIFY(m_export.startsWith("{\"traceEvents\":["));
    write("lesson.json.gz", gzipped(m_export));
    write("foreign.json", kForeign);
}

void TestTraceFileCommand::ownExportConvertsToItself_data()
{
    QTest::addColumn<QString>("input");
    QTest::newRow("json") << "lesson.json";
    QTest::newRow("json.gz") << "lesson.json.gz";
}

void TestTraceFileCommand::ownExportConvertsToItself()
{
    QFETCH(QString, input);
    const ProcessOutcome out = runThreadline({path(input), "--export", path("again.json")});
    QVERIFY2(out.exitCode == 0 && !out.crashed, out.err.constData());
    QCOMPARE(out.err, QByteArray());
    QVERIFY(readAll(path("again.json")) == m_export);
}

void TestTraceFileCommand::foreignTraceToEveryFormat_data()
{
    QTest::addColumn<QString>("output");
    QTest::addColumn<QByteArray>("startsWith");
    QTest::newRow("json") << "out.json" << QByteArray("{\"traceEvents\":[");
    QTest::newRow("csv") << "out.csv" << QByteArray("ts_us,");
    QTest::newRow("png") << "out.png" << QByteArray("\x89PNG");
    QTest::newRow("svg") << "out.svg" << QByteArray("<?xml");
    QTest::newRow("pdf") << "out.pdf" << QByteArray("%PDF");
}

void TestTraceFileCommand::foreignTraceToEveryFormat()
{
    QFETCH(QString, output);
    QFETCH(QByteArray, startsWith);
    const ProcessOutcome out = runThreadline({path("foreign.json"), "--export", path(output)});
    QVERIFY2(out.exitCode == 0 && !out.crashed, out.err.constData());
    const QByteArray written = readAll(path(output));
    QVERIFY2(written.startsWith(startsWith), written.left(40).constData());
    if (output.endsWith(".json") || output.endsWith(".csv") || output.endsWith(".svg")) {
        QVERIFY(written.contains("compute"));
        QVERIFY(written.contains("worker"));
    }
}

void TestTraceFileCommand::truncatedFileWarnsAndExports()
{
    write("cut.json", m_export.left(m_export.size() / 2));
    const ProcessOutcome out = runThreadline({path("cut.json"), "--export", path("cut-out.json")});
    QCOMPARE(out.exitCode, 0);
    QVERIFY2(out.errText().startsWith(QStringLiteral("threadline: %1: the file ends ").arg(path("cut.json"))),
             out.err.constData());
    QVERIFY(readAll(path("cut-out.json")).startsWith("{\"traceEvents\":["));
    // Its picture says it is cut short, as the window does: its last waits may be open only because of the cut.
    const ProcessOutcome drawn = runThreadline({path("cut.json"), "--export", path("cut-out.svg")});
    QCOMPARE(drawn.exitCode, 0);
    QVERIFY(readAll(path("cut-out.svg")).contains("cut short: its file ends before the trace does"));
    // Its export, whole, says that it holds only what came before the cut, and is drawn so when read back.
    QVERIFY(readAll(path("cut-out.json")).contains("\"cut_short\":true"));
    const ProcessOutcome again = runThreadline({path("cut-out.json"), "--export", path("again.svg")});
    QCOMPARE(again.exitCode, 0);
    QVERIFY(readAll(path("again.svg")).contains("cut short: its file ends before the trace does"));

    // Cut before its first event: nothing to draw, so bad input, and no file written (it was an empty picture and
    // exit 0, a reviewer).
    write("cut-early.json", R"({"traceEvents": [)");
    const ProcessOutcome early = runThreadline({path("cut-early.json"), "--export", path("cut-early.png")});
    QCOMPARE(early.exitCode, kBadInput);
    QCOMPARE(early.errText(), QStringLiteral("threadline: cannot read '%1': the file ends before the trace is closed "
                                             "(byte 17), with nothing to draw before it\n")
                                  .arg(path("cut-early.json")));
    QVERIFY(!QFile::exists(path("cut-early.png")));

    // Only threads' names before the cut, and the same gzipped: as little to draw.
    const QByteArray names = R"({"traceEvents": [{"ph": "M", "name": "thread_name", "pid": 1, "tid": 2, "args": )"
                             R"({"name": "worker"}}, {"ph": "X", "na)";
    write("cut-names.json", names);
    for (const QStringList& arguments :
         {QStringList{path("cut-names.json"), "--export", path("cut-names.csv")},
          QStringList{path("cut-names.json"), "--stats"},
          QStringList{path("cut.json"), "--compare", path("cut-names.json"), "--stats"}}) {
        const ProcessOutcome named = runThreadline(arguments);
        QCOMPARE(named.exitCode, kBadInput);
        QVERIFY2(named.errText().endsWith(QStringLiteral("threadline: cannot read '%1': the file ends inside event 2 "
                                                         "(byte %2), with nothing to draw before it\n")
                                              .arg(path("cut-names.json"))
                                              .arg(names.size())),
                 named.err.constData());
    }
    QVERIFY(!QFile::exists(path("cut-names.csv")));
}

void TestTraceFileCommand::unreadableFileIsBadInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("error");
    QTest::newRow("broken JSON") << QStringList{"%DIR%/broken.json", "--export", "%DIR%/x.json"}
                                 << "threadline: cannot read '%DIR%/broken.json': invalid JSON at byte 28, in event "
                                    "1: Missing a comma or '}' after an object member.\n";
    QTest::newRow("not a trace") << QStringList{"%DIR%/notrace.json", "--export", "%DIR%/x.png"}
                                 << "threadline: cannot read '%DIR%/notrace.json': not a Chrome trace: the top-level "
                                    "object has no traceEvents array (byte 0)\n";
    QTest::newRow("missing") << QStringList{"%DIR%/none.json", "--export", "%DIR%/x.json"}
                             << "threadline: cannot open '%DIR%/none.json': No such file or directory\n";
    // In the window too: it opened on nothing, and said so in a dialog.
    QTest::newRow("missing, for the window")
        << QStringList{"%DIR%/none.json"} << "threadline: cannot open '%DIR%/none.json': No such file or directory\n";
    QTest::newRow("a directory, for the window")
        << QStringList{"%DIR%/folder.json"}
        << "threadline: cannot open '%DIR%/folder.json': it is a directory, not a trace file\n";
    QTest::newRow("missing B of a comparison")
        << QStringList{"%DIR%/foreign.json", "--compare", "%DIR%/none.json"}
        << "threadline: cannot open '%DIR%/none.json': No such file or directory\n";
    QTest::newRow("picture lanes without --export") << QStringList{"%DIR%/foreign.json", "--lanes", "visible"}
                                                    << "threadline: --lanes needs --export FILE (.png, .svg or .pdf)\n";
    QTest::newRow("picture width without --export") << QStringList{"%DIR%/foreign.json", "--width", "800"}
                                                    << "threadline: --width and --scale need --export FILE\n";
    QTest::newRow("both --export and --screenshot")
        << QStringList{"%DIR%/foreign.json", "--export", "%DIR%/x.json", "--screenshot", "%DIR%/x.png"}
        << "threadline: a trace file is either drawn (--export) or shown (--screenshot), not both\n";
    QTest::newRow("with a scenario") << QStringList{"%DIR%/foreign.json", "--scenario", "hello", "--export",
                                                    "%DIR%/x.json"}
                                     << "threadline: a trace file takes no --scenario: it is a run already\n";
}

void TestTraceFileCommand::unreadableFileIsBadInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, error);
    write("broken.json", R"({"traceEvents": [{"ph": "X" "ts": 1}]})");
    write("notrace.json", R"({"events": []})");
    QDir(m_dir.path()).mkpath(QStringLiteral("folder.json"));
    for (QString& a : arguments)
        a.replace("%DIR%", m_dir.path());
    error.replace("%DIR%", m_dir.path());
    QFile::remove(path("x.json"));
    QFile::remove(path("x.png"));
    const ProcessOutcome out = runThreadline(arguments);
    QCOMPARE(out.exitCode, kBadInput);
    QCOMPARE(out.errText(), error);
    QVERIFY(!QFile::exists(path("x.json")));
    QVERIFY(!QFile::exists(path("x.png")));
}

// `threadline FILE.json` with no --export opens the window on the file instead of refusing: it is still
// up after a second and a half, has said nothing of its own on stderr, and ends when asked to.
void TestTraceFileCommand::withoutExportOpensTheWindow()
{
    QProcess process;
    process.setProcessEnvironment(programEnvironment(Display::Offscreen));
    process.start(QStringLiteral(THREADLINE_BINARY), {path("foreign.json")});
    QVERIFY(process.waitForStarted());
    QVERIFY2(!process.waitForFinished(1500), qPrintable(QString::fromUtf8(process.readAllStandardError())));
    QCOMPARE(process.state(), QProcess::Running);
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(!err.contains("threadline:"), err.constData());
    process.terminate();
    QVERIFY(process.waitForFinished(10000));
}

// `threadline FILE.json --screenshot OUT.png`: the window with the file opened, grabbed once it is read.
void TestTraceFileCommand::screenshotShowsTheOpenedTrace()
{
    QFile::remove(path("shot.png"));
    const ProcessOutcome out =
        runThreadline({path("lesson.json.gz"), "--screenshot", path("shot.png")}, Display::Offscreen);
    QVERIFY(!out.crashed);
    QVERIFY2(out.exitCode == 0, out.err.constData());
    const QByteArray png = readAll(path("shot.png"));
    QVERIFY(png.startsWith("\x89PNG"));
    QVERIFY(png.size() > 10000);
}

// A file that cannot be read: the importer's error on stderr, exit 2 (bad input, as --export says of the same file;
// it was 1), no picture. As B of --compare, the error names the file once (it was named twice).
void TestTraceFileCommand::screenshotOfBrokenTraceFails()
{
    write("broken.json", R"({"traceEvents": [{"ph": "X" "ts": 1}]})");
    QFile::remove(path("broken.png"));
    const ProcessOutcome out =
        runThreadline({path("broken.json"), "--screenshot", path("broken.png")}, Display::Offscreen);
    QVERIFY(!out.crashed);
    QCOMPARE(out.exitCode, 2);
    QVERIFY2(out.err.contains("invalid JSON at byte 28"), out.err.constData());
    QVERIFY(!QFile::exists(path("broken.png")));
    const ProcessOutcome asB =
        runThreadline({path("lesson.json.gz"), "--compare", path("broken.json"), "--screenshot", path("broken.png")},
                      Display::Offscreen);
    QCOMPARE(asB.exitCode, 2);
    QCOMPARE(asB.err.count("broken.json"), 1);
    QVERIFY(!QFile::exists(path("broken.png")));
}

QTEST_GUILESS_MAIN(TestTraceFileCommand)
#include "tst_tracefilecommand.moc"
