// PythonReader's own thread: the loop that reads the event channel and the program's output, delivers a stop's
// signals as their moments come, and closes the trace when the process has ended. The rest of the class, which the
// owner's thread calls: pythonreader.cpp.
#include "pysource/pythonreader.h"

#include "pysource/stopsequence.h"

#include "trace/stringtable.h"

#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace tl {

namespace {

// After the process has ended, how long its stdout/stderr may stay open (its own children hold them)
// before the reader stops waiting for them.
constexpr std::int64_t kOutputLingerNs = 300'000'000;

} // namespace

void PythonReader::readChannel()
{
    char buffer[65536];
    const ssize_t n = ::read(m_child->channelFd(), buffer, sizeof buffer);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (n <= 0) {
        m_child->closeChannel();
        return;
    }
    std::vector<Event> events;
    std::vector<StringId> files;
    // A malformed stream stops the parsing, not the program: the rest is read and thrown away.
    if (!m_parser.failed())
        m_parser.feed(buffer, static_cast<std::size_t>(n), events, files);
    publish(events, files);
}

bool PythonReader::readOutput(int fd, QByteArray& into)
{
    char buffer[65536];
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return true;
    if (n <= 0)
        return false;
    std::lock_guard lock(m_mutex);
    into.append(buffer, n);
    return true;
}

void PythonReader::deliverStop()
{
    if (!m_stopRequested.load() || m_child->exited())
        return;
    const StopSequence::Asked asked{m_stopSignal.load(), m_patient.load(), m_killAsked.load(),
                                    TracerClock::monotonicNowNs() - m_stopWallNs.load()};
    if (const std::optional<int> signal = m_stop.next(asked)) {
        if (m_stop.lastToMainThread())
            m_child->signalMainThread(*signal);
        else
            m_child->signalGroup(*signal);
    }
}

bool PythonReader::pump(int timeoutMs)
{
    // The exit fd wakes the loop when the program ends: its pipes reach EOF a moment before it can be reaped,
    // and without it the loop would then sleep out the whole timeout before it noticed.
    pollfd fds[4] = {{m_child->channelFd(), POLLIN, 0},
                     {m_child->stdoutFd(), POLLIN, 0},
                     {m_child->stderrFd(), POLLIN, 0},
                     {m_child->exitFd(), POLLIN, 0}};
    const int ready = ::poll(fds, 4, timeoutMs);
    if (ready <= 0)
        return false;
    if (fds[0].revents != 0)
        readChannel();
    if (fds[1].revents != 0 && !readOutput(fds[1].fd, m_stdout))
        m_child->closeStdout();
    if (fds[2].revents != 0 && !readOutput(fds[2].fd, m_stderr))
        m_child->closeStderr();
    return true;
}

void PythonReader::run()
{
    std::int64_t exitedAt = 0;
    for (;;) {
        deliverStop();
        pump(20);
        if (!m_child->exited() && m_child->poll()) {
            exitedAt = TracerClock::monotonicNowNs();
            std::lock_guard lock(m_mutex);
            m_exitedClockNs = m_clock.at(exitedAt); // now: a pause or speed change after it must not move it
        }
        const bool outputOpen = m_child->stdoutFd() >= 0 || m_child->stderrFd() >= 0;
        if (m_child->exited()) {
            // The stream is complete at its EOF (only the process held its write end); stdout/stderr may
            // linger in the program's own children, so they get a little time, then are left.
            if (m_child->channelFd() < 0 && (!outputOpen || TracerClock::monotonicNowNs() - exitedAt > kOutputLingerNs))
                break;
            if (m_child->channelFd() >= 0 && TracerClock::monotonicNowNs() - exitedAt > 2 * kOutputLingerNs)
                break; // a forked child of the program still holds the channel: stop reading it
        }
    }
    closeTrace();
    m_child->closeChannel();
    m_child->closeStdout();
    m_child->closeStderr();
    if (m_stopRequested.load())
        m_child->signalGroup(SIGKILL); // what the program started in its group goes too
    {
        std::lock_guard lock(m_mutex);
        m_clock.resume(TracerClock::monotonicNowNs());
        ChildProcess::closeFd(m_control);
        m_finished.store(true, std::memory_order_release);
    }
    m_finishedCv.notify_all();
}

