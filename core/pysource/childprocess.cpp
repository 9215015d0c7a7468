#include "pysource/childprocess.h"

#include "base/osbytes.h"

#include <QDir>
#include <QFile>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <limits>
#include <vector>

extern char** environ;

namespace tl {

namespace {

// A pipe whose ends are close-on-exec and above fd 9, so that dup2 onto 0-3 in the child never meets
// one of them (dup2 of an fd onto itself would keep it close-on-exec).
bool makePipe(int& readEnd, int& writeEnd)
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return false;
    readEnd = ::fcntl(fds[0], F_DUPFD_CLOEXEC, 10);
    writeEnd = ::fcntl(fds[1], F_DUPFD_CLOEXEC, 10);
    ::close(fds[0]);
    ::close(fds[1]);
    return readEnd >= 0 && writeEnd >= 0;
}

// A connected pair of stream sockets for the control channel, likewise close-on-exec and above fd 9.
// A socket rather than a pipe: the parent writes with MSG_NOSIGNAL, so a child that has gone makes a
// write fail with EPIPE instead of sending SIGPIPE to Threadline.
bool makeSocketPair(int& parentEnd, int& childEnd)
{
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
        return false;
    parentEnd = ::fcntl(fds[0], F_DUPFD_CLOEXEC, 10);
    childEnd = ::fcntl(fds[1], F_DUPFD_CLOEXEC, 10);
    ::close(fds[0]);
    ::close(fds[1]);
    return parentEnd >= 0 && childEnd >= 0;
}

} // namespace

