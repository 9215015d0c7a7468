#pragma once

#include <QPalette>
#include <QString>

#include <optional>

namespace tl::ui {

enum class ThemeChoice { System, Light, Dark };

// "system", "light", "dark": the words settings keep.
QString themeChoiceKey(ThemeChoice choice);
std::optional<ThemeChoice> themeChoiceFromKey(const QString& key);

// Light or dark whatever the desktop says (View > Theme). System is the style and palette the application
// had when this object was made; Light and Dark are Qt's Fusion style with a light or a dark palette, so
// that they look the same on every desktop. The timeline, legend and exports follow the palette (they
// rebuild their theme on a palette change).
//
// The application's style and palette are process-wide: one AppTheme per window, made before any other
// changes them; its destructor puts the system look back.
//
// Thread affinity: the GUI thread.
class AppTheme {
public:
    AppTheme();
    ~AppTheme();
    AppTheme(const AppTheme&) = delete;
    AppTheme& operator=(const AppTheme&) = delete;

    void apply(ThemeChoice choice);
    ThemeChoice current() const { return m_current; }

    // Fusion's dark palette, as the Dark choice uses it.
    static QPalette darkPalette();

private:
    QString m_systemStyle;
    QPalette m_systemPalette;
    ThemeChoice m_current = ThemeChoice::System;
};

} // namespace tl::ui
