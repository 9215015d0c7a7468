#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <cmath>

namespace tl {

// What a trace is a trace of: the lesson or program, its parameter values, the speed it ran at, and what
// ran it. A value type; the exports write it (the Chrome trace's otherData) and the window shows it.
struct TraceMetadata {
    QString scenarioId;
    QString scenarioTitle;
    QList<QPair<QString, QVariant>> parameters; // in the scenario's declared order
    double speed = 1.0;                         // infinity: "max", every wait jumped over at once

    bool isMaxSpeed() const { return std::isinf(speed); }
    // The speed as the command line writes it: "max", or the factor ("20", "0.5").
    QString speedText() const { return isMaxSpeed() ? QStringLiteral("max") : QString::number(speed); }

    // What produced the events: kEngine (a lesson re-created by the C++ engine), kPython (a real
    // interpreter under Threadline's tracer), kFile (a trace read from a file); empty when not said.
    QString source;
    // A Python run: the interpreter and its version ("CPython 3.11.2"), the executable that ran it, the
    // script's absolute path or the module run with -m (one of the two), and the program's arguments.
    QString interpreter;
    QString executable;
    QString script;
    QString module;
    QStringList args;
    // What went wrong with the recording, one line each (a stop, a killed process, a stream cut short):
    // the trace holds what was recorded up to it. Empty for a clean run, whatever the program's exit code.
    QStringList problems;
    // The run was stopped before it ended by itself (Stop, Ctrl+C, SIGTERM): its threads were unwound
    // and each lane ends in a "stopped" instant. The Chrome export's otherData.stopped.
    bool stopped = false;
    // The trace file it was read from ends before the trace is closed (a crashed writer's), or is the export of one:
    // it is drawn as far as it goes, and its waits may be open only because their ends were cut. The Chrome
    // export's otherData.cut_short.
    bool cutShort = false;
    // The trace file it was read from (kFile, or an export opened again); empty for a run made here.
    // Not written by the exports: a file does not name itself.
    QString file;

    static constexpr const char* kEngine = "engine";
    static constexpr const char* kPython = "python";
    static constexpr const char* kFile = "file";

    bool isPython() const { return source == QLatin1String(kPython); }
    // Read from a file that no lesson or program of Threadline's made: its slices and marks carry their own names.
    bool isAnotherToolsTrace() const { return !file.isEmpty() && scenarioId.isEmpty(); }
};

} // namespace tl
