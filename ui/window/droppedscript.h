#pragma once

#include <QString>

class QMimeData;

namespace tl::ui {

// The Python script a drag carries: the first local file whose name ends in .py; empty if none. The
// window and the listing accept a drag only when this names a file, so other drops keep their meaning.
QString droppedScript(const QMimeData* mime);
// The trace file a drag carries: the first local file whose name ends in .json or .json.gz; empty if none.
// The window opens it as File > Open Trace does.
QString droppedTrace(const QMimeData* mime);

} // namespace tl::ui
