#pragma once

#include <QStringList>

namespace tl {

// Exit codes of the command line.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;   // the run or the write failed after the input was accepted
inline constexpr int kExitBadInput = 2; // bad arguments: one line on stderr, nothing run or written

// Runs a command line (program name first) with no window: --help, --version, --list-scenarios, or a
// scenario run to completion and exported. Bad input is reported as one "threadline: ..." line on stderr
// before anything runs. Needs a QCoreApplication (a QGuiApplication for a picture export, a QApplication
// for --screenshot, which shows the window); call from the main thread. Returns the exit code.
int runHeadlessCommand(const QStringList& arguments);

} // namespace tl
