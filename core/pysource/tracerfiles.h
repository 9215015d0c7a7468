#pragma once

#include "base/result.h"

#include <QString>

#include <optional>

namespace tl {

// Threadline's Python tracer (resources/python, compiled into this library as a Qt resource), written where
// python3 can run it, so that the same binary works from the build tree and from an installed tree.
//
// It is kept in the user's cache folder, in a folder named by a digest of its files, so that the bytecode
// Python caches beside it spares every later run compiling the tracer again (14 ms a run). That folder is
// used only when it and the folders above it up to the cache folder are the user's own and nobody else may
// write in them (bytecode someone else planted would run in every traced program), and only when its files
// are the resource's, byte for byte; a copy that is not is left alone (a running Threadline may be using it) and
// a new one is written under the next name. When no name will do, the tracer goes to a private temporary folder
// of this process (mode 0700, removed at exit). A copy's folder is marked (its modification time) whenever a
// Threadline runs Python from it, and copies that none has used for 30 days (another version's, or damaged
// ones) are removed when a copy is taken, so that the cache does not grow with every version.
//
// Thread affinity: any thread; the first bootstrapPath() extracts, under a lock.
class TracerFiles {
public:
    // The path of threadline_trace.py, the script that python3 runs: in $XDG_CACHE_HOME (~/.cache) when the
    // rules above allow, else in a temporary folder. The same for the whole process.
    static Result<QString> bootstrapPath();
    // The folder holding the tracer under `cacheBase`/threadline: tracer-<digest>, or tracer-<digest>.N when
    // the copies before it are not whole or not private; written when missing, marked as used, and the copies
    // unused for 30 days beside it removed. Empty when `cacheBase` cannot be used.
    static std::optional<QString> cachedFolder(const QString& cacheBase);
    // Writes the tracer without its C speedups (_threadline_tracer/_speedups.*) into `folder` and returns the
    // path of its threadline_trace.py: a tracer that records with its Python functions, whatever the
    // interpreter. For the tests that compare the two, and for `threadline-bench python`, which measures both.
    static Result<QString> writePythonOnlyCopy(const QString& folder);
    // Whether this build's tracer carries C speedups, and for which ABI ("cpython-311-x86_64-linux-gnu"): the
    // tag of the one Python that loads them. Empty when it carries none.
    static QString speedupsAbi();
};

} // namespace tl
