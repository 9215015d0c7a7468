#pragma once

// For the tests that run real Python: the interpreter, a program's output to compare with, scratch
// scripts, and whether a process still runs.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <sys/types.h>

#include <algorithm>

namespace tl::pytest {

// The interpreter the tests run: $THREADLINE_TEST_PYTHON, else Debian's python3, else python3 on PATH.
inline QString testPython()
{
    const QString env = qEnvironmentVariable("THREADLINE_TEST_PYTHON");
    if (!env.isEmpty())
        return env;
    return QFileInfo::exists(QStringLiteral("/usr/bin/python3")) ? QStringLiteral("/usr/bin/python3")
                                                                 : QStringLiteral("python3");
}

// What python3 printed running `code` (`python3 -c`), line by line; `error` says why not when it did not
// exit 0 within 30 s.
struct PythonOutput {
    QStringList lines;
    QString error;
};

inline PythonOutput runPythonCode(const QString& code)
{
    QProcess python;
    python.start(testPython(), {QStringLiteral("-c"), code});
    if (!python.waitForFinished(30000))
        return {{}, QStringLiteral("python3 did not finish within 30 s")};
    if (python.exitStatus() != QProcess::NormalExit || python.exitCode() != 0)
        return {{}, QStringLiteral("python3 failed: ") + QString::fromUtf8(python.readAllStandardError())};
    QString out = QString::fromUtf8(python.readAllStandardOutput());
    if (out.endsWith(QLatin1Char('\n')))
        out.chop(1);
    return {out.split(QLatin1Char('\n')), {}};
}

// What python3 wrote to stderr running the script `file`, its trailing newlines taken off; a note that says why
// not where it did not finish within 30 s.
inline QString pythonStderrOf(const QString& file)
{
    QProcess python;
    python.start(testPython(), {QFileInfo(file).absoluteFilePath()});
    if (!python.waitForFinished(30000)) {
        python.kill();
        python.waitForFinished();
        return QStringLiteral("(python3 did not finish %1 within 30 s)").arg(file);
    }
    QString text = QString::fromUtf8(python.readAllStandardError());
    while (text.endsWith(QLatin1Char('\n')))
        text.chop(1);
    return text;
}

// Where `actual` first differs from `expected` (CPython's lines), for QVERIFY2; empty when they agree.
inline QString firstDifference(const QStringList& actual, const QStringList& expected)
{
    for (qsizetype i = 0; i < std::min(actual.size(), expected.size()); ++i) {
        if (actual[i] != expected[i])
            return QStringLiteral("line %1: '%2', CPython '%3'").arg(i + 1).arg(actual[i], expected[i]);
    }
    if (actual.size() != expected.size())
        return QStringLiteral("%1 lines, CPython %2").arg(actual.size()).arg(expected.size());
    return {};
}

// Writes `code` as `dir`/`name` and returns its path (empty if it could not).
inline QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& code)
{
    const QString path = dir.filePath(name);
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(code) != code.size())
        return {};
    return path;
}

// A valid program that waits on a Lock it holds for another thread to open it (a Lock has no owner): it
// prints "opened" and exits 0. A deadlock watch that takes a Lock's holder for its only releaser stops it.
inline constexpr const char kLockOpenedByAnotherThread[] = "import threading, time\n"
                                                         "go = threading.Lock()\n"
                                                         "go.acquire()\n"
                                                         "def opener():\n"
                                                         "    time.sleep(0.3)\n"
                                                         "    go.release()\n"
                                                         "t = threading.Thread(target=opener)\n"
                                                         "t.start()\n"
                                                         "go.acquire()\n"
                                                         "print('opened')\n"
                                                         "t.join()\n";

// Whether `pid` is a process that still runs (a zombie waiting for its reaper does not).
inline bool processRuns(pid_t pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (pid <= 0 || !stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close >= 0 && close + 2 < text.size() && text[close + 2] != 'Z';
}

} // namespace tl::pytest
