// PythonReader as its owner's thread calls it: stop, pause and speed commands, and what the run has recorded. Its own
// thread's loop: pythonreaderloop.cpp.
#include "pysource/pythonreader.h"

#include "pysource/stopsequence.h"

#include "trace/stringtable.h"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace tl {

PythonReader::PythonReader(std::unique_ptr<ChildProcess> child, std::shared_ptr<StringTable> strings, StopSequence stop,
                           double speed)
    : m_child(std::move(child))
    , m_strings(std::move(strings))
    , m_stop(std::move(stop))
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
    m_stopWallNs.store(TracerClock::monotonicNowNs());
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
        m_clock.resume(TracerClock::monotonicNowNs()); // a tracer that cannot be told runs on
        return !paused;
    }
    if (paused)
        m_clock.pause(TracerClock::monotonicNowNs());
    else
        m_clock.resume(TracerClock::monotonicNowNs());
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
    m_clock.setSpeed(TracerClock::monotonicNowNs(), speed);
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
    m_clock.resume(TracerClock::monotonicNowNs());
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
    const double wall = static_cast<double>(m_clock.at(TracerClock::monotonicNowNs()) - m_hello->clockZeroNs);
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

} // namespace tl
