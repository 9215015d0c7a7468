#include "pysource/tracerfiles.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <memory>
#include <mutex>
#include <optional>

namespace tl {

namespace {

const QString kResourceRoot = QStringLiteral(":/threadline/python");

Result<QString> extract(QTemporaryDir& dir)
{
    if (!dir.isValid())
        return Result<QString>::failure(QStringLiteral("cannot make a temporary directory: %1").arg(dir.errorString()));
    QDirIterator it(kResourceRoot, QDir::Files, QDirIterator::Subdirectories);
    int files = 0;
    while (it.hasNext()) {
        const QString source = it.next();
        const QString target = dir.filePath(source.mid(kResourceRoot.size() + 1));
        QDir().mkpath(QFileInfo(target).path());
        if (!QFile::copy(source, target))
            return Result<QString>::failure(QStringLiteral("cannot write the tracer to %1").arg(target));
        QFile::setPermissions(target, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        ++files;
    }
    const QString bootstrap = dir.filePath(QStringLiteral("threadline_trace.py"));
    if (files == 0 || !QFileInfo::exists(bootstrap))
        return Result<QString>::failure(QStringLiteral("the tracer is missing from this build's resources"));
    return bootstrap;
}

} // namespace

Result<QString> TracerFiles::bootstrapPath()
{
    static std::mutex mutex;
    static std::unique_ptr<QTemporaryDir> dir;
    static std::optional<Result<QString>> path;
    std::lock_guard lock(mutex);
    if (!path) {
        dir = std::make_unique<QTemporaryDir>(QDir::temp().filePath(QStringLiteral("threadline-tracer-XXXXXX")));
        path = extract(*dir);
    }
    return *path;
}

} // namespace tl
