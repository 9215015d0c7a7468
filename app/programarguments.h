#pragma once

#include <QSet>
#include <QString>
#include <QStringList>

namespace tl {

// A command line cut where a Python program begins, as python and viztracer cut theirs: Threadline's
// options come first; the first argument that is not an option (or a value of one) is the script, or
// `-m MODULE` (or `-mMODULE`) names a module; everything after it belongs to the program, options included, so
// `threadline s.py --export x` passes `--export x` to s.py. `--` ends Threadline's options: the next
// argument is the script even if it begins with a dash.
//
// A value type; split() is a pure function.
struct ProgramArguments {
    QStringList own;  // the program name and Threadline's own options
    QString script;   // the script's path as given, or
    QString module;   // the module of `-m MODULE`
    QStringList args; // the program's own arguments
    QString error;    // set when the cut itself is malformed (`-m` with no module, `--` with no script)

    bool hasProgram() const { return !script.isEmpty() || !module.isEmpty() || !error.isEmpty(); }

    // `arguments` starts with the program name; `valueOptions` are the names (without dashes) of
    // Threadline's options that take a value, whose value may be the next argument.
    static ProgramArguments split(const QStringList& arguments, const QSet<QString>& valueOptions);
};

} // namespace tl
