#include "programarguments.h"

#include <QTest>

using namespace tl;

// Where a command line is cut: Threadline's options before the program, the program's arguments after.
class TestProgramArguments : public QObject {
    Q_OBJECT
private slots:
    void split_data();
    void split();
};

void TestProgramArguments::split_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("own");
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("module");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("error");
    const QString t = QStringLiteral("threadline");
    QTest::newRow("no program") << QStringList{t, "--scenario", "hello", "--export", "x.json"}
                                << QStringList{t, "--scenario", "hello", "--export", "x.json"} << ""
                                << "" << QStringList{} << "";
    QTest::newRow("script alone") << QStringList{t, "s.py"} << QStringList{t} << "s.py"
                                  << "" << QStringList{} << "";
    QTest::newRow("options before, arguments after, ours or not")
        << QStringList{t, "--export", "out.json", "--speed=2", "s.py", "--export", "x", "-m", "y"}
        << QStringList{t, "--export", "out.json", "--speed=2"} << "s.py"
        << "" << QStringList{"--export", "x", "-m", "y"} << "";
    QTest::newRow("a value that looks like a script is a value")
        << QStringList{t, "--screenshot", "shot.png", "--python", "/usr/bin/python3", "s.py"}
        << QStringList{t, "--screenshot", "shot.png", "--python", "/usr/bin/python3"} << "s.py"
        << "" << QStringList{} << "";
    QTest::newRow("flags take no value") << QStringList{t, "--help", "s.py", "a"} << QStringList{t, "--help"} << "s.py"
                                         << "" << QStringList{"a"} << "";
    QTest::newRow("module") << QStringList{t, "--python", "py", "-m", "http.server", "8000", "-b"}
                            << QStringList{t, "--python", "py"} << ""
                            << "http.server" << QStringList{"8000", "-b"} << "";
    QTest::newRow("module joined to -m, as python takes it")
        << QStringList{t, "--python", "py", "-mjson.tool", "-h"} << QStringList{t, "--python", "py"} << ""
        << "json.tool" << QStringList{"-h"} << "";
    QTest::newRow("module name that starts with a dash is still the module")
        << QStringList{t, "-m", "-x"} << QStringList{t} << ""
        << "-x" << QStringList{} << "";
    QTest::newRow("-- then a script that starts with a dash")
        << QStringList{t, "--", "-odd.py", "x"} << QStringList{t} << "-odd.py"
        << "" << QStringList{"x"} << "";
    QTest::newRow("-m with nothing after")
        << QStringList{t, "--export", "o.json", "-m"} << QStringList{t, "--export", "o.json"} << ""
        << "" << QStringList{} << "-m needs a module name";
    QTest::newRow("-- with nothing after") << QStringList{t, "--"} << QStringList{t} << ""
                                           << "" << QStringList{} << "-- must be followed by the script";
    QTest::newRow("an empty argument") << QStringList{t, "", "a"} << QStringList{t} << ""
                                       << "" << QStringList{"a"} << "an empty argument";
    QTest::newRow("a value option last, its value missing")
        << QStringList{t, "--export"} << QStringList{t, "--export"} << ""
        << "" << QStringList{} << "";
}

void TestProgramArguments::split()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, own);
    QFETCH(QString, script);
    QFETCH(QString, module);
    QFETCH(QStringList, args);
    QFETCH(QString, error);
    const QSet<QString> values{"scenario", "set", "speed", "export", "width", "scale", "screenshot", "after", "python"};
    const ProgramArguments split = ProgramArguments::split(arguments, values);
    QCOMPARE(split.own, own);
    QCOMPARE(split.script, script);
    QCOMPARE(split.module, module);
    QCOMPARE(split.args, args);
    QVERIFY2(split.error.contains(error), qPrintable(split.error));
    QCOMPARE(split.error.isEmpty(), error.isEmpty());
    QCOMPARE(split.hasProgram(), !script.isEmpty() || !module.isEmpty() || !error.isEmpty());
}

QTEST_GUILESS_MAIN(TestProgramArguments)
#include "tst_programarguments.moc"
