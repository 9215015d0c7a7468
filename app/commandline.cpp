#include "commandline.h"

#include "base/outputfile.h"
#include "engine/speed.h"
#include "programarguments.h"
#include "scenarios/scenario.h"

#include <QFileInfo>

#include <algorithm>

namespace tl {

namespace {

QString knownScenarios()
{
    QStringList ids;
    for (const Scenario& s : allScenarios())
        ids << s.id;
    return ids.join(QStringLiteral(", "));
}

template <class T> Result<T> fail(const QString& message)
{
    return Result<T>::failure(message);
}

// An option given with nothing to run or open names what it applies to: --export alone said it needed --scenario,
// though a trace file or a script takes it as well (a user-reviewer).
QString needsARun(const QCommandLineOption& option)
{
    const QString name = option.names().constLast();
    if (name == QLatin1String("set"))
        return QStringLiteral("--set needs --scenario ID");
    if (name == QLatin1String("speed"))
        return QStringLiteral("--speed needs --scenario ID or a SCRIPT.py");
    if (name == QLatin1String("stats"))
        return QStringLiteral("--stats needs --scenario ID, a trace FILE or a SCRIPT.py");
    return QStringLiteral("--%1 needs --scenario ID, a trace FILE or a SCRIPT.py").arg(name);
}

} // namespace

CommandLine::CommandLine()
    : m_help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help and exit."))
    , m_version({QStringLiteral("v"), QStringLiteral("version")}, QStringLiteral("Show the version and exit."))
    , m_list(QStringLiteral("list-scenarios"), QStringLiteral("List the scenarios, one 'id<TAB>title' a line."))
    , m_scenario(QStringLiteral("scenario"),
                 QStringLiteral("Run scenario <id>: headless with --export, else in the window (at the nearest "
                                "of its speeds)."),
                 QStringLiteral("id"))
    , m_set(QStringLiteral("set"), QStringLiteral("Set a scenario parameter (repeatable)."),
            QStringLiteral("key=value"))
    , m_speed(QStringLiteral("speed"),
              QStringLiteral("How fast to pass over waits when every thread waits: a wait of D seconds takes D/<x>, "
                             "%1 to %2, or 'max' at once (default 1; a lesson with --export or --stats: max). "
                             "Running code takes real time; a Python program's clock is scaled as a whole, so "
                             "its code is drawn <x> times as long. The trace keeps scenario time.")
                  .arg(kMinSpeed)
                  .arg(kMaxSpeed),
              QStringLiteral("x"))
    , m_export(QStringLiteral("export"),
               QStringLiteral("Write the trace to <file>: .json (Chrome trace, opens in Perfetto UI) or .csv; or "
                              "the timeline picture: .png, .svg or .pdf (no display needed)."),
               QStringLiteral("file"))
    , m_width(QStringLiteral("width"),
              QStringLiteral("Picture width in pixels (points for PDF), %1 to %2 (default 1600).")
                  .arg(kMinPictureWidth)
                  .arg(kMaxPictureWidth),
              QStringLiteral("px"))
    , m_scale(QStringLiteral("scale"),
              QStringLiteral("PNG pixels per picture pixel, %1 to %2 (default 1; 2 for high-DPI screens).")
                  .arg(kMinPictureScale)
                  .arg(kMaxPictureScale),
              QStringLiteral("x"))
    , m_screenshot(QStringLiteral("screenshot"),
                   QStringLiteral("Open the window on --scenario (default producer-consumer) with its --set and "
                                  "--speed, let it run live, grab the window into <file> (.png) and exit."),
                   QStringLiteral("file"))
    , m_after(QStringLiteral("after"),
              QStringLiteral("With --screenshot: seconds to run before the grab, 0 to %1 (default 3).")
                  .arg(kMaxScreenshotAfter),
              QStringLiteral("seconds"))
    , m_python(QStringLiteral("python"),
               QStringLiteral("With SCRIPT.py or -m MODULE: the Python interpreter to run it in (default: python3 "
                              "on PATH)."),
               QStringLiteral("path"))
    , m_laneHeight(QStringLiteral("lane-height"),
                   QStringLiteral("Picture lane height in pixels, %1 to %2 (default: as tall as the text needs).")
                       .arg(kMinLaneHeight)
                       .arg(kMaxLaneHeight),
                   QStringLiteral("px"))
    , m_fontScale(QStringLiteral("font-scale"),
                  QStringLiteral("Picture text size, %1 to %2 times the default (default 1).")
                      .arg(kMinFontScale)
                      .arg(kMaxFontScale),
                  QStringLiteral("x"))
    , m_lanes(QStringLiteral("lanes"),
              QStringLiteral("The lanes a picture shows: 'all' (default) or 'visible' (those a %1 px view shows, "
                             "pinned lanes and groups as the window arranges them).")
                  .arg(ui::ImageExportOptions::kViewHeight),
              QStringLiteral("all|visible"))
    , m_quiet(QStringLiteral("quiet"),
              QStringLiteral("With --export: the program's own prints go to the trace only, not to stdout."))
    , m_stats(QStringLiteral("stats"),
              QStringLiteral("With --scenario ID (run headless, at max speed unless --speed), SCRIPT.py (run "
                             "headless, its prints kept off stdout) or FILE.json: print where the time went as CSV on "
                             "stdout, one row per thread and state it spent time "
                             "in: thread,state,seconds,share (seconds exact to the nanosecond; share of the "
                             "thread's lifetime; a thread's rows add up to its lifetime); another tool's trace by "
                             "slice name: thread,slice,seconds,share. Takes no --export."))
    , m_compare(QStringLiteral("compare"),
                QStringLiteral("With FILE.json: the run it is compared with, shown below it in the window (or "
                               "--screenshot). With --export .png, .svg or .pdf, both are drawn one above the "
                               "other on one time axis from each run's start; with --stats, their difference "
                               "prints as CSV: thread,state,a_seconds,b_seconds,difference_seconds (B less A, "
                               "threads matched by name; two traces of another tool's by slice name: "
                               "thread,slice,...)."),
                QStringLiteral("B.json"))
    , m_options{m_help,       m_version, m_list,   m_scenario,   m_set,       m_speed, m_export, m_width, m_scale,
                m_screenshot, m_after,   m_python, m_laneHeight, m_fontScale, m_lanes, m_quiet,  m_stats, m_compare}
{
    m_parser.setApplicationDescription(
        QStringLiteral("Threadline draws the thread lifecycles of Python's threading lessons.\n"
                       "With no arguments it opens the window on producer-consumer, running live.\n"
                       "Scenarios: %1\n\n"
                       "threadline [options] SCRIPT.py [args...] runs your own program in CPython under "
                       "Threadline's tracer\n(in the window, or headless with --export FILE, exiting with the "
                       "program's exit code);\nthreadline [options] -m MODULE [args...] runs a module. "
                       "Everything after SCRIPT.py or -m MODULE\ngoes to the program. "
                       "A lesson or program that deadlocks headless (a cycle of waits, or every\nthread "
                       "waiting for ever) is stopped, written, and exits with code 3.")
            .arg(knownScenarios()));
    m_parser.addPositionalArgument(QStringLiteral("SCRIPT.py"), QStringLiteral("A Python program to run and trace."),
                                   QStringLiteral("[SCRIPT.py | -m MODULE] [args...]"));
    m_parser.addPositionalArgument(QStringLiteral("FILE.json"),
                                   QStringLiteral("A Chrome trace file (.json or .json.gz, Threadline's or another "
                                                  "tool's) to open in the window, grab with --screenshot, or "
                                                  "convert or draw with --export."),
                                   QStringLiteral("| FILE.json"));
    m_parser.addOptions(m_options);
}

bool CommandLine::wantsCommandLine(const QStringList& arguments)
{
    return arguments.size() > 1;
}

QString CommandLine::helpText() const
{
    return m_parser.helpText();
}

Result<QString> CommandLine::single(const QCommandLineOption& option) const
{
    const QStringList values = m_parser.values(option);
    if (values.size() > 1)
        return fail<QString>(
            QStringLiteral("--%1 given %2 times; give it once").arg(option.names().constLast()).arg(values.size()));
    // An empty value (`--export ""`) is a mistake, never "not given".
    if (values.size() == 1 && values.constFirst().isEmpty())
        return fail<QString>(
            QStringLiteral("--%1 needs <%2>, got an empty value").arg(option.names().constLast(), option.valueName()));
    return values.isEmpty() ? QString() : values.constFirst();
}

// An option given no value takes the next option as one: `--speed --export r.json` read --export as the speed, and
// r.json as a trace file to open ("a trace file takes no --scenario"). A value that names an option is refused.
Status CommandLine::checkOptionValues() const
{
    for (const QCommandLineOption& option : m_options) {
        if (option.valueName().isEmpty())
            continue;
        for (const QString& value : m_parser.values(option)) {
            const QString name = value.startsWith(QLatin1String("--")) ? value.mid(2) : QString();
            const bool namesAnOption = std::any_of(m_options.begin(), m_options.end(),
                                                   [&name](const auto& o) { return o.names().contains(name); });
            if (!name.isEmpty() && namesAnOption)
                return Status::failure(QStringLiteral("--%1 needs <%2>, got the option %3")
                                           .arg(option.names().constLast(), option.valueName(), value));
        }
    }
    return success();
}

QSet<QString> CommandLine::valueOptionNames() const
{
    QSet<QString> names;
    for (const QCommandLineOption& option : m_options) {
        if (!option.valueName().isEmpty())
            names.unite(QSet<QString>(option.names().cbegin(), option.names().cend()));
    }
    return names;
}

namespace {

bool isTraceFilePath(const QString& path)
{
    return path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) ||
           path.endsWith(QLatin1String(".json.gz"), Qt::CaseInsensitive);
}

} // namespace

