#include "window/runcontroller.h"

#include "engine/speed.h"
#include "import/filesource.h"
#include "net/openfilelimit.h"
#include "py/scenariorun.h"
#include "pysource/inheritedsignals.h"
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
    ScenarioRun* engine = run.get();
    startSource(std::move(run), engine);
}

Status RunController::startPython(const PythonRunOptions& options)
{
    PythonRunOptions clamped = options;
    // Max has no meaning for CPython, whose waits Threadline does not own: the highest scaled speed
    // instead, and the trace says which speed it ran at.
    clamped.speed = std::clamp(options.speed, kMinSpeed, kMaxSpeed);
    clamped.metadata.speed = clamped.speed;
    clamped.openFileLimit = openFileLimitAtStart().soft;
    clamped.ignoredSignals = stopSignalsIgnoredAtStart();
    auto source = std::make_unique<PythonSource>(clamped);
    // Started before anything is replaced: bad input leaves the run on screen as it was.
    if (const Status started = source->start(); !started)
        return started;
    PythonSource* python = source.get();
    startSource(std::move(source), nullptr, python);
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
    if (m_file)
        return Status::failure(tr("An opened trace is read again by opening it."));
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

void RunController::startSource(std::unique_ptr<TraceSource> source, ScenarioRun* engine, PythonSource* python)
{
    retireCurrentRun();
    ++m_generation;
    auto store = std::make_unique<TraceStore>(source->strings());
    store->setMetadata(source->metadata());
    m_recorder = std::make_unique<TraceRecorder>(*source, *store);
    m_source = std::move(source);
    m_engine = engine;
    m_python = python; // before the signals below: the window asks canPause() on runningChanged()
    const std::unique_ptr<TraceStore> oldStore = std::exchange(m_store, std::move(store));
    m_stopRequested = false;
    m_interpreterKnown = false;
    m_stepTarget = 0;
    m_stepLane.reset();
    const bool wasRunning = std::exchange(m_running, true);
    m_timer.start();
    // Views switch to the new store before the old one goes away; the run is live by then.
    emit storeReplaced(m_store.get());
    setPausedState(false);
    if (!wasRunning)
        emit runningChanged(true);
}

void RunController::stop()
{
    if (m_source && m_running) {
        m_stopRequested = true;
        m_stepTarget = 0; // the threads unwind through the gate: no step will complete
        m_source->requestStop();
        if (m_python)
            setPausedState(false); // the source resumed the program so that it can unwind
    }
}

bool RunController::setSpeed(double speed)
{
    if (m_python && m_running) {
        // As at its start: Max is the highest scaled speed for CPython, whose waits Threadline does not own.
        const double scaled = std::clamp(speed, kMinSpeed, kMaxSpeed);
        if (!m_python->setSpeed(scaled))
            return false;
        m_speed = scaled;
        refreshMetadata();
        return true;
    }
    if (!hasLiveControls())
        return false;
    m_speed = speed == kSpeedMax ? speed : std::clamp(speed, kMinSpeed, kMaxSpeed);
    m_engine->setSpeed(m_speed);
    refreshMetadata();
    return true;
}

void RunController::pause()
{
    if (m_python && m_running) {
        // Refused once the program has ended or its tracer has gone: then the run is not paused.
        setPausedState(m_python->pause());
        return;
    }
    if (!hasLiveControls())
        return;
    m_engine->pause();
    setPausedState(true);
}

void RunController::resume()
{
    if (m_python && m_running) {
        m_python->resume();
        setPausedState(false);
        return;
    }
    if (!hasLiveControls())
        return;
    m_stepTarget = 0;
    m_stepLane.reset();
    m_engine->resume();
    setPausedState(false);
}

bool RunController::isPaused() const
{
    return canPause() && m_paused;
}

bool RunController::isQuiet() const
{
    return hasLiveControls() && m_engine->isQuiet();
}

bool RunController::isStuck() const
{
    return hasLiveControls() && m_engine->isStuck();
}

bool RunController::step()
{
    // Stuck, a step waited for ever with the clock running, the window saying "paused".
    if (!hasLiveControls() || isStuck())
        return false;
    // A step asked for while one is pending goes one further.
    m_stepTarget = std::max(m_stepTarget, m_engine->stepsTaken()) + 1;
    m_stepLane.reset();
    m_engine->step();
    setPausedState(true);
    return true;
}

bool RunController::stepThread(LaneId lane)
{
    if (!hasLiveControls() || isStuck())
        return false;
    const std::uint64_t target = std::max(m_stepTarget, m_engine->stepsTaken()) + 1;
    if (!m_engine->stepThread(lane)) {
        setPausedState(m_engine->isPaused());
        return false;
    }
    m_stepTarget = target;
    m_stepLane = lane;
    setPausedState(true);
    return true;
}

void RunController::setPausedState(bool paused)
{
    if (std::exchange(m_paused, paused) != paused)
        emit pausedChanged(paused);
}

bool RunController::stepSettled() const
{
    // Counted once its event passed the gate, and every thread waits again: the event has been published.
    return m_stepTarget != 0 && m_engine && m_engine->stepsTaken() >= m_stepTarget && m_engine->isQuiet();
}

void RunController::finishStep()
{
    const std::optional<LaneId> lane = std::exchange(m_stepLane, std::nullopt);
    m_stepTarget = 0;
    for (auto id = static_cast<EventId>(m_store->eventCount()); id > 0; --id) {
        if (!lane || m_store->event(id - 1).lane == *lane) {
            emit stepped(id - 1);
            return;
        }
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
    const bool stepDone = stepSettled() || (m_stepTarget != 0 && sourceDone);
    if (m_recorder->drainOnce() != 0)
        emit batchAppended(m_recorder->lastChange());
    if (stepDone)
        finishStep();
    if (m_python && !m_interpreterKnown && !m_python->interpreter().isEmpty()) {
        m_interpreterKnown = true;
        refreshMetadata();
    }
    if (sourceDone && m_running) {
        m_running = false;
        m_timer.stop();
        m_stepTarget = 0;
        setPausedState(false);
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
    TraceMetadata meta = m_source->metadata();
    if (m_engine)
        meta.speed = m_speed; // changed live: the speed the run goes at now
    m_store->setMetadata(meta);
    emit metadataChanged();
}

void RunController::retireCurrentRun()
{
    if (!m_source)
        return;
    m_python = nullptr;
    m_engine = nullptr;
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
