#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

// resources/completion/threadline, the bash completion, as bash-completion runs it: a command line typed up to the
// cursor, completed against the real binary (its --help and --list-scenarios) in a folder of known files.
class tst_BashCompletion : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void completes_data();
    void completes();

private:
    QTemporaryDir m_dir;
};

namespace {

const QString kBashCompletion = QStringLiteral("/usr/share/bash-completion/bash_completion");

// Sets bash's completion variables for `line` (the cursor at its end; a line that ends in a space completes a new,
// empty word), calls the completion function and prints its replies, sorted, one a line.
const char* const kHarness = R"(source "$BASH_COMPLETION"
source "$COMPLETION"
COMP_LINE="$LINE"; COMP_POINT=${#COMP_LINE}
read -ra COMP_WORDS <<<"$COMP_LINE"
[[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMPREPLY=()
_threadline "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}" | sort
)";

} // namespace

void tst_BashCompletion::initTestCase()
{
    if (!QFile::exists(kBashCompletion))
        QSKIP("bash-completion is not installed (setup.sh installs it)");
    QVERIFY(m_dir.isValid());
    for (const char* name : {"prog.py", "trace.json", "trace.json.gz", "notes.txt", "shot.png"}) {
        QFile file(m_dir.filePath(QString::fromLatin1(name)));
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    QVERIFY(QDir(m_dir.path()).mkdir(QStringLiteral("folder")));
}

void tst_BashCompletion::completes_data()
{
    QTest::addColumn<QString>("typed"); // after "threadline "
    QTest::addColumn<QStringList>("replies");

    QTest::newRow("a scenario id") << "--scenario pro" << QStringList{"producer-consumer"};
    QTest::newRow("a scenario after other options") << "--speed 2 --set n=1 --scenario h" << QStringList{"hello"};
    QTest::newRow("options") << "--sc" << QStringList{"--scale", "--scenario", "--screenshot"};
    QTest::newRow("short options too") << "-" << QStringList{"-h", "-m", "-v"}; // and every long one (checked below)
    QTest::newRow("a program or a trace") << "" << QStringList{"folder", "prog.py", "trace.json", "trace.json.gz"};
    QTest::newRow("an export's kinds") << "--export " << QStringList{"folder", "shot.png", "trace.json"};
    QTest::newRow("a screenshot's") << "--screenshot " << QStringList{"folder", "shot.png"};
    QTest::newRow("lanes") << "--lanes v" << QStringList{"visible"};
    QTest::newRow("speed") << "--speed m" << QStringList{"max"};
    QTest::newRow("a number is not completed") << "--width " << QStringList{};
    QTest::newRow("the program's own arguments are files")
        << "--speed 2 prog.py --" << QStringList{}; // not Threadline's options: no file starts with --
    QTest::newRow("a program's file argument") << "prog.py n" << QStringList{"notes.txt"};
    QTest::newRow("a module's arguments") << "-m http.server n" << QStringList{"notes.txt"};
    QTest::newRow("a module's name is not completed") << "-m " << QStringList{};
}

void tst_BashCompletion::completes()
{
    QFETCH(QString, typed);
    QFETCH(QStringList, replies);

    QProcess bash;
    bash.setWorkingDirectory(m_dir.path());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("BASH_COMPLETION"), kBashCompletion);
    env.insert(QStringLiteral("COMPLETION"), QStringLiteral(THREADLINE_COMPLETION));
    env.insert(QStringLiteral("LINE"), QStringLiteral(THREADLINE_BINARY " ") + typed);
    bash.setProcessEnvironment(env);
    bash.start(QStringLiteral("bash"), {QStringLiteral("--norc"), QStringLiteral("-c"), QString::fromLatin1(kHarness)});
    QVERIFY(bash.waitForFinished(30'000));
    QCOMPARE(bash.exitStatus(), QProcess::NormalExit);
    QVERIFY2(bash.exitCode() == 0, bash.readAllStandardError().constData());
    QStringList got = QString::fromUtf8(bash.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (typed == QLatin1String("-")) { // every option of --help is offered; the short ones are checked here
        QVERIFY2(got.contains(QStringLiteral("--list-scenarios")) && got.contains(QStringLiteral("--stats")),
                 qPrintable(got.join(QLatin1Char(' '))));
        got = got.filter(QRegularExpression(QStringLiteral("^-[a-z]$")));
    }
    QCOMPARE(got, replies);
}

QTEST_GUILESS_MAIN(tst_BashCompletion)
#include "tst_bashcompletion.moc"
