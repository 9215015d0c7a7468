#pragma once

namespace tl {

class CommandLine;
struct CommandLineRequest;

// Exit codes of the command line.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;   // the run or the write failed after the input was accepted
inline constexpr int kExitBadInput = 2; // bad arguments: one line on stderr, nothing run or written
inline constexpr int kExitMainRaised = 1; // as python3 exits: the lesson's main ended by an uncaught error
inline constexpr int kExitDeadlock = 3; // a lesson deadlocked: stopped, written, the cycle named on stderr

// Carries out a parsed command line that needs no window of its own: --help, --version,
// --list-scenarios, a scenario or Python program run to completion and exported, or --screenshot. Needs a
// QCoreApplication (a QGuiApplication for a picture export, a QApplication for --screenshot, which shows the window);
// call from the main thread. Returns the exit code.
int runHeadlessCommand(const CommandLine& commandLine, const CommandLineRequest& request);

} // namespace tl
