#include "window/recenttraces.h"

#include <QFileInfo>
#include <QSettings>

namespace tl::ui {

namespace {

const QString kKey = QStringLiteral("recentTraces");

QSettings settings()
{
    return QSettings(QStringLiteral("threadline"), QStringLiteral("threadline"));
}

} // namespace

QStringList RecentTraces::list()
{
    return settings().value(kKey).toStringList();
}

void RecentTraces::add(const QString& path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList paths = list();
    paths.removeAll(absolute);
    paths.prepend(absolute);
    while (paths.size() > kMax)
        paths.removeLast();
    settings().setValue(kKey, paths);
}

void RecentTraces::remove(const QString& path)
{
    QStringList paths = list();
    if (paths.removeAll(QFileInfo(path).absoluteFilePath()) > 0)
        settings().setValue(kKey, paths);
}

void RecentTraces::clear()
{
    settings().remove(kKey);
}

} // namespace tl::ui
