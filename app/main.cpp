#include "base/osbytes.h"
#include "commandline.h"
#include "headlesscommand.h"
#include "net/openfilelimit.h"
#include "pysource/inheritedsignals.h"
#include "quitonsignals.h"
#include "scenarios/scenario.h"
#include "window/mainwindow.h"
#include "window/windowsettings.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QIcon>
#include <QSettings>

#include <csignal>
#include <cstdio>
#include <memory>

#include <unistd.h>

namespace {

// Losing no byte (osbytes.h): a script's arguments reach it as the bytes given, as under python3 itself.
QStringList argumentsOf(int argc, char* argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << tl::fromOsBytes(argv[i]);
    return arguments;
}

// The lesson the window was left on, with its values (checked again: a saved value may no longer be
// valid), or producer-consumer on a first start.
void launchLastLesson(tl::ui::MainWindow& window, const tl::ui::WindowSettings& remembered)
{
    if (const auto last = remembered.lastRun()) {
        const tl::Scenario* lesson = tl::findScenario(last->lesson);
        const auto values = tl::resolveParameters(lesson->parameters, last->parameters);
        if (window.launch(last->lesson, values ? std::optional(*values) : std::nullopt, last->speed))
            return;
    }
    window.launch(QStringLiteral("producer-consumer"));
}

// The window. The only place that creates a QApplication for the window: everything before it runs
// without a display. With no arguments it opens on the lesson it was left on (producer-consumer the first
// time), already running live, so a newcomer sees a timeline grow at once; `--scenario` (with --set, --speed) picks
// another run, and SCRIPT.py (or -m MODULE) runs a Python program in it instead.
int launchGui(int argc, char* argv[], const tl::CommandLineRequest* request)
{
    // With no display Qt aborts with a plugin message that names no way out; say what to do instead.
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
        qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        std::fprintf(stderr, "threadline: no display to open the window on: set DISPLAY, run it under xvfb-run, "
                             "or run a lesson headless with --scenario ID --export FILE\n");
        return tl::kExitFailed;
    }
    QApplication app(argc, argv);
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/threadline.svg")));
    // Ctrl+C or a kill ends the window as closing it would, so a traced program is not left running.
    const tl::QuitOnSignals quitOnSignals;
    tl::ui::MainWindow window;
    // The window comes back as it was left: size, panels, arrows; with no arguments, the last lesson too.
    QSettings settings(QStringLiteral("threadline"), QStringLiteral("threadline"));
    tl::ui::WindowSettings remembered(settings);
    remembered.restoreLayout(window);
    remembered.saveOnClose(window);
    window.show();
    if (request && !request->tracePath.isEmpty()) {
        window.openTrace(request->tracePath);
        if (!request->comparePath.isEmpty())
            window.compareWithTrace(request->comparePath);
    } else if (request && request->python)
        window.launchPython(*request->python);
    else if (request)
        window.launch(request->scenario->id, request->parameters, request->speed);
    else
        launchLastLesson(window, remembered);
    return app.exec();
}

// A headless picture needs a QGuiApplication, which warns on stderr when XDG_RUNTIME_DIR is unset (as under
// cron, CI or sudo) and then uses /tmp/runtime-USER. Setting that same directory up first keeps stderr for
// Threadline's own one-line messages.
void provideRuntimeDir()
{
    if (!qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR"))
        return;
    const QString dir = QDir::tempPath() + QStringLiteral("/runtime-") + QString::number(getuid());
    if (QDir().mkpath(dir) &&
        QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner))
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(dir));
}

// The offscreen platform, chosen above for a headless picture, warns that it cannot hand a window's size hints on:
// there is nothing to hand them to, and the line on stderr told the user nothing. Every other message passes. Qt's
// handler is a plain function, hence the one remembered handler to pass the rest to.
void quietOffscreenNoise()
{
    static const QtMessageHandler passOn =
        qInstallMessageHandler([](QtMsgType type, const QMessageLogContext& context, const QString& message) {
            if (message == QLatin1String("This plugin does not support propagateSizeHints()"))
                return;
            if (passOn)
                passOn(type, context, message);
            else
                std::fprintf(stderr, "%s\n", qPrintable(message));
        });
}

} // namespace

int main(int argc, char* argv[])
{
    // A file past the size limit (ulimit -f) is a write that fails, with its message, as python3 has it: not a death
    // by SIGXFSZ that loses the run being recorded. The program a Python run starts gets the default (ChildProcess).
    std::signal(SIGXFSZ, SIG_IGN);
    tl::stopSignalsIgnoredAtStart(); // read before any handler of ours is installed
    // The pool lessons open thousands of sockets; the common default soft limit of 1024 would refuse them.
    if (const auto limit = tl::raiseOpenFileLimit(); !limit)
        std::fprintf(stderr, "threadline: %s\n", qPrintable(limit.error()));
    QCoreApplication::setApplicationName(QStringLiteral("threadline"));
    QCoreApplication::setApplicationVersion(QStringLiteral(THREADLINE_VERSION));
    // The arguments decide before any QGuiApplication exists, so the command line needs no display.
    const QStringList arguments = argumentsOf(argc, argv);
    if (!tl::CommandLine::wantsCommandLine(arguments))
        return launchGui(argc, argv, nullptr);
    // Bad input is refused before any application object exists, so the command line needs no display.
    tl::CommandLine commandLine;
    const auto request = commandLine.parse(arguments);
    if (!request) {
        std::fprintf(stderr, "threadline: %s\n", qPrintable(request.error()));
        return tl::kExitBadInput;
    }
    using Action = tl::CommandLineRequest::Action;
    if (request->action == Action::Open) {
        // `threadline script.py --screenshot x.png` opened the window for good (a reviewer): say where it went.
        if (const QString note = commandLine.programArgumentsNote(*request); !note.isEmpty())
            std::fprintf(stderr, "threadline: note: %s\n", qPrintable(note));
        return launchGui(argc, argv, &*request);
    }
    if (request->action == Action::Screenshot || (request->action == Action::Export && request->isPicture())) {
        // Pictures need fonts and a paint engine, hence a QGuiApplication; with no display, the offscreen
        // platform draws the same picture without opening anything.
        if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
            qputenv("QT_QPA_PLATFORM", "offscreen");
            quietOffscreenNoise();
        }
        provideRuntimeDir();
        const std::unique_ptr<QGuiApplication> app(
            request->action == Action::Screenshot ? new QApplication(argc, argv) : new QGuiApplication(argc, argv));
        return tl::runHeadlessCommand(commandLine, *request);
    }
    QCoreApplication app(argc, argv);
    return tl::runHeadlessCommand(commandLine, *request);
}
