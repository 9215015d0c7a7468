#pragma once

#include "base/result.h"

#include <QString>

namespace tl {

// What a Python interpreter says about itself.
struct InterpreterInfo {
    QString implementation; // "CPython", "PyPy"
    int major = 0;
    int minor = 0;
    int micro = 0;
    QString executable; // sys.executable: the interpreter's absolute path

    QString version() const { return QStringLiteral("%1.%2.%3").arg(major).arg(minor).arg(micro); }
    // "CPython 3.11.2": what the tracer's hello says, so a run is labelled the same before and after it.
    QString label() const { return implementation + QLatin1Char(' ') + version(); }
};

// Asks an interpreter what it is before anything runs in it, so that Threadline can refuse an unusable
// one with a message of its own (no such program, how to install one, not a Python, too old for the
// tracer) instead of a traced run that fails in the middle of the program's output.
//
// It runs `PROGRAM -I -S -c CODE` (isolated: no site, no user environment), with no fd of Threadline's
// but the output pipes; the code is valid Python 2 too, so an old interpreter answers and is named. A
// program that does not answer within the timeout, or answers with too much or nonsense, is killed
// and reported.
//
// Thread affinity: any thread; it blocks for the interpreter's start-up (tens of milliseconds).
class InterpreterProbe {
public:
    // The oldest Python the tracer runs on (resources/python/threadline_trace.py says the same). CI runs the
    // tracer's tests with 3.11 and every newer CPython it finds; 3.8 to 3.10 end no thread's lane (their
    // threading calls no Thread method as a thread ends), and are refused rather than drawn wrong.
    static constexpr int kMinMajor = 3;
    static constexpr int kMinMinor = 11;
    static constexpr int kDefaultTimeoutMs = 10000;

    // `program` is a path or a name looked up on PATH ("python3"). The error is one line, without a
    // "threadline: " prefix.
    static Result<InterpreterInfo> probe(const QString& program, int timeoutMs = kDefaultTimeoutMs);
};

} // namespace tl
