#pragma once

#include <QList>
#include <QPair>
#include <QString>

#include <optional>

class QSettings;

namespace tl::ui {

class MainWindow;

// What the window remembers between sessions (QSettings): its size and panel layout, whether arrows are
// shown, the theme, and the last lesson with its parameter values and speed. Kept out of MainWindow so that a window
// made by a test or for a screenshot starts the same every time: only the app's interactive start
// restores, and only its quit saves.
class WindowSettings {
public:
    explicit WindowSettings(QSettings& settings); // not owned; outlives this object

    // A window in presentation mode leaves it first: saved as it was, its layout was the timeline alone, every
    // panel hidden at the next launch.
    void save(MainWindow& window);
    // Saves as the window closes, before its floating panels are hidden with it (saved at quit, such a panel came
    // back hidden), or at the application's quit if it never closed.
    void saveOnClose(MainWindow& window);
    // The size, the panels, the flows toggle and the theme; false when nothing was saved (a first start) or the saved
    // layout belongs to another version of the window.
    bool restoreLayout(MainWindow& window) const;

    struct LastRun {
        QString lesson;
        QList<QPair<QString, QString>> parameters; // name, value as typed: validated again when used
        double speed = 1.0;
    };
    std::optional<LastRun> lastRun() const;

private:
    QSettings& m_settings;
    bool m_saved = false;
};

} // namespace tl::ui
