#include "window/droppedscript.h"

#include <QMimeData>
#include <QStringList>
#include <QUrl>

namespace tl::ui {

namespace {

QString firstLocalFileEndingIn(const QMimeData* mime, const QStringList& endings)
{
    if (!mime || !mime->hasUrls())
        return {};
    for (const QUrl& url : mime->urls()) {
        if (!url.isLocalFile())
            continue;
        const QString path = url.toLocalFile();
        for (const QString& ending : endings)
            if (path.endsWith(ending, Qt::CaseInsensitive))
                return path;
    }
    return {};
}

} // namespace

QString droppedScript(const QMimeData* mime)
{
    return firstLocalFileEndingIn(mime, {QStringLiteral(".py")});
}

QString droppedTrace(const QMimeData* mime)
{
    return firstLocalFileEndingIn(mime, {QStringLiteral(".json"), QStringLiteral(".json.gz")});
}

} // namespace tl::ui
