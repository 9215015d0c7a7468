// Bad input for a Python run: a missing or unreadable script, no interpreter or one too old. Each gets a clear
// message, and nothing runs. (A directory runs its __main__.py, as under python3: tst_pythonreplacements.)

#include "pythonrun.h"

#include <QFile>
#include <QTest>

#include <unistd.h>

using namespace tl;
using namespace tl::pytest;

class tst_PythonBadInput : public QObject {
    Q_OBJECT

private slots:
    void badInput_data()
    {
        QTest::addColumn<QString>("python");
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("module");
        QTest::addColumn<QString>("message");
        const QString dir = scratch().path();
        QTest::addRow("missing script") << QString() << dir + "/nope.py" << QString() << "nope.py: no such file";
        QTest::addRow("no interpreter") << "python3-not-installed" << writeScript("pass\n") << QString()
                                        << "no Python interpreter \"python3-not-installed\" on PATH: install one";
        QTest::addRow("no such interpreter path")
            << dir + "/bin/python9" << writeScript("pass\n") << QString() << "cannot run " + dir + "/bin/python9";
        QTest::addRow("neither script nor module")
            << QString() << QString() << QString() << "give a script or a module";
    }
    void badInput()
    {
        QFETCH(QString, python);
        QFETCH(QString, script);
        QFETCH(QString, module);
        QFETCH(QString, message);
        PythonRunOptions options;
        if (!python.isEmpty())
            options.python = python;
        options.script = script;
        options.module = module;
        PythonSource source(options);
        const Status started = source.start();
        QVERIFY(!started);
        QVERIFY2(started.error().contains(message), qPrintable(started.error()));
        QVERIFY(source.isFinished());
        QCOMPARE(source.problems(), QStringList{started.error()});
        std::vector<Event> events;
        QCOMPARE(source.drain(events), std::size_t(0));
    }

    void unreadableScript()
    {
        if (::geteuid() == 0)
            QSKIP("root reads any file");
        const QString path = writeScript("pass\n", QStringLiteral("locked.py"));
        QFile::setPermissions(path, QFileDevice::WriteOwner);
        PythonRunOptions options;
        options.script = path;
        PythonSource source(options);
        const Status started = source.start();
        QVERIFY(!started);
        QVERIFY2(started.error().contains(QLatin1String("cannot read it")), qPrintable(started.error()));
    }

    void interpreterTooOld()
    {
        // A Python older than 3.11 on the machine (pyenv keeps some), run as the tracer's script directly (the
        // probe refuses it before that): the tracer says so and stops.
        QString old;
        for (const QString& v : {QStringLiteral("2.7.18"), QStringLiteral("3.6.15"), QStringLiteral("3.10.13")})
            if (QFileInfo::exists(QStringLiteral("/root/.pyenv/versions/%1/bin/python").arg(v)))
                old = QStringLiteral("/root/.pyenv/versions/%1/bin/python").arg(v);
        if (old.isEmpty())
            QSKIP("no Python older than 3.11 here");
        PythonRunOptions options;
        options.python = old;
        options.script = writeScript("print('never')\n");
        const Run r = run(options);
        QVERIFY(r.startError.isEmpty());
        QCOMPARE(r.source->exitCode().value_or(-1), 2);
        QVERIFY2(r.err().contains("the tracer needs Python 3.11 or newer"), r.err().constData());
        QVERIFY(
            r.source->problems().join(QLatin1Char('\n')).contains(QLatin1String("before Threadline's tracer started")));
        QCOMPARE(r.store->eventCount(), 0u);
    }
};

QTEST_GUILESS_MAIN(tst_PythonBadInput)
#include "tst_pythonbadinput.moc"
