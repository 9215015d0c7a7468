#include "engine/console.h"

#include <QTest>

#include <cstdio>
#include <memory>
#include <thread>
#include <vector>

using namespace tl;

namespace {

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

QByteArray contents(std::FILE* f)
{
    std::fflush(f);
    std::rewind(f);
    QByteArray out;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, f)) > 0;)
        out.append(buffer, static_cast<qsizetype>(n));
    return out;
}

} // namespace

// The console: print() on stdout and the uncaught-exception report on stderr, only when echoing.
class tst_Console : public QObject {
    Q_OBJECT
private slots:
    void printWritesTheLineToStdout();
    void uncaughtGoesToStderr();
    void errorsWithoutPrints();
    void silentWithoutEcho();
    void concurrentPrintsKeepTheirLines();
    void aFailedWriteIsKeptWithItsReason();
};

void tst_Console::printWritesTheLineToStdout()
{
    File out(std::tmpfile());
    File err(std::tmpfile());
    Console console(true, true, out.get(), err.get());
    console.print(QStringLiteral("héllo"));
    console.print(QString());
    QCOMPARE(contents(out.get()), QByteArray("h\xc3\xa9llo\n\n"));
    QCOMPARE(contents(err.get()), QByteArray());
}

void tst_Console::uncaughtGoesToStderr()
{
    File out(std::tmpfile());
    File err(std::tmpfile());
    Console console(true, true, out.get(), err.get());
    console.reportUncaught("Exception in thread Thread-1 (worker):\nValueError: bad value\n");
    QCOMPARE(contents(err.get()), QByteArray("Exception in thread Thread-1 (worker):\nValueError: bad value\n"));
    QCOMPARE(contents(out.get()), QByteArray());
}

void tst_Console::errorsWithoutPrints()
{
    File out(std::tmpfile());
    File err(std::tmpfile());
    Console console(false, true, out.get(), err.get());
    console.print(QStringLiteral("kept in the trace"));
    console.reportUncaught("ValueError: x\n");
    QCOMPARE(contents(out.get()), QByteArray());
    QCOMPARE(contents(err.get()), QByteArray("ValueError: x\n"));
}

void tst_Console::silentWithoutEcho()
{
    File out(std::tmpfile());
    File err(std::tmpfile());
    Console console(false, false, out.get(), err.get());
    QVERIFY(!console.echoesErrors());
    console.print(QStringLiteral("not shown"));
    console.reportUncaught("ValueError: x\n");
    QCOMPARE(contents(out.get()), QByteArray());
    QCOMPARE(contents(err.get()), QByteArray());
}

void tst_Console::concurrentPrintsKeepTheirLines()
{
    File out(std::tmpfile());
    File err(std::tmpfile());
    Console console(true, true, out.get(), err.get());
    constexpr int kThreads = 4;
    constexpr int kLines = 500;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < kLines; ++i)
                console.print(
                    QStringLiteral("thread %1 line %2 ........................................").arg(t).arg(i));
        });
    for (auto& t : threads)
        t.join();
    const QList<QByteArray> lines = contents(out.get()).split('\n');
    QCOMPARE(lines.size(), kThreads * kLines + 1); // the text ends with a newline
    for (qsizetype i = 0; i + 1 < lines.size(); ++i)
        QVERIFY2(lines[i].startsWith("thread ") && lines[i].endsWith("........"), lines[i].constData());
}

// A full disk: the first failure is kept, with the stream and the system's reason, for the run to report.
void tst_Console::aFailedWriteIsKeptWithItsReason()
{
    File full(std::fopen("/dev/full", "w"));
    QVERIFY(full);
    File err(std::tmpfile());
    Console console(true, true, full.get(), err.get());
    console.reportUncaught("ValueError\n");
    QCOMPARE(console.writeFailure(), QString());
    console.print(QStringLiteral("lost"));
    console.print(QStringLiteral("lost too"));
    QCOMPARE(console.writeFailure(), QStringLiteral("cannot write to stdout: No space left on device"));
    QCOMPARE(contents(err.get()), QByteArray("ValueError\n"));
}

QTEST_GUILESS_MAIN(tst_Console)
#include "tst_console.moc"
