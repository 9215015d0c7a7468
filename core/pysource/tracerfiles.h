#pragma once

#include "base/result.h"

#include <QString>

namespace tl {

// Threadline's Python tracer (resources/python, compiled into this library as a Qt resource), written
// once per process into a private temporary directory (mode 0700, removed at exit), so that the same
// binary works from the build tree and from an installed tree.
//
// Thread affinity: any thread; the first call extracts, under a lock.
class TracerFiles {
public:
    // The path of threadline_trace.py, the script that python3 runs.
    static Result<QString> bootstrapPath();
};

} // namespace tl
