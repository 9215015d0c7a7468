#include "commandline.h"
#include "headlesscommand.h"
#include "mainwindow.h"
#include "openfilelimit.h"

#include <QApplication>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QIcon>

#include <cstdio>
#include <memory>

namespace {

QStringList argumentsOf(int argc, char* argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    return arguments;
}

// The window. The only place that creates a QApplication: everything before it runs without a display.
// It opens on producer-consumer, already running live, so a newcomer sees a timeline grow at once.
int launchGui(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/threadline.svg")));
    tl::ui::MainWindow window;
    window.show();
    window.launch(QStringLiteral("producer-consumer"));
    return app.exec();
}

} // namespace

int main(int argc, char* argv[])
{
    // The pool lessons open thousands of sockets; the common default soft limit of 1024 would refuse them.
    if (const auto limit = tl::raiseOpenFileLimit(); !limit)
        std::fprintf(stderr, "threadline: %s\n", qPrintable(limit.error()));
    QCoreApplication::setApplicationName(QStringLiteral("threadline"));
    QCoreApplication::setApplicationVersion(QStringLiteral(THREADLINE_VERSION));
    // The arguments decide before any QGuiApplication exists, so the command line needs no display.
    const QStringList arguments = argumentsOf(argc, argv);
    if (!tl::CommandLine::wantsCommandLine(arguments))
        return launchGui(argc, argv);
    const bool screenshot = tl::CommandLine::wantsScreenshot(arguments);
    if (screenshot || tl::CommandLine::wantsPicture(arguments)) {
        // Bad input is refused before any GUI object exists, exactly as on the plain command line.
        tl::CommandLine check;
        if (const auto request = check.parse(arguments); !request) {
            std::fprintf(stderr, "threadline: %s\n", qPrintable(request.error()));
            return tl::kExitBadInput;
        }
        // Pictures need fonts and a paint engine, hence a QGuiApplication; with no display, the offscreen
        // platform draws the same picture without opening anything.
        if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        std::unique_ptr<QGuiApplication> app(screenshot ? new QApplication(argc, argv)
                                                        : new QGuiApplication(argc, argv));
        return tl::runHeadlessCommand(QCoreApplication::arguments());
    }
    QCoreApplication app(argc, argv);
    return tl::runHeadlessCommand(QCoreApplication::arguments());
}
