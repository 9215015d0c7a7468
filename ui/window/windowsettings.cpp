#include "window/windowsettings.h"

#include "engine/speed.h"
#include "scenarios/scenario.h"
#include "timeline/viewstate.h"
#include "window/mainwindow.h"
#include "window/parameterform.h"
#include "window/windowactions.h"

#include <QCoreApplication>
#include <QSettings>

#include <cmath>

namespace tl::ui {

namespace {

// Bumped when the docks change, so that an old layout is not forced on panels it does not know.
constexpr int kLayoutVersion = 1;

const QString kGeometry = QStringLiteral("window/geometry");
const QString kLayout = QStringLiteral("window/layout");
const QString kDockSizes = QStringLiteral("window/dockSizes");
const QString kFlows = QStringLiteral("view/flows");
const QString kTheme = QStringLiteral("view/theme");
const QString kLesson = QStringLiteral("run/lesson");
const QString kParameters = QStringLiteral("run/parameters");
const QString kSpeed = QStringLiteral("run/speed");

} // namespace

WindowSettings::WindowSettings(QSettings& settings)
    : m_settings(settings)
{
}

void WindowSettings::saveOnClose(MainWindow& window)
{
    QObject::connect(&window, &MainWindow::closing, &window, [this, &window] {
        save(window);
        m_saved = true;
    });
    QObject::connect(QCoreApplication::instance(), &QCoreApplication::aboutToQuit, &window, [this, &window] {
        if (!m_saved)
            save(window);
    });
}

void WindowSettings::save(MainWindow& window)
{
    if (window.isPresenting())
        window.actions()->presentation->setChecked(false);
    m_settings.setValue(kGeometry, window.saveGeometry());
    m_settings.setValue(kLayout, window.saveState(kLayoutVersion));
    m_settings.setValue(kDockSizes, window.savedDockSizes());
    m_settings.setValue(kFlows, window.viewState()->flowsVisible());
    m_settings.setValue(kTheme, themeChoiceKey(window.theme()));
    // Max is infinity, which QSettings' text format does not keep: saved as a word.
    const double speed = window.actions()->speedFactor();
    m_settings.setValue(kSpeed, std::isinf(speed) ? QStringLiteral("max") : QString::number(speed));
    if (const Scenario* lesson = window.shownScenario()) {
        m_settings.setValue(kLesson, lesson->id);
        QStringList assignments;
        if (const Result<ParameterValues> values = window.form()->values()) {
            for (const auto& [name, value] : values->ordered())
                assignments << QStringLiteral("%1=%2").arg(name, value.toString());
        }
        m_settings.setValue(kParameters, assignments);
    }
    m_settings.sync();
}

bool WindowSettings::restoreLayout(MainWindow& window) const
{
    window.viewState()->setFlowsVisible(m_settings.value(kFlows, true).toBool());
    window.setTheme(themeChoiceFromKey(m_settings.value(kTheme).toString()).value_or(ThemeChoice::System));
    if (!m_settings.contains(kGeometry))
        return false;
    window.restoreGeometry(m_settings.value(kGeometry).toByteArray());
    if (!window.restoreState(m_settings.value(kLayout).toByteArray(), kLayoutVersion))
        return false;
    window.restoreDockSizes(m_settings.value(kDockSizes).toMap());
    return true;
}

std::optional<WindowSettings::LastRun> WindowSettings::lastRun() const
{
    const QString lesson = m_settings.value(kLesson).toString();
    if (lesson.isEmpty() || !findScenario(lesson))
        return std::nullopt;
    LastRun run;
    run.lesson = lesson;
    for (const QString& assignment : m_settings.value(kParameters).toStringList()) {
        const qsizetype eq = assignment.indexOf(QLatin1Char('='));
        if (eq > 0)
            run.parameters.append({assignment.left(eq), assignment.mid(eq + 1)});
    }
    const QString speed = m_settings.value(kSpeed).toString();
    bool ok = false;
    const double factor = speed.toDouble(&ok);
    run.speed = speed == QLatin1String("max") ? kSpeedMax : ok && factor > 0 ? factor : 1.0;
    return run;
}

} // namespace tl::ui
