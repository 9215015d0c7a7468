#pragma once

#include "base/result.h"
#include "pysource/pythonrunoptions.h"
#include "scenarios/parameter.h"

#include <QHash>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace tl {
struct Scenario;
}

namespace tl::ui {

// Turns what the window runs in CPython into PythonRunOptions: a lesson's listing with the parameter
// form's values set as its constants (`WORKERS = 8` takes the form's value through the tracer's --set),
// text the user typed, or a script file as it is on disk. Listings and typed text are written to a
// private temporary directory (mode 0700, removed with the launcher), each program in a folder of its own
// under the name the user knows ("producer-consumer.py"), so that tracebacks name it and no other
// program there can be imported by mistake.
//
// The interpreter is probed before a run (InterpreterProbe), so an unusable one is refused with
// Threadline's own message and nothing started; a working one is remembered per path.
//
// Thread affinity: the GUI thread.
class PythonLauncher {
public:
    PythonLauncher();

    // The interpreter runs use: a path, or a name looked up on PATH. Default "python3".
    void setInterpreter(const QString& python);
    const QString& interpreter() const { return m_python; }

    // The lesson's listing with `values` as its constants.
    tl::Result<tl::PythonRunOptions> lesson(const tl::Scenario& scenario, const tl::ParameterValues& values,
                                            double speed);
    // `text` as a program named `fileName` ("producer-consumer.py"), described by `metadata`.
    tl::Result<tl::PythonRunOptions> text(const QString& text, const QString& fileName, double speed,
                                          const tl::TraceMetadata& metadata);
    // The script at `path`, as it is on disk.
    tl::Result<tl::PythonRunOptions> script(const QString& path, double speed);

    // Whether `path` is a program this launcher wrote (a listing, typed text) in its private directory.
    bool wrote(const QString& path) const;

    // A parameter value as the Python literal of its type: 8, 0.5, 2.0, True.
    static QString pythonLiteral(const QVariant& value, tl::ParameterSpec::Type type);

private:
    tl::Result<QString> write(const QString& fileName, const QString& text);
    // Probes the interpreter (once per path while it works) and fills in what it said.
    tl::Status prepare(tl::PythonRunOptions& options);

    QString m_python = QStringLiteral("python3");
    QHash<QString, QString> m_labels; // interpreter -> "CPython 3.11.2", for those that answered
    std::unique_ptr<QTemporaryDir> m_dir;
};

} // namespace tl::ui
