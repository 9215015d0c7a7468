#include "window/runcontroller.h"

#include "engine/speed.h"
#include "import/filesource.h"
#include "py/scenariorun.h"
#include "pysource/pythonsource.h"
#include "trace/tracerecorder.h"
#include "trace/tracestore.h"

#include <QThread>

#include <algorithm>

namespace tl::ui {

RunController::RunController(QObject* parent)
    : QObject(parent)
{
    m_timer.setInterval(kDefaultDrainIntervalMs);
    m_timer.setTimerType(Qt::CoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, &RunController::onTick);
}

RunController::~RunController()
{
    m_timer.stop();
    m_recorder.reset();
    m_source.reset(); // asks the run to stop and joins it: quick, every wait in a run is interruptible
    const std::vector<QThread*> reapers = m_reapers;
    for (QThread* reaper : reapers) {
        reaper->disconnect(this);
        reaper->wait();
        delete reaper;
    }
}

void RunController::start(const tl::Scenario& scenario, const tl::ParameterValues& values, double speed)
{
    m_scenario = scenario;
    m_pythonOptions.reset();
    m_values = values;
    m_speed = speed == kSpeedMax ? speed : std::clamp(speed, kMinSpeed, kMaxSpeed);
    auto run = std::make_unique<ScenarioRun>(RunOptions{.speed = m_speed});
    TraceMetadata meta{scenario.id, scenario.title, values.ordered(), m_speed};
    meta.source = QString::fromLatin1(TraceMetadata::kEngine);
    run->setMetadata(meta);
    run->start([main = scenario.main, values] { main(values); });
    startSource(std::move(run));
}

Status RunController::startPython(const PythonRunOptions& options)
{
    PythonRunOptions clamped = options;
    clamped.speed = std::clamp(options.speed, kMinSpeed, kMaxSpeed);
    auto source = std::make_unique<PythonSource>(clamped);
    // Started before anything is replaced: bad input leaves the run on screen as it was.
    if (const Status started = source->start(); !started)
        return started;
    PythonSource* python = source.get();
    startSource(std::move(source));
    m_python = python;
    m_pythonOptions = clamped;
    m_scenario.reset();
    m_values = {};
    m_speed = clamped.speed;
    return success();
}

void RunController::startFile(std::unique_ptr<import::FileSource> file)
{
    import::FileSource* opened = file.get();
    startSource(std::move(file));
    m_file = opened;
    m_scenario.reset();
    m_pythonOptions.reset();
    m_values = {};
}

Status RunController::restart(double speed)
{
    if (m_file) {
        startFile(std::make_unique<import::FileSource>(m_file->path()));
        return success();
    }
    if (m_pythonOptions) {
        PythonRunOptions options = *m_pythonOptions;
        options.speed = speed;
        return startPython(options);
    }
    if (!m_scenario)
        return Status::failure(tr("There is no run to restart yet."));
    // Copies: start() replaces both.
    const Scenario scenario = *m_scenario;
    const ParameterValues values = m_values;
    start(scenario, values, speed);
    return success();
}

void RunController::startSource(std::unique_ptr<TraceSource> source)
{
    retireCurrentRun();
    ++m_generation;
    auto store = std::make_unique<TraceStore>(source->strings());
    store->setMetadata(source->metadata());
    m_recorder = std::make_unique<TraceRecorder>(*source, *store);
    m_source = std::move(source);
    // Views switch to the new store before the old one goes away.
    const std::unique_ptr<TraceStore> oldStore = std::exchange(m_store, std::move(store));
    emit storeReplaced(m_store.get());

    m_stopRequested = false;
    m_interpreterKnown = false;
    const bool wasRunning = std::exchange(m_running, true);
    m_timer.start();
    if (!wasRunning)
        emit runningChanged(true);
}

void RunController::stop()
{
    if (m_source && m_running) {
        m_stopRequested = true;
        m_source->requestStop();
    }
}

std::int64_t RunController::nowTs() const
{
    if (m_running && m_source)
        return m_source->nowTs();
    return m_store ? m_store->endTs() : 0;
}

void RunController::setDrainInterval(int ms)
{
    m_timer.setInterval(std::max(ms, 1));
}

bool RunController::runThreadsFinished() const
{
    return !m_source || m_source->isFinished();
}

void RunController::drainNow()
{
    if (!m_recorder)
        return;
    // Read before draining: a source says it has finished only after its last event was published, so
    // the drain that follows a true reading holds the run's last events.
    const bool sourceDone = m_source->isFinished();
    if (m_recorder->drainOnce() != 0)
        emit batchAppended(m_recorder->lastChange());
    if (m_python && !m_interpreterKnown && !m_python->interpreter().isEmpty()) {
        m_interpreterKnown = true;
        refreshMetadata();
    }
    if (sourceDone && m_running) {
        m_running = false;
        m_timer.stop();
        refreshMetadata();
        emit ticked(nowTs());
        emit runningChanged(false);
        emit finished();
    }
}

void RunController::onTick()
{
    drainNow();
    if (m_running)
        emit ticked(nowTs());
}

void RunController::refreshMetadata()
{
    m_store->setMetadata(m_source->metadata());
    emit metadataChanged();
}

void RunController::retireCurrentRun()
{
    if (!m_source)
        return;
    m_python = nullptr;
    m_file = nullptr;
    m_recorder.reset();
    if (m_source->isFinished()) {
        m_source.reset();
        return;
    }
    m_source->requestStop();
    // Ending may take a moment (a thousand threads unwinding): do it off the GUI thread. The source is
    // never drained again, so its late events cannot reach the next store.
    QThread* reaper = QThread::create([source = std::move(m_source)]() mutable { source.reset(); });
    reaper->setObjectName(QStringLiteral("run reaper"));
    m_reapers.push_back(reaper);
    connect(reaper, &QThread::finished, this, [this, reaper] {
        m_reapers.erase(std::remove(m_reapers.begin(), m_reapers.end(), reaper), m_reapers.end());
        reaper->deleteLater();
    });
    reaper->start();
}

} // namespace tl::ui
