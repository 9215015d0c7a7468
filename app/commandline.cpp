#include "commandline.h"

#include "outputfile.h"
#include "scenario.h"

#include <QFileInfo>

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

} // namespace

CommandLine::CommandLine()
    : m_help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help and exit."))
    , m_version({QStringLiteral("v"), QStringLiteral("version")}, QStringLiteral("Show the version and exit."))
    , m_list(QStringLiteral("list-scenarios"), QStringLiteral("List the scenarios, one 'id<TAB>title' a line."))
    , m_scenario(QStringLiteral("scenario"), QStringLiteral("Run scenario <id> headless (needs --export)."),
                 QStringLiteral("id"))
    , m_set(QStringLiteral("set"), QStringLiteral("Set a scenario parameter (repeatable)."),
            QStringLiteral("key=value"))
    , m_speed(QStringLiteral("speed"),
              QStringLiteral("Divide every sleep and timeout by <x>, %1 to %2 (default 1); the trace keeps "
                             "scenario time.")
                  .arg(kMinSpeed)
                  .arg(kMaxSpeed),
              QStringLiteral("x"), QStringLiteral("1"))
    , m_export(QStringLiteral("export"),
               QStringLiteral("Write the trace to <file>: .json (Chrome trace, opens in Perfetto UI) or .csv."),
               QStringLiteral("file"))
{
    m_parser.setApplicationDescription(
        QStringLiteral("Threadline draws the thread lifecycles of Python's threading lessons.\n"
                       "With no arguments it opens the window; with options it runs headless.\n"
                       "Scenarios: %1")
            .arg(knownScenarios()));
    m_parser.addOptions({m_help, m_version, m_list, m_scenario, m_set, m_speed, m_export});
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
    return values.isEmpty() ? QString() : values.constFirst();
}

Result<CommandLineRequest> CommandLine::parse(const QStringList& arguments)
{
    if (!m_parser.parse(arguments)) {
        // Qt's text is a sentence ("Unknown option 'x'."); make it a clause like the other messages.
        QString error = m_parser.errorText();
        if (error.endsWith(QLatin1Char('.')))
            error.chop(1);
        if (!error.isEmpty())
            error[0] = error[0].toLower();
        return fail<CommandLineRequest>(QStringLiteral("%1 (see --help)").arg(error));
    }
    if (!m_parser.positionalArguments().isEmpty())
        return fail<CommandLineRequest>(
            QStringLiteral("unexpected argument '%1' (see --help)").arg(m_parser.positionalArguments().constFirst()));

    CommandLineRequest request;
    if (m_parser.isSet(m_help)) {
        request.action = CommandLineRequest::Action::Help;
        return request;
    }
    if (m_parser.isSet(m_version)) {
        request.action = CommandLineRequest::Action::Version;
        return request;
    }
    const bool runOptions =
        m_parser.isSet(m_scenario) || m_parser.isSet(m_set) || m_parser.isSet(m_speed) || m_parser.isSet(m_export);
    if (m_parser.isSet(m_list)) {
        if (runOptions)
            return fail<CommandLineRequest>(
                QStringLiteral("--list-scenarios takes no other option (--scenario, --set, --speed, --export)"));
        request.action = CommandLineRequest::Action::ListScenarios;
        return request;
    }
    return parseExport();
}

Result<CommandLineRequest> CommandLine::parseExport() const
{
    if (!m_parser.isSet(m_scenario)) {
        for (const QCommandLineOption* option : {&m_set, &m_speed, &m_export}) {
            if (m_parser.isSet(*option))
                return fail<CommandLineRequest>(
                    QStringLiteral("--%1 needs --scenario ID").arg(option->names().constLast()));
        }
    }
    CommandLineRequest request;
    request.action = CommandLineRequest::Action::Export;

    const Result<QString> id = single(m_scenario);
    if (!id)
        return fail<CommandLineRequest>(id.error());
    request.scenario = findScenario(*id);
    if (request.scenario == nullptr)
        return fail<CommandLineRequest>(QStringLiteral("unknown scenario '%1' (known: %2)").arg(*id, knownScenarios()));

    QList<QPair<QString, QString>> overrides;
    for (const QString& assignment : m_parser.values(m_set)) {
        const qsizetype eq = assignment.indexOf(QLatin1Char('='));
        const QString key = assignment.left(eq).trimmed();
        const QString value = assignment.mid(eq + 1).trimmed();
        if (eq < 0 || key.isEmpty() || value.isEmpty())
            return fail<CommandLineRequest>(QStringLiteral("--set expects key=value, got '%1'").arg(assignment));
        overrides.append({key, value});
    }
    const Result<ParameterValues> parameters = resolveParameters(request.scenario->parameters, overrides);
    if (!parameters)
        return fail<CommandLineRequest>(
            QStringLiteral("scenario '%1': %2").arg(request.scenario->id, parameters.error()));
    request.parameters = *parameters;

    const Result<QString> speedText = single(m_speed);
    if (!speedText)
        return fail<CommandLineRequest>(speedText.error());
    bool ok = false;
    request.speed = speedText->isEmpty() ? 1.0 : speedText->toDouble(&ok);
    if ((!speedText->isEmpty() && !ok) || !(request.speed >= kMinSpeed && request.speed <= kMaxSpeed))
        return fail<CommandLineRequest>(QStringLiteral("--speed expects a number from %1 to %2, got '%3'")
                                            .arg(kMinSpeed)
                                            .arg(kMaxSpeed)
                                            .arg(*speedText));

    const Result<QString> path = single(m_export);
    if (!path)
        return fail<CommandLineRequest>(path.error());
    if (path->isEmpty())
        return fail<CommandLineRequest>(
            QStringLiteral("--scenario needs --export FILE (.json or .csv); with no arguments the window opens"));
    const Result<ExportFormat> format = exportFormatFor(*path);
    if (!format)
        return fail<CommandLineRequest>(format.error());
    const Status writable = checkOutputPath(*path);
    if (!writable)
        return fail<CommandLineRequest>(writable.error());
    request.exportPath = *path;
    request.format = *format;
    return request;
}

Result<ExportFormat> exportFormatFor(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("json"))
        return ExportFormat::ChromeTrace;
    if (suffix == QLatin1String("csv"))
        return ExportFormat::Csv;
    if (suffix == QLatin1String("png") || suffix == QLatin1String("svg") || suffix == QLatin1String("pdf"))
        return fail<ExportFormat>(QStringLiteral("cannot export '%1': .%2 images are not available from the "
                                                 "command line yet; use .json or .csv")
                                      .arg(path, suffix));
    if (suffix.isEmpty())
        return fail<ExportFormat>(QStringLiteral("cannot export '%1': no file suffix; use .json or .csv").arg(path));
    return fail<ExportFormat>(
        QStringLiteral("cannot export '%1': unknown format '.%2'; use .json or .csv").arg(path, suffix));
}

} // namespace tl
