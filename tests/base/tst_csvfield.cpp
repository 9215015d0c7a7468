#include "base/csvfield.h"

#include <QTest>

using namespace tl;

// Every CSV Threadline writes goes through csvField: RFC 4180's quoting, and the traced program's own text
// (thread names, queue items, printed lines) never left for a spreadsheet to run as a formula.
class tst_CsvField : public QObject {
    Q_OBJECT

private slots:
    void fields_data();
    void fields();
};

void tst_CsvField::fields_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain text stays bare") << "Thread-1 (worker)"
                                           << "Thread-1 (worker)";
    QTest::newRow("empty stays empty") << ""
                                       << "";
    QTest::newRow("a comma is quoted") << "a,b"
                                       << "\"a,b\"";
    QTest::newRow("a quote is doubled inside quotes") << "say \"hi\""
                                                      << "\"say \"\"hi\"\"\"";
    QTest::newRow("a line feed is quoted") << "one\ntwo"
                                           << "\"one\ntwo\"";
    QTest::newRow("a carriage return is quoted") << "one\rtwo"
                                                 << "\"one\rtwo\"";
    QTest::newRow("= starts a formula") << "=1+2"
                                        << "'=1+2";
    QTest::newRow("+ starts a formula") << "+cmd"
                                        << "'+cmd";
    QTest::newRow("- starts a formula") << "-2+3"
                                        << "'-2+3";
    QTest::newRow("@ starts a formula") << "@SUM(A1)"
                                        << "'@SUM(A1)";
    QTest::newRow("a leading tab hides a formula") << "\t=1"
                                                   << "'\t=1";
    QTest::newRow("a leading carriage return is made inert, then quoted") << "\r=1"
                                                                          << "\"'\r=1\"";
    QTest::newRow("a formula with a comma is made inert, then quoted") << "=HYPERLINK(\"x\",\"y\")"
                                                                       << "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"";
    QTest::newRow("a negative number stays a number") << "-5"
                                                      << "-5";
    QTest::newRow("a signed decimal stays a number") << "+0.25"
                                                     << "+0.25";
    QTest::newRow("an exponent stays a number") << "-1.5e-3"
                                                << "-1.5e-3";
    QTest::newRow("= later in the text is text") << "a=b"
                                                 << "a=b";
}

void tst_CsvField::fields()
{
    QFETCH(QString, field);
    QFETCH(QString, expected);
    QCOMPARE(csvField(field), expected);
}

QTEST_APPLESS_MAIN(tst_CsvField)
#include "tst_csvfield.moc"
