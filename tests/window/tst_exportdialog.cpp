#include "window/exportdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTemporaryDir>
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
    void slideOptionsRoundTrip_data();
    void slideOptionsRoundTrip();
    void anExistingFileIsReplacedOnlyIfTheUserSaysSo();
    void selectedLaneIsOfferedOnlyWithASelection();
    void markingTheSelectionIsOfferedForPicturesWithASelection();
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

void TestExportDialog::slideOptionsRoundTrip_data()
{
    QTest::addColumn<int>("laneHeight");
    QTest::addColumn<double>("fontScale");
    QTest::addColumn<int>("lanes");
    QTest::newRow("as on screen, all lanes") << 0 << 1.0 << int(ExportLanes::All);
    QTest::newRow("tall, large, in view") << 40 << 1.5 << int(ExportLanes::Visible);
    QTest::newRow("largest, selected") << kMaxExportLaneHeight << kMaxExportFontScale << int(ExportLanes::Selected);
}

// Lane height, text size and the lanes kept come back as they were given, and apply to pictures only.
void TestExportDialog::slideOptionsRoundTrip()
{
    QFETCH(int, laneHeight);
    QFETCH(double, fontScale);
    QFETCH(int, lanes);
    ExportRequest initial;
    initial.path = QStringLiteral("/tmp/run.png");
    initial.laneHeight = laneHeight;
    initial.fontScale = fontScale;
    initial.lanes = static_cast<ExportLanes>(lanes);
    ExportDialog dialog(initial);
    QCOMPARE(dialog.request().laneHeight, laneHeight);
    QCOMPARE(dialog.request().fontScale, fontScale);
    QCOMPARE(int(dialog.request().lanes), lanes);
    auto* fontScaleBox = dialog.findChild<QDoubleSpinBox*>();
    QVERIFY(fontScaleBox->isEnabled());
    typePath(dialog, QStringLiteral("/tmp/run.csv"));
    QVERIFY(!fontScaleBox->isEnabled());
}

// Export on a file that exists replaced it without a word.
void TestExportDialog::anExistingFileIsReplacedOnlyIfTheUserSaysSo()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString existing = dir.filePath(QStringLiteral("old.png"));
    QFile file(existing);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    ExportDialog dialog(ExportRequest{.path = dir.filePath(QStringLiteral("new.png"))});
    QStringList asked;
    bool answer = false;
    dialog.setReplaceQuestion([&](const QString& path) {
        asked << path;
        return answer;
    });
    dialog.accept(); // a new file: nothing to ask
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(asked.isEmpty());

    dialog.setResult(QDialog::Rejected);
    typePath(dialog, dir.filePath(QStringLiteral("old"))); // the suffix the export appends names it too
    dialog.accept();
    QCOMPARE(asked, QStringList{existing});
    QCOMPARE(dialog.result(), int(QDialog::Rejected)); // "No": the dialog stays, for another name
    answer = true;
    dialog.accept();
    QCOMPARE(asked.size(), 2);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

// "Selected lane" with nothing selected was offered, and the export then failed.
void TestExportDialog::selectedLaneIsOfferedOnlyWithASelection()
{
    ExportDialog dialog(ExportRequest{.path = QStringLiteral("/tmp/x.png"), .lanes = ExportLanes::Selected});
    QComboBox* lanes = nullptr;
    for (QComboBox* box : dialog.findChildren<QComboBox*>()) {
        if (box->findData(int(ExportLanes::Selected)) >= 0)
            lanes = box;
    }
    QVERIFY(lanes);
    const auto* model = qobject_cast<QStandardItemModel*>(lanes->model());
    const int selected = lanes->findData(int(ExportLanes::Selected));
    QCOMPARE(dialog.request().lanes, ExportLanes::Selected);
    dialog.setLaneSelected(false);
    QCOMPARE(dialog.request().lanes, ExportLanes::All);
    QVERIFY(!model->item(selected)->isEnabled());
    dialog.setLaneSelected(true);
    QVERIFY(model->item(selected)->isEnabled());
}

// Marking the selection is off unless asked for, comes back as given, and is offered only for a picture of a run
// with something selected.
void TestExportDialog::markingTheSelectionIsOfferedForPicturesWithASelection()
{
    QCOMPARE(ExportRequest{}.markSelection, false);
    ExportDialog dialog(ExportRequest{.path = QStringLiteral("/tmp/x.png"), .markSelection = true});
    QCheckBox* mark = nullptr;
    for (QCheckBox* box : dialog.findChildren<QCheckBox*>()) {
        if (box->text().contains(QStringLiteral("selection")))
            mark = box;
    }
    QVERIFY(mark);
    QVERIFY(dialog.request().markSelection);
    QVERIFY(mark->isEnabled());
    dialog.setLaneSelected(false);
    QVERIFY(!mark->isEnabled());
    dialog.setLaneSelected(true);
    QVERIFY(mark->isEnabled());
    typePath(dialog, QStringLiteral("/tmp/x.csv"));
    QVERIFY(!mark->isEnabled());
    mark->setChecked(false);
    QVERIFY(!dialog.request().markSelection);
}

QTEST_MAIN(TestExportDialog)
#include "tst_exportdialog.moc"
