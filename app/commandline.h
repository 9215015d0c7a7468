#pragma once

#include "base/exportformat.h"
#include "base/result.h"
#include "pysource/pythonrunoptions.h"
#include "scenarios/parameter.h"
#include "timeline/imageexport.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace tl {

struct Scenario;
struct ProgramArguments;

// What a command line asks for, fully validated: a request that reaches execution cannot fail on its
// input, only on the run or the disk.
struct CommandLineRequest {
    // Open: the window on `scenario` (or `python`) with `parameters` at `speed`, running live.
    // Stats: the lesson run headless (or the trace file read) and its state times printed as CSV.
    enum class Action { Help, Version, ListScenarios, Export, Screenshot, Open, Stats };
    Action action = Action::Help;
    const Scenario* scenario = nullptr; // Export, Screenshot, Open and Stats of a lesson
    // Export, Screenshot and Open of a Python program instead of a lesson: what to run, with its speed
    // and the interpreter (probed: it exists and is new enough; metadata.interpreter names it).
    std::optional<PythonRunOptions> python;
    ParameterValues parameters;
    double speed = 1.0; // kSpeedMax for "max" (and for an export without --speed)
    QString exportPath;
    ExportFormat format = ExportFormat::ChromeJson;
    int width = 1600;                             // pictures: logical pixels
    double scale = 1.0;                           // PNG: device pixels per logical pixel
    int laneHeight = 0;                           // pictures: 0 is the default, raised to what the text needs
    double fontScale = 1.0;                       // pictures: text size over the default
    ui::ExportLanes lanes = ui::ExportLanes::All; // pictures: All, or Visible (the rows a fresh view shows)
    bool quiet = false;                           // Export: the program's own prints stay in the trace, not on stdout
    QString screenshotPath;                       // Screenshot: the window grab's file
    QString tracePath;   // Export, Screenshot, Open, Stats: a trace file instead of running a scenario
    QString comparePath; // Open, Screenshot, Export (a picture) and Stats of tracePath: the run B compared with it
    double screenshotAfter = 3.0; // Screenshot: wall seconds of live running before the grab

    bool isPicture() const { return isPictureFormat(format); }
    ui::ImageExportOptions picture() const
    {
        return {.width = width, .scale = scale, .laneHeight = laneHeight, .fontScale = fontScale, .lanes = lanes};
    }
};

// Threadline's command line (issue 3):
//   threadline --list-scenarios
//   threadline --scenario ID [--set key=value]... [--speed X] --export FILE [--width PX] [--scale X]
//              [--lane-height PX] [--font-scale X] [--lanes all|visible] [--quiet]
//   threadline --scenario ID [--set key=value]... [--speed X]            (opens the window on it)
//   threadline --screenshot FILE [--scenario ID] [--set key=value]... [--speed X] [--after SECONDS]
//   threadline [--python PATH] [--speed X] [--export FILE [--width PX] [--scale X]] SCRIPT.py [args...]
//   threadline [--python PATH] [--speed X] [--export FILE ...] -m MODULE [args...]
//   threadline --screenshot FILE [--after SECONDS] [--python PATH] [--speed X] SCRIPT.py [args...]
//   threadline FILE.json[.gz] --export FILE [--width PX] [--scale X]   (a trace file converted or drawn)
//   threadline --scenario ID [--set key=value]... [--speed X] --stats   (where the time went, CSV on stdout)
//   threadline A.json --compare B.json [--export FILE.png|svg|pdf | --stats | --screenshot FILE]
//              (B below A in the window, or drawn on one axis, or their difference as CSV)
//   threadline FILE.json[.gz] --stats
//   threadline FILE.json[.gz] [--screenshot FILE [--after SECONDS]]    (a trace file opened in the window)
//   threadline --help | --version
// parse() checks everything before anything runs: the scenario id, each parameter's key, type and
// range, the speed, the export suffix, that the output directory exists and accepts a file, and for a
// Python program that the script is a readable file and the interpreter runs and is new enough. Its
// error is one line naming the problem, without the "threadline: " prefix. Everything after a script's
// path (or -m MODULE) is the program's (see ProgramArguments).
//
// Thread affinity: the main thread; helpText() needs a QCoreApplication.
class CommandLine {
public:
    static constexpr int kMinPictureWidth = ui::kMinExportWidth;
    static constexpr int kMaxPictureWidth = ui::kMaxExportWidth;
    static constexpr double kMinPictureScale = ui::kMinExportScale;
    static constexpr double kMaxPictureScale = ui::kMaxExportScale;
    static constexpr double kMaxScreenshotAfter = 600.0;
    static constexpr int kMinLaneHeight = ui::kMinExportLaneHeight;
    static constexpr int kMaxLaneHeight = ui::kMaxExportLaneHeight;
    static constexpr double kMinFontScale = ui::kMinExportFontScale;
    static constexpr double kMaxFontScale = ui::kMaxExportFontScale;

