#include "window/shortcutsdialog.h"
#include "window/windowactions.h"

#include <QMainWindow>
#include <QScreen>
#include <QScrollBar>
#include <QTest>
#include <QTextBrowser>

using namespace tl::ui;

// Help > Keyboard Shortcuts: the whole table, in a dialog that fits on the screen and scrolls the rest.
class TestShortcutsDialog : public QObject {
    Q_OBJECT
private slots:
    void theTableFitsOnTheScreenAndScrolls()
    {
        QMainWindow owner;
        WindowActions actions(&owner);
        const QString html = actions.shortcutsHtml();
        ShortcutsDialog dialog(html);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const QRect available = dialog.screen()->availableGeometry();
        QVERIFY2(dialog.height() <= available.height(),
                 qPrintable(QStringLiteral("%1 > %2").arg(dialog.height()).arg(available.height())));
        // The table is longer than the screen here: the browser scrolls to its last row.
        QVERIFY(dialog.browser()->verticalScrollBar()->maximum() > 0);
        QVERIFY(dialog.browser()->toPlainText().contains(QStringLiteral("Ctrl+Q")));
    }

    // A short table takes no more room than it needs.
    void aShortTableIsNotStretched()
    {
        ShortcutsDialog dialog(QStringLiteral("<table><tr><td>F5</td><td>Run</td></tr></table>"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.height() < dialog.screen()->availableGeometry().height() / 2);
        QCOMPARE(dialog.browser()->verticalScrollBar()->maximum(), 0);
    }
};

QTEST_MAIN(TestShortcutsDialog)
#include "tst_shortcutsdialog.moc"
