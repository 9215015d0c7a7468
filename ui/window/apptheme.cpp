#include "window/apptheme.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>

namespace tl::ui {

namespace {

const QString kFusion = QStringLiteral("Fusion");

} // namespace

QString themeChoiceKey(ThemeChoice choice)
{
    switch (choice) {
    case ThemeChoice::Light:
        return QStringLiteral("light");
    case ThemeChoice::Dark:
        return QStringLiteral("dark");
    case ThemeChoice::System:
        break;
    }
    return QStringLiteral("system");
}

std::optional<ThemeChoice> themeChoiceFromKey(const QString& key)
{
    for (ThemeChoice c : {ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark})
        if (themeChoiceKey(c) == key)
            return c;
    return std::nullopt;
}

AppTheme::AppTheme()
    : m_systemStyle(QApplication::style()->name())
    , m_systemPalette(QApplication::palette())
{
}

AppTheme::~AppTheme()
{
    apply(ThemeChoice::System);
}

void AppTheme::apply(ThemeChoice choice)
{
    if (choice == m_current)
        return;
    m_current = choice;
    if (choice == ThemeChoice::System) {
        QApplication::setStyle(m_systemStyle);
        QApplication::setPalette(m_systemPalette);
        return;
    }
    QApplication::setStyle(kFusion);
    QApplication::setPalette(choice == ThemeChoice::Dark ? darkPalette() : QApplication::style()->standardPalette());
}

QPalette AppTheme::darkPalette()
{
    const QColor window(53, 53, 53);
    const QColor base(35, 35, 35);
    const QColor text(230, 230, 230);
    const QColor disabledText(127, 127, 127);
    const QColor highlight(42, 130, 218);
    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabledText);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Link, highlight);
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Light, window.lighter(150));
    p.setColor(QPalette::Midlight, window.lighter(125));
    p.setColor(QPalette::Mid, window.darker(125));
    p.setColor(QPalette::Dark, window.darker(150));
    p.setColor(QPalette::Shadow, Qt::black);
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabledText);
    p.setColor(QPalette::Disabled, QPalette::Highlight, window.lighter(130));
    return p;
}

} // namespace tl::ui
