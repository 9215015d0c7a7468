#pragma once

#include <QString>

class QMimeData;

namespace tl::ui {

// The Python script a drag carries: the first local file whose name ends in .py; empty if none. The
// window and the listing accept a drag only when this names a file, so other drops keep their meaning.
QString droppedScript(const QMimeData* mime);

} // namespace tl::ui
