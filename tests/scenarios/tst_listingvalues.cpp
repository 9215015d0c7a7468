#include "scenarios/parameter.h"
#include "scenarios/scenario.h"

#include <QTest>

using namespace tl;

// The listing shown beside a run says the values the run used: every lesson's parameters are constants of
// its listing, and listingWith() rewrites exactly those, as Python literals, keeping their comments.
class tst_ListingValues : public QObject {
    Q_OBJECT

private slots:
    void everyParameterIsAListingConstant();
    void defaultsGiveTheListingItself();
    void valuesReplaceTheirLinesOnly();
    void pythonLiterals_data();
    void pythonLiterals();
    void aBoolTakesThePythonLiteralTheListingShows();
};

// --set start_twice=True, as the listing writes it, was refused as not "true or false".
void tst_ListingValues::aBoolTakesThePythonLiteralTheListingShows()
{
    const ParameterSpec spec{QStringLiteral("start_twice"),
                             QStringLiteral("Start twice"),
                             ParameterSpec::Type::Bool,
                             true,
                             {},
                             {},
                             QString()};
    for (const char* yes : {"True", "TRUE", "true", "yes", "1"})
        QCOMPARE(*parseParameter(spec, QString::fromLatin1(yes)), QVariant(true));
    for (const char* no : {"False", "FALSE", "false", "No", "0"})
        QCOMPARE(*parseParameter(spec, QString::fromLatin1(no)), QVariant(false));
    QCOMPARE(parseParameter(spec, QStringLiteral("maybe")).error(),
             QStringLiteral("start_twice must be true or false, not 'maybe'"));
}

void tst_ListingValues::everyParameterIsAListingConstant()
{
    for (const Scenario& s : allScenarios()) {
        const QStringList lines = s.listing().split(QLatin1Char('\n'));
        for (const ParameterSpec& spec : s.parameters) {
            const QString prefix = listingConstant(spec) + QStringLiteral(" = ");
            const auto count =
                std::count_if(lines.begin(), lines.end(), [&](const QString& line) { return line.startsWith(prefix); });
            QVERIFY2(count == 1, qPrintable(QStringLiteral("%1: %2").arg(s.id, prefix)));
        }
    }
}

void tst_ListingValues::defaultsGiveTheListingItself()
{
    for (const Scenario& s : allScenarios()) {
        const Result<ParameterValues> defaults = resolveParameters(s.parameters, QList<QPair<QString, QString>>{});
        QVERIFY(defaults.ok());
        QCOMPARE(s.listingWith(*defaults), s.listing());
    }
}

void tst_ListingValues::valuesReplaceTheirLinesOnly()
{
    const Scenario* pool = findScenario(QStringLiteral("pool-queue"));
    QVERIFY(pool);
    const Result<ParameterValues> values = resolveParameters(
        pool->parameters, QList<QPair<QString, QString>>{{QStringLiteral("workers"), QStringLiteral("200")},
                                                         {QStringLiteral("think"), QStringLiteral("0.05")}});
    QVERIFY2(values.ok(), values.ok() ? "" : qPrintable(values.error()));
    const QStringList before = pool->listing().split(QLatin1Char('\n'));
    const QStringList after = pool->listingWith(*values).split(QLatin1Char('\n'));
    QCOMPARE(after.size(), before.size());
    int changed = 0;
    for (qsizetype i = 0; i < before.size(); ++i) {
        if (before[i] == after[i])
            continue;
        ++changed;
        if (before[i].startsWith(QStringLiteral("WORKERS = ")))
            QCOMPARE(after[i], QStringLiteral("WORKERS = 200   # daemon threads serving connections"));
        else
            QCOMPARE(after[i], QStringLiteral("THINK = 0.05    # seconds a client waits after each echo"));
    }
    QCOMPARE(changed, 2);
}

void tst_ListingValues::pythonLiterals_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("literal");
    QTest::newRow("int") << int(ParameterSpec::Type::Int) << QVariant(200) << "200";
    QTest::newRow("float, as repr() writes it") << int(ParameterSpec::Type::Double) << QVariant(0.2) << "0.2";
    QTest::newRow("a whole float stays whole") << int(ParameterSpec::Type::Double) << QVariant(4.0) << "4";
    QTest::newRow("float") << int(ParameterSpec::Type::Double) << QVariant(3.5) << "3.5";
    QTest::newRow("True") << int(ParameterSpec::Type::Bool) << QVariant(true) << "True";
    QTest::newRow("False") << int(ParameterSpec::Type::Bool) << QVariant(false) << "False";
}

void tst_ListingValues::pythonLiterals()
{
    QFETCH(int, type);
    QFETCH(QVariant, value);
    QFETCH(QString, literal);
    ParameterSpec spec;
    spec.type = static_cast<ParameterSpec::Type>(type);
    QCOMPARE(pythonLiteral(spec, value), literal);
}

QTEST_GUILESS_MAIN(tst_ListingValues)
#include "tst_listingvalues.moc"
