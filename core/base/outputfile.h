#pragma once

#include "base/result.h"

#include <QString>

#include <functional>

class QIODevice;

namespace tl {

// Checks, before any work is done, that a file can be created at `path`: the path names no directory,
// its directory exists, and a file can really be created there (probed with a temporary file, because
// permission bits say nothing for root or read-only mounts). The error names the problem in one line.
Status checkOutputPath(const QString& path);

// Writes `path` atomically through QSaveFile: `write` fills the device and returns false on failure; the
// file appears (or replaces the old one) only when everything was written. No partial file is ever left.
Status writeFileAtomically(const QString& path, const std::function<bool(QIODevice&)>& write);

} // namespace tl
