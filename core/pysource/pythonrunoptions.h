#pragma once

#include "trace/tracemetadata.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

namespace tl {

// How to run a Python program under Threadline's tracer. A value type.
struct PythonRunOptions {
    QString python = QStringLiteral("python3"); // an interpreter path, or a name looked up on PATH
    QString script;                             // run this file, as `python3 SCRIPT args`...
    QString module;                             // ...or this module, as `python3 -m MODULE args`
    QStringList args;                           // the program's own arguments
    double speed = 1.0;                         // sleeps and timeouts wait 1/speed; the trace keeps scenario time
    // Top-level constants of the script to set before it runs: NAME -> a Python literal ("200", "0.5",
    // "True"). The listing's `NAME = ...` line then takes the value (scripts only).
    QList<QPair<QString, QString>> constants;
    QString workingDirectory; // empty: Threadline's own
    // false: stdout/stderr are captured (capturedStdout()); true: the program writes straight to
    // Threadline's own stdout/stderr (a headless run), byte for byte. Either way the lines reach the
    // trace as print events tagged with their thread.
    bool forwardOutput = false;
    // true: the program reads Threadline's own stdin (a headless run fed from a file or a pipe), as under
    // `python3 SCRIPT < input`; false: /dev/null, so input() ends at once (the window has no console input).
    bool forwardInput = false;
    int stopGraceMs = 2000; // after the SIGINT of a stop, SIGKILL if the program still runs
    // The soft limit on open files the program runs with; none: Threadline's own. Threadline raises its own for
    // the pool lessons' sockets: the program gets the one Threadline was started with (openFileLimitAtStart()).
    std::optional<std::uint64_t> openFileLimit;
    // The stop signals the program starts with ignored, as it would have them from the shell that started Threadline
    // (stopSignalsIgnoredAtStart(), which Threadline leaves ignored); the others start at their default. A program
    // that ignores SIGINT is not stopped by it: a Stop kills it after the grace period.
    QList<int> ignoredSignals;
    // The tracer's threadline_trace.py; empty: Threadline's own (TracerFiles). Tests and the benchmark name a
    // copy without the C speedups, to run the tracer's Python functions.
    QString tracer;
    // What the trace is of, for a lesson's listing (id, title, the form's values); empty: named after
    // the script. PythonSource fills in source, interpreter (its own once the tracer has said hello;
    // until then the one given here), executable, script or module, and args.
    TraceMetadata metadata;
};

} // namespace tl
