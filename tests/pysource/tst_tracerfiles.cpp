// Where the tracer is written for python3 to run: a folder of the user's cache, reused while it is whole and
// private, so that Python's bytecode of the tracer is kept between runs; refused when someone else may write
// in it; and the program's own -B / PYTHONDONTWRITEBYTECODE setting left as it was.

#include "pysource/tracerfiles.h"
#include "pythonrun.h"

#include <QDateTime>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>

using namespace tl;
using namespace tl::pytest;

namespace {

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Every file of the tracer resource, as a path below the tracer's root.
QStringList resourcePaths()
{
    const QString root = QStringLiteral(":/threadline/python/");
    QStringList paths;
    QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        paths << it.next().mid(root.size());
    return paths;
}

bool holdsTheTracer(const QString& folder)
{
    const QStringList paths = resourcePaths();
    return !paths.isEmpty() && std::all_of(paths.begin(), paths.end(), [&folder](const QString& p) {
        return readAll(folder + QLatin1Char('/') + p) == readAll(QStringLiteral(":/threadline/python/") + p);
    });
}

// Sets a folder's modification time `days` days back.
void setAge(const QString& path, int days)
{
    const qint64 then = QDateTime::currentSecsSinceEpoch() - qint64(days) * 24 * 3600;
    const struct timespec times[2] = {{static_cast<time_t>(then), 0}, {static_cast<time_t>(then), 0}};
    QCOMPARE(::utimensat(AT_FDCWD, QFile::encodeName(path).constData(), times, 0), 0);
}

} // namespace

class tst_TracerFiles : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_userCache; // this process's XDG_CACHE_HOME, set before the first traced run

