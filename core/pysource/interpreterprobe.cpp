#include "pysource/interpreterprobe.h"

#include "pysource/childprocess.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QStringList>

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>

namespace tl {

namespace {

// Python 2 and 3 alike: one line naming the implementation, the version and the executable.
constexpr char kProbeCode[] = "import sys\n"
                              "v = sys.version_info\n"
                              "i = getattr(sys, 'implementation', None)\n"
                              "sys.stdout.write('threadline-probe %s %d %d %d %s\\n' % "
                              "(i.name if i else 'cpython', v[0], v[1], v[2], sys.executable or ''))\n";
constexpr qsizetype kMaxAnswerBytes = 64 * 1024;

QString implementationName(const QString& name)
{
    if (name == QLatin1String("cpython"))
        return QStringLiteral("CPython");
    if (name == QLatin1String("pypy"))
        return QStringLiteral("PyPy");
    return name;
}

// Reads the child's stdout and stderr until both close, the answer grows too large, or the deadline.
// False on the deadline or an oversized answer.
bool readAnswer(ChildProcess& child, int timeoutMs, QByteArray& out)
{
    QElapsedTimer clock;
    clock.start();
    while (child.stdoutFd() >= 0 || child.stderrFd() >= 0) {
        const qint64 left = timeoutMs - clock.elapsed();
        if (left <= 0)
            return false;
        pollfd fds[2] = {{child.stdoutFd(), POLLIN, 0}, {child.stderrFd(), POLLIN, 0}};
        const int ready = ::poll(fds, 2, static_cast<int>(left));
        if (ready < 0 && errno != EINTR)
            return false;
        for (int i = 0; i < 2 && ready > 0; ++i) {
            if (fds[i].revents == 0)
                continue;
            char buffer[4096];
            const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
            if (n > 0 && i == 0)
                out.append(buffer, n);
            else if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
                i == 0 ? child.closeStdout() : child.closeStderr();
            // stderr is drained only so that a chatty program cannot block on a full pipe.
        }
        if (out.size() > kMaxAnswerBytes)
            return false;
    }
    return true;
}

} // namespace

Result<InterpreterInfo> InterpreterProbe::probe(const QString& program, int timeoutMs)
{
    using R = Result<InterpreterInfo>;
    const bool onPath = !program.contains(QLatin1Char('/'));
    ChildProcess child;
    ChildProcess::Spec spec;
    spec.program = program;
    spec.arguments = {QStringLiteral("-E"), QStringLiteral("-S"), QStringLiteral("-c"),
                      QString::fromLatin1(kProbeCode)};
    spec.channel = false;
    if (const Status started = child.start(spec); !started) {
        if (child.spawnError() == ENOENT && onPath)
            return R::failure(QStringLiteral("no Python interpreter \"%1\" on PATH: install one (Debian: sudo apt "
                                             "install python3) or name one with --python PATH")
                                  .arg(program));
        if (child.spawnError() == ENOENT)
            return R::failure(QStringLiteral("no Python interpreter at %1: no such file").arg(program));
        return R::failure(started.error());
    }
    QByteArray out;
    const bool answered = readAnswer(child, timeoutMs, out);
    if (!answered)
        child.signalGroup(SIGKILL);
    child.waitForExit();
    if (!answered)
        return R::failure(QStringLiteral("%1 did not answer as a Python interpreter within %2 s")
                              .arg(program)
                              .arg(timeoutMs / 1000.0));

    for (const QByteArray& line : out.split('\n')) {
        if (!line.startsWith("threadline-probe "))
            continue;
        const QStringList words = QString::fromUtf8(line).split(QLatin1Char(' '));
        if (words.size() < 5)
            break;
        InterpreterInfo info;
        bool ok[3] = {false, false, false};
        info.implementation = implementationName(words[1]);
        info.major = words[2].toInt(&ok[0]);
        info.minor = words[3].toInt(&ok[1]);
        info.micro = words[4].toInt(&ok[2]);
        info.executable = words.mid(5).join(QLatin1Char(' '));
        if (!ok[0] || !ok[1] || !ok[2])
            break;
        if (info.major < kMinMajor || (info.major == kMinMajor && info.minor < kMinMinor))
            return R::failure(QStringLiteral("%1 is %2 %3; Threadline's tracer needs Python %4.%5 or newer "
                                             "(Debian: sudo apt install python3)")
                                  .arg(program,
                                       info.implementation == QLatin1String("CPython") ? QStringLiteral("Python")
                                                                                       : info.implementation,
                                       info.version())
                                  .arg(kMinMajor)
                                  .arg(kMinMinor));
        return info;
    }
    return R::failure(QStringLiteral("%1 is not a Python interpreter (it did not answer as one)").arg(program));
}

} // namespace tl
