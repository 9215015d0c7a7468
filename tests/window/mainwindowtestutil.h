#pragma once

// Helpers for the tests that drive the main window offscreen.

#include "scenarios/parameter.h"
#include "scenarios/scenario.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QTest>

namespace tl::ui::windowtest {

// A shown, active window: the window-wide shortcuts (Space, N, [ ...) need an active window. As large as on a desktop
// screen, whatever the offscreen screen's size (800x600), which a new window keeps within.
inline void showActive(MainWindow& w)
{
    w.resize(1600, 1000);
    w.show();
    QApplication::setActiveWindow(&w);
    QVERIFY(QTest::qWaitForWindowActive(&w));
}

// Launches lesson `id` with `overrides` of its defaults at `speed`; false if the lesson or a value is refused.
inline bool launchLesson(MainWindow& w, const QString& id, const QList<QPair<QString, QString>>& overrides,
                         double speed)
{
    const Scenario* scenario = findScenario(id);
    if (!scenario)
        return false;
    const auto values = resolveParameters(scenario->parameters, overrides);
    return values.ok() && w.launch(id, *values, speed);
}

} // namespace tl::ui::windowtest