    CommandLine();

    // True when `arguments` (program name first) must be parsed before anything else: any argument at
    // all, so that a mistyped option is reported instead of opening a window.
    static bool wantsCommandLine(const QStringList& arguments);

    Result<CommandLineRequest> parse(const QStringList& arguments);
    QString helpText() const;
    // A Python program's arguments that name an option of Threadline's ("--screenshot" after SCRIPT.py), which go to
    // the program as python3 passes them on: a note saying so, to put before the window opens; empty if none does.
    QString programArgumentsNote(const CommandLineRequest& request) const;

private:
    Result<CommandLineRequest> parseRequest(const QStringList& arguments);
    Result<CommandLineRequest> parseExport() const;
    // The Python program's path (commandline_program.cpp): Threadline's options in m_parser, the program
    // and its arguments in `program`.
    Result<CommandLineRequest> parseProgram(const ProgramArguments& program) const;
    Status parseProgramOutput(CommandLineRequest& request) const;
    Result<double> parseProgramSpeed() const;
    Result<CommandLineRequest> parseScreenshot() const;
    Result<CommandLineRequest> parseStats(CommandLineRequest request) const;
    Result<CommandLineRequest> parseTraceFile(const QString& path) const;
    Result<CommandLineRequest> parseComparison(const QString& path) const;
    Result<CommandLineRequest> parseFileOutput(const QString& path, const QString& comparePath) const;
    // --scenario (or `defaultScenario` when absent and not empty), --set and --speed, into `request`.
    Status parseRun(CommandLineRequest& request, const QString& defaultScenario) const;
    // --width, --scale, --lane-height, --font-scale and --lanes (commandline_picture.cpp).
    Status parsePictureOptions(CommandLineRequest& request) const;
    // The first picture option given, or null: they all need a picture export.
    const QCommandLineOption* firstPictureOption() const;
    Status refusePictureOptions(const QString& why) const;
    // The names of the options that take a value (for cutting a command line at its program).
    Status checkOptionValues() const;
    QSet<QString> valueOptionNames() const;
    // The single value of a value option; an error when it was given more than once.
    Result<QString> single(const QCommandLineOption& option) const;

    QCommandLineParser m_parser;
    QCommandLineOption m_help;
    QCommandLineOption m_version;
    QCommandLineOption m_list;
    QCommandLineOption m_scenario;
    QCommandLineOption m_set;
    QCommandLineOption m_speed;
    QCommandLineOption m_export;
    QCommandLineOption m_width;
    QCommandLineOption m_scale;
    QCommandLineOption m_screenshot;
    QCommandLineOption m_after;
    QCommandLineOption m_python;
    QCommandLineOption m_laneHeight;
    QCommandLineOption m_fontScale;
    QCommandLineOption m_lanes;
    QCommandLineOption m_quiet;
    QCommandLineOption m_stats;
    QCommandLineOption m_compare;
    QList<QCommandLineOption> m_options; // every option above, as given to the parser
};

} // namespace tl
