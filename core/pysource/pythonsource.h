#pragma once

#include "base/result.h"
#include "pysource/deadlockwatch.h"
#include "pysource/pythonrunoptions.h"
#include "pysource/streamhello.h"
#include "trace/tracesource.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

namespace tl {

class PythonReader;
class StringTable;

// A TraceSource that runs a Python program in a real interpreter under Threadline's tracer
// (resources/python): the program's threads, sleeps, queues, pools, sockets and exit arrive as the same
// events an engine run of the lesson emits, on a pipe of their own (the child's fd 3), never mixed into
// its stdout or stderr.
//
// start() checks the input (the script exists, is a file, is readable), writes the tracer out, and
// spawns `python3 threadline_trace.py --fd 3 --control-fd 4 ...`; bad input fails there with a one-line
// message and nothing running. Afterwards the run is the reader thread's (PythonReader): drain() hands over what it
// parsed. A stop sends SIGINT (Python's KeyboardInterrupt), then SIGKILL after the grace period; the
// trace so far is kept, lanes left running end with a stopped event, and problems() says what
// happened. Programs the script starts (subprocess, multiprocessing) are not traced.
//
// Speed: the tracer paces sleeps and scales timeouts by the factor, and the trace keeps scenario time;
// setSpeed() changes it live. Pause: the tracer holds every traced thread at its next traced call and leaves the paused time out of
// the trace, so scenario time stands still; its paced sleeps end on time in scenario time. Threads that
// make no traced call run on, and the interpreter's own timed waits (Queue.get, join and lock timeouts)
// go on in wall time, so one that spans a pause ends early in scenario time.
//
// Thread affinity: one owner thread (the GUI or a headless recorder) calls everything; the reading runs
// on a thread of the reader's own. Destroying the source stops the program and waits for it.
class PythonSource final : public TraceSource {
public:
    explicit PythonSource(PythonRunOptions options);
    ~PythonSource() override;
    PythonSource(const PythonSource&) = delete;
    PythonSource& operator=(const PythonSource&) = delete;

    Status start();

    // TraceSource
    std::size_t drain(std::vector<Event>& out) override;
    std::span<const EventFile> lastDrainFiles() const override { return m_drainFiles; }
    bool isFinished() const override;
    bool waitForFinished(int timeoutMs) override;
    void requestStop() override;
    // A stop with another signal than Stop's SIGINT: a headless run passes on the SIGTERM it was sent.
    void requestStop(int signal);
    // PythonReader's: a user's signal passed on, with no SIGKILL after the grace period; and SIGKILL now.
    void requestPatientStop(int signal);
    void requestKill();
    std::shared_ptr<const StringTable> strings() const override;
    TraceMetadata metadata() const override;
    std::uint64_t droppedEvents() const override;
    std::int64_t nowTs() const override;

    // Asks the tracer to hold the program's threads, or to let them go on. Never blocks. pause() does
    // nothing (false) before start(), once the run has finished or a stop was asked, or when the tracer
    // can no longer be told; a stop resumes the run itself.
    bool pause();
    void resume();
    bool isPaused() const;
    // Asks the tracer to go on at `speed` (0 < speed <= 1e6) from now: its sleeps, those under way
    // included, are paced anew; timeouts scale by the speed at which their wait begins. False, as pause(),
    // when the run cannot be told; metadata() says the speed last taken.
    bool setSpeed(double speed);

    // "CPython 3.11.2" once the tracer has said hello; empty before.
    QString interpreter() const;
    std::optional<StreamHello> hello() const;
    // The program's exit code once finished: its own, or 128 + n if signal n ended it (as a shell says).
    std::optional<int> exitCode() const;
    // What went wrong with the run, one line each (a stop, a kill, os._exit, a malformed or cut stream,
    // a tracer that never started); empty for a clean run, whatever the program's exit code.
    QStringList problems() const;
    QByteArray capturedStdout() const;
    QByteArray capturedStderr() const;

private:
    PythonRunOptions m_options;
    double m_speed; // the speed last taken: m_options.speed, then setSpeed()'s
    std::shared_ptr<StringTable> m_strings;
    std::unique_ptr<PythonReader> m_reader;
    QString m_startError;
    std::vector<StringId> m_fileScratch; // each drained event's file, 0 for none (runtime events)
    std::vector<EventFile> m_drainFiles; // lastDrainFiles(): the drained events of files other than the script
    // eventKey() -> file of every event of another file than the script: the file of a deadlock found at one.
    std::unordered_map<std::uint64_t, StringId> m_otherFiles;
    static std::uint64_t eventKey(const Event& e) { return (std::uint64_t{e.lane} << 32) | e.seq; }
    StringId m_mainFile = 0;
    bool m_mainFileKnown = false;
    DeadlockWatch m_deadlocks; // the program's wait-for cycles, as Deadlock events among its own
};

} // namespace tl
