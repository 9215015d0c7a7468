#include "window/programcontroller.h"

#include "base/outputfile.h"
#include "pysource/pythonsource.h"
#include "scenarios/scenario.h"
#include "trace/tracestore.h"
#include "window/listingview.h"
#include "window/runcontroller.h"

#include <QFile>
#include <QFileInfo>
#include <QIODevice>
#include <QTextDocument>

namespace tl::ui {

namespace {

// A listing is for reading: a file this large is not a program anyone reads in a pane.
constexpr qint64 kMaxScriptBytes = 16 * 1024 * 1024;

bool isSyntaxErrorType(const QString& type)
{
    return type == QLatin1String("SyntaxError") || type == QLatin1String("IndentationError") ||
           type == QLatin1String("TabError");
}

} // namespace

ProgramController::ProgramController(ListingView* listing, RunController* runs, QObject* parent)
    : QObject(parent)
    , m_listing(listing)
    , m_runs(runs)
{
    connect(m_listing->document(), &QTextDocument::modificationChanged, this, &ProgramController::listingChanged);
}

bool ProgramController::isEdited() const
{
    return m_listing->isEdited();
}

QString ProgramController::listingTitle() const
{
    QString name;
    switch (m_origin.kind) {
    case Origin::Kind::None:
        return {};
    case Origin::Kind::Lesson:
        name = m_origin.lessonId + QStringLiteral(".py");
        break;
    case Origin::Kind::Script:
        name = QFileInfo(m_origin.path).fileName();
        break;
    }
    return isEdited() ? tr("%1 (edited)").arg(name) : name;
}

QString ProgramController::editsKey(const Origin& origin)
{
    switch (origin.kind) {
    case Origin::Kind::Lesson:
        return QStringLiteral("lesson:") + origin.lessonId;
    case Origin::Kind::Script:
        return QStringLiteral("script:") + origin.path;
    case Origin::Kind::None:
        break;
    }
    return {};
}

void ProgramController::rememberEdits()
{
    // A script's edits too: picking a lesson lost them, silently and for good.
    if (const QString key = editsKey(m_origin); !key.isEmpty() && isEdited())
        m_edits.insert(key, m_listing->toPlainText());
}

void ProgramController::restoreEdits()
{
    if (const auto edited = m_edits.constFind(editsKey(m_origin)); edited != m_edits.cend()) {
        // The edits come back as edits: setPlainText() marks the document unmodified, so mark it again.
        m_listing->setPlainText(*edited);
        m_listing->document()->setModified(true);
    }
}

QStringList ProgramController::unsavedListings() const
{
    QStringList names;
    const QString shown = editsKey(m_origin);
    auto nameOf = [](const QString& key) {
        return key.startsWith(QLatin1String("lesson:")) ? key.mid(7) + QStringLiteral(".py")
                                                        : QFileInfo(key.mid(7)).fileName();
    };
    if (!shown.isEmpty() && isEdited())
        names << nameOf(shown);
    QStringList others;
    for (auto it = m_edits.cbegin(); it != m_edits.cend(); ++it) {
        if (it.key() != shown)
            others << nameOf(it.key());
    }
    others.sort();
    return names + others;
}

void ProgramController::showLesson(const Scenario* scenario)
{
    if (!scenario)
        return;
    rememberEdits();
    m_origin = Origin{Origin::Kind::Lesson, scenario->id, {}};
    m_listing->setListing(scenario->listing());
    restoreEdits();
    emit listingChanged();
}

void ProgramController::showTrace(const TraceMetadata& metadata)
{
    const Scenario* lesson = metadata.scenarioId.isEmpty() ? nullptr : findScenario(metadata.scenarioId);
    QList<QPair<QString, QString>> ran;
    for (const auto& [name, value] : metadata.parameters)
        ran.append({name, value.toString()});
    const Result<ParameterValues> values =
        lesson ? resolveParameters(lesson->parameters, ran) : Result<ParameterValues>::failure(QString());
    rememberEdits();
    m_runOrigin = Origin{}; // the run on screen is the file's now: no earlier run's script lights its lines
    if (lesson && values) {
        m_origin = Origin{Origin::Kind::Lesson, lesson->id, {}};
        m_listing->setListing(lesson->listingWith(*values));
    } else if (metadata.isPython() && QFileInfo(metadata.script).isFile() && openScript(metadata.script)) {
        // A script's run, saved and opened again, where the script still is: its events light its lines again (a
        // user-reviewer's saved run showed "it has no program to show" beside the path of the script it ran).
        m_runOrigin = m_origin;
        return;
    } else {
        m_origin = Origin{};
        const QString what = metadata.file.isEmpty() ? tr("This trace") : QFileInfo(metadata.file).fileName();
        m_listing->setListing(
            tr("# %1 is a trace, not a run\n# of one of Threadline's lessons:\n# it has no program to show here.\n")
                .arg(what));
    }
    emit listingChanged();
}

Status ProgramController::openScript(const QString& path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return Status::failure(tr("%1: no such file").arg(path));
    if (info.isDir())
        return Status::failure(tr("%1 is a directory, not a Python script").arg(path));
    if (info.size() > kMaxScriptBytes)
        return Status::failure(tr("%1 is too large to show (%2 MB)").arg(path).arg(info.size() >> 20));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Status::failure(tr("cannot read %1: %2").arg(path, file.errorString()));
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return Status::failure(tr("cannot read %1: %2").arg(path, file.errorString()));
    // A zipapp (python3 runs its __main__.py) or any other binary file has no text to show or edit.
    if (bytes.contains('\0'))
        return Status::failure(
            tr("%1 is not a Python script's text (a zipapp runs headless: threadline --export OUT %1)").arg(path));
    rememberEdits();
    m_origin = Origin{Origin::Kind::Script, {}, info.absoluteFilePath()};
    // Python reads source as UTF-8 (PEP 3120); bytes that are not are its error to report, not ours.
    m_listing->setListing(QString::fromUtf8(bytes));
    restoreEdits();
    emit listingChanged();
    return success();
}

Status ProgramController::start(const Result<PythonRunOptions>& options)
{
    if (!options)
        return Status::failure(options.error());
    if (const Status started = m_runs->startPython(*options); !started)
        return started;
    m_runOrigin = m_origin;
    return success();
}

Result<PythonRunOptions> ProgramController::listingRun(const Scenario* lesson, const Result<ParameterValues>& values,
                                                       double speed, LessonRun* asLesson)
{
    using Options = Result<PythonRunOptions>;
    const QString text = m_listing->toPlainText();
    switch (m_origin.kind) {
    case Origin::Kind::None:
        return Options::failure(tr("There is no program in the listing: pick a lesson or open a Python script."));
    case Origin::Kind::Lesson: {
        const Scenario* shown = findScenario(m_origin.lessonId);
        if (!shown)
            return Options::failure(tr("The lesson %1 is not known.").arg(m_origin.lessonId));
        if (isEdited()) {
            // What the user typed runs as typed: the form's values would overwrite their constants.
            // Said once, by the id: the header shows "hello (edited) — Start a thread ...".
            const TraceMetadata meta{shown->id + tr(" (edited)"), shown->title, {}, speed};
            return m_launcher.text(text, shown->id + QStringLiteral(".py"), speed, meta);
        }
        if (!values)
            return Options::failure(tr("Refused: %1").arg(values.error()));
        // The form belongs to the picker's lesson; another lesson's listing runs with its defaults.
        const Result<ParameterValues> used =
            lesson && lesson->id == shown->id ? values
                                              : resolveParameters(shown->parameters, QList<QPair<QString, QString>>{});
        if (!used)
            return Options::failure(used.error());
        if (asLesson)
            *asLesson = LessonRun{shown, *used};
        return m_launcher.lesson(*shown, *used, speed);
    }
    case Origin::Kind::Script: {
        const QString name = QFileInfo(m_origin.path).fileName();
        if (!isEdited())
            return m_launcher.script(m_origin.path, speed);
        const TraceMetadata meta{name + tr(" (edited)"), name + tr(" (edited)"), {}, speed};
        return m_launcher.text(text, name, speed, meta);
    }
    }
    return Options::failure(tr("Nothing to run."));
}

Status ProgramController::runInPython(const Scenario* lesson, const Result<ParameterValues>& values, double speed)
{
    LessonRun asLesson;
    const Status started = start(listingRun(lesson, values, speed, &asLesson));
    if (started && asLesson.lesson) {
        // The listing shows the constants the run uses, as for an engine run.
        m_listing->setListing(asLesson.lesson->listingWith(asLesson.values));
        emit listingChanged();
    }
    return started;
}

Status ProgramController::runProgram(const PythonRunOptions& options)
{
    if (!options.script.isEmpty()) {
        if (const Status opened = openScript(options.script); !opened)
            return opened;
    } else {
        rememberEdits();
        m_origin = Origin{};
        m_listing->setListing(tr("# python -m %1\n# A module's source is not shown here; its events still name "
                                 "their files and lines.\n")
                                  .arg(options.module));
        emit listingChanged();
    }
    // Later runs from the window use the interpreter the command line named.
    m_launcher.setInterpreter(options.python);
    const Status started = m_runs->startPython(options);
    if (started)
        m_runOrigin = m_origin;
    return started;
}

Status ProgramController::saveAs(const QString& path)
{
    const QByteArray bytes = m_listing->toPlainText().toUtf8();
    const Status written =
        writeFileAtomically(path, [&bytes](QIODevice& out) { return out.write(bytes) == bytes.size(); });
    if (!written)
        return written;
    m_edits.remove(editsKey(m_origin)); // the edits live on in the file now
    m_origin = Origin{Origin::Kind::Script, {}, QFileInfo(path).absoluteFilePath()};
    m_edits.remove(editsKey(m_origin)); // edits left in the file it replaces are gone with it
    m_listing->markUnedited();
    emit listingChanged();
    return success();
}

int ProgramController::listingLine(EventId id) const
{
    const TraceStore* store = m_runs->store();
    if (!store || !store->contains(id) || store->event(id).line == 0)
        return 0;
    const TraceMetadata& meta = store->metadata();
    const int line = store->event(id).line;
    if (m_runs->pythonSource() || (m_runs->fileSource() && meta.isPython())) {
        if (m_origin.kind == Origin::Kind::None || !(m_origin == m_runOrigin))
            return 0;
        const StringId file = store->fileOf(id); // 0: the script's own line
        return file == 0 || store->text(file) == meta.script ? line : 0;
    }
    return m_origin.kind == Origin::Kind::Lesson && meta.scenarioId == m_origin.lessonId ? line : 0;
}

std::optional<ProgramController::SyntaxErrorReport> ProgramController::syntaxError() const
{
    const TraceStore* store = m_runs->store();
    const PythonSource* python = m_runs->pythonSource();
    if (!store || !python || store->laneCount() == 0)
        return std::nullopt;
    const LaneInfo& main = store->lane(0);
    for (std::size_t i = 0; i < main.events.size(); ++i) {
        const Event& e = main.events[i];
        if (e.kind != EventKind::Error || !isSyntaxErrorType(store->text(e.a)))
            continue;
        QString text = QString::fromUtf8(python->capturedStderr());
        while (text.endsWith(QLatin1Char('\n')))
            text.chop(1);
        // A listing runs from a private file the user never sees (and that goes with the run): its report names it
        // as the listing is named, "hello.py", as `python3 hello.py` beside it would.
        const QString script = store->metadata().script;
        if (m_launcher.wrote(script))
            text.replace(QStringLiteral("File \"%1\"").arg(script),
                         QStringLiteral("File \"%1\"").arg(QFileInfo(script).fileName()));
        return SyntaxErrorReport{main.events.id(i), 0, store->text(e.a), text};
    }
    return std::nullopt;
}

} // namespace tl::ui