Result<CommandLineRequest> CommandLine::parse(const QStringList& arguments)
{
    const Result<CommandLineRequest> parsed = parseRequest(arguments);
    if (!parsed || !m_parser.isSet(m_quiet))
        return parsed;
    if (parsed->action != CommandLineRequest::Action::Export)
        return fail<CommandLineRequest>(QStringLiteral("--quiet applies to headless runs (--export FILE)"));
    CommandLineRequest request = *parsed;
    request.quiet = true;
    return request;
}

Result<CommandLineRequest> CommandLine::parseRequest(const QStringList& arguments)
{
    ProgramArguments program = ProgramArguments::split(arguments, valueOptionNames());
    // A trace file stands where a script would, but is no program: options may follow it (`run.json --export a.png`).
    const bool traceFile = program.module.isEmpty() && program.error.isEmpty() && isTraceFilePath(program.script);
    if (traceFile)
        program = ProgramArguments{};
    if (!m_parser.parse(program.hasProgram() ? program.own : arguments)) {
        // Qt's text is a sentence ("Unknown option 'x'."); make it a clause like the other messages.
        QString error = m_parser.errorText();
        if (error.endsWith(QLatin1Char('.')))
            error.chop(1);
        if (!error.isEmpty())
            error[0] = error[0].toLower();
        return fail<CommandLineRequest>(QStringLiteral("%1 (see --help)").arg(error));
    }
    if (const Status values = checkOptionValues(); !values)
        return fail<CommandLineRequest>(values.error());
    const QStringList positional = m_parser.positionalArguments();
    if (positional.size() > (traceFile ? 1 : 0))
        return fail<CommandLineRequest>(
            QStringLiteral("unexpected argument '%1' (see --help)").arg(positional.constLast()));

    CommandLineRequest request;
    if (m_parser.isSet(m_help)) {
        request.action = CommandLineRequest::Action::Help;
        return request;
    }
    if (m_parser.isSet(m_version)) {
        request.action = CommandLineRequest::Action::Version;
        return request;
    }
    if (traceFile && positional.size() == 1)
        return parseTraceFile(positional.constFirst());
    if (m_parser.isSet(m_compare))
        return fail<CommandLineRequest>(
            QStringLiteral("--compare compares two trace files: threadline A.json --compare B.json, shown in the "
                           "window, drawn with --export FILE or told apart with --stats"));
    if (program.hasProgram())
        return parseProgram(program);
    if (m_parser.isSet(m_python))
        return fail<CommandLineRequest>(QStringLiteral("--python needs a script or -m MODULE to run"));
    const bool runOptions = m_parser.isSet(m_scenario) || m_parser.isSet(m_set) || m_parser.isSet(m_speed) ||
                            m_parser.isSet(m_export) || m_parser.isSet(m_width) || m_parser.isSet(m_scale) ||
                            m_parser.isSet(m_screenshot) || m_parser.isSet(m_after) || m_parser.isSet(m_stats) ||
                            firstPictureOption() != nullptr || m_parser.isSet(m_quiet);
    if (m_parser.isSet(m_list)) {
        if (runOptions)
            return fail<CommandLineRequest>(
                QStringLiteral("--list-scenarios takes no other option (--scenario, --set, --speed, --export, "
                               "--stats)"));
        request.action = CommandLineRequest::Action::ListScenarios;
        return request;
    }
    if (m_parser.isSet(m_screenshot))
        return parseScreenshot();
    if (m_parser.isSet(m_after))
        return fail<CommandLineRequest>(QStringLiteral("--after needs --screenshot FILE"));
    if (m_parser.isSet(m_quiet) && !m_parser.isSet(m_export)) // alone it read as "unknown scenario ''"
        return fail<CommandLineRequest>(QStringLiteral("--quiet applies to headless runs (--export FILE)"));
    return parseExport();
}

