#pragma once

#include "trace/tracestore.h"

#include <QString>

#include <memory>
#include <optional>

namespace tl {

struct CommandLineRequest;

// A Python program's headless run, recorded.
struct RecordedProgram {
    std::unique_ptr<TraceStore> store;
    int exitCode = 0; // the program's own (128 + n if signal n ended it), or kExitDeadlock if Threadline stopped it
};

// Runs request.python under the tracer with no window, to its end or its stop, and records its trace: what
// runPythonExport and `--stats SCRIPT.py` share. What went wrong follows the program's output as `threadline:` lines
// on stderr, a deadlock's ending with `keeping` (what is done with the trace: "writing what was recorded to OUT");
// output kept off the terminal (PythonRunOptions::forwardOutput false) has its stderr passed on first.
// nullopt when the program sent no trace at all (it could not start, or died before the tracer's first word).
// The caller holds a StopSignals for the run: Ctrl+C stops the program, and the trace so far is kept.
std::optional<RecordedProgram> recordPythonProgram(const CommandLineRequest& request, const QString& keeping);

// `threadline --export OUT SCRIPT.py [args...]` (or -m MODULE): runs the program under the tracer with no
// window, its stdout and stderr going straight to Threadline's own, records the trace and writes OUT
// through the window's export dispatcher. Returns the program's own exit code (128 + n if signal n ended
// it), or kExitFailed if the trace could not be recorded or written. What went wrong with the recording
// (a stop, a kill, os._exit) follows the program's output as `threadline:` lines on stderr and is kept in
// the trace's metadata.
//
// Ctrl+C (SIGINT) or SIGTERM to Threadline stops the program as the window's Stop does (SIGINT to its
// process group, SIGKILL after the grace period) and still writes the trace recorded so far.
//
// Thread affinity: the main thread, under a QCoreApplication (a QGuiApplication for a picture).
int runPythonExport(const CommandLineRequest& request);

} // namespace tl
