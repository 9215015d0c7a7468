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
#include <chrono>

namespace tl {

namespace {

std::int64_t monotonicNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// After the process has ended, how long its stdout/stderr may stay open (its own children hold them)
// before the reader stops waiting for them.
constexpr std::int64_t kOutputLingerNs = 300'000'000;

} // namespace

PythonReader::PythonReader(std::unique_ptr<ChildProcess> child, std::shared_ptr<StringTable> strings, int stopGraceMs,
                           double speed)
    : m_child(std::move(child))
    , m_strings(std::move(strings))
    , m_stop(stopGraceMs)
    , m_parser(*m_strings)
    , m_control(m_child->takeControlFd())
    , m_clock(speed)
{
}

PythonReader::~PythonReader()
{
    if (m_thread.joinable()) {
        requestStop();
        m_thread.join();
    }
    ChildProcess::closeFd(m_control);
}

void PythonReader::start()
{
    m_thread = std::thread([this] { run(); });
}

void PythonReader::requestStop(int signal)
{
    setPaused(false); // held threads could not unwind from the SIGINT
    if (m_stopRequested.load())
        return;
    m_stopSignal.store(signal);
    m_stopWallNs.store(monotonicNs());
    m_stopRequested.store(true); // last: the reader thread reads the signal once it sees this
}

void PythonReader::requestPatientStop(int signal)
{
    m_patient.store(true);
    requestStop(signal);
}

void PythonReader::requestKill()
{
    m_killAsked.store(true);
    requestStop(SIGKILL);
}

bool PythonReader::setPaused(bool paused)
{
    std::lock_guard lock(m_mutex);
    if (paused == m_clock.paused())
        return true;
    if (paused && (m_finished.load() || m_stopRequested.load()))
        return false;
    if (!sendLocked(paused ? QByteArrayLiteral("pause\n") : QByteArrayLiteral("resume\n"))) {
        m_clock.resume(monotonicNs()); // a tracer that cannot be told runs on
        return !paused;
    }
    if (paused)
        m_clock.pause(monotonicNs());
    else
        m_clock.resume(monotonicNs());
    return true;
}

bool PythonReader::paused() const
{
    std::lock_guard lock(m_mutex);
    return m_clock.paused();
}

bool PythonReader::setSpeed(double speed)
{
    std::lock_guard lock(m_mutex);
    if (m_finished.load() || m_stopRequested.load())
        return false;
    if (speed == m_clock.speed())
        return true;
    if (!sendLocked("speed " + QByteArray::number(speed, 'g', 17) + '\n'))
        return false;
    m_clock.setSpeed(monotonicNs(), speed);
    return true;
}

bool PythonReader::sendLocked(const QByteArray& command)
{
    if (m_control < 0)
        return false;
    // Never blocks (the tracer reads it every few milliseconds; a full buffer means it has stopped
    // reading) and never raises SIGPIPE (a tracer that has gone is EPIPE here).
    ssize_t sent = -1;
    while ((sent = ::send(m_control, command.constData(), static_cast<std::size_t>(command.size()),
                          MSG_NOSIGNAL | MSG_DONTWAIT)) < 0 &&
           errno == EINTR) {
    }
    if (sent == static_cast<ssize_t>(command.size()))
        return true;
    ChildProcess::closeFd(m_control); // its EOF resumes a tracer still there for good
    m_clock.resume(monotonicNs());
    return false;
}

bool PythonReader::waitForFinished(int timeoutMs)
{
    std::unique_lock lock(m_mutex);
    auto done = [this] { return m_finished.load(std::memory_order_acquire); };
    if (timeoutMs < 0)
        m_finishedCv.wait(lock, done);
    else
        m_finishedCv.wait_for(lock, std::chrono::milliseconds(timeoutMs), done);
    return done();
}

std::size_t PythonReader::take(std::vector<Event>& events, std::vector<StringId>& files)
{
    std::lock_guard lock(m_mutex);
    const std::size_t n = m_events.size();
    events.insert(events.end(), m_events.begin(), m_events.end());
    files.insert(files.end(), m_files.begin(), m_files.end());
    m_events.clear();
    m_files.clear();
    return n;
}

std::optional<StreamHello> PythonReader::hello() const
{
    std::lock_guard lock(m_mutex);
    return m_hello;
}

QByteArray PythonReader::capturedStdout() const
{
    std::lock_guard lock(m_mutex);
    return m_stdout;
}

QByteArray PythonReader::capturedStderr() const
{
    std::lock_guard lock(m_mutex);
    return m_stderr;
}

std::optional<int> PythonReader::waitStatus() const
{
    std::lock_guard lock(m_mutex);
    return m_waitStatus;
}

QStringList PythonReader::problems() const
{
    std::lock_guard lock(m_mutex);
    return m_problems;
}

std::uint64_t PythonReader::lostEvents() const
{
    std::lock_guard lock(m_mutex);
    return m_lost;
}

std::uint64_t PythonReader::eventsReceived() const
{
    std::lock_guard lock(m_mutex);
    return m_received;
}

std::int64_t PythonReader::nowTs() const
{
    std::lock_guard lock(m_mutex);
    if (!m_hello || m_finished.load())
        return m_lastTs.load();
    const double wall = static_cast<double>(m_clock.at(monotonicNs()) - m_hello->clockZeroNs);
    return std::max<std::int64_t>(m_lastTs.load(), static_cast<std::int64_t>(std::max(0.0, wall) * m_hello->speed));
}

void PythonReader::noteStopEvents(std::vector<Event>& events)
{
    if (!m_stopRequested.load() || m_stopSignal.load() != SIGINT)
        return;
    std::int64_t stopTs = 0;
    {
        std::lock_guard lock(m_mutex);
        stopTs = m_parser.toScenarioNs(m_clock.at(m_stopWallNs.load()));
    }
    m_stop.noteEvents(events, stopTs, *m_strings);
}

void PythonReader::publish(std::vector<Event>& events, std::vector<StringId>& files)
{
    noteStopEvents(events);
    for (const Event& e : events) {
        if (e.lane >= m_laneOpen.size()) {
            m_laneOpen.resize(std::size_t{e.lane} + 1, 0);
            m_laneLastTs.resize(std::size_t{e.lane} + 1, 0);
        }
        // A lane's run-end may reach the stream before its run-begin (the exit cuts a daemon from main's
        // buffer): an ended lane stays ended.
        if (e.kind == EventKind::RunBegin && m_laneOpen[e.lane] == 0)
            m_laneOpen[e.lane] = 1;
        else if (e.kind == EventKind::RunEnd)
            m_laneOpen[e.lane] = 2;
        m_laneLastTs[e.lane] = std::max(m_laneLastTs[e.lane], e.ts);
        if (e.ts > m_lastTs.load())
            m_lastTs.store(e.ts);
    }
    std::lock_guard lock(m_mutex);
    if (!m_hello && m_parser.hasHello())
        m_hello = m_parser.hello();
    m_received += events.size();
    m_events.insert(m_events.end(), events.begin(), events.end());
    m_files.insert(m_files.end(), files.begin(), files.end());
    events.clear();
    files.clear();
}

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
                                    monotonicNs() - m_stopWallNs.load()};
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
        if (!m_child->exited() && m_child->poll())
            exitedAt = monotonicNs();
        const bool outputOpen = m_child->stdoutFd() >= 0 || m_child->stderrFd() >= 0;
        if (m_child->exited()) {
            // The stream is complete at its EOF (only the process held its write end); stdout/stderr may
            // linger in the program's own children, so they get a little time, then are left.
            if (m_child->channelFd() < 0 && (!outputOpen || monotonicNs() - exitedAt > kOutputLingerNs))
                break;
            if (m_child->channelFd() >= 0 && monotonicNs() - exitedAt > 2 * kOutputLingerNs)
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
        m_clock.resume(monotonicNs());
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

    // Lanes the stream left running end now: at the stop, or at the last moment the trace knows.
    const std::int64_t endTs = stopped ? std::max(m_parser.toScenarioNs(stopWallNs), m_lastTs.load()) : m_lastTs.load();
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
