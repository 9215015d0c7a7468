#pragma once

#include "base/exportformat.h"
#include "base/result.h"
#include "timeline/imageexport.h"

#include <QString>

namespace tl {
class TraceStore;
}

namespace tl::ui {

// Writes `store` to `path` as `format`: the trace through the core exporters (Chrome JSON, CSV), the
// picture through exportTimelineImage() with `picture`'s options. The one dispatcher the window's
// exports and the command line share, so both write the same files and say the same errors.
//
// Thread affinity: the store's owner thread; pictures need a QGuiApplication.
tl::Status writeExport(const tl::TraceStore& store, const QString& path, ExportFormat format,
                       const ImageExportOptions& picture = {});

} // namespace tl::ui
