#include "window/droppedscript.h"

#include <QMimeData>
#include <QUrl>

namespace tl::ui {

QString droppedScript(const QMimeData* mime)
{
    if (!mime || !mime->hasUrls())
        return {};
    for (const QUrl& url : mime->urls()) {
        if (url.isLocalFile() && url.toLocalFile().endsWith(QLatin1String(".py"), Qt::CaseInsensitive))
            return url.toLocalFile();
    }
    return {};
}

} // namespace tl::ui
