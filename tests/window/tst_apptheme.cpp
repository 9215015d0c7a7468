// View > Theme: Light and Dark whatever the desktop says, System back to how the application started; the
// menu shows the choice, the timeline draws on the new palette, and the choice is remembered.

#include "timeline/timelinewidget.h"
#include "window/apptheme.h"
#include "window/listingview.h"
#include "window/mainwindow.h"
#include "window/programcontroller.h"
#include "window/windowactions.h"
#include "window/windowsettings.h"

#include <QAction>
#include <QApplication>
#include <QSettings>
#include <QStyle>
#include <QTemporaryDir>
#include <QTest>

using namespace tl;
using namespace tl::ui;

namespace {

int lightness(QPalette::ColorRole role)
{
    return QApplication::palette().color(role).lightness();
}

// The timeline's background as drawn, away from its ruler and names.
int timelineLightness(MainWindow& w)
{
    const QImage shot = w.timeline()->viewport()->grab().toImage();
    return QColor(shot.pixel(shot.width() - 4, shot.height() - 4)).lightness();
}

} // namespace

class TestAppTheme : public QObject {
    Q_OBJECT

private slots:
    void keysRoundTrip()
    {
        for (ThemeChoice c : {ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark})
            QCOMPARE(themeChoiceFromKey(themeChoiceKey(c)), std::optional<ThemeChoice>(c));
        QCOMPARE(themeChoiceFromKey(QStringLiteral("sepia")), std::optional<ThemeChoice>());
    }

    void darkLightAndBackToSystem()
    {
        const QPalette system = QApplication::palette();
        const QString systemStyle = QApplication::style()->name();
        MainWindow w;
        w.resize(1000, 700);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.actions()->themeSystem->isChecked());

        w.actions()->themeDark->trigger();
        QCOMPARE(w.theme(), ThemeChoice::Dark);
        QVERIFY(w.actions()->themeDark->isChecked());
        QVERIFY(!w.actions()->themeSystem->isChecked());
        QCOMPARE(QApplication::style()->name(), QStringLiteral("fusion"));
        QVERIFY(lightness(QPalette::Window) < 80);
        QVERIFY(lightness(QPalette::Text) > 180);
        // Widgets take the application's palette when its change event reaches them.
        QTRY_VERIFY2(timelineLightness(w) < 80, qPrintable(QString::number(timelineLightness(w))));

        w.actions()->themeLight->trigger();
        QCOMPARE(w.theme(), ThemeChoice::Light);
        QVERIFY(lightness(QPalette::Window) > 180);
        QVERIFY(lightness(QPalette::Text) < 80);
        QTRY_VERIFY2(timelineLightness(w) > 180, qPrintable(QString::number(timelineLightness(w))));

        w.actions()->themeSystem->trigger();
        QCOMPARE(QApplication::palette(), system);
        QCOMPARE(QApplication::style()->name(), systemStyle);
    }

    // The listing is re-highlighted for the new palette, and that is no edit of it.
    void aNewThemeLeavesTheListingUnedited()
    {
        MainWindow w;
        w.show();
        QVERIFY(w.launch(QStringLiteral("join-order")));
        QVERIFY(!w.program()->isEdited());
        w.setTheme(ThemeChoice::Dark);
        QTRY_VERIFY(w.listing()->palette().color(QPalette::Base).lightness() < 80);
        QVERIFY(!w.program()->isEdited());
        w.setTheme(ThemeChoice::System);
        QTRY_VERIFY(w.listing()->palette().color(QPalette::Base).lightness() > 180);
        QVERIFY(!w.program()->isEdited());
    }

    // The theme is saved with the window and comes back in the next one; a window going away puts the
    // system look back, so the next test or window starts from it.
    void theChoiceIsRemembered()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QSettings settings(dir.filePath(QStringLiteral("theme.ini")), QSettings::IniFormat);
        const QPalette system = QApplication::palette();
        {
            MainWindow w;
            w.setTheme(ThemeChoice::Dark);
            WindowSettings(settings).save(w);
        }
        QCOMPARE(QApplication::palette(), system);
        QCOMPARE(settings.value(QStringLiteral("view/theme")).toString(), QStringLiteral("dark"));
        MainWindow again;
        WindowSettings(settings).restoreLayout(again);
        QCOMPARE(again.theme(), ThemeChoice::Dark);
        QVERIFY(again.actions()->themeDark->isChecked());
        QVERIFY(lightness(QPalette::Window) < 80);

        settings.setValue(QStringLiteral("view/theme"), QStringLiteral("sepia")); // an unknown word: System
        WindowSettings(settings).restoreLayout(again);
        QCOMPARE(again.theme(), ThemeChoice::System);
    }
};

QTEST_MAIN(TestAppTheme)
#include "tst_apptheme.moc"
