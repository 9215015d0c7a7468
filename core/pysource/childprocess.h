#pragma once

#include "base/result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <utility>

namespace tl {

// One child process started with posix_spawnp, in a process group of its own, with its stdout and
// stderr either inherited or on pipes, stdin inherited or on /dev/null, one extra pipe write end as fd 3 and, with
// it, one end of a socket pair as fd 4: the control channel, on which the parent talks to the child.
// Signals go to the whole group, so that a stop also reaches the program's own children.
//
// start() makes SIGCHLD reapable for the whole process if it was ignored (SIG_IGN or SA_NOCLDWAIT inherited
// from Threadline's parent): otherwise the kernel would reap the child before we could.
//
// Invariants: the pipe read ends and the control socket's parent end are close-on-exec and owned here
// until taken; the child is reaped by poll() or by the destructor, which kills the group first if the
// child still runs.
//
// Thread affinity: one thread at a time (PythonSource's reader thread after start()).
class ChildProcess {
public:
    struct Spec {
        QString program; // a path, or a name searched on PATH
        QStringList arguments;
        QString workingDirectory; // empty: inherited
        bool capture = true;      // stdout/stderr on pipes (else inherited)
        bool inheritStdin = false; // stdin this process's own (else /dev/null)
        // The pipe on fd 3 and the control socket on fd 4 (off: a plain run, with no fd of ours).
        bool channel = true;
        // The child's soft RLIMIT_NOFILE (none: ours), set as it starts: posix_spawn has no attribute for it, so
        // it is set on the child (prlimit) once posix_spawn has returned, which is once it has exec'd, before the
        // interpreter has opened more than its own few files.
        std::optional<std::uint64_t> openFileLimit;
        // Of SIGINT, SIGTERM and SIGHUP, those the child gets as this process has them: one it ignores stays ignored
        // across exec (stopSignalsIgnoredAtStart(), left so). The others start at their default, as do SIGPIPE and
        // SIGXFSZ, which Threadline ignores for itself.
        QList<int> keepIgnored;
    };

    ChildProcess() = default;
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    // Starts the child. The error says what is missing ("no such program") in one line; spawnError() is
    // its errno (ENOENT: no such program).
    Status start(const Spec& spec);
    int spawnError() const { return m_spawnError; }

    pid_t pid() const { return m_pid; }
    int channelFd() const { return m_channel; } // read end of the child's fd 3
    // The parent's end of the child's fd 4 (a stream socket); the caller owns it from now (-1 if none).
    int takeControlFd() { return std::exchange(m_control, -1); }
    // Readable once the child has ended, until poll() reaps it (then -1): a pidfd, so that a reader that polls
    // it with its pipes learns of the exit at once. -1 where the kernel has no pidfd_open (before Linux 5.3).
    int exitFd() const { return m_exitFd; }
    int stdoutFd() const { return m_stdout; } // -1 when not captured
    int stderrFd() const { return m_stderr; }
    // Closes a read end we are done with (EOF), setting it to -1.
    static void closeFd(int& fd);
    void closeChannel() { closeFd(m_channel); }
    void closeStdout() { closeFd(m_stdout); }
    void closeStderr() { closeFd(m_stderr); }

    // Sends `signal` to the child's process group (and the child).
    void signalGroup(int signal) const;
    // Sends `signal` to the child's main thread alone (its thread id is its pid); to the child if that fails.
    void signalMainThread(int signal) const;
    // Reaps the child if it has ended; true once it has.
    bool poll();
    // Blocks until the child has ended and reaps it.
    void waitForExit();
    bool exited() const { return m_status.has_value(); }
    // The raw wait status, once exited.
    std::optional<int> status() const { return m_status; }

private:
    void setOpenFileLimit(std::uint64_t soft) const;
    pid_t m_pid = -1;
    int m_channel = -1;
    int m_control = -1;
    int m_stdout = -1;
    int m_stderr = -1;
    int m_exitFd = -1;
    std::optional<int> m_status;
    int m_spawnError = 0;
};

// How many threads process `pid` has, as Linux lists them (/proc/PID/task); nothing if it cannot be read (no
// such process, or no /proc).
std::optional<std::size_t> threadCountOf(pid_t pid);
// Whether process `pid` has a child process that has not ended (a zombie, ended and not yet waited for, is not one),
// from /proc/<pid>/task/<tid>/children.
bool hasLiveChildren(pid_t pid);

} // namespace tl
