// CommandLine's trace-file path: `threadline FILE.json[.gz]` opened in the window, grabbed, drawn or
// converted headless, `--stats` for a run or a file, and `--compare` of two files. Kept apart from the lessons' options
// so that each reads on its own.

#include "commandline.h"

#include "base/outputfile.h"
#include "engine/speed.h"

#include <QFile>
#include <QFileInfo>

namespace tl {

namespace {

template <class T> Result<T> fail(const QString& message)
{
    return Result<T>::failure(message);
}

// A trace file that cannot be opened is refused here, as a headless read would refuse it: without --export the window
// opened, on nothing, and said so in a dialog.
Status checkTraceFile(const QString& path)
{
    const QFileInfo info(path);
    if (info.isDir())
        return Status::failure(QStringLiteral("cannot open '%1': it is a directory, not a trace file").arg(path));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Status::failure(QStringLiteral("cannot open '%1': %2").arg(path, file.errorString()));
    return success();
}

} // namespace

// A trace file instead of a run: opened in the window, grabbed with --screenshot, or drawn or converted
// headless. Its content is read when the command runs (headless, a malformed file is bad input too: exit 2
// there; in the window, a dialog).
Result<CommandLineRequest> CommandLine::parseTraceFile(const QString& path) const
{
    for (const QCommandLineOption* option : {&m_list, &m_scenario, &m_set, &m_speed, &m_python}) {
        if (m_parser.isSet(*option))
            return fail<CommandLineRequest>(
                QStringLiteral("a trace file takes no --%1: it is a run already").arg(option->names().constLast()));
    }
    Result<CommandLineRequest> request = Result<CommandLineRequest>::failure(QString());
    if (m_parser.isSet(m_compare)) {
        request = parseComparison(path);
    } else if (m_parser.isSet(m_stats)) {
        CommandLineRequest stats;
        stats.tracePath = path;
        request = parseStats(stats);
    } else {
        request = parseFileOutput(path, {});
    }
    if (!request)
        return request;
    // The options first, then the files: a wrong combination is said whatever the files.
    for (const QString& file : {path, request->comparePath}) {
        const Status readable = file.isEmpty() ? success() : checkTraceFile(file);
        if (!readable)
            return fail<CommandLineRequest>(readable.error());
    }
    return request;
}

// Two trace files: B below A in the window (or its --screenshot), drawn one above the other headless (a
// picture export), or their state times compared (--stats).
Result<CommandLineRequest> CommandLine::parseComparison(const QString& path) const
{
    const Result<QString> other = single(m_compare);
    if (!other)
        return fail<CommandLineRequest>(other.error());
    if (m_parser.isSet(m_stats)) {
        CommandLineRequest request;
        request.tracePath = path;
        request.comparePath = *other;
        return parseStats(request);
    }
    return parseFileOutput(path, *other);
}

// One trace file, or two compared (A at `path`, B at `comparePath`): shown in the window, grabbed with
// --screenshot, or drawn or converted headless with --export (a comparison is drawn: pictures only).
Result<CommandLineRequest> CommandLine::parseFileOutput(const QString& path, const QString& comparePath) const
{
    const bool comparing = !comparePath.isEmpty();
    if (m_parser.isSet(m_screenshot) && m_parser.isSet(m_export))
        return fail<CommandLineRequest>(
            QStringLiteral("%1 is either drawn (--export) or shown (--screenshot), not both")
                .arg(comparing ? QStringLiteral("a comparison") : QStringLiteral("a trace file")));
    if (m_parser.isSet(m_after) && !m_parser.isSet(m_screenshot))
        return fail<CommandLineRequest>(QStringLiteral("--after needs --screenshot FILE"));
    CommandLineRequest request;
    if (m_parser.isSet(m_screenshot)) {
        // The window with the file(s) opened in it, grabbed once read (--after: seconds more).
        const Result<CommandLineRequest> shot = parseScreenshot();
        if (!shot)
            return shot;
        request = *shot;
        request.scenario = nullptr;
        if (!m_parser.isSet(m_after))
            request.screenshotAfter = 0.5;
    } else if (!m_parser.isSet(m_export)) {
        // The window, with the file(s) opened in it (and their errors said there).
        if (m_parser.isSet(m_width) || m_parser.isSet(m_scale))
            return fail<CommandLineRequest>(QStringLiteral("--width and --scale need --export FILE"));
        // --lanes, --lane-height and --font-scale were taken and ignored: the window opened as without them.
        if (const Status refused = refusePictureOptions(QStringLiteral("needs --export FILE (.png, .svg or .pdf)"));
            !refused)
            return fail<CommandLineRequest>(refused.error());
        request.action = CommandLineRequest::Action::Open;
    } else {
        const Result<QString> out = single(m_export);
        if (!out)
            return fail<CommandLineRequest>(out.error());
        const Result<ExportFormat> format = exportFormatForPath(*out);
        if (!format)
            return fail<CommandLineRequest>(format.error());
        if (comparing && !isPictureFormat(*format))
            return fail<CommandLineRequest>(
                QStringLiteral("--compare draws a picture: --export needs .png, .svg or .pdf, not %1").arg(*out));
        request.action = CommandLineRequest::Action::Export;
        request.format = *format;
        if (const Status picture = parsePictureOptions(request); !picture)
            return fail<CommandLineRequest>(picture.error());
        if (const Status writable = checkOutputPath(*out); !writable)
            return fail<CommandLineRequest>(writable.error());
        request.exportPath = *out;
    }
    request.tracePath = path;
    request.comparePath = comparePath;
    return request;
}

// --stats prints CSV on stdout: it writes no file, so every file option is refused rather than ignored.
Result<CommandLineRequest> CommandLine::parseStats(CommandLineRequest request) const
{
    for (const QCommandLineOption* option : {&m_export, &m_screenshot, &m_after, &m_width, &m_scale, &m_quiet}) {
        if (m_parser.isSet(*option))
            return fail<CommandLineRequest>(
                QStringLiteral("--stats prints CSV on stdout; it takes no --%1").arg(option->names().constLast()));
    }
    if (const Status refused = refusePictureOptions(QStringLiteral("is for picture exports; --stats prints CSV"));
        !refused)
        return fail<CommandLineRequest>(refused.error());
    request.action = CommandLineRequest::Action::Stats;
    if (!m_parser.isSet(m_speed))
        request.speed = kSpeedMax;
    return request;
}

} // namespace tl