ChildProcess::~ChildProcess()
{
    if (m_pid > 0 && !m_status) {
        signalGroup(SIGKILL);
        m_status = 0;
        int status = 0;
        while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
    closeFd(m_channel);
    closeFd(m_control);
    closeFd(m_stdout);
    closeFd(m_stderr);
    closeFd(m_exitFd);
}

void ChildProcess::closeFd(int& fd)
{
    if (fd >= 0)
        ::close(fd);
    fd = -1;
}

void ChildProcess::setOpenFileLimit(std::uint64_t soft) const
{
    rlimit limit{};
    if (::prlimit(m_pid, RLIMIT_NOFILE, nullptr, &limit) != 0)
        return;
    limit.rlim_cur = soft == std::numeric_limits<std::uint64_t>::max() ? RLIM_INFINITY : static_cast<rlim_t>(soft);
    // A failure (a soft limit above the hard one) leaves the child ours: it may open more, never fewer.
    ::prlimit(m_pid, RLIMIT_NOFILE, &limit, nullptr);
}

Status ChildProcess::start(const Spec& spec)
{
    // With SIGCHLD ignored or SA_NOCLDWAIT (inherited so from whoever started Threadline) the kernel reaps
    // every child at once, and no run could ever learn its program's exit code, or even that it ended.
    struct sigaction chld {};
    if (::sigaction(SIGCHLD, nullptr, &chld) == 0 &&
        (chld.sa_handler == SIG_IGN || (chld.sa_flags & SA_NOCLDWAIT) != 0)) {
        if (chld.sa_handler == SIG_IGN)
            chld.sa_handler = SIG_DFL;
        chld.sa_flags &= ~SA_NOCLDWAIT;
        ::sigaction(SIGCHLD, &chld, nullptr);
    }
    int channelWrite = -1, controlChild = -1, outWrite = -1, errWrite = -1;
    auto cleanup = [&] {
        closeFd(channelWrite);
        closeFd(controlChild);
        closeFd(outWrite);
        closeFd(errWrite);
    };
    if ((spec.channel && !makePipe(m_channel, channelWrite)) ||
        (spec.channel && !makeSocketPair(m_control, controlChild)) || (spec.capture && !makePipe(m_stdout, outWrite)) ||
        (spec.capture && !makePipe(m_stderr, errWrite))) {
        const int error = errno;
        cleanup();
        closeFd(m_channel);
        closeFd(m_control);
        closeFd(m_stdout);
        closeFd(m_stderr);
        return Status::failure(QStringLiteral("cannot make a pipe: %1").arg(qt_error_string(error)));
    }

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (!spec.inheritStdin)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    if (spec.capture) {
        posix_spawn_file_actions_adddup2(&actions, outWrite, 1);
        posix_spawn_file_actions_adddup2(&actions, errWrite, 2);
    }
    if (spec.channel) {
        posix_spawn_file_actions_adddup2(&actions, channelWrite, 3);
        posix_spawn_file_actions_adddup2(&actions, controlChild, 4);
    }
    const QByteArray cwd = QFile::encodeName(spec.workingDirectory);
    if (!spec.workingDirectory.isEmpty())
        posix_spawn_file_actions_addchdir_np(&actions, cwd.constData());

    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    for (const int number : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGXFSZ}) {
        if (!spec.keepIgnored.contains(number))
            sigaddset(&defaults, number);
    }
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setpgroup(&attributes, 0);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    std::vector<QByteArray> storage;
    storage.push_back(QFile::encodeName(spec.program));
    for (const QString& argument : spec.arguments)
        storage.push_back(toOsBytes(argument)); // an argument's bytes as they were given (osbytes.h)
    std::vector<char*> argv;
    for (QByteArray& a : storage)
        argv.push_back(a.data());
    argv.push_back(nullptr);

    const int error = ::posix_spawnp(&m_pid, argv[0], &actions, &attributes, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    cleanup();
    if (error != 0) {
        m_spawnError = error;
        m_pid = -1;
        closeFd(m_channel);
        closeFd(m_control);
        closeFd(m_stdout);
        closeFd(m_stderr);
        if (error == ENOENT && !spec.workingDirectory.isEmpty() && !QDir(spec.workingDirectory).exists())
            return Status::failure(
                QStringLiteral("the working directory %1 does not exist").arg(spec.workingDirectory));
        return Status::failure(QStringLiteral("cannot run %1: %2").arg(spec.program, qt_error_string(error)));
    }
    if (spec.openFileLimit)
        setOpenFileLimit(*spec.openFileLimit);
#ifdef SYS_pidfd_open
    // The raw call, as a C library before glibc 2.36 has no pidfd_open(). The fd is close-on-exec.
    m_exitFd = static_cast<int>(::syscall(SYS_pidfd_open, m_pid, 0));
#endif
    return success();
}

void ChildProcess::signalGroup(int signal) const
{
    if (m_pid <= 0)
        return;
    // The group holds the child and what it started, and outlives its leader while those run. The child
    // alone only if the group is gone (it left it with setsid()): one signal each, as a second SIGINT
    // would interrupt Python's exit.
    if (::kill(-m_pid, signal) != 0 && !m_status)
        ::kill(m_pid, signal);
}

void ChildProcess::signalMainThread(int signal) const
{
    if (m_pid <= 0)
        return;
    if (::syscall(SYS_tgkill, m_pid, m_pid, signal) != 0 && !m_status)
        ::kill(m_pid, signal);
}

void ChildProcess::waitForExit()
{
    if (m_status || m_pid <= 0)
        return;
    int status = 0;
    pid_t r = -1;
    while ((r = ::waitpid(m_pid, &status, 0)) < 0 && errno == EINTR) {
    }
    if (r == m_pid) {
        m_status = status;
        closeFd(m_exitFd);
    }
}

bool ChildProcess::poll()
{
    if (m_status)
        return true;
    if (m_pid <= 0)
        return false;
    int status = 0;
    const pid_t r = ::waitpid(m_pid, &status, WNOHANG);
    if (r == m_pid) {
        m_status = status;
        closeFd(m_exitFd); // readable for good now: a poll on it would never wait again
    } else if (r < 0 && errno == ECHILD) {
        closeFd(m_exitFd); // reaped by someone else: it will never be ours to reap, nor the fd to wait on
    }
    return m_status.has_value();
}

bool hasLiveChildren(pid_t pid)
{
    if (pid <= 0)
        return false;
    const QDir tasks(QStringLiteral("/proc/%1/task").arg(pid));
    for (const QString& task : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile children(tasks.filePath(task + QStringLiteral("/children")));
        if (!children.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray& child : children.readAll().split(' ')) {
            if (child.trimmed().isEmpty())
                continue;
            // /proc/<child>/stat: "pid (comm) S ...", the state after the last ')': Z for a zombie.
            QFile stat(QStringLiteral("/proc/%1/stat").arg(QString::fromLatin1(child.trimmed())));
            if (!stat.open(QIODevice::ReadOnly))
                continue; // gone since
            const QByteArray line = stat.readAll();
            const qsizetype close = line.lastIndexOf(')');
            if (close >= 0 && close + 2 < line.size() && line.at(close + 2) != 'Z')
                return true;
        }
    }
    return false;
}

std::optional<std::size_t> threadCountOf(pid_t pid)
{
    const QDir tasks(QStringLiteral("/proc/%1/task").arg(pid));
    if (pid <= 0 || !tasks.exists())
        return std::nullopt;
    const qsizetype n = tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot).size();
    return n > 0 ? std::optional<std::size_t>(std::size_t(n)) : std::nullopt;
}

} // namespace tl
