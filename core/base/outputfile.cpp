#include "base/outputfile.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QTemporaryFile>

namespace tl {

Status checkOutputPath(const QString& path)
{
    if (path.isEmpty())
        return Status::failure(QStringLiteral("no output file given"));
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
    QTemporaryFile probe(dir.filePath(QStringLiteral(".threadline-probe-XXXXXX")));
    if (!probe.open())
        return Status::failure(QStringLiteral("cannot write '%1': directory '%2' is not writable")
                                   .arg(path, QDir::toNativeSeparators(dir.path())));
    return success();
}

Status writeFileAtomically(const QString& path, const std::function<bool(QIODevice&)>& write)
{
    const Status writable = checkOutputPath(path);
    if (!writable)
        return writable;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Status::failure(QStringLiteral("cannot write '%1': %2").arg(path, file.errorString()));
    if (!write(file) || file.error() != QFileDevice::NoError) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return Status::failure(QStringLiteral("cannot write '%1': %2").arg(path, reason));
    }
    if (!file.commit())
        return Status::failure(QStringLiteral("cannot write '%1': %2").arg(path, file.errorString()));
    return success();
}

} // namespace tl
