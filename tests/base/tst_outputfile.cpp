#include "base/outputfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/resource.h>

#include <csignal>

using namespace tl;

// Output files: what checkOutputPath refuses before any work, and writeFileAtomically's promise that a file appears
// whole or not at all.
class TestOutputFile : public QObject {
    Q_OBJECT
private slots:
    void aWholeFileIsWritten();
    void aWriteCutShortLeavesNoFile();
    void namesTooLongAndReadOnlyFilesAreRefusedFirst();
    void aFolderThatIsNotThereIsRefusedAsWritten();
};

namespace {

// Writes `total` bytes in pieces of `piece`, as the exporters write line by line.
bool writeInPieces(QIODevice& out, qsizetype total, qsizetype piece)
{
    const QByteArray line(piece, 'x');
    for (qsizetype done = 0; done < total; done += piece) {
        if (out.write(line) != line.size())
            return false;
    }
    return true;
}

// The file size limit of this process, lowered for a scope: writes past it fail (EFBIG), the first in part, as on a
// full disk. SIGXFSZ, which would kill the process, is ignored meanwhile.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        getrlimit(RLIMIT_FSIZE, &m_saved);
        m_signal = std::signal(SIGXFSZ, SIG_IGN);
        rlimit lowered = m_saved;
        lowered.rlim_cur = bytes;
        setrlimit(RLIMIT_FSIZE, &lowered);
    }
    ~FileSizeLimit()
    {
        setrlimit(RLIMIT_FSIZE, &m_saved);
        std::signal(SIGXFSZ, m_signal);
    }

private:
    rlimit m_saved{};
    void (*m_signal)(int) = nullptr;
};

} // namespace

void TestOutputFile::aWholeFileIsWritten()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("out.json"));
    const Status status = writeFileAtomically(path, [](QIODevice& out) { return writeInPieces(out, 300'000, 113); });
    QVERIFY2(status, qPrintable(status ? QString() : status.error()));
    QCOMPARE(QFileInfo(path).size(), qint64(300'000 + 113 - 300'000 % 113));
}

// A disk that filled up mid-way: the file was committed cut short, exit 0 (a trace of 32 KiB kept as its first 16).
// Less than QSaveFile's buffer holds, written past the limit only as it commits, was kept as its first 4 KiB.
void TestOutputFile::aWriteCutShortLeavesNoFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("out.csv"));
    const QString kept = dir.filePath(QStringLiteral("kept.csv"));
    {
        QFile old(kept);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("old\n");
    }
    auto limited = [](const QString& file) {
        const FileSizeLimit limit(4096);
        return writeFileAtomically(file, [](QIODevice& out) { return writeInPieces(out, 10'000, 113); });
    };
    const Status fresh = limited(path);
    const Status replacing = limited(kept);
    QVERIFY(!fresh);
    QVERIFY2(fresh.error().contains(QStringLiteral("File too large")), qPrintable(fresh.error()));
    QVERIFY(!QFileInfo::exists(path));
    QVERIFY(!replacing);
    QFile old(kept);
    QVERIFY(old.open(QIODevice::ReadOnly));
    QCOMPARE(old.readAll(), QByteArray("old\n"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("kept.csv")});
}

// Both were refused only after the run (exit 1, the run's work lost): "File name too long", "Existing file ... is
// not writable".
void TestOutputFile::namesTooLongAndReadOnlyFilesAreRefusedFirst()
{
    QTemporaryDir dir;
    const Status tooLong = checkOutputPath(dir.filePath(QString(300, QLatin1Char('y')) + QStringLiteral(".json")));
    QVERIFY(!tooLong);
    QVERIFY2(tooLong.error().contains(QStringLiteral("file name is 305 bytes")), qPrintable(tooLong.error()));
    QVERIFY(checkOutputPath(dir.filePath(QString(250, QLatin1Char('y')) + QStringLiteral(".json"))));
    const QString readOnly = dir.filePath(QStringLiteral("ro.json"));
    {
        QFile file(readOnly);
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    QFile::setPermissions(readOnly, QFile::ReadOwner);
    if (QFileInfo(readOnly).isWritable())
        QSKIP("root may write any file: the permission bits refuse nothing here");
    const Status refused = checkOutputPath(readOnly);
    QVERIFY(!refused);
    QVERIFY2(refused.error().contains(QStringLiteral("not writable")), qPrintable(refused.error()));
}

// "out/missing/../run.json": QDir cleans it to "out/run.json", which could be written; the kernel does not, and the
// export failed after the run, "No such file or directory".
void TestOutputFile::aFolderThatIsNotThereIsRefusedAsWritten()
{
    QTemporaryDir dir;
    const Status refused = checkOutputPath(dir.filePath(QStringLiteral("missing/../run.json")));
    QVERIFY(!refused);
    QVERIFY2(refused.error().contains(QStringLiteral("No such file or directory")), qPrintable(refused.error()));
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("there")));
    QVERIFY(checkOutputPath(dir.filePath(QStringLiteral("there/../run.json"))));
    QVERIFY(writeFileAtomically(dir.filePath(QStringLiteral("there/../run.json")),
                                [](QIODevice& out) { return writeInPieces(out, 10, 3); }));
}

QTEST_GUILESS_MAIN(TestOutputFile)
#include "tst_outputfile.moc"