Result<CommandLineRequest> CommandLine::parseExport() const
{
    if (!m_parser.isSet(m_scenario)) {
        for (const QCommandLineOption* option :
             {&m_set, &m_speed, &m_export, &m_width, &m_scale, &m_laneHeight, &m_fontScale, &m_lanes, &m_stats}) {
            if (m_parser.isSet(*option))
                return fail<CommandLineRequest>(needsARun(*option));
        }
    }
    CommandLineRequest request;
    if (const Status run = parseRun(request, QString()); !run)
        return fail<CommandLineRequest>(run.error());

    if (m_parser.isSet(m_stats))
        return parseStats(request);
    const Result<QString> path = single(m_export);
    if (!path)
        return fail<CommandLineRequest>(path.error());
    if (path->isEmpty()) {
        if (const Status refused = refusePictureOptions(QStringLiteral("needs --export FILE (.png, .svg or .pdf)"));
            !refused)
            return fail<CommandLineRequest>(refused.error());
        request.action = CommandLineRequest::Action::Open;
        return request;
    }
    request.action = CommandLineRequest::Action::Export;
    if (!m_parser.isSet(m_speed))
        request.speed = kSpeedMax; // nobody watches a headless run: every wait at once, the trace unchanged
    const Result<ExportFormat> format = exportFormatForPath(*path);
    if (!format)
        return fail<CommandLineRequest>(format.error());
    request.format = *format;
    if (const Status picture = parsePictureOptions(request); !picture)
        return fail<CommandLineRequest>(picture.error());
    const Status writable = checkOutputPath(*path);
    if (!writable)
        return fail<CommandLineRequest>(writable.error());
    request.exportPath = *path;
    return request;
}

