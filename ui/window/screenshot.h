#pragma once

#include "pysource/pythonrunoptions.h"
#include "scenarios/parameter.h"

#include <QSize>
#include <QString>

#include <optional>

namespace tl::ui {

// What `threadline --screenshot FILE [--scenario ID] [--set k=v]... [--speed X] [--after SECONDS]` asks for,
// or `threadline --screenshot FILE [--after SECONDS] [--speed X] SCRIPT.py [args...]`.
struct ScreenshotRequest {
    QString path; // .png (or any suffix QImageWriter knows)
    QString scenarioId = QStringLiteral("producer-consumer");
    std::optional<tl::ParameterValues> parameters; // unset: the scenario's defaults
    double speed = 1.0;
    double afterSeconds = 3.0; // wall seconds of live running before the grab
    QSize windowSize{1600, 1000};
    std::optional<tl::PythonRunOptions> python; // set: run this program in CPython instead of the scenario
    QString tracePath;   // set: open this trace file instead, grabbed `afterSeconds` after it is on screen
    QString comparePath; // with tracePath: compare it with this file, grabbed once both are on screen
};

// Opens the real main window as a launch does, lets the scenario run live for the requested time, grabs
// the window (QWidget::grab) into the file atomically and quits. The README's screenshot comes from
// this, so it always shows the app as it is. Needs a QApplication (a display, Xvfb or offscreen); runs
// the event loop and returns the exit code: 0, or 1 with one line on stderr.
int runScreenshot(const ScreenshotRequest& request);

} // namespace tl::ui
