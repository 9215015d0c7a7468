#pragma once

// For the window and command-line tests that run real Python: the interpreter, scratch scripts, and
// whether a process still runs.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QString>
#include <QTemporaryDir>

#include <sys/types.h>

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
