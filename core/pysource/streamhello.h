#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>

namespace tl {

// What the tracer's HELLO record says about the traced process (see wire/wireprotocol.h).
struct StreamHello {
    QString implementation; // "CPython"
    QString version;        // "3.11.2"
    std::int64_t pid = 0;
    double speed = 1.0;
    std::int64_t clockZeroNs = 0; // CLOCK_MONOTONIC ns of scenario time 0
    QString executable;
    QString cwd;
    QString script; // absolute path, or empty for a module run
    QString module;
    QStringList args;
    QString emitter; // how the tracer records events: "c" (its C speedups) or "python"; empty: not said

    // "CPython 3.11.2"
    QString interpreter() const { return implementation + QLatin1Char(' ') + version; }
};

} // namespace tl
