// PythonLauncher: form values as Python literals, the files it writes for listings and typed text, and
// an unusable interpreter refused before anything is written or run.

#include "scenarios/scenario.h"
#include "support/pythontestutil.h"
#include "window/pythonlauncher.h"

#include <QFile>
#include <QFileInfo>
#include <QTest>

using namespace tl;
using namespace tl::ui;
using namespace tl::pytest;

class TestPythonLauncher : public QObject {
    Q_OBJECT
private slots:
    void literals_data();
    void literals();
    void lessonSetsItsConstantsFromTheForm();
    void typedTextGoesToAPrivateFile();
    void scriptRunsFromWhereItIs();
    void unusableInterpreterIsRefused();
};

void TestPythonLauncher::literals_data()
{
    using T = ParameterSpec::Type;
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("literal");
    QTest::newRow("int") << QVariant(8) << int(T::Int) << "8";
    QTest::newRow("negative int") << QVariant(-3) << int(T::Int) << "-3";
    QTest::newRow("double") << QVariant(0.2) << int(T::Double) << "0.2";
    QTest::newRow("whole double stays a float") << QVariant(2.0) << int(T::Double) << "2.0";
    QTest::newRow("small double") << QVariant(1e-7) << int(T::Double) << "1e-07";
    QTest::newRow("true") << QVariant(true) << int(T::Bool) << "True";
    QTest::newRow("false") << QVariant(false) << int(T::Bool) << "False";
}

// Each literal reads back in Python as the value of its type (checked by Python itself below for the
// doubles: the shortest text that round-trips).
void TestPythonLauncher::literals()
{
    QFETCH(QVariant, value);
    QFETCH(int, type);
    QFETCH(QString, literal);
    QCOMPARE(PythonLauncher::pythonLiteral(value, static_cast<ParameterSpec::Type>(type)), literal);
}

void TestPythonLauncher::lessonSetsItsConstantsFromTheForm()
{
    const Scenario* scenario = findScenario(QStringLiteral("producer-consumer"));
    QVERIFY(scenario);
    const auto values =
        resolveParameters(scenario->parameters, QList<QPair<QString, QString>>{{"producers", "4"}, {"work", "0.25"}});
    QVERIFY(values.ok());
    PythonLauncher launcher;
    launcher.setInterpreter(testPython());
    const Result<PythonRunOptions> options = launcher.lesson(*scenario, *values, 10);
    QVERIFY2(options.ok(), options.ok() ? "" : qPrintable(options.error()));
    // Every parameter of the form, in its declared order, as the listing's upper-case constant.
    QCOMPARE(options->constants.size(), values->ordered().size());
    QCOMPARE(options->constants[0], (QPair<QString, QString>{"PRODUCERS", "4"}));
    bool work = false;
    for (const auto& [name, literal] : options->constants) {
        QVERIFY2(scenario->listing().contains(QStringLiteral("\n%1 = ").arg(name)), qPrintable(name));
        work = work || (name == QLatin1String("WORK") && literal == QLatin1String("0.25"));
    }
    QVERIFY(work);
    QCOMPARE(options->speed, 10.0);
    QCOMPARE(options->python, testPython());
    QCOMPARE(options->metadata.scenarioId, scenario->id);
    QCOMPARE(options->metadata.parameters, values->ordered());
    QVERIFY(options->metadata.interpreter.startsWith(QLatin1String("CPython 3.")));
    // The listing as the lesson has it, under its own name, alone in its folder.
    QCOMPARE(QFileInfo(options->script).fileName(), QStringLiteral("producer-consumer.py"));
    QCOMPARE(QFileInfo(options->script).dir().entryList(QDir::Files), QStringList{"producer-consumer.py"});
    QFile file(options->script);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(file.readAll()), scenario->listing());
}

void TestPythonLauncher::typedTextGoesToAPrivateFile()
{
    PythonLauncher launcher;
    launcher.setInterpreter(testPython());
    const TraceMetadata meta{QStringLiteral("mine (edited)"), QStringLiteral("Mine"), {}, 1.0};
    const Result<PythonRunOptions> first = launcher.text(QStringLiteral("print('one')\n"), "mine.py", 2, meta);
    QVERIFY(first.ok());
    QFile file(first->script);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("print('one')\n"));
    QCOMPARE(first->metadata.scenarioId, meta.scenarioId);
    QVERIFY(first->constants.isEmpty());
    // Only the user can read the directory above the program's folder.
    const QFileInfo root(QFileInfo(first->script).dir().absolutePath() + QStringLiteral("/.."));
    QCOMPARE(root.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::ExeOther),
             QFileDevice::Permissions());
    // Running it again with new text replaces the file.
    const Result<PythonRunOptions> second = launcher.text(QStringLiteral("print('two')\n"), "mine.py", 2, meta);
    QVERIFY(second.ok());
    QCOMPARE(second->script, first->script);
    QFile again(second->script);
    QVERIFY(again.open(QIODevice::ReadOnly));
    QCOMPARE(again.readAll(), QByteArray("print('two')\n"));
}

void TestPythonLauncher::scriptRunsFromWhereItIs()
{
    QTemporaryDir dir;
    const QString script = writeFile(dir, QStringLiteral("own.py"), "pass\n");
    PythonLauncher launcher;
    launcher.setInterpreter(testPython());
    const Result<PythonRunOptions> options = launcher.script(script, 1);
    QVERIFY(options.ok());
    QCOMPARE(options->script, QFileInfo(script).absoluteFilePath());
    QVERIFY(options->metadata.scenarioId.isEmpty()); // named after the script by PythonSource
}

void TestPythonLauncher::unusableInterpreterIsRefused()
{
    PythonLauncher launcher;
    launcher.setInterpreter(QStringLiteral("python3-not-installed"));
    const Result<PythonRunOptions> options =
        launcher.text(QStringLiteral("pass\n"), "x.py", 1, TraceMetadata{QStringLiteral("x"), {}, {}, 1.0});
    QVERIFY(!options.ok());
    QVERIFY2(options.error().contains(QStringLiteral("apt install python3")), qPrintable(options.error()));
    QVERIFY(!launcher.lesson(*findScenario(QStringLiteral("hello")), ParameterValues(), 1).ok());
}

QTEST_MAIN(TestPythonLauncher)
#include "tst_pythonlauncher.moc"
