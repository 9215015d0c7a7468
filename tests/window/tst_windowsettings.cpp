#include "engine/speed.h"
#include "scenarios/scenario.h"
#include "timeline/viewstate.h"
#include "window/mainwindow.h"
#include "window/parameterform.h"
#include "window/windowactions.h"
#include "window/windowsettings.h"

#include <QAction>
#include <QDockWidget>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace tl;
using namespace tl::ui;

// The window as it was left: panels, arrows, the last lesson with its values and speed, and View > Reset
// Layout. Settings go to a file of the test's own, never the user's.
class TestWindowSettings : public QObject {
    Q_OBJECT

private slots:
    void aSecondWindowComesBackAsTheFirstWasLeft();
    void maxSpeedAndUnknownLessonsRoundTrip();
    void firstStartRestoresNothing();
    void quittingWhilePresentingKeepsThePanels();
    void resetLayoutWhilePresentingWaitsForItsEnd();
    void aFloatingPanelComesBack();
    void panelsGetTheirSizesBackAsTheWindowGrows();
    void aWindowClosedSmallGivesThePanelsBackNextTime();
    void noPanelIsDrawnOverAnother_data();
    void noPanelIsDrawnOverAnother();

private:
    QString file(const QString& name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;
};

namespace {

QDockWidget* dock(MainWindow& w, const QString& name)
{
    return w.findChild<QDockWidget*>(name);
}

// "console (0,700 1600x290)": a panel's name and geometry, for a failure's message.
QString placeOf(const QDockWidget* d)
{
    return QStringLiteral("%1 (%2,%3 %4x%5)")
        .arg(d->objectName())
        .arg(d->x())
        .arg(d->y())
        .arg(d->width())
        .arg(d->height());
}

} // namespace

void TestWindowSettings::aSecondWindowComesBackAsTheFirstWasLeft()
{
    QSettings settings(file(QStringLiteral("left.ini")), QSettings::IniFormat);
    {
        MainWindow w;
        w.show();
        QVERIFY(w.selectScenario(QStringLiteral("join-order")));
        const Scenario* lesson = findScenario(QStringLiteral("join-order"));
        const auto values = resolveParameters(lesson->parameters, QList<QPair<QString, QString>>{{"foo_seconds", "3"}});
        QVERIFY(values);
        w.form()->setValues(*values);
        w.actions()->setSpeedFactor(20);
        w.viewState()->setFlowsVisible(false);
        QVERIFY(dock(w, QStringLiteral("console")));
        dock(w, QStringLiteral("console"))->hide();
        WindowSettings(settings).save(w);
    }
    MainWindow again;
    WindowSettings remembered(settings);
    QVERIFY(remembered.restoreLayout(again));
    again.show();
    QVERIFY(!again.viewState()->flowsVisible());
    QVERIFY(dock(again, QStringLiteral("console"))->isHidden());
    const auto last = remembered.lastRun();
    QVERIFY(last);
    QCOMPARE(last->lesson, QStringLiteral("join-order"));
    QCOMPARE(last->speed, 20.0);
    QVERIFY(last->parameters.contains(QPair<QString, QString>{"foo_seconds", "3"}));
    // Reset Layout brings the hidden panel back.
    again.actions()->resetLayout->trigger();
    QVERIFY(!dock(again, QStringLiteral("console"))->isHidden());
}

// Quit in presentation mode, and the next launch had the timeline alone: every panel hidden, presentation off.
void TestWindowSettings::quittingWhilePresentingKeepsThePanels()
{
    QSettings settings(file(QStringLiteral("presenting.ini")), QSettings::IniFormat);
    {
        MainWindow w;
        w.show();
        QVERIFY(!dock(w, QStringLiteral("console"))->isHidden());
        w.actions()->presentation->setChecked(true);
        QVERIFY(w.isPresenting());
        QVERIFY(dock(w, QStringLiteral("console"))->isHidden());
        WindowSettings(settings).save(w);
    }
    MainWindow again;
    QVERIFY(WindowSettings(settings).restoreLayout(again));
    again.show();
    QVERIFY(!again.isPresenting());
    QVERIFY(!dock(again, QStringLiteral("console"))->isHidden());
    QVERIFY(!again.isFullScreen());
}

// Reset Layout while presenting showed every panel over the projected timeline, and leaving presentation then put
// back the layout from before it, the reset undone.
void TestWindowSettings::resetLayoutWhilePresentingWaitsForItsEnd()
{
    MainWindow w;
    w.show();
    dock(w, QStringLiteral("console"))->close();
    w.actions()->presentation->setChecked(true);
    w.actions()->resetLayout->trigger();
    QVERIFY(dock(w, QStringLiteral("console"))->isHidden());
    w.actions()->presentation->setChecked(false);
    QVERIFY(!dock(w, QStringLiteral("console"))->isHidden());
}

// Saved at quit, after the window had closed, a floating panel (a window of its own, hidden with the main one) was
// saved hidden: gone at the next launch, its View entry unchecked. (The offscreen platform does not hide it with the
// main window, so here this checks the save as the window closes; the loss itself was seen, and its fix checked,
// under Xvfb.)
void TestWindowSettings::aFloatingPanelComesBack()
{
    QSettings settings(file(QStringLiteral("floating.ini")), QSettings::IniFormat);
    {
        MainWindow w;
        WindowSettings remembered(settings);
        remembered.saveOnClose(w);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        dock(w, QStringLiteral("console"))->setFloating(true);
        QVERIFY(dock(w, QStringLiteral("console"))->isVisible());
        QVERIFY(w.close());
    }
    MainWindow again;
    QVERIFY(WindowSettings(settings).restoreLayout(again));
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QVERIFY(dock(again, QStringLiteral("console"))->isFloating());
    QVERIFY(!dock(again, QStringLiteral("console"))->isHidden());
}

void TestWindowSettings::maxSpeedAndUnknownLessonsRoundTrip()
{
    QSettings settings(file(QStringLiteral("max.ini")), QSettings::IniFormat);
    MainWindow w;
    QVERIFY(w.selectScenario(QStringLiteral("daemon")));
    w.actions()->setSpeedFactor(kSpeedMax);
    WindowSettings(settings).save(w);
    const auto last = WindowSettings(settings).lastRun();
    QVERIFY(last);
    QCOMPARE(last->lesson, QStringLiteral("daemon"));
    QCOMPARE(last->speed, kSpeedMax);
    // A lesson this version no longer has is forgotten, not launched.
    settings.setValue(QStringLiteral("run/lesson"), QStringLiteral("no-such-lesson"));
    QVERIFY(!WindowSettings(settings).lastRun());
}

void TestWindowSettings::firstStartRestoresNothing()
{
    QSettings settings(file(QStringLiteral("empty.ini")), QSettings::IniFormat);
    MainWindow w;
    WindowSettings remembered(settings);
    QVERIFY(!remembered.restoreLayout(w));
    QVERIFY(w.viewState()->flowsVisible());
    QVERIFY(!remembered.lastRun());
}

// A window made small (a projector's resolution) and large again kept its panels squeezed: Scenarios' names cut,
// the Console a column of timestamps, until Reset Layout. Found by a reviewer.
void TestWindowSettings::panelsGetTheirSizesBackAsTheWindowGrows()
{
    MainWindow w;
    w.resize(1600, 990);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTest::qWait(50); // the first layout is remembered once applied
    const QStringList names{QStringLiteral("scenarios"), QStringLiteral("listing"), QStringLiteral("details"),
                            QStringLiteral("events"),    QStringLiteral("console"), QStringLiteral("statistics")};
    std::vector<QSize> before;
    for (const QString& name : names)
        before.push_back(dock(w, name)->size());
    w.resize(700, 450); // the least the window takes
    QTest::qWait(50);
    QVERIFY(dock(w, QStringLiteral("scenarios"))->width() < before[0].width()); // squeezed, as Qt does
    w.resize(1600, 990);
    QTest::qWait(50);
    for (std::size_t i = 0; i < before.size(); ++i) {
        const QSize now = dock(w, names[int(i)])->size();
        QVERIFY2(std::abs(now.width() - before[i].width()) <= 4 && std::abs(now.height() - before[i].height()) <= 4,
                 qPrintable(QStringLiteral("%1: %2x%3, was %4x%5")
                                .arg(names[int(i)])
                                .arg(now.width())
                                .arg(now.height())
                                .arg(before[i].width())
                                .arg(before[i].height())));
    }
    // Grown only part of the way back: each panel gets its share of the window it had.
    w.resize(700, 450);
    QTest::qWait(50);
    w.resize(1500, 990);
    QTest::qWait(50);
    QVERIFY2(std::abs(dock(w, QStringLiteral("scenarios"))->width() - before[0].width() * 1500 / 1600) <= 4,
             qPrintable(QString::number(dock(w, QStringLiteral("scenarios"))->width())));
}

// A window closed at its least size saved its panels squeezed; the next session's window, grown again,
// kept them so until View > Reset Layout. The wanted sizes are kept with the layout.
void TestWindowSettings::aWindowClosedSmallGivesThePanelsBackNextTime()
{
    QSettings settings(file(QStringLiteral("small.ini")), QSettings::IniFormat);
    QSize scenariosBefore;
    int squeezed = 0;
    {
        MainWindow w;
        w.resize(1600, 990);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTest::qWait(50); // the first layout is remembered once applied
        scenariosBefore = dock(w, QStringLiteral("scenarios"))->size();
        w.resize(700, 450); // the least the window takes
        QTest::qWait(50);
        squeezed = dock(w, QStringLiteral("scenarios"))->width();
        QVERIFY(squeezed < scenariosBefore.width() - 20);
        WindowSettings(settings).save(w);
    }
    settings.sync();
    QSettings nextSession(file(QStringLiteral("small.ini")), QSettings::IniFormat); // read back from the file
    MainWindow again;
    QVERIFY(WindowSettings(nextSession).restoreLayout(again));
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QTest::qWait(50);
    QCOMPARE(again.size(), again.minimumSize());
    // Shown as it was left: its first resize (from no size at all) is no growth that gives sizes back.
    const int shown = dock(again, QStringLiteral("scenarios"))->width();
    QVERIFY2(std::abs(shown - squeezed) <= 4, qPrintable(QStringLiteral("%1, left at %2").arg(shown).arg(squeezed)));
    again.resize(1600, 990);
    QTest::qWait(50);
    const int width = dock(again, QStringLiteral("scenarios"))->width();
    QVERIFY2(std::abs(width - scenariosBefore.width()) <= 4,
             qPrintable(QStringLiteral("%1, was %2").arg(width).arg(scenariosBefore.width())));
}

// At the 887 x 426 Qt allowed, and at a projector's 1024 x 700, the panels below the timeline asked more width
// than there was, and Qt drew the Console over the Events' filters and its title under their buttons. Found by a
// reviewer.
void TestWindowSettings::noPanelIsDrawnOverAnother_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("the least the window takes") << QSize(0, 0);
    QTest::newRow("a projector's") << QSize(1024, 700);
}

void TestWindowSettings::noPanelIsDrawnOverAnother()
{
    QFETCH(QSize, size);
    MainWindow w;
    w.resize(1600, 990);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.resize(size.expandedTo(w.minimumSize()));
    QTest::qWait(100);
    QList<QDockWidget*> docked;
    for (QDockWidget* d : w.findChildren<QDockWidget*>()) {
        if (d->isVisible() && !d->isFloating() && !d->visibleRegion().isEmpty())
            docked << d;
    }
    QVERIFY(docked.size() >= 5);
    for (qsizetype i = 0; i < docked.size(); ++i) {
        for (qsizetype j = i + 1; j < docked.size(); ++j) {
            QVERIFY2(!docked[i]->geometry().intersects(docked[j]->geometry()),
                     qPrintable(QStringLiteral("%1 over %2 at %3x%4")
                                    .arg(placeOf(docked[i]), placeOf(docked[j]))
                                    .arg(w.width())
                                    .arg(w.height())));
        }
    }
}

QTEST_MAIN(TestWindowSettings)
#include "tst_windowsettings.moc"
