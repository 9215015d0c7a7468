// CommandLine's Python program path: `threadline [options] SCRIPT.py [args...]` and `-m MODULE`. Kept
// apart from the lessons' options so that each reads on its own.

#include "commandline.h"

#include "base/osbytes.h"
#include "base/outputfile.h"
#include "engine/speed.h"
#include "net/openfilelimit.h"
#include "programarguments.h"
#include "pysource/inheritedsignals.h"
#include "pysource/interpreterprobe.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>

#include <unistd.h>

namespace tl {

namespace {

template <class T> Result<T> fail(const QString& message)
{
    return Result<T>::failure(message);
}

// A script Python could open: it exists and can be read (tried, since root ignores the permission bits and a mount
// may refuse what they allow). A directory runs its __main__.py as under python3 (a zipapp's too), headless only: the
// window shows the script it runs.
Status checkScript(const QString& path, bool headless)
{
    // Qt's file names are UTF-8: such a name was reported as no such file, its bytes shown as U+FFFD.
    if (hasEscapedBytes(path))
        return Status::failure(QStringLiteral("cannot run '%1': the name is not UTF-8, which Threadline's files need")
                                   .arg(shownOsText(path)));
    const QFileInfo info(path);
    if (!info.exists())
        return Status::failure(QStringLiteral("cannot run '%1': no such file (see --help)").arg(path));
    if (info.isDir()) {
        if (headless)
            return success(); // Python says if it has no __main__ module
        return Status::failure(
            QStringLiteral("cannot run '%1' in the window: it is a directory, whose __main__.py runs "
                           "headless (--export or --stats)")
                .arg(path));
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Status::failure(QStringLiteral("cannot run '%1': %2").arg(path, file.errorString()));
    return success();
}

} // namespace

Result<CommandLineRequest> CommandLine::parseProgram(const ProgramArguments& program) const
{
    if (!program.error.isEmpty())
        return fail<CommandLineRequest>(program.error);
    for (const QCommandLineOption* option : {&m_scenario, &m_set, &m_list}) {
        if (m_parser.isSet(*option))
            return fail<CommandLineRequest>(
                QStringLiteral("--%1 is for the lessons; it does not apply to a Python "
                               "program (%2)")
                    .arg(option->names().constLast(),
                         program.module.isEmpty() ? program.script : QStringLiteral("-m ") + program.module));
    }
    CommandLineRequest request;
    PythonRunOptions options;
    options.script = program.script;
    options.module = program.module;
    options.args = program.args;
    options.openFileLimit = openFileLimitAtStart().soft; // as the program would run without Threadline
    options.ignoredSignals = stopSignalsIgnoredAtStart();
    const Result<double> speed = parseProgramSpeed();
    if (!speed)
        return fail<CommandLineRequest>(speed.error());
    options.speed = request.speed = *speed;
    if (m_parser.isSet(m_stats)) {
        Result<CommandLineRequest> stats = parseStats(request);
        if (!stats)
            return stats;
        request = *stats;
        request.speed = options.speed; // a program runs at its --speed, 1 unless given: it has no "max"
    } else if (const Status output = parseProgramOutput(request); !output) {
        return fail<CommandLineRequest>(output.error());
    }
    const bool headless =
        request.action == CommandLineRequest::Action::Export || request.action == CommandLineRequest::Action::Stats;
    if (!options.script.isEmpty()) {
        if (const Status script = checkScript(options.script, headless); !script)
            return fail<CommandLineRequest>(script.error());
    }
    // A headless run hands the terminal to the program: its output passes through byte for byte. With --quiet it
    // is captured instead: its prints reach the trace only (stderr is passed on after); with --stats too, as stdout
    // holds the CSV alone.
    options.forwardOutput = request.action == CommandLineRequest::Action::Export && !m_parser.isSet(m_quiet);
    // Its input too, from a file or a pipe. Not from a terminal: the program runs in a process group of its own
    // (a stop signals its children too), and a group not in the terminal's foreground that reads from it is
    // stopped (SIGTTIN): the run would hang. There it reads /dev/null, and input() raises EOFError.
    options.forwardInput = headless && ::isatty(STDIN_FILENO) == 0;

    // Last, as it starts the interpreter: everything cheaper to refuse was refused first.
    const Result<QString> python = single(m_python);
    if (!python)
        return fail<CommandLineRequest>(python.error());
    if (!python->isEmpty())
        options.python = *python;
    const Result<InterpreterInfo> interpreter = InterpreterProbe::probe(options.python);
    if (!interpreter)
        return fail<CommandLineRequest>(interpreter.error());
    options.metadata.interpreter = interpreter->label();
    request.python = options;
    return request;
}

Result<double> CommandLine::parseProgramSpeed() const
{
    const Result<QString> text = single(m_speed);
    if (!text)
        return fail<double>(text.error());
    if (text->isEmpty())
        return 1.0;
    bool ok = false;
    const double speed = text->toDouble(&ok);
    if (!ok || !(speed >= kMinSpeed && speed <= kMaxSpeed))
        return fail<double>(QStringLiteral("--speed expects a number from %1 to %2 for a Python program, got '%3'")
                                .arg(kMinSpeed)
                                .arg(kMaxSpeed)
                                .arg(*text));
    return speed;
}

Status CommandLine::parseProgramOutput(CommandLineRequest& request) const
{
    if (m_parser.isSet(m_screenshot)) {
        if (m_parser.isSet(m_export))
            return Status::failure(QStringLiteral("--screenshot grabs the window; it takes no --export"));
        if (const Status refused =
                refusePictureOptions(QStringLiteral("is for --export; --screenshot grabs the window"));
            !refused)
            return refused;
        request.action = CommandLineRequest::Action::Screenshot;
        const Result<QString> after = single(m_after);
        if (!after)
            return Status::failure(after.error());
        if (!after->isEmpty()) {
            bool ok = false;
            request.screenshotAfter = after->toDouble(&ok);
            if (!ok || !(request.screenshotAfter >= 0 && request.screenshotAfter <= kMaxScreenshotAfter))
                return Status::failure(QStringLiteral("--after expects seconds from 0 to %1, got '%2'")
                                           .arg(kMaxScreenshotAfter)
                                           .arg(*after));
        }
        const Result<QString> path = single(m_screenshot);
        if (!path)
            return Status::failure(path.error());
        if (QFileInfo(*path).suffix().toLower() != QLatin1String("png"))
            return Status::failure(QStringLiteral("cannot write screenshot '%1': use a .png file").arg(*path));
        if (const Status writable = checkOutputPath(*path); !writable)
            return writable;
        request.screenshotPath = *path;
        return success();
    }
    if (m_parser.isSet(m_after))
        return Status::failure(QStringLiteral("--after needs --screenshot FILE"));
    const Result<QString> path = single(m_export);
    if (!path)
        return Status::failure(path.error());
    if (path->isEmpty()) {
        if (const Status refused = refusePictureOptions(QStringLiteral("needs --export FILE (.png, .svg or .pdf)"));
            !refused)
            return refused;
        request.action = CommandLineRequest::Action::Open;
        return success();
    }
    request.action = CommandLineRequest::Action::Export;
    const Result<ExportFormat> format = exportFormatForPath(*path);
    if (!format)
        return Status::failure(format.error());
    request.format = *format;
    if (const Status picture = parsePictureOptions(request); !picture)
        return picture;
    if (const Status writable = checkOutputPath(*path); !writable)
        return writable;
    request.exportPath = *path;
    return success();
}

QString CommandLine::programArgumentsNote(const CommandLineRequest& request) const
{
    if (!request.python)
        return {};
    QStringList named;
    for (const QString& argument : request.python->args) {
        if (!argument.startsWith(QLatin1String("--")))
            continue;
        const QString name = argument.mid(2).section(QLatin1Char('='), 0, 0);
        const bool ours = std::any_of(m_options.begin(), m_options.end(),
                                      [&name](const QCommandLineOption& o) { return o.names().contains(name); });
        if (ours && !named.contains(QStringLiteral("--") + name))
            named << QStringLiteral("--") + name;
    }
    if (named.isEmpty())
        return {};
    const bool one = named.size() == 1;
    const QString what = request.python->module.isEmpty() ? QStringLiteral("script") : QStringLiteral("module");
    return QStringLiteral("%1 after the %2 %3 to the program, as python3 passes %4 on; Threadline's own options go "
                          "before the %2")
        .arg(named.join(QStringLiteral(", ")), what, one ? QStringLiteral("goes") : QStringLiteral("go"),
             one ? QStringLiteral("it") : QStringLiteral("them"));
}

} // namespace tl