Status CommandLine::parseRun(CommandLineRequest& request, const QString& defaultScenario) const
{
    const Result<QString> id = single(m_scenario);
    if (!id)
        return Status::failure(id.error());
    const QString scenario = id->isEmpty() ? defaultScenario : *id;
    request.scenario = findScenario(scenario);
    if (request.scenario == nullptr)
        return Status::failure(QStringLiteral("unknown scenario '%1' (known: %2)").arg(scenario, knownScenarios()));

    QList<QPair<QString, QString>> overrides;
    for (const QString& text : m_parser.values(m_set)) {
        const Result<QPair<QString, QString>> assignment = parseAssignment(text);
        if (!assignment)
            return Status::failure(assignment.error());
        overrides.append(*assignment);
    }
    const Result<ParameterValues> parameters = resolveParameters(request.scenario->parameters, overrides);
    if (!parameters)
        return Status::failure(QStringLiteral("scenario '%1': %2").arg(request.scenario->id, parameters.error()));
    request.parameters = *parameters;

    const Result<QString> speedText = single(m_speed);
    if (!speedText)
        return Status::failure(speedText.error());
    if (*speedText == QLatin1String("max") || speedText->isEmpty()) {
        request.speed = speedText->isEmpty() ? 1.0 : kSpeedMax;
        return success();
    }
    // A number in range: "inf" reads as one (infinity, which is how max is kept) and was taken for max.
    bool ok = false;
    request.speed = speedText->toDouble(&ok);
    if (!ok || !(request.speed >= kMinSpeed && request.speed <= kMaxSpeed))
        return Status::failure(QStringLiteral("--speed expects a number from %1 to %2 or 'max', got '%3'")
                                   .arg(kMinSpeed)
                                   .arg(kMaxSpeed)
                                   .arg(*speedText));
    return success();
}

Result<CommandLineRequest> CommandLine::parseScreenshot() const
{
    for (const QCommandLineOption* option : {&m_export, &m_stats}) {
        if (m_parser.isSet(*option))
            return fail<CommandLineRequest>(
                QStringLiteral("--screenshot grabs the window; it takes no --%1").arg(option->names().constLast()));
    }
    if (const Status refused = refusePictureOptions(QStringLiteral("is for --export; --screenshot grabs the window"));
        !refused)
        return fail<CommandLineRequest>(refused.error());
    CommandLineRequest request;
    request.action = CommandLineRequest::Action::Screenshot;
    if (const Status run = parseRun(request, QStringLiteral("producer-consumer")); !run)
        return fail<CommandLineRequest>(run.error());

    const Result<QString> after = single(m_after);
    if (!after)
        return fail<CommandLineRequest>(after.error());
    if (!after->isEmpty()) {
        bool ok = false;
        request.screenshotAfter = after->toDouble(&ok);
        if (!ok || !(request.screenshotAfter >= 0 && request.screenshotAfter <= kMaxScreenshotAfter))
            return fail<CommandLineRequest>(
                QStringLiteral("--after expects seconds from 0 to %1, got '%2'").arg(kMaxScreenshotAfter).arg(*after));
    }
    const Result<QString> path = single(m_screenshot);
    if (!path)
        return fail<CommandLineRequest>(path.error());
    if (QFileInfo(*path).suffix().toLower() != QLatin1String("png"))
        return fail<CommandLineRequest>(QStringLiteral("cannot write screenshot '%1': use a .png file").arg(*path));
    const Status writable = checkOutputPath(*path);
    if (!writable)
        return fail<CommandLineRequest>(writable.error());
    request.screenshotPath = *path;
    return request;
}

} // namespace tl
