#include "commandline.h"
#include "headlesscommand.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCoreApplication>
#include <QIcon>

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
    QCoreApplication::setApplicationName(QStringLiteral("threadline"));
    QCoreApplication::setApplicationVersion(QStringLiteral(THREADLINE_VERSION));
    // The arguments decide before any QGuiApplication exists, so the command line needs no display.
    if (!tl::CommandLine::wantsCommandLine(argumentsOf(argc, argv)))
        return launchGui(argc, argv);
    QCoreApplication app(argc, argv);
    return tl::runHeadlessCommand(QCoreApplication::arguments());
}
