// The engine's words for a queue item (py/itemrepr.h) against the CPython tracer's (values.py), run in python3
// on the same values: an engine run and a CPython run of a lesson say the same on each put and get.

#include "py/itemrepr.h"
#include "support/pythontestutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <cstdint>
#include <limits>

using namespace tl;
using namespace tl::pytest;

namespace {

const QString kValuesPy = QStringLiteral(QT_TESTCASE_SOURCEDIR "/../../resources/python/_threadline_tracer/values.py");

// What values.py's short_repr says of each text, each number in `numbers` and True and False, in that order: one line
// of JSON.
PythonOutput tracerWords(const QStringList& texts, const QList<qint64>& numbers, bool withBools)
{
    QJsonArray args;
    for (const QString& t : texts)
        args.append(t);
    QJsonArray ints;
    for (qint64 n : numbers)
        ints.append(QString::number(n)); // as text: a double would round the big ones
    const QByteArray data = QJsonDocument(QJsonArray{args, ints, withBools}).toJson(QJsonDocument::Compact).toBase64();
    return runPythonCode(QStringLiteral("import base64, importlib.util, json\n"
                                        "spec = importlib.util.spec_from_file_location('values', %1)\n"
                                        "values = importlib.util.module_from_spec(spec)\n"
                                        "spec.loader.exec_module(values)\n"
                                        "texts, ints, bools = json.loads(base64.b64decode('%2'))\n"
                                        "items = texts + [int(n) for n in ints] + ([True, False] if bools else [])\n"
                                        "print(json.dumps([values.short_repr(item) for item in items]))\n")
                             .arg(QString::fromUtf8(QJsonDocument(QJsonArray{kValuesPy}).toJson().mid(1).chopped(2)),
                                  QString::fromLatin1(data)));
}

} // namespace

class tst_ItemRepr : public QObject {
    Q_OBJECT

private slots:
    void theEngineSaysWhatTheTracerSays()
    {
        const QStringList texts = {
            QStringLiteral("a"),
            QString(),
            QStringLiteral("it's"),
            QStringLiteral("say \"hi\""),
            QStringLiteral("both ' and \""),
            QStringLiteral("tab\tnew line\ncarriage\r"),
            QStringLiteral("back\\slash"),
            QString(QChar(1)) + QChar(0x7f) + QChar(0x85) + QChar(0xa0),
            QStringLiteral("é€ünïcode"),
            QString(39, QLatin1Char('e')) + QStringLiteral("\U0001F600\U0001F600"), // the 40th is a pair of UTF-16
            QString(45, QLatin1Char('x')),
            QString(40, QLatin1Char('y')),
            // The quote is chosen from the part shown: the ' past the 40th character does not count.
            QString(40, QLatin1Char('z')) + QLatin1Char('\''),
            QStringLiteral("'") + QString(50, QLatin1Char('w')),
        };
        const QList<qint64> numbers = {0, 7, -5, std::numeric_limits<qint64>::max(),
                                       std::numeric_limits<qint64>::min()};
        const PythonOutput python = tracerWords(texts, numbers, true);
        QVERIFY2(python.error.isEmpty(), qPrintable(python.error));
        QStringList engine;
        for (const QString& t : texts)
            engine << pythonRepr(t);
        for (qint64 n : numbers)
            engine << pythonRepr(n);
        engine << pythonRepr(true) << pythonRepr(false);
        QCOMPARE(python.lines.size(), 1);
        QStringList tracer;
        for (const QJsonValue& v : QJsonDocument::fromJson(python.lines[0].toUtf8()).array())
            tracer << v.toString();
        QCOMPARE(engine, tracer);
    }

    // An int past 40 digits was "<int>" (a user-tester): it is its first 20 digits and how many it has. Past the
    // length CPython 3.11 writes (4300 digits, or less if the program lowered it), whose repr raises or takes long,
    // it is counted from its bits.
    void aLongIntIsItsFirstDigitsAndItsLength()
    {
        const PythonOutput python =
            runPythonCode(QStringLiteral("import importlib.util, json, sys\n"
                                         "spec = importlib.util.spec_from_file_location('values', %1)\n"
                                         "values = importlib.util.module_from_spec(spec)\n"
                                         "spec.loader.exec_module(values)\n"
                                         "items = [10**40 - 1, 10**40, -(2**200), 10**5000]\n"
                                         "words = [values.short_repr(item) for item in items]\n"
                                         "sys.set_int_max_str_digits(640)\n"
                                         "words.append(values.short_repr(10**1000))\n"
                                         "print(json.dumps(words))\n")
                              .arg(QString::fromUtf8(QJsonDocument(QJsonArray{kValuesPy}).toJson().mid(1).chopped(2))));
        QVERIFY2(python.error.isEmpty(), qPrintable(python.error));
        QStringList words;
        for (const QJsonValue& v : QJsonDocument::fromJson(python.lines.value(0).toUtf8()).array())
            words << v.toString();
        QCOMPARE(words, (QStringList{QString(40, QLatin1Char('9')),
                                     QStringLiteral("1%1\u2026 (41 digits)").arg(QString(19, QLatin1Char('0'))),
                                     QStringLiteral("-16069380442589902755\u2026 (61 digits)"),
                                     QStringLiteral("<int of about 5001 digits>"),
                                     QStringLiteral("<int of about 1001 digits>")}));
    }

    void narrowNumbersReadAsTheirValues()
    {
        QCOMPARE(pythonRepr(std::uint8_t{200}), QStringLiteral("200"));
        QCOMPARE(pythonRepr(std::numeric_limits<std::uint64_t>::max()), QStringLiteral("18446744073709551615"));
        QCOMPARE(pythonRepr(-3), QStringLiteral("-3"));
    }
};

QTEST_GUILESS_MAIN(tst_ItemRepr)
#include "tst_itemrepr.moc"
