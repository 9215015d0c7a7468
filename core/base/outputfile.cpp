#include "base/outputfile.h"

#include "base/osbytes.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QTemporaryFile>

#include <unistd.h>

#include <cerrno>

namespace tl {

Status checkOutputPath(const QString& path)
{
    if (path.isEmpty())
        return Status::failure(QStringLiteral("no output file given"));
    // Qt's file names are UTF-8: such a name was written as another one (its bytes replaced by U+FFFD's).
    if (hasEscapedBytes(path))
        return Status::failure(QStringLiteral("cannot write '%1': the name is not UTF-8, which Threadline's files need")
                                   .arg(shownOsText(path)));
    const QFileInfo link(path);
    // A link is written through (QSaveFile writes its target): the target's folder must take the file, and a link
    // to nowhere was taken, then failed after the run with "No such file or directory".
    const QFileInfo info(link.isSymLink() ? link.symLinkTarget() : path);
    if (info.isDir())
        return Status::failure(QStringLiteral("'%1' is a directory, not a file").arg(path));
    // A pipe or a device would be replaced by a regular file (the atomic write renames one over it).
    if (info.exists() && !info.isFile())
        return Status::failure(QStringLiteral("cannot write '%1': it is not a regular file").arg(path));
    const QDir dir = info.absoluteDir();
    // The nearest part of the path that exists says why it cannot be written: a file where a directory
    // should be ("run.csv/x.json"), or nothing there at all.
    QString existing = dir.absolutePath();
    while (!QFileInfo::exists(existing) && existing != QDir::rootPath())
        existing = QFileInfo(existing).absolutePath();
    if (!dir.exists() && QFileInfo(existing).isFile())
        return Status::failure(QStringLiteral("cannot write '%1': '%2' is a file, not a directory")
                                   .arg(path, QDir::toNativeSeparators(existing)));
    if (!dir.exists())
        return Status::failure(QStringLiteral("cannot write '%1': directory '%2' does not exist")
                                   .arg(path, QDir::toNativeSeparators(dir.path())));
    // QDir cleans "out/missing/.." to "out", which exists; the kernel walks the path as written, and the write failed
    // after the run. Its folder is asked for as written.
    if (const qsizetype slash = info.filePath().lastIndexOf(QLatin1Char('/')); slash > 0) {
        const QByteArray written = QFile::encodeName(info.filePath().left(slash));
        if (::access(written.constData(), F_OK) != 0)
            return Status::failure(QStringLiteral("cannot write '%1': %2").arg(path, qt_error_string(errno)));
    }
    // What QSaveFile would refuse only once the work is done: a name the file system cannot hold (the folder's probe
    // has a short one), and a file there that cannot be replaced.
    const QByteArray name = QFile::encodeName(info.fileName());
    const long nameMax = ::pathconf(QFile::encodeName(dir.absolutePath()).constData(), _PC_NAME_MAX);
    if (nameMax > 0 && name.size() > nameMax)
        return Status::failure(QStringLiteral("cannot write '%1': its file name is %2 bytes, longer than the %3 its "
                                              "file system takes")
                                   .arg(path)
                                   .arg(name.size())
                                   .arg(nameMax));
    if (info.exists() && !info.isWritable())
        return Status::failure(QStringLiteral("cannot write '%1': the file there is not writable").arg(path));
    QTemporaryFile probe(dir.filePath(QStringLiteral(".threadline-probe-XXXXXX")));
    if (!probe.open())
        return Status::failure(QStringLiteral("cannot write '%1': directory '%2' is not writable")
                                   .arg(path, QDir::toNativeSeparators(dir.path())));
    return success();
}

namespace {

// What the writer fills: the file, buffered here, written in whole chunks. Why not QSaveFile's own buffer: on a
// full disk (or past RLIMIT_FSIZE) a write of which only part fits returns that part and sets no error, and the
// buffer's flush went on, so a trace cut at 16 KiB was committed as the whole (found on a 16 KiB tmpfs). Here a
// chunk written short is a failure, with the system's reason.
class WholeWrites : public QIODevice {
public:
    explicit WholeWrites(QSaveFile& file)
        : m_file(file)
    {
        m_buffer.reserve(kChunk);
        open(QIODevice::WriteOnly);
    }
    bool finish() { return !m_failed && drain(); }
    bool failed() const { return m_failed; }

protected:
    qint64 readData(char*, qint64) override { return -1; }
    qint64 writeData(const char* data, qint64 len) override
    {
        if (m_failed)
            return -1;
        m_buffer.append(data, len);
        if (m_buffer.size() >= kChunk && !drain())
            return -1;
        return len;
    }

private:
    static constexpr qsizetype kChunk = 1 << 16;

    bool drain()
    {
        if (m_buffer.isEmpty())
            return true;
        errno = 0;
        if (m_file.write(m_buffer) != m_buffer.size()) {
            // The short write set no error; the write after it, which failed, set errno.
            setErrorString(errno != 0 ? qt_error_string(errno) : m_file.errorString());
            m_failed = true;
            return false;
        }
        m_buffer.clear();
        return true;
    }

    QSaveFile& m_file;
    QByteArray m_buffer;
    bool m_failed = false;
};

} // namespace

Status writeFileAtomically(const QString& path, const std::function<bool(QIODevice&)>& write)
{
    const Status writable = checkOutputPath(path);
    if (!writable)
        return writable;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return Status::failure(QStringLiteral("cannot write '%1': %2").arg(path, file.errorString()));
    WholeWrites out(file);
    const bool written = write(out) && out.finish();
    if (!written || file.error() != QFileDevice::NoError) {
        const QString reason =
            out.failed() || file.error() == QFileDevice::NoError ? out.errorString() : file.errorString();
        file.cancelWriting();
        return Status::failure(QStringLiteral("cannot write '%1': %2").arg(path, reason));
    }
    if (!file.commit())
        return Status::failure(QStringLiteral("cannot write '%1': %2").arg(path, file.errorString()));
    return success();
}

} // namespace tl
