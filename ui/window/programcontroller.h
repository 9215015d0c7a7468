#pragma once

#include "base/result.h"
#include "scenarios/parameter.h"
#include "trace/event.h"
#include "trace/tracemetadata.h"
#include "window/pythonlauncher.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <optional>

namespace tl {
struct Scenario;
}

namespace tl::ui {

class ListingView;
class RunController;

// What the listing holds, and how the window runs it in CPython. The listing shows a lesson's listing
// (maybe edited by the user) or a script from a file (opened or dropped, maybe edited). Run in Python runs
// what it shows: a lesson as written with the parameter form's values as its constants; edited text as
// typed, from a private temporary file (PythonLauncher); a script as it is on disk. The class also decides
// which events' lines belong to the listing on screen, and finds the SyntaxError that kept a program from
// running.
//
// Invariants: origin() is what the listing's text came from; runOrigin() is what the current Python run
// ran. A line is highlighted only for an event of the program whose text the listing shows: an engine
// run's for its lesson, a Python run's for events in its main script while the listing shows that origin.
// A lesson or a script left with edits gets them back when it is shown again (for the window's life); quitting
// with edits not saved asks first (unsavedListings()).
//
// Thread affinity: the GUI thread.
class ProgramController : public QObject {
    Q_OBJECT
public:
    struct Origin {
        enum class Kind { None, Lesson, Script } kind = Kind::None;
        QString lessonId; // Lesson
        QString path;     // Script: its absolute path
        bool operator==(const Origin&) const = default;
    };

    ProgramController(ListingView* listing, RunController* runs, QObject* parent = nullptr);

    PythonLauncher& launcher() { return m_launcher; }
    const Origin& origin() const { return m_origin; }
    const Origin& runOrigin() const { return m_runOrigin; }
    bool isEdited() const;
    // "producer-consumer.py", "prog.py (edited)": the listing's title.
    QString listingTitle() const;

    // The listing shows `scenario`'s listing (or the edits the user left in it).
    void showLesson(const tl::Scenario* scenario);
    // The listing for a trace read from a file: the lesson it is a run of, with the values it ran with, or the
    // script a Python run ran, read from where it ran if it is still there (its events' lines then light up as a
    // live run's do); for any other trace, a note that it has none.
    void showTrace(const tl::TraceMetadata& metadata);
    // Loads the script at `path` into the listing; the error says why it cannot (nothing changes then).
    tl::Status openScript(const QString& path);
    // Runs what the listing shows in CPython at `speed`; `lesson` and `values` are the picker's lesson and
    // the form's values, used when the listing shows that lesson unedited.
    tl::Status runInPython(const tl::Scenario* lesson, const tl::Result<tl::ParameterValues>& values, double speed);
    // What runInPython would run, without running it (Compare With Python Run's run B); `asLesson`, if given, is set
    // to the lesson and values when the listing shows a lesson unedited.
    struct LessonRun {
        const tl::Scenario* lesson = nullptr;
        tl::ParameterValues values;
    };
    tl::Result<tl::PythonRunOptions> listingRun(const tl::Scenario* lesson,
                                                const tl::Result<tl::ParameterValues>& values, double speed,
                                                LessonRun* asLesson = nullptr);
    // Shows the program of `options` (a script) in the listing and runs it: a command line's SCRIPT.py.
    tl::Status runProgram(const tl::PythonRunOptions& options);
    // Writes the listing's text to `path` atomically; the listing then holds that script, unedited.
    tl::Status saveAs(const QString& path);
    // The listings with edits not saved to a file, the one shown first: "prog.py", "hello.py".
    QStringList unsavedListings() const;

    // The listing line that event `id` of the current run comes from, or 0 if the listing does not show
    // the file it happened in.
    int listingLine(tl::EventId id) const;

    // The SyntaxError (or IndentationError, TabError) that ended the current Python run's main thread:
    // the error event, and Python's report of it as it printed it (its stderr).
    struct SyntaxErrorReport {
        tl::EventId event = tl::kNoEvent;
        tl::LaneId lane = 0;
        QString type;
        QString text;
    };
    std::optional<SyntaxErrorReport> syntaxError() const;

signals:
    // origin() or the edited state changed: the listing's title may have.
    void listingChanged();

private:
    tl::Status start(const tl::Result<tl::PythonRunOptions>& options);
    void rememberEdits();
    void restoreEdits(); // the edits left in what the listing now shows, if any

    ListingView* m_listing;
    RunController* m_runs;
    PythonLauncher m_launcher;
    Origin m_origin;
    Origin m_runOrigin;
    // The text the user left in a lesson ("lesson:" + its id) or a script ("script:" + its path), edited.
    QHash<QString, QString> m_edits;
    static QString editsKey(const Origin& origin);
};

} // namespace tl::ui
