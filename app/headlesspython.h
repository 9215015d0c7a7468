#pragma once

namespace tl {

struct CommandLineRequest;

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
