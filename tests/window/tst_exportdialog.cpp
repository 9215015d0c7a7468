#include "window/exportdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QSpinBox>
#include <QTest>

using namespace tl;
using namespace tl::ui;

namespace {

QLineEdit* pathEdit(ExportDialog& dialog)
{
    return dialog.findChild<QLineEdit*>();
}

void typePath(ExportDialog& dialog, const QString& path)
{
    QLineEdit* edit = pathEdit(dialog);
    edit->selectAll();
    QTest::keyClicks(edit, path);
}

} // namespace

// The export dialog's format and file suffix follow each other, and options that do not apply to the
// format are disabled. A .svg file name once wrote "name.svg.png" because the format stayed PNG.
class TestExportDialog : public QObject {
    Q_OBJECT
private slots:
    void typedSuffixPicksTheFormat_data();
    void typedSuffixPicksTheFormat();
    void pickedFormatChangesTheSuffix();
    void unknownSuffixKeepsTheFormat();
};

void TestExportDialog::typedSuffixPicksTheFormat_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("format");
    QTest::addColumn<bool>("pictureOptions");
    QTest::newRow("svg") << "/tmp/run.svg" << int(ExportFormat::Svg) << true;
    QTest::newRow("pdf, upper case") << "/tmp/run.PDF" << int(ExportFormat::Pdf) << true;
    QTest::newRow("json") << "/tmp/run.json" << int(ExportFormat::ChromeJson) << false;
    QTest::newRow("csv") << "/tmp/run.csv" << int(ExportFormat::Csv) << false;
    QTest::newRow("png") << "/tmp/run.png" << int(ExportFormat::Png) << true;
}

void TestExportDialog::typedSuffixPicksTheFormat()
{
    QFETCH(QString, path);
    QFETCH(int, format);
    QFETCH(bool, pictureOptions);
    ExportRequest initial;
    initial.format = format == int(ExportFormat::Png) ? ExportFormat::Csv : ExportFormat::Png;
    initial.path = QStringLiteral("/tmp/start.") + suffixFor(initial.format);
    ExportDialog dialog(initial);
    typePath(dialog, path);
    QCOMPARE(int(dialog.request().format), format);
    QCOMPARE(dialog.request().path, path); // what was typed stays as typed
    QCOMPARE(dialog.findChild<QSpinBox*>()->isEnabled(), pictureOptions);
    QCOMPARE(dialog.findChild<QCheckBox*>()->isEnabled(), pictureOptions);
}

void TestExportDialog::pickedFormatChangesTheSuffix()
{
    ExportRequest initial;
    initial.path = QStringLiteral("/tmp/run.png");
    ExportDialog dialog(initial);
    auto* format = dialog.findChild<QComboBox*>();
    format->setCurrentIndex(format->findData(int(ExportFormat::Pdf)));
    QCOMPARE(dialog.request().path, QStringLiteral("/tmp/run.pdf"));
    format->setCurrentIndex(format->findData(int(ExportFormat::ChromeJson)));
    QCOMPARE(dialog.request().path, QStringLiteral("/tmp/run.json"));
    QVERIFY(!dialog.findChild<QSpinBox*>()->isEnabled());
}

void TestExportDialog::unknownSuffixKeepsTheFormat()
{
    ExportRequest initial;
    initial.format = ExportFormat::Svg;
    initial.path = QStringLiteral("/tmp/run.svg");
    ExportDialog dialog(initial);
    typePath(dialog, QStringLiteral("/tmp/notes.txt"));
    QCOMPARE(dialog.request().format, ExportFormat::Svg);
    typePath(dialog, QStringLiteral("/tmp/no-suffix"));
    QCOMPARE(dialog.request().format, ExportFormat::Svg);
}

QTEST_MAIN(TestExportDialog)
#include "tst_exportdialog.moc"
