#pragma once

// For the tests that run a program as a user or a CI script does (the threadline binary, plain Python):
// the display it is given, and how it ended with everything it wrote.

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <signal.h>

namespace tl::apptest {

// Long enough for the slowest export on a shared machine; a hang still fails the test before CTest's
// timeout does.
constexpr int kRunTimeoutMs = 120000;

// A finished program: its exit code and its stdout and stderr, byte for byte. A program that did not
// start, or still ran at the timeout (it is then killed), is `crashed` with exit code -1 and no output.
struct ProcessOutcome {
    int exitCode = -1;
    bool crashed = true;
    QByteArray out;
    QByteArray err;

    QString outText() const { return QString::fromUtf8(out); }
    QString errText() const { return QString::fromUtf8(err); }
};

// The display a program is run with. Every other variable is the test's own.
enum class Display {
    None,      // DISPLAY and WAYLAND_DISPLAY removed, QT_QPA_PLATFORM naming no platform: a headless path
               // that created a QGuiApplication by mistake aborts
    NoneAtAll, // DISPLAY, WAYLAND_DISPLAY and QT_QPA_PLATFORM removed, as on a machine with no display at all
    Offscreen, // QT_QPA_PLATFORM=offscreen: the window may open
};

inline QProcessEnvironment programEnvironment(Display display)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (display == Display::Offscreen) {
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        return env;
    }
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    if (display == Display::None)
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("no-such-platform"));
    else
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    return env;
}

// Runs `program` to its end in `environment` (and `workingDirectory`, when one is given).
inline ProcessOutcome runProgram(const QString& program, const QStringList& arguments,
                                 const QProcessEnvironment& environment, const QString& workingDirectory = {},
                                 int timeoutMs = kRunTimeoutMs)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    process.start(program, arguments);
    ProcessOutcome outcome;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return outcome;
    }
    outcome.crashed = process.exitStatus() != QProcess::NormalExit;
    outcome.exitCode = process.exitCode();
    outcome.out = process.readAllStandardOutput();
    outcome.err = process.readAllStandardError();
    return outcome;
}

// Reads `process`'s stdout onto `printed` until `done(printed)` holds; false if the program stops writing for
// `quietMs` first (it hangs, or it ended without).
template <class Done> bool readStdoutUntil(QProcess& process, QByteArray& printed, Done done, int quietMs = 30000)
{
    while (!done(printed) && process.waitForReadyRead(quietMs))
        printed += process.readAllStandardOutput();
    return done(printed);
}

// Starts `program` with the stop signals SIGINT, SIGTERM and SIGHUP ignored if in `ignored`, else at their default.
inline void startWithStopSignals(QProcess& process, const QString& program, const QStringList& arguments,
                                 const QList<int>& ignored)
{
    process.setChildProcessModifier([ignored] {
        for (const int number : {SIGINT, SIGTERM, SIGHUP})
            ::signal(number, ignored.contains(number) ? SIG_IGN : SIG_DFL);
    });
    process.start(program, arguments);
}

// A test target that runs the binary defines THREADLINE_BINARY as its path (tests/app/CMakeLists.txt).
#ifdef THREADLINE_BINARY
// Starts the binary with `arguments` for a test that acts on it while it runs (signals it, reads it as it prints).
// Of the stop signals it starts with `ignored` ignored, as under nohup or in a background job, the others at their
// default, as from a terminal, whatever the test itself was started with.
inline bool startThreadline(QProcess& process, const QStringList& arguments, Display display = Display::None,
                            const QList<int>& ignored = {})
{
    process.setProcessEnvironment(programEnvironment(display));
    startWithStopSignals(process, QStringLiteral(THREADLINE_BINARY), arguments, ignored);
    return process.waitForStarted();
}

inline ProcessOutcome runThreadline(const QStringList& arguments, Display display = Display::None,
                                    const QString& workingDirectory = {})
{
    return runProgram(QStringLiteral(THREADLINE_BINARY), arguments, programEnvironment(display), workingDirectory);
}
#endif

} // namespace tl::apptest
