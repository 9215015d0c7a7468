#include "window/screenshot.h"

#include "window/comparisonview.h"
#include "window/mainwindow.h"
#include "window/runcontroller.h"
#include "window/traceopener.h"

#include <QApplication>
#include <QBuffer>
#include <QFileInfo>
#include <QImage>
#include <QImageWriter>
#include <QSaveFile>
#include <QTimer>

#include <cstdio>

namespace tl::ui {

namespace {

int fail(const QString& message, int exitCode = 1)
{
    std::fprintf(stderr, "threadline: %s\n", qPrintable(message));
    return exitCode;
}

// A trace that cannot be read is bad input, exit 2, as the command line's --export says of the same file.
constexpr int kUnreadableTrace = 2;

QString saveImage(const QImage& image, const QString& path)
{
    QByteArray format = QFileInfo(path).suffix().toLower().toLatin1();
    if (format.isEmpty())
        format = "png";
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    if (!writer.write(image))
        return QStringLiteral("cannot encode %1: %2").arg(path, writer.errorString());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(buffer.data()) != buffer.data().size() || !file.commit())
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    return {};
}

} // namespace

int runScreenshot(const ScreenshotRequest& request)
{
    if (request.path.isEmpty())
        return fail(QStringLiteral("--screenshot needs a file name"));
    if (!(request.afterSeconds >= 0 && request.afterSeconds <= 3600))
        return fail(QStringLiteral("--after expects 0 to 3600 seconds"));
    MainWindow window;
    window.resize(request.windowSize);
    window.show();
    int exitCode = 0;
    const auto grab = [&] {
        const QString error = saveImage(window.grab().toImage(), request.path);
        if (!error.isEmpty())
            exitCode = fail(error);
        QApplication::quit();
    };
    if (!request.tracePath.isEmpty()) {
        // Grabbed once the file is read and on screen; a file that cannot be read is the exit code.
        QObject::connect(window.opener(), &TraceOpener::failed, &window, [&](const QString&, const QString& error) {
            exitCode = fail(error, kUnreadableTrace);
            QApplication::quit();
        });
        const auto grabLater = [&] {
            QTimer::singleShot(static_cast<int>(request.afterSeconds * 1000), &window, grab);
        };
        if (request.comparePath.isEmpty()) {
            QObject::connect(window.runs(), &RunController::finished, &window, grabLater);
        } else {
            // A first, then B below it: grabbed once B is on screen too.
            QObject::connect(window.runs(), &RunController::finished, &window,
                             [&] { window.compareWithTrace(request.comparePath); });
            QObject::connect(window.comparison(), &ComparisonView::failed, &window, [&](const QString& error) {
                exitCode = fail(error, kUnreadableTrace);
                QApplication::quit();
            });
            QObject::connect(window.comparison(), &ComparisonView::runFinished, &window, grabLater);
        }
        window.openTrace(request.tracePath);
        QApplication::exec();
        return exitCode;
    }
    if (request.python) {
        if (!window.launchPython(*request.python))
            return fail(QStringLiteral("cannot run %1 in Python").arg(request.python->script));
    } else if (!window.launch(request.scenarioId, request.parameters, request.speed)) {
        return fail(QStringLiteral("cannot run scenario '%1'").arg(request.scenarioId));
    }
    QTimer::singleShot(static_cast<int>(request.afterSeconds * 1000), &window, grab);
    QApplication::exec();
    return exitCode;
}

} // namespace tl::ui
