#include "pysource/tracerfiles.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tl {

namespace {

const QString kResourceRoot = QStringLiteral(":/threadline/python");
const QString kBootstrap = QStringLiteral("threadline_trace.py");
const QString kSpeedupsPrefix = QStringLiteral("_threadline_tracer/_speedups.");

struct TracerFile {
    QString relative; // path below the tracer's root
    QByteArray bytes;
};

std::vector<TracerFile> resourceFiles()
{
    std::vector<TracerFile> files;
    QDirIterator it(kResourceRoot, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString source = it.next();
        QFile file(source);
        if (file.open(QIODevice::ReadOnly))
            files.push_back({source.mid(kResourceRoot.size() + 1), file.readAll()});
    }
    std::sort(files.begin(), files.end(),
              [](const TracerFile& a, const TracerFile& b) { return a.relative < b.relative; });
    return files;
}

// Names the cached copy: a new tracer gets a folder of its own, never one an older Threadline filled.
QString digestOf(const std::vector<TracerFile>& files)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const TracerFile& f : files) {
        hash.addData(f.relative.toUtf8());
        hash.addData(QByteArrayView("\0", 1));
        hash.addData(QByteArray::number(f.bytes.size()));
        hash.addData(QByteArrayView("\0", 1));
        hash.addData(f.bytes);
    }
    return QString::fromLatin1(hash.result().toHex().left(16));
}

