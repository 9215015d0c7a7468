#include "base/exportformat.h"

#include <QTest>

using namespace tl;

Q_DECLARE_METATYPE(ExportFormat)

// The one suffix table the window and the command line share: each format's suffix parses back to it,
// case does not matter, and anything else is refused with the suffixes that exist.
class tst_ExportFormat : public QObject {
    Q_OBJECT

private slots:
    void suffixesRoundTrip_data();
    void suffixesRoundTrip();
    void refusals_data();
    void refusals();
};

void tst_ExportFormat::suffixesRoundTrip_data()
{
    QTest::addColumn<ExportFormat>("format");
    QTest::addColumn<bool>("picture");
    QTest::newRow("json") << ExportFormat::ChromeJson << false;
    QTest::newRow("csv") << ExportFormat::Csv << false;
    QTest::newRow("png") << ExportFormat::Png << true;
    QTest::newRow("svg") << ExportFormat::Svg << true;
    QTest::newRow("pdf") << ExportFormat::Pdf << true;
}

void tst_ExportFormat::suffixesRoundTrip()
{
    QFETCH(ExportFormat, format);
    QFETCH(bool, picture);
    QCOMPARE(isPictureFormat(format), picture);
    const QString suffix = suffixFor(format);
    QCOMPARE(exportFormatForPath(QStringLiteral("/tmp/run.") + suffix).value(), format);
    QCOMPARE(exportFormatForPath(QStringLiteral("RUN.") + suffix.toUpper()).value(), format);
    QCOMPARE(exportFormatForPath(QStringLiteral("a.b.c.") + suffix).value(), format);
}

void tst_ExportFormat::refusals_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");
    QTest::newRow("no suffix") << "run"
                               << "cannot export 'run': no file suffix; use .json, .csv, .png, .svg or .pdf";
    QTest::newRow("unknown suffix") << "run.bmp"
                                    << "cannot export 'run.bmp': unknown format '.bmp'; use .json, .csv, .png, "
                                       ".svg or .pdf";
    QTest::newRow("a trailing dot") << "run."
                                    << "cannot export 'run.': no file suffix; use .json, .csv, .png, .svg or .pdf";
}

void tst_ExportFormat::refusals()
{
    QFETCH(QString, path);
    QFETCH(QString, message);
    const Result<ExportFormat> format = exportFormatForPath(path);
    QVERIFY(!format.ok());
    QCOMPARE(format.error(), message);
}

QTEST_GUILESS_MAIN(tst_ExportFormat)
#include "tst_exportformat.moc"
