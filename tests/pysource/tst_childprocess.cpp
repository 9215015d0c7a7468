// The child process under a Python run: its exit fd tells of the exit the moment it happens, so that the reader
// polling it with the pipes does not sleep out a timeout, and it is closed once the child is reaped.

#include "pysource/childprocess.h"

#include <QDeadlineTimer>
#include <QTest>
#include <QThread>

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace tl;

namespace {

ChildProcess::Spec shell(const char* script)
{
    ChildProcess::Spec spec;
    spec.program = QStringLiteral("/bin/sh");
    spec.arguments = {QStringLiteral("-c"), QString::fromLatin1(script)};
    spec.channel = false;
    return spec;
}

// Waits up to `ms` for fd to be readable.
bool readable(int fd, int ms)
{
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, ms) == 1 && (p.revents & POLLIN) != 0;
}

} // namespace

class tst_ChildProcess : public QObject {
    Q_OBJECT

private slots:
    // stdin is /dev/null unless the spec asks for this process's own: here a pipe put in place of it.
    void stdinIsNullOrInherited()
    {
        int fds[2];
        QCOMPARE(::pipe(fds), 0);
        const int saved = ::dup(STDIN_FILENO);
        QVERIFY(saved >= 0);
        QCOMPARE(::dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
        ::close(fds[0]);
        QCOMPARE(::write(fds[1], "fed\n", 4), ssize_t(4));
        ::close(fds[1]);
        auto outputOf = [](bool inherit) {
            ChildProcess child;
            ChildProcess::Spec spec = shell("read line; echo \"[$line]\"");
            spec.inheritStdin = inherit;
            QByteArray out;
            if (!child.start(spec))
                return out;
            char buffer[64];
            ssize_t n;
            while ((n = ::read(child.stdoutFd(), buffer, sizeof buffer)) > 0)
                out.append(buffer, n);
            child.waitForExit();
            return out;
        };
        const QByteArray null = outputOf(false);
        const QByteArray inherited = outputOf(true);
        ::dup2(saved, STDIN_FILENO);
        ::close(saved);
        QCOMPARE(null, QByteArray("[]\n"));
        QCOMPARE(inherited, QByteArray("[fed]\n"));
    }

    void exitFdIsReadableWhenTheChildEnds()
    {
        ChildProcess child;
        QVERIFY(child.start(shell("exit 3")));
        if (child.exitFd() < 0)
            QSKIP("this kernel has no pidfd_open (Linux 5.3 or later has)");
        QVERIFY(readable(child.exitFd(), 10'000));
        QVERIFY(child.poll());
        QVERIFY(WIFEXITED(*child.status()));
        QCOMPARE(WEXITSTATUS(*child.status()), 3);
        QCOMPARE(child.exitFd(), -1); // reaped: closed, so that no poll spins on it
    }

    void exitFdWaitsWhileTheChildRuns()
    {
        ChildProcess child;
        QVERIFY(child.start(shell("exec sleep 30")));
        if (child.exitFd() < 0)
            QSKIP("this kernel has no pidfd_open (Linux 5.3 or later has)");
        QVERIFY(!readable(child.exitFd(), 100));
        QVERIFY(!child.poll());
        child.signalGroup(SIGKILL);
        QVERIFY(readable(child.exitFd(), 10'000));
        QVERIFY(child.poll());
        QVERIFY(WIFSIGNALED(*child.status()));
        QCOMPARE(child.exitFd(), -1);
    }

    // Started by a parent that ignores SIGCHLD (a daemon's habit, inherited across exec), the kernel would
    // reap the child itself: the run would never learn its exit code, nor that it ended.
    void childOfAProcessIgnoringSigchldIsStillReaped()
    {
        struct sigaction ignore {
        }, before{};
        ignore.sa_handler = SIG_IGN;
        QCOMPARE(::sigaction(SIGCHLD, &ignore, &before), 0);
        ChildProcess child;
        QVERIFY(child.start(shell("exit 5")));
        QDeadlineTimer deadline(10'000);
        while (!child.poll() && !deadline.hasExpired())
            QThread::msleep(5);
        ::sigaction(SIGCHLD, &before, nullptr);
        QVERIFY(child.exited());
        QVERIFY(WIFEXITED(*child.status()));
        QCOMPARE(WEXITSTATUS(*child.status()), 5);
    }

    void waitForExitClosesTheExitFd()
    {
        ChildProcess child;
        QVERIFY(child.start(shell("exit 0")));
        child.waitForExit();
        QVERIFY(child.exited());
        QCOMPARE(child.exitFd(), -1);
    }
};

QTEST_GUILESS_MAIN(tst_ChildProcess)
#include "tst_childprocess.moc"