void PythonReader::closeTrace()
{
    std::vector<Event> events;
    std::vector<StringId> files;
    if (m_child->channelFd() < 0)
        m_parser.finish(); // at the stream's EOF: a record cut short is an error
    QStringList problems;
    const int status = m_child->status().value_or(0);
    const bool signalled = WIFSIGNALED(status);
    if (!m_parser.hasHello()) {
        problems << QStringLiteral("the interpreter ended before Threadline's tracer started (%1)")
                        .arg(signalled ? QStringLiteral("killed by %1").arg(signalText(WTERMSIG(status)))
                                       : QStringLiteral("exit code %1").arg(WEXITSTATUS(status)));
    } else if (m_parser.failed()) {
        problems << QStringLiteral("the trace stream is malformed at byte %1: %2")
                        .arg(m_parser.errorOffset())
                        .arg(m_parser.error());
    } else if (!m_parser.hasEnd()) {
        problems << QStringLiteral("the trace ends early: the process ended without closing it, so its last "
                                   "events may be missing");
    } else if (m_parser.endEventCount() > m_parser.eventsParsed() + m_parser.eventsSkipped()) {
        m_lost = m_parser.endEventCount() - m_parser.eventsParsed() - m_parser.eventsSkipped();
        problems << QStringLiteral("%1 events were lost").arg(m_lost);
    }
    if (m_parser.hasEnd() && m_parser.endReason().startsWith(QLatin1String("os._exit")))
        problems
            << QStringLiteral("the program called %1: its threads ended where they stood").arg(m_parser.endReason());
    if (m_parser.hasEnd() && m_parser.endReason().startsWith(QLatin1String("os.exec")))
        problems << QStringLiteral("the program called %1: what it became is not traced").arg(m_parser.endReason());
    const bool stopped = m_stopRequested.load();
    std::int64_t stopWallNs = 0;
    {
        std::lock_guard lock(m_mutex);
        stopWallNs = m_clock.at(m_stopWallNs.load()); // a stop resumed first: no pause is open
    }
    if (stopped)
        problems << m_stop.words(m_stopSignal.load(), m_killAsked.load());
    else if (signalled)
        problems << QStringLiteral("the process was killed by %1").arg(signalText(WTERMSIG(status)));

    // Lanes the stream left running end now: at the stop, or at the last moment the trace knows. A stream cut short (a
    // kill, the program's own or Stop's second signal) ends where the process did: its threads were in their states
    // until then, and a sleep that SIGKILL cut after half a second lasted that half second, not none.
    std::int64_t endTs = stopped ? std::max(m_parser.toScenarioNs(stopWallNs), m_lastTs.load()) : m_lastTs.load();
    // Not after a malformed record: what followed it was never read, so the states it left are not known to last.
    if (m_parser.hasHello() && !m_parser.hasEnd() && !m_parser.failed() && m_exitedClockNs != 0)
        endTs = std::max(endTs, m_parser.toScenarioNs(m_exitedClockNs));
    if (m_parser.hasHello() && !m_parser.hasEnd() && signalled && !stopped) {
        const StringId type = m_strings->intern(QStringLiteral("Killed"));
        const StringId text = m_strings->intern(problems.last());
        events.push_back(Event{endTs, 0, 0, EventKind::Error, 0, 0, type, text, 0});
        files.push_back(0);
    }
    // With its end record the stream has ended every lane itself (the exit cuts what still runs).
    for (std::size_t lane = 0; lane < m_laneOpen.size() && !m_parser.hasEnd(); ++lane) {
        if (m_laneOpen[lane] != 1)
            continue;
        const std::int64_t ts = std::max(endTs, m_laneLastTs[lane]);
        const auto id = static_cast<LaneId>(lane);
        events.push_back(Event{ts, id, 0, EventKind::Stopped, 0, 0, 0, 0, 0});
        events.push_back(Event{ts, id, 0, EventKind::RunEnd, 0, 0, 0, 0, 0});
        files.push_back(0);
        files.push_back(0);
    }
    publish(events, files);
    std::lock_guard lock(m_mutex);
    m_problems = problems;
    m_waitStatus = m_child->status();
}

} // namespace tl