private slots:
    void initTestCase()
    {
        QVERIFY(m_userCache.isValid());
        qputenv("XDG_CACHE_HOME", QFile::encodeName(m_userCache.path()));
    }

    void cachedFolderHoldsTheTracer()
    {
        QTemporaryDir base;
        const auto folder = TracerFiles::cachedFolder(base.path());
        QVERIFY(folder);
        QVERIFY2(folder->startsWith(base.path() + QStringLiteral("/threadline/tracer-")), qPrintable(*folder));
        QVERIFY(holdsTheTracer(*folder));
        QVERIFY(QFileInfo::exists(*folder + QStringLiteral("/threadline_trace.py")));
        // Only the copy is left: the staging folder it was written in went into place by its rename.
        QCOMPARE(QDir(base.path() + QStringLiteral("/threadline")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size(),
                 1);
    }

    void wholeCopyIsReused()
    {
        QTemporaryDir base;
        const auto first = TracerFiles::cachedFolder(base.path());
        QVERIFY(first);
        // Python's bytecode beside it stays: the copy is not written again.
        QDir().mkpath(*first + QStringLiteral("/_threadline_tracer/__pycache__"));
        const QString kept = *first + QStringLiteral("/_threadline_tracer/__pycache__/kept");
        QVERIFY(QFile(kept).open(QIODevice::WriteOnly));
        const auto second = TracerFiles::cachedFolder(base.path());
        QCOMPARE(second, first);
        QVERIFY(QFileInfo::exists(kept));
    }

    // A copy that is not whole stays as it is (a running Threadline may use it), and a new one is written beside it.
    void damagedCopyIsLeftAndANewOneWritten()
    {
        QTemporaryDir base;
        const auto first = TracerFiles::cachedFolder(base.path());
        QVERIFY(first);
        const QString runner = *first + QStringLiteral("/_threadline_tracer/runner.py");
        QFile file(runner);
        QVERIFY(file.open(QIODevice::Append));
        file.write("raise SystemExit('tampered')\n");
        file.close();
        const QByteArray tampered = readAll(runner);
        QVERIFY(!holdsTheTracer(*first));
        const auto second = TracerFiles::cachedFolder(base.path());
        QCOMPARE(second, std::optional<QString>(*first + QStringLiteral(".1")));
        QVERIFY(holdsTheTracer(*second));
        QCOMPARE(readAll(runner), tampered);
        QCOMPARE(TracerFiles::cachedFolder(base.path()), second); // the new copy is the one reused

        QVERIFY(QFile::remove(*second + QStringLiteral("/_threadline_tracer/kinds.py")));
        const auto third = TracerFiles::cachedFolder(base.path());
        QCOMPARE(third, std::optional<QString>(*first + QStringLiteral(".2")));
        QVERIFY(holdsTheTracer(*third));
    }

    // A name taken by something else than a copy (here a file) is passed over too; when every name is taken,
    // there is no cached folder (the tracer then goes to a temporary one).
    void takenNamesArePassedOver()
    {
        QTemporaryDir base;
        const auto first = TracerFiles::cachedFolder(base.path());
        QVERIFY(first);
        QVERIFY(QDir(*first).removeRecursively());
        QVERIFY(QFile(*first).open(QIODevice::WriteOnly));
        QCOMPARE(TracerFiles::cachedFolder(base.path()), std::optional<QString>(*first + QStringLiteral(".1")));
        for (const char* suffix : {".1", ".2", ".3"}) {
            const QString taken = *first + QLatin1String(suffix);
            QDir(taken).removeRecursively();
            QVERIFY(QFile(taken).open(QIODevice::WriteOnly));
        }
        QCOMPARE(TracerFiles::cachedFolder(base.path()), std::nullopt);
    }

    // What another Threadline version left, a damaged copy and a crashed run's staging folder go once no one has
    // used them for 30 days; a recent one stays, and so does anything that is not a folder of copies.
    void copiesUnusedFor30DaysAreRemoved()
    {
        QTemporaryDir base;
        const auto current = TracerFiles::cachedFolder(base.path());
        QVERIFY(current);
        const QString root = base.path() + QStringLiteral("/threadline");
        const QStringList old = {QStringLiteral("tracer-0123456789abcdef"), *current + QStringLiteral(".1"),
                                 QStringLiteral("staging-AbC123")};
        const QStringList kept = {QStringLiteral("tracer-fedcba9876543210"), QStringLiteral("notes")};
        for (const QString& name : old + kept) {
            const QString folder = QDir(root).filePath(name);
            QVERIFY(QDir().mkpath(folder + QStringLiteral("/_threadline_tracer")));
            QVERIFY(QFile(folder + QStringLiteral("/threadline_trace.py")).open(QIODevice::WriteOnly));
            QCOMPARE(::chmod(QFile::encodeName(folder).constData(), 0700), 0);
        }
        for (const QString& name : old + QStringList{QStringLiteral("notes")})
            setAge(QDir(root).filePath(name), 31);
        setAge(QDir(root).filePath(kept[0]), 29);
        setAge(*current, 40); // in use now: marked again, not removed

        QCOMPARE(TracerFiles::cachedFolder(base.path()), current);
        for (const QString& name : old)
            QVERIFY2(!QFileInfo::exists(QDir(root).filePath(name)), qPrintable(name));
        for (const QString& name : kept)
            QVERIFY2(QFileInfo::exists(QDir(root).filePath(name)), qPrintable(name));
        QVERIFY(holdsTheTracer(*current));
        QVERIFY(QFileInfo(*current).lastModified().secsTo(QDateTime::currentDateTime()) < 60);
    }

    // A link named like a copy is never followed into: what it points to stays whole, however old.
    void anOldLinkIsNotFollowed()
    {
        QTemporaryDir base, elsewhere;
        QVERIFY(TracerFiles::cachedFolder(base.path()));
        QVERIFY(QFile(elsewhere.filePath(QStringLiteral("precious"))).open(QIODevice::WriteOnly));
        setAge(elsewhere.path(), 60);
        const QString link = base.path() + QStringLiteral("/threadline/tracer-1111111111111111");
        QVERIFY(QFile::link(elsewhere.path(), link));
        QVERIFY(TracerFiles::cachedFolder(base.path()));
        QVERIFY(QFileInfo::exists(elsewhere.filePath(QStringLiteral("precious"))));
    }

    void folderOthersMayWriteIsRefused_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<int>("mode");
        QTest::newRow("cache group-writable") << QString() << 0775;
        QTest::newRow("cache world-writable") << QString() << 0777;
        QTest::newRow("threadline/ group-writable") << QStringLiteral("threadline") << 0770;
        QTest::newRow("tracer copy world-writable") << QStringLiteral("copy") << 0757;
    }

    void folderOthersMayWriteIsRefused()
    {
        QFETCH(QString, folder);
        QFETCH(int, mode);
        QTemporaryDir base;
        const auto copy = TracerFiles::cachedFolder(base.path());
        QVERIFY(copy);
        const QString path = folder.isEmpty()                  ? base.path()
                             : folder == QLatin1String("copy") ? *copy
                                                               : base.path() + QLatin1Char('/') + folder;
        QCOMPARE(::chmod(QFile::encodeName(path).constData(), static_cast<mode_t>(mode)), 0);
        // A cache folder others may write in cannot hold one at all; a copy others may write in is passed over.
        const auto expected =
            folder == QLatin1String("copy") ? std::optional<QString>(*copy + QStringLiteral(".1")) : std::nullopt;
        QCOMPARE(TracerFiles::cachedFolder(base.path()), expected);
    }

    void linkedFolderIsRefused()
    {
        QTemporaryDir base, elsewhere;
        QVERIFY(QFile::link(elsewhere.path(), base.path() + QStringLiteral("/threadline")));
        QCOMPARE(TracerFiles::cachedFolder(base.path()), std::nullopt);
    }

    // A traced program under PYTHONDONTWRITEBYTECODE still finds its own setting, and writes no bytecode of its
    // modules, while the tracer's bytecode is kept in the cache for the next run: that of the modules it
    // imports only when the program needs them too.
    void tracerBytecodeIsKeptProgramsSettingHolds()
    {
        qputenv("PYTHONDONTWRITEBYTECODE", "1");
        const QString helper = writeScript("VALUE = 7\n", QStringLiteral("bytecodehelper.py"));
        const Run run = runCode("import sys, bytecodehelper\n"
                                "print(sys.dont_write_bytecode, sys.flags.dont_write_bytecode, bytecodehelper.VALUE,\n"
                                "      'queue' in sys.modules)\n");
        qunsetenv("PYTHONDONTWRITEBYTECODE");
        QVERIFY2(run.startError.isEmpty(), qPrintable(run.startError));
        QVERIFY(run.finished);
        QCOMPARE(run.source->exitCode(), 0);
        QCOMPARE(run.out(), QByteArray("True 1 7 False\n"));
        QVERIFY(!QFileInfo::exists(QFileInfo(helper).path() + QStringLiteral("/__pycache__")));

        const Result<QString> bootstrap = TracerFiles::bootstrapPath();
        QVERIFY(bootstrap);
        QVERIFY2(bootstrap->startsWith(m_userCache.path() + QStringLiteral("/threadline/tracer-")),
                 qPrintable(*bootstrap));
        const QDir cached(QFileInfo(*bootstrap).path() + QStringLiteral("/_threadline_tracer/__pycache__"));
        QVERIFY2(!cached.entryList({QStringLiteral("runner.*.pyc")}).isEmpty(), qPrintable(cached.path()));
        // The tracer's queue module is imported only with the program's `import queue`, and its bytecode is
        // kept all the same.
        QVERIFY(!cached.entryList({QStringLiteral("queues.*.pyc")}).isEmpty());
        QVERIFY(!cached.entryList({QStringLiteral("futures.*.pyc")}).isEmpty());
    }

    // The copy a running Threadline uses is removed by hand (or by a cache cleaner): the next run writes it again.
    void aCopyRemovedWhileRunningIsWrittenAgain()
    {
        const Result<QString> first = TracerFiles::bootstrapPath();
        QVERIFY(first);
        QVERIFY(QDir(QFileInfo(*first).path()).removeRecursively());
        const Result<QString> second = TracerFiles::bootstrapPath();
        QVERIFY(second);
        QCOMPARE(*second, *first);
        QVERIFY(holdsTheTracer(QFileInfo(*second).path()));
        const Run run = runCode("print('again')\n");
        QCOMPARE(run.out(), QByteArray("again\n"));
    }
};

QTEST_GUILESS_MAIN(tst_TracerFiles)
#include "tst_tracerfiles.moc"