bool writeFiles(const QString& root, const std::vector<TracerFile>& files)
{
    for (const TracerFile& f : files) {
        const QString target = root + QLatin1Char('/') + f.relative;
        QDir().mkpath(QFileInfo(target).path());
        QFile out(target);
        if (!out.open(QIODevice::WriteOnly) || out.write(f.bytes) != f.bytes.size() || !out.flush())
            return false;
        out.close();
        out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    return true;
}

bool sameFiles(const QString& root, const std::vector<TracerFile>& files)
{
    for (const TracerFile& f : files) {
        QFile in(root + QLatin1Char('/') + f.relative);
        if (!in.open(QIODevice::ReadOnly) || in.readAll() != f.bytes)
            return false;
    }
    return true;
}

// A real folder (not a link) of this user that no one else may write in.
bool isPrivateFolder(const QString& path)
{
    struct stat st {};
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return false;
    return S_ISDIR(st.st_mode) && st.st_uid == ::geteuid() && (st.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

// Makes a missing folder as the XDG rules ask (mode 0700); an existing one is left as it is, to be checked.
void makeFolder(const QString& path)
{
    if (QFileInfo::exists(path))
        return;
    QDir().mkpath(QFileInfo(path).path());
    QDir().mkdir(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
}

// Puts a copy at `folder` unless something is there already. Written aside and renamed into place, so that
// no run ever sees half a tracer. Two Threadlines that start at once both write one; the first rename wins
// and the other copy is removed.
void placeCopy(const QString& root, const QString& folder, const std::vector<TracerFile>& files)
{
    struct stat st {};
    if (::lstat(QFile::encodeName(folder).constData(), &st) == 0)
        return;
    QTemporaryDir staging(root + QStringLiteral("/staging-XXXXXX"));
    if (!staging.isValid() || !writeFiles(staging.path(), files))
        return;
    if (::rename(QFile::encodeName(staging.path()).constData(), QFile::encodeName(folder).constData()) == 0)
        staging.setAutoRemove(false);
}

// Marks a copy as in use now: its folder's modification time is when a Threadline last ran Python from it.
void markUsed(const QString& folder)
{
    ::utimensat(AT_FDCWD, QFile::encodeName(folder).constData(), nullptr, 0);
}

// Removes what this folder holds for nobody any more: copies of other tracers (another Threadline version) or
// damaged ones, and staging folders a crashed Threadline left, once unused for kUnusedFor. A Threadline marks
// its copy at every run (bootstrapPath), so a copy still in use is never that old. Only private real folders of
// this user are removed; QDir::removeRecursively removes links inside, never what they point to.
void pruneUnused(const QString& root, const QString& inUse)
{
    constexpr auto kUnusedFor = std::chrono::days(30);
    const QDateTime cutoff = QDateTime::currentDateTimeUtc().addSecs(
        -std::chrono::duration_cast<std::chrono::seconds>(kUnusedFor).count());
    const QStringList names = QDir(root).entryList({QStringLiteral("tracer-*"), QStringLiteral("staging-*")},
                                                   QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden | QDir::NoSymLinks);
    for (const QString& name : names) {
        const QString folder = root + QLatin1Char('/') + name;
        if (folder != inUse && isPrivateFolder(folder) && QFileInfo(folder).lastModified().toUTC() < cutoff)
            QDir(folder).removeRecursively();
    }
}

std::optional<QString> cachedCopy(const QString& cacheBase, const std::vector<TracerFile>& files)
{
    if (files.empty() || cacheBase.isEmpty())
        return std::nullopt;
    const QString root = cacheBase + QStringLiteral("/threadline");
    makeFolder(cacheBase);
    makeFolder(root);
    if (!isPrivateFolder(cacheBase) || !isPrivateFolder(root))
        return std::nullopt;
    // A copy that is not whole (a file edited or removed by hand) is left where it is, as another Threadline may
    // be running Python from it, and the next name takes a new one: tracer-<digest>.1, .2, ...
    constexpr int kNames = 4;
    const QString first = root + QStringLiteral("/tracer-") + digestOf(files);
    for (int n = 0; n < kNames; ++n) {
        const QString folder = n == 0 ? first : first + QLatin1Char('.') + QString::number(n);
        placeCopy(root, folder, files);
        if (isPrivateFolder(folder) && sameFiles(folder, files)) {
            markUsed(folder);
            pruneUnused(root, folder);
            return folder;
        }
    }
    return std::nullopt;
}

Result<QString> extractTemporary(QTemporaryDir& dir, const std::vector<TracerFile>& files)
{
    if (!dir.isValid())
        return Result<QString>::failure(QStringLiteral("cannot make a temporary directory: %1").arg(dir.errorString()));
    if (!writeFiles(dir.path(), files))
        return Result<QString>::failure(QStringLiteral("cannot write the tracer to %1").arg(dir.path()));
    return dir.filePath(kBootstrap);
}

} // namespace

Result<QString> TracerFiles::writePythonOnlyCopy(const QString& folder)
{
    std::vector<TracerFile> files = resourceFiles();
    std::erase_if(files, [](const TracerFile& f) { return f.relative.startsWith(kSpeedupsPrefix); });
    if (!writeFiles(folder, files))
        return Result<QString>::failure(QStringLiteral("cannot write the tracer to %1").arg(folder));
    return folder + QLatin1Char('/') + kBootstrap;
}

QString TracerFiles::speedupsAbi()
{
    for (const TracerFile& f : resourceFiles())
        if (f.relative.startsWith(kSpeedupsPrefix)) // _speedups.<abi>.so
            return f.relative.mid(kSpeedupsPrefix.size()).section(QLatin1Char('.'), 0, -2);
    return {};
}

std::optional<QString> TracerFiles::cachedFolder(const QString& cacheBase)
{
    return cachedCopy(cacheBase, resourceFiles());
}

Result<QString> TracerFiles::bootstrapPath()
{
    static std::mutex mutex;
    static std::unique_ptr<QTemporaryDir> temporary;
    static std::optional<Result<QString>> path;
    std::lock_guard lock(mutex);
    if (path && *path && QFileInfo::exists(**path)) {
        // Marked at every run, so that no other Threadline takes this copy for an unused one (pruneUnused).
        markUsed(QFileInfo(**path).path());
        return *path;
    }
    if (path && !*path)
        return *path;
    // First call, or the copy went away under this Threadline (removed by hand): written again.
    const std::vector<TracerFile> files = resourceFiles();
    const auto hasBootstrap = [&files] {
        return std::any_of(files.begin(), files.end(), [](const TracerFile& f) { return f.relative == kBootstrap; });
    };
    if (!hasBootstrap()) {
        path = Result<QString>::failure(QStringLiteral("the tracer is missing from this build's resources"));
    } else if (const auto folder =
                   cachedCopy(QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation), files)) {
        path = *folder + QLatin1Char('/') + kBootstrap;
    } else {
        temporary = std::make_unique<QTemporaryDir>(QDir::temp().filePath(QStringLiteral("threadline-tracer-XXXXXX")));
        path = extractTemporary(*temporary, files);
    }
    return *path;
}

} // namespace tl
