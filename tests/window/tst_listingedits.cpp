#include "window/listingview.h"
#include "window/mainwindow.h"
#include "window/programcontroller.h"
#include "window/windowactions.h"

#include <QAbstractButton>
#include <QApplication>
#include <QFile>
#include <QFileDialog>
#include <QMessageBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTextCursor>
#include <QTimer>

using namespace tl::ui;

// Edits in the listing are not lost without a word: a script's come back as a lesson's do when it is shown again,
// and quitting with edits not saved asks first.
class TestListingEdits : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void aScriptsEditsComeBack();
    void quittingWithEditsAsks();
    void quittingWithoutEditsDoesNotAsk();
    void quittingOffersToSaveTheListingShown();
    void aZipappHasNoListing();

private:
    QTemporaryDir m_dir;
    QString script(const QString& name)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (file.open(QIODevice::WriteOnly))
            file.write("print('as on disk')\n");
        return path;
    }
};

namespace {

void typeAtEnd(MainWindow& w, const QString& text)
{
    w.actions()->editListing->setChecked(true);
    QTextCursor end(w.listing()->document());
    end.movePosition(QTextCursor::End);
    end.insertText(text);
}

} // namespace

// A script edited, then a lesson picked: the edits were gone, and the script reopened read as on disk.
void TestListingEdits::aScriptsEditsComeBack()
{
    MainWindow w;
    const QString path = script(QStringLiteral("busy.py"));
    QVERIFY(w.program()->openScript(path).ok());
    typeAtEnd(w, QStringLiteral("print('edited')\n"));
    const QString edited = w.listing()->toPlainText();
    QVERIFY(w.selectScenario(QStringLiteral("hello")));
    QVERIFY(!w.program()->isEdited());
    QCOMPARE(w.program()->unsavedListings(), QStringList{QStringLiteral("busy.py")});
    QVERIFY(w.program()->openScript(path).ok());
    QCOMPARE(w.listing()->toPlainText(), edited);
    QVERIFY(w.program()->isEdited());
    // Saved, they are the file's: nothing is left unsaved.
    QVERIFY(w.program()->saveAs(path).ok());
    QVERIFY(w.program()->unsavedListings().isEmpty());
}

// A zipapp runs headless (its __main__.py, as python3 runs it); in the window its bytes were shown as the listing.
void TestListingEdits::aZipappHasNoListing()
{
    MainWindow w;
    QVERIFY(w.program()->openScript(script(QStringLiteral("fine.py"))).ok());
    const QString before = w.listing()->toPlainText();
    const QString path = m_dir.filePath(QStringLiteral("app.pyz"));
    QFile zip(path);
    QVERIFY(zip.open(QIODevice::WriteOnly));
    zip.write(QByteArray("#!/usr/bin/env python3\nPK\x03\x04\x14\0\0\0", 30));
    zip.close();
    const tl::Status opened = w.program()->openScript(path);
    QVERIFY(!opened.ok());
    QVERIFY2(opened.error().contains(QStringLiteral("a zipapp runs headless")), qPrintable(opened.error()));
    QCOMPARE(w.listing()->toPlainText(), before);
}

void TestListingEdits::quittingWithEditsAsks()
{
    MainWindow w;
    w.show();
    QVERIFY(w.selectScenario(QStringLiteral("hello")));
    typeAtEnd(w, QStringLiteral("print('mine')\n"));
    QVERIFY(!w.close());
    QVERIFY(w.isVisible());
    QMessageBox* box = nullptr;
    QTRY_VERIFY((box = w.findChild<QMessageBox*>()) != nullptr);
    QVERIFY2(box->text().contains(QStringLiteral("hello.py")), qPrintable(box->text()));
    box->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(!w.findChild<QMessageBox*>());
    QVERIFY(w.isVisible());
    QVERIFY(!w.close()); // asks again
    QTRY_VERIFY((box = w.findChild<QMessageBox*>()) != nullptr);
    QAbstractButton* quit = nullptr;
    for (QAbstractButton* button : box->buttons()) {
        if (box->buttonRole(button) == QMessageBox::DestructiveRole)
            quit = button;
    }
    QVERIFY(quit);
    quit->click();
    QTRY_VERIFY(!w.isVisible());
}

void TestListingEdits::quittingWithoutEditsDoesNotAsk()
{
    MainWindow w;
    w.show();
    QVERIFY(w.selectScenario(QStringLiteral("hello")));
    QVERIFY(w.close());
    QVERIFY(!w.findChild<QMessageBox*>());
}

// The quit question offered Quit and Cancel only (a user-tester): Save As saves the listing shown, then quits; its
// file dialog cancelled, nothing is lost and the window stays.
void TestListingEdits::quittingOffersToSaveTheListingShown()
{
    MainWindow w;
    w.show();
    QVERIFY(w.selectScenario(QStringLiteral("hello")));
    typeAtEnd(w, QStringLiteral("print('keep me')\n"));
    const QString path = m_dir.filePath(QStringLiteral("kept.py"));
    for (const bool accept : {false, true}) {
        QVERIFY(!w.close());
        QMessageBox* box = nullptr;
        QTRY_VERIFY((box = w.findChild<QMessageBox*>()) != nullptr);
        QAbstractButton* save = nullptr;
        for (QAbstractButton* button : box->buttons()) {
            if (box->buttonRole(button) == QMessageBox::AcceptRole)
                save = button;
        }
        QVERIFY(save);
        // The file dialog runs its own loop: it is answered from a timer.
        QTimer::singleShot(0, &w, [&] {
            QTRY_VERIFY(QApplication::activeModalWidget() &&
                        qobject_cast<QFileDialog*>(QApplication::activeModalWidget()));
            auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget());
            if (!accept) {
                dialog->reject();
                return;
            }
            dialog->selectFile(path);
            static_cast<QDialog*>(dialog)->accept(); // QFileDialog makes its accept() protected
        });
        save->click();
        if (!accept) {
            QVERIFY(w.isVisible());
            QVERIFY(!QFile::exists(path));
            QTRY_VERIFY(!w.findChild<QMessageBox*>());
        }
    }
    QTRY_VERIFY(!w.isVisible());
    QFile saved(path);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QVERIFY(saved.readAll().contains("print('keep me')"));
}

QTEST_MAIN(TestListingEdits)
#include "tst_listingedits.moc"
