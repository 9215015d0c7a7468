#include "pysource/pythonsource.h"

#include "pysource/childprocess.h"
#include "pysource/pythonreader.h"
#include "pysource/tracerfiles.h"
#include "trace/stringtable.h"

#include <QFileInfo>

#include <sys/wait.h>

#include <cerrno>
#include <chrono>

namespace tl {

namespace {

QString speedText(double speed)
{
    return QString::number(speed, 'g', 17);
}

Status checkScript(const QString& script)
{
    const QFileInfo info(script);
    if (!info.exists())
        return Status::failure(QStringLiteral("%1: no such file").arg(script));
    // A directory runs its __main__.py, as under python3 (which says so if it has none).
    if (!info.isReadable())
        return Status::failure(QStringLiteral("%1: cannot read it (permission denied)").arg(script));
    return success();
}

} // namespace

PythonSource::PythonSource(PythonRunOptions options)
    : m_options(std::move(options))
    , m_speed(m_options.speed)
    , m_strings(std::make_shared<StringTable>())
{
}

PythonSource::~PythonSource() = default;

Status PythonSource::start()
{
    Q_ASSERT(!m_reader);
    auto fail = [this](const QString& message) {
        m_startError = message;
        return Status::failure(message);
    };
    if (m_options.script.isEmpty() == m_options.module.isEmpty())
        return fail(QStringLiteral("give a script or a module to run (one of them)"));
    if (!m_options.script.isEmpty()) {
        const QString script = QFileInfo(m_options.script).isRelative() && !m_options.workingDirectory.isEmpty()
                                   ? m_options.workingDirectory + QLatin1Char('/') + m_options.script
                                   : m_options.script;
        if (const Status checked = checkScript(script); !checked)
            return fail(checked.error());
    } else if (!m_options.constants.isEmpty()) {
        return fail(QStringLiteral("constants can be set for a script, not for a module"));
    }
    const Result<QString> tracer =
        m_options.tracer.isEmpty() ? TracerFiles::bootstrapPath() : Result<QString>(m_options.tracer);
    if (!tracer)
        return fail(tracer.error());

    ChildProcess::Spec spec;
    spec.program = m_options.python.isEmpty() ? QStringLiteral("python3") : m_options.python;
    spec.arguments << tracer.value() << QStringLiteral("--fd") << QStringLiteral("3") << QStringLiteral("--control-fd")
                   << QStringLiteral("4") << QStringLiteral("--speed") << speedText(m_options.speed);
    for (const auto& [name, value] : m_options.constants)
        spec.arguments << QStringLiteral("--set") << name + QLatin1Char('=') + value;
    if (!m_options.script.isEmpty())
        spec.arguments << QStringLiteral("--") << m_options.script;
    else
        spec.arguments << QStringLiteral("-m") << m_options.module;
    spec.arguments << m_options.args;
    spec.workingDirectory = m_options.workingDirectory;
    spec.capture = !m_options.forwardOutput;
    spec.inheritStdin = m_options.forwardInput;
    spec.openFileLimit = m_options.openFileLimit;
    spec.keepIgnored = m_options.ignoredSignals;

    auto child = std::make_unique<ChildProcess>();
    if (const Status started = child->start(spec); !started) {
        if (!spec.program.contains(QLatin1Char('/')) && child->spawnError() == ENOENT)
            return fail(QStringLiteral("no Python interpreter \"%1\" on PATH: install one (Debian: sudo apt-get "
                                       "install python3) or name one with --python PATH")
                            .arg(spec.program));
        return fail(started.error());
    }
    // A thread a C library started has no lane until its first traced call: the watch counts the program's own.
    m_deadlocks.setThreadCount([pid = child->pid()] { return threadCountOf(pid); });
    m_deadlocks.setChildProcesses([pid = child->pid()] { return hasLiveChildren(pid); });
    m_reader = std::make_unique<PythonReader>(
        std::move(child), m_strings, StopSequence(m_options.stopGraceMs, m_options.ignoredSignals), m_options.speed);
    m_reader->start();
    return success();
}

std::size_t PythonSource::drain(std::vector<Event>& out)
{
    if (!m_reader)
        return 0;
    const std::size_t first = out.size();
    m_fileScratch.clear();
    const std::size_t n = m_reader->take(out, m_fileScratch);
    if (!m_mainFileKnown) {
        if (const auto hello = m_reader->hello(); hello && !hello->script.isEmpty()) {
            m_mainFile = m_strings->intern(hello->script);
            m_mainFileKnown = true;
        }
    }
    m_drainFiles.clear();
    for (std::size_t i = 0; i < n; ++i) {
        if (m_fileScratch[i] != 0 && (m_fileScratch[i] != m_mainFile || !m_mainFileKnown)) {
            m_drainFiles.push_back({i, m_fileScratch[i]});
            m_otherFiles[eventKey(out[first + i])] = m_fileScratch[i];
        }
    }
    const auto now = std::chrono::steady_clock::now().time_since_epoch();
    m_deadlocks.observe(out, first, std::chrono::duration_cast<std::chrono::milliseconds>(now).count());
    // A deadlock or stall event names the line of the event it was found at, whose lane and seq it takes: its file.
    for (std::size_t i = first + n; i < out.size(); ++i) {
        const auto file = out[i].line != 0 ? m_otherFiles.find(eventKey(out[i])) : m_otherFiles.end();
        if (file != m_otherFiles.end())
            m_drainFiles.push_back({i - first, file->second});
    }
    return out.size() - first;
}

bool PythonSource::isFinished() const
{
    return !m_reader || m_reader->finished();
}

bool PythonSource::waitForFinished(int timeoutMs)
{
    return !m_reader || m_reader->waitForFinished(timeoutMs);
}

void PythonSource::requestStop()
{
    requestStop(SIGINT);
}

void PythonSource::requestStop(int signal)
{
    if (m_reader)
        m_reader->requestStop(signal);
}

void PythonSource::requestPatientStop(int signal)
{
    if (m_reader)
        m_reader->requestPatientStop(signal);
}

void PythonSource::requestKill()
{
    if (m_reader)
        m_reader->requestKill();
}

bool PythonSource::pause()
{
    return m_reader && m_reader->setPaused(true);
}

void PythonSource::resume()
{
    if (m_reader)
        m_reader->setPaused(false);
}

bool PythonSource::setSpeed(double speed)
{
    if (!m_reader || !m_reader->setSpeed(speed))
        return false;
    m_speed = speed;
    return true;
}

bool PythonSource::isPaused() const
{
    return m_reader && !m_reader->finished() && m_reader->paused();
}

std::shared_ptr<const StringTable> PythonSource::strings() const
{
    return m_strings;
}

std::optional<StreamHello> PythonSource::hello() const
{
    return m_reader ? m_reader->hello() : std::nullopt;
}

QString PythonSource::interpreter() const
{
    const auto h = hello();
    return h ? h->interpreter() : QString();
}

TraceMetadata PythonSource::metadata() const
{
    TraceMetadata meta = m_options.metadata;
    const std::optional<StreamHello> said = hello();
    // The file's name, not the path it was given by: the title goes onto slides, and the path is meta.script.
    const QString program = m_options.script.isEmpty() ? m_options.module : QFileInfo(m_options.script).fileName();
    if (meta.scenarioId.isEmpty())
        meta.scenarioId = m_options.script.isEmpty() ? m_options.module : QFileInfo(m_options.script).fileName();
    // Until the tracer has said hello, what the caller found out about the interpreter (if anything).
    if (said)
        meta.interpreter = said->interpreter();
    if (meta.scenarioTitle.isEmpty())
        meta.scenarioTitle =
            meta.interpreter.isEmpty() ? program : QStringLiteral("%1 in %2").arg(program, meta.interpreter);
    meta.speed = m_speed;
    meta.source = QString::fromLatin1(TraceMetadata::kPython);
    meta.executable = said && !said->executable.isEmpty() ? said->executable : m_options.python;
    if (!m_options.script.isEmpty()) {
        meta.script = said ? said->script : QFileInfo(m_options.script).absoluteFilePath();
        meta.module.clear();
    } else {
        meta.module = m_options.module;
        meta.script.clear();
    }
    meta.args = m_options.args;
    meta.problems = problems();
    meta.stopped = m_reader && m_reader->stopRequested();
    return meta;
}

std::uint64_t PythonSource::droppedEvents() const
{
    return m_reader ? m_reader->lostEvents() : 0;
}

std::int64_t PythonSource::nowTs() const
{
    return m_reader ? m_reader->nowTs() : 0;
}

std::optional<int> PythonSource::exitCode() const
{
    if (!m_reader || !m_reader->finished())
        return std::nullopt;
    const auto status = m_reader->waitStatus();
    if (!status)
        return std::nullopt;
    if (WIFSIGNALED(*status))
        return 128 + WTERMSIG(*status);
    return WEXITSTATUS(*status);
}

QStringList PythonSource::problems() const
{
    if (!m_startError.isEmpty())
        return {m_startError};
    return m_reader ? m_reader->problems() : QStringList();
}

QByteArray PythonSource::capturedStdout() const
{
    return m_reader ? m_reader->capturedStdout() : QByteArray();
}

QByteArray PythonSource::capturedStderr() const
{
    return m_reader ? m_reader->capturedStderr() : QByteArray();
}

} // namespace tl
