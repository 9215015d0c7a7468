// CPython's own tests of threading, _thread, queue, thread-local data, sched and sys (the `test` package, Debian's
// libpython3.11-testsuite, which setup.sh installs), run untraced and under the tracer: the same tests run, with the
// same outcome. Written by CPython's developers for what these modules must do, they check a traced program
// behaves as untraced where the programs of tst_pythonfaithful and its kin do not reach (they found a crash on a
// queue module imported without _queue, subclass hooks recorded twice, finished Timers kept alive by the tracer,
// and the wrapper's frame given for the caller's in sys._current_frames()).

#include "pythonrun.h"

#include <QRegularExpression>
#include <QTest>

using namespace tl;
using namespace tl::pytest;

namespace {

constexpr int kSuiteTimeoutMs = 240000;

// What unittest's verbose report says of a run: each test's outcome ("test_x (test.test_queue.Class) ... ok"),
// sorted, then its count and verdict ("Ran 54 tests", "OK (skipped=2)"). Timings left out.
QStringList outcomes(const QByteArray& report)
{
    static const QRegularExpression outcome(QStringLiteral("^(test\\S* \\(.*\\)) \\.\\.\\. (ok|skipped|FAIL|ERROR|"
                                                           "expected failure|unexpected success)"));
    static const QRegularExpression verdict(QStringLiteral("^(Ran \\d+ tests?|OK|OK \\(.*\\)|FAILED \\(.*\\))"
                                                           "(?: in [\\d.]+s)?$"));
    QStringList tests, summary;
    for (const QString& line : QString::fromUtf8(report).split(QLatin1Char('\n'))) {
        if (const QRegularExpressionMatch m = outcome.match(line); m.hasMatch())
            tests << m.captured(1) + QLatin1String(": ") + m.captured(2);
        else if (const QRegularExpressionMatch v = verdict.match(line.trimmed()); v.hasMatch())
            summary << v.captured(1);
    }
    tests.sort();
    return tests + summary;
}

} // namespace

class tst_CPythonSuite : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        const Plain probe = runPlain({QStringLiteral("-c"), QStringLiteral("import test.libregrtest")});
        if (probe.code != 0)
            QSKIP("CPython's test package is not installed (Debian: libpython3.11-testsuite; setup.sh installs it)");
    }

    void theSameTestsPassTraced_data()
    {
        QTest::addColumn<QString>("suite");
        for (const char* suite :
             {"test_queue", "test_thread", "test_threading_local", "test_sched", "test_threading", "test_sys"})
            QTest::addRow("%s", suite) << QString::fromLatin1(suite);
    }
    void theSameTestsPassTraced()
    {
        QFETCH(QString, suite);
        const QStringList arguments = {QStringLiteral("-v"), suite};
        const Plain plain = runPlain(QStringList{QStringLiteral("-m"), QStringLiteral("test")} + arguments);
        PythonRunOptions options;
        options.module = QStringLiteral("test");
        options.args = arguments;
        const Run traced = run(options, kSuiteTimeoutMs);
        QVERIFY2(traced.startError.isEmpty(), qPrintable(traced.startError));
        QVERIFY(traced.finished);
        // regrtest's verbose report goes to stdout, unittest's to stderr: both are read.
        const QStringList expected = outcomes(plain.out + plain.err);
        // The report was read: tests, their count and a verdict.
        const QStringList ran = expected.filter(QRegularExpression(QStringLiteral("^Ran \\d+ tests?$")));
        QVERIFY2(ran.size() == 1 && expected.size() > 2, qPrintable(QString::fromUtf8(plain.err.right(2000))));
        QVERIFY(expected.last().startsWith(QLatin1String("OK")) || expected.last().startsWith(QLatin1String("FAILED")));
        QCOMPARE(outcomes(traced.out() + traced.err()), expected);
        QCOMPARE(traced.source->exitCode().value_or(-1), plain.code);
        QCOMPARE(traced.store->droppedEvents(), 0u);
    }
};

QTEST_GUILESS_MAIN(tst_CPythonSuite)
#include "tst_cpythonsuite.moc"
