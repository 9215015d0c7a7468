// InterpreterProbe against the real interpreter and against stand-ins for the unusable ones: missing,
// not a Python, too old, never answering.

#include "pysource/interpreterprobe.h"
#include "pythonrun.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>

using namespace tl;
using namespace tl::pytest;

namespace {

// An executable shell script in the scratch directory, standing in for an interpreter.
QString stub(const QString& name, const QByteArray& body)
{
    const QString path = writeScript("#!/bin/sh\n" + body, name);
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return path;
}

// Whether `pid` is a process that still runs (a zombie waiting for a reaper does not).
bool running(pid_t pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close >= 0 && close + 2 < text.size() && text[close + 2] != 'Z';
}

} // namespace

class tst_InterpreterProbe : public QObject {
    Q_OBJECT

private slots:
    // The version the probe reports is the one Python itself prints.
    void realInterpreterSaysWhatItIs()
    {
        const Result<InterpreterInfo> info = InterpreterProbe::probe(python());
        QVERIFY2(info.ok(), info.ok() ? "" : qPrintable(info.error()));
        const Plain version =
            runPlain({QStringLiteral("-c"), QStringLiteral("import platform, sys; "
                                                           "print(platform.python_implementation(), "
                                                           "platform.python_version(), sys.executable)")});
        QCOMPARE(version.code, 0);
        const QStringList words = QString::fromUtf8(version.out).trimmed().split(QLatin1Char(' '));
        QCOMPARE(words.size(), 3);
        QCOMPARE(info->implementation, words[0]);
        QCOMPARE(info->version(), words[1]);
        QCOMPARE(info->label(), words[0] + QLatin1Char(' ') + words[1]);
        QCOMPARE(info->executable, words[2]);
        QVERIFY(info->major >= InterpreterProbe::kMinMajor);
    }

    void unusableInterpreters_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QString>("message");
        const QString dir = scratch().path();
        QTest::addRow("no such name on PATH") << "python3-not-installed"
                                              << "no Python interpreter \"python3-not-installed\" on PATH: install one "
                                                 "(Debian: sudo apt install python3)";
        QTest::addRow("no such path") << dir + "/bin/python9"
                                      << "no Python interpreter at " + dir + "/bin/python9";
        QTest::addRow("a directory") << dir << "cannot run " + dir;
        QTest::addRow("not a Python") << stub("true-stub", "exit 0\n") << "is not a Python interpreter";
        QTest::addRow("fails at once") << stub("fail-stub", "echo 'Unknown option: -E' >&2\nexit 2\n")
                                       << "is not a Python interpreter";
        QTest::addRow("Python 2") << stub("python2-stub", "echo 'threadline-probe cpython 2 7 18 /usr/bin/python2'\n")
                                  << "is Python 2.7.18; Threadline's tracer needs Python 3.11 or newer";
        QTest::addRow("Python 3.6") << stub("python36-stub", "echo 'threadline-probe cpython 3 6 15 /x/python3.6'\n")
                                    << "is Python 3.6.15; Threadline's tracer needs Python 3.11 or newer";
        QTest::addRow("Python 3.10") << stub("python310-stub", "echo 'threadline-probe cpython 3 10 13 /x/python3.10'\n")
                                     << "is Python 3.10.13; Threadline's tracer needs Python 3.11 or newer";
        QTest::addRow("nonsense") << stub("nonsense-stub", "echo 'threadline-probe cpython three 11 2'\n")
                                  << "is not a Python interpreter";
    }

    void unusableInterpreters()
    {
        QFETCH(QString, program);
        QFETCH(QString, message);
        const Result<InterpreterInfo> info = InterpreterProbe::probe(program);
        QVERIFY(!info.ok());
        QVERIFY2(info.error().contains(message), qPrintable(info.error()));
        QVERIFY(!info.error().contains(QLatin1Char('\n')));
    }

    // A program that never answers is killed at the deadline, with what it started.
    void silentProgramIsKilled()
    {
        const QString pidFile = scratch().filePath(QStringLiteral("sleeper.pid"));
        const QString program = stub("silent-stub", "sleep 300 &\necho $! > '" + pidFile.toUtf8() + "'\nwait\n");
        QElapsedTimer clock;
        clock.start();
        const Result<InterpreterInfo> info = InterpreterProbe::probe(program, 500);
        QVERIFY(clock.elapsed() < 5000);
        QVERIFY(!info.ok());
        QVERIFY2(info.error().contains(QStringLiteral("did not answer as a Python interpreter within 0.5 s")),
                 qPrintable(info.error()));
        QFile file(pidFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const pid_t sleeper = file.readAll().trimmed().toInt();
        QVERIFY(sleeper > 0);
        // The sleep was in the probe's process group: killed too.
        QTRY_VERIFY(!running(sleeper));
    }
};

QTEST_GUILESS_MAIN(tst_InterpreterProbe)
#include "tst_interpreterprobe.moc"
