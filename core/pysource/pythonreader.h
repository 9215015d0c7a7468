#pragma once

#include "pysource/childprocess.h"
#include "pysource/stopsequence.h"
#include "pysource/streamhello.h"
#include "pysource/streamparser.h"
#include "pysource/tracerclock.h"
#include "trace/event.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <atomic>
#include <condition_variable>
#include <csignal>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace tl {

class StringTable;

// The thread that serves one traced Python process: it reads the tracer's stream (and the captured
// stdout/stderr), parses it, keeps the events for PythonSource::drain(), delivers a stop (StopSequence: Ctrl+C
// twice, then SIGKILL) and reaps the process. When the process has ended and its stream is read, it closes the
// trace: lanes the stream left running (a stop that needed SIGKILL, a process killed from outside) end with a
// stopped event, and what went wrong becomes problems().
//
// Live controls: setPaused() and setSpeed() write "pause", "resume" or "speed S" on the control socket
// (the child's fd 4, read by the tracer's control.py) without ever blocking; the tracer then holds its
// threads or paces its sleeps anew, and its clock follows. The reader keeps a copy of that clock
// (TracerClock), so that nowTs() and the moment of a stop are in the same scenario time as the stream's
// events. A stop resumes first, so that the program can unwind from its SIGINT.
//
// Invariants: finished() turns true once, after the last event was published and the process reaped;
// nothing of the child outlives the destructor (it stops the process and joins the thread).
//
// Thread affinity: constructed, queried and destroyed by PythonSource's owner thread; the reading runs
// on the thread of its own. Everything shared is under m_mutex or atomic.
class PythonReader {
public:
    // `speed`: the factor the tracer was started with.
    PythonReader(std::unique_ptr<ChildProcess> child, std::shared_ptr<StringTable> strings, StopSequence stop,
                 double speed);
    ~PythonReader();
    PythonReader(const PythonReader&) = delete;
    PythonReader& operator=(const PythonReader&) = delete;

    void start();
    // Stops the program with `signal` (SIGINT: Stop's KeyboardInterrupt; SIGTERM: what a headless Threadline was
    // sent, passed on as it came), then SIGKILL after the grace period. The first request's signal is the one sent;
    // a SIGINT is sent a second time to a program that still runs (see the class comment).
    void requestStop(int signal = SIGINT);
    // A stop passed on from a user's signal, which the program may take its time over (a SIGTERM handler's clean
    // shutdown): no SIGKILL after the grace period. requestKill() ends it.
    void requestPatientStop(int signal);
    // SIGKILL now (a second Ctrl+C): asked for, a stop is no longer waited for.
    void requestKill();
    // Asks the tracer to pause or resume. False (and nothing sent) when the run has finished or the
    // tracer can no longer be told (its end of the socket is gone): the run is then not paused.
    bool setPaused(bool paused);
    bool paused() const;
    // Asks the tracer to go on at `speed` (0 < speed <= 1e6); false, as setPaused(), when it cannot be
    // told.
    bool setSpeed(double speed);
    bool stopRequested() const { return m_stopRequested.load(); }
    bool finished() const { return m_finished.load(std::memory_order_acquire); }
    bool waitForFinished(int timeoutMs);

    // Moves the events parsed so far (and their files) out.
    std::size_t take(std::vector<Event>& events, std::vector<StringId>& files);
    std::optional<StreamHello> hello() const;
    QByteArray capturedStdout() const;
    QByteArray capturedStderr() const;
    std::optional<int> waitStatus() const;
    QStringList problems() const;
    std::uint64_t lostEvents() const;
    std::uint64_t eventsReceived() const;
    std::int64_t lastTs() const { return m_lastTs.load(); }
    std::int64_t nowTs() const;

private:
    void run();
    bool pump(int timeoutMs);
    void readChannel();
    bool readOutput(int fd, QByteArray& into); // false at EOF
    void deliverStop();
    // Marks, among events just parsed, the KeyboardInterrupt the stop's SIGINT raised, and notes the exit's wait
    // that follows it (reader thread).
    void noteStopEvents(std::vector<Event>& events);
    void closeTrace();
    void publish(std::vector<Event>& events, std::vector<StringId>& files);
    // Sends one command line on the control socket; false (and the socket closed, which resumes the
    // tracer for good) when it cannot be told (m_mutex held).
    bool sendLocked(const QByteArray& command);

    std::unique_ptr<ChildProcess> m_child;
    std::shared_ptr<StringTable> m_strings;
    StopSequence m_stop;   // reader thread only
    StreamParser m_parser; // reader thread only
    std::thread m_thread;

    mutable std::mutex m_mutex;
    std::condition_variable m_finishedCv;
    std::vector<Event> m_events;
    std::vector<StringId> m_files;
    std::optional<StreamHello> m_hello;
    QByteArray m_stdout;
    QByteArray m_stderr;
    std::optional<int> m_waitStatus;
    QStringList m_problems;
    std::uint64_t m_received = 0;
    std::uint64_t m_lost = 0;
    int m_control = -1;  // the control socket's parent end; -1 once unusable
    TracerClock m_clock; // the tracer's clock, as the commands sent make it

    // Reader thread only: which lanes began and have not ended, for closing the trace.
    std::vector<std::uint8_t> m_laneOpen;
    std::vector<std::int64_t> m_laneLastTs;
    std::int64_t m_exitedClockNs = 0; // the tracer clock's reading when the process was seen to have ended; 0 before

    std::atomic<bool> m_stopRequested{false};
    std::atomic<int> m_stopSignal{SIGINT};
    std::atomic<std::int64_t> m_stopWallNs{0};
    std::atomic<bool> m_patient{false};
    std::atomic<bool> m_killAsked{false};
    std::atomic<std::int64_t> m_lastTs{0};
    std::atomic<bool> m_finished{false};
};

} // namespace tl
