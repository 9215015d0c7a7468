#include "base/osbytes.h"
#include "support/pythontestutil.h"

#include <QTest>

using namespace tl;
using namespace tl::pytest;

// Command-line bytes as text and back (osbytes.h), held to what CPython's os.fsdecode and os.fsencode do with the
// same bytes: a script's argument must reach it as the bytes given, traced as untraced.
class TestOsBytes : public QObject {
    Q_OBJECT
private slots:
    void decodesAsCPythonDoes();
    void everyByteStringComesBack();
    void escapedBytesAreShownAndTold();
};

namespace {

// Valid UTF-8, a stray byte, truncated and overlong sequences, an encoded surrogate, past U+10FFFF, and a
// character whose low surrogate is in the range of the kept bytes (U+10080: D800 DC80).
const QList<QByteArray> kCases{
    QByteArray("plain"),
    QByteArray("a\xff"
               "b"),
    QByteArray("caf\xc3\xa9"),
    QByteArray("caf\xe9"),
    QByteArray("\xe2\x82"),
    QByteArray("\xc0\xaf"),
    QByteArray("\xed\xa0\x80"),
    QByteArray("\xf4\x90\x80\x80"),
    QByteArray("\xf0\x90\x82\x80"),
    QByteArray("\xf0\x9f\x98\x80 \x80\xfe"),
    QByteArray("\xe0\x80\x80"),
    QByteArray(""),
};

QString utf16Hex(const QString& text)
{
    QString hex;
    for (QChar c : text)
        hex += QStringLiteral("%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
    return hex;
}

} // namespace

void TestOsBytes::decodesAsCPythonDoes()
{
    QStringList hexes;
    for (const QByteArray& bytes : kCases)
        hexes << QString::fromLatin1(bytes.toHex());
    // Each case's UTF-16 code units as CPython decodes it for sys.argv (surrogateescape), big-endian hex.
    const PythonOutput python =
        runPythonCode(QStringLiteral("for h in %1:\n"
                                     "    s = bytes.fromhex(h).decode('utf-8', 'surrogateescape')\n"
                                     "    print(s.encode('utf-16-be', 'surrogatepass').hex())\n")
                          .arg(QStringLiteral("['") + hexes.join(QStringLiteral("', '")) + QStringLiteral("']")));
    QVERIFY2(python.error.isEmpty(), qPrintable(python.error));
    QStringList ours;
    for (const QByteArray& bytes : kCases)
        ours << utf16Hex(fromOsBytes(bytes));
    QVERIFY2(firstDifference(ours, python.lines).isEmpty(), qPrintable(firstDifference(ours, python.lines)));
}

void TestOsBytes::everyByteStringComesBack()
{
    for (const QByteArray& bytes : kCases)
        QCOMPARE(toOsBytes(fromOsBytes(bytes)), bytes);
    // Every byte pair, any value.
    for (int a = 0; a < 256; ++a) {
        for (int b = 0; b < 256; ++b) {
            const QByteArray bytes{char(a), char(b)};
            QCOMPARE(toOsBytes(fromOsBytes(bytes)), bytes);
        }
    }
}

void TestOsBytes::escapedBytesAreShownAndTold()
{
    const QString name = fromOsBytes("h\xe9.csv");
    QVERIFY(hasEscapedBytes(name));
    QCOMPARE(shownOsText(name), QStringLiteral("h\\xe9.csv"));
    QVERIFY(!hasEscapedBytes(fromOsBytes("caf\xc3\xa9.csv")));
    QVERIFY(!hasEscapedBytes(fromOsBytes("\xf0\x90\x82\x80"))); // U+10080's low half is no kept byte
}

QTEST_MAIN(TestOsBytes)
#include "tst_osbytes.moc"
