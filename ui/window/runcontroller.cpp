#include "window/runcontroller.h"

#include "py/scenariorun.h"
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
    m_run.reset(); // asks the run to stop and joins it: quick, every wait in a run is interruptible
    const std::vector<QThread*> reapers = m_reapers;
    for (QThread* reaper : reapers) {
        reaper->disconnect(this);
        reaper->wait();
        delete reaper;
    }
}

void RunController::start(const tl::Scenario& scenario, const tl::ParameterValues& values, double speed)
{
    retireCurrentRun();
    ++m_generation;
    m_scenario = scenario;
    m_values = values;
    m_speed = std::clamp(speed, kMinSpeed, kMaxSpeed);

    auto run = std::make_unique<ScenarioRun>(RunOptions{.speed = m_speed});
    auto store = std::make_unique<TraceStore>(run->context().sharedStrings());
    store->setMetadata(TraceMetadata{scenario.id, scenario.title, values.ordered(), m_speed});
    m_recorder = std::make_unique<TraceRecorder>(*run, *store);
    m_run = std::move(run);
    // Views switch to the new store before the old one goes away.
    const std::unique_ptr<TraceStore> oldStore = std::exchange(m_store, std::move(store));
    emit storeReplaced(m_store.get());

    m_stopRequested = false;
    m_run->start([main = scenario.main, values] { main(values); });
    const bool wasRunning = std::exchange(m_running, true);
    m_timer.start();
    if (!wasRunning)
        emit runningChanged(true);
}

void RunController::stop()
{
    if (m_run && m_running) {
        m_stopRequested = true;
        m_run->requestStop();
    }
}

bool RunController::restart()
{
    if (!m_scenario)
        return false;
    const tl::Scenario scenario = *m_scenario;
    start(scenario, m_values, m_speed);
    return true;
}

std::int64_t RunController::nowTs() const
{
    if (m_running && m_run)
        return m_run->context().clock().nowNs();
    return m_store ? m_store->endTs() : 0;
}

void RunController::setDrainInterval(int ms)
{
    m_timer.setInterval(std::max(ms, 1));
}

bool RunController::runThreadsFinished() const
{
    return !m_run || m_run->isFinished();
}

void RunController::drainNow()
{
    if (!m_recorder)
        return;
    // Read before draining: finished is published after every thread was joined, so the drain that
    // follows a true reading holds the run's last events.
    const bool threadsDone = m_run->isFinished();
    if (m_recorder->drainOnce() != 0)
        emit batchAppended(m_recorder->lastBatch());
    if (threadsDone && m_running) {
        m_running = false;
        m_timer.stop();
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

void RunController::retireCurrentRun()
{
    if (!m_run)
        return;
    m_recorder.reset();
    if (m_run->isFinished()) {
        m_run.reset();
        return;
    }
    m_run->requestStop();
    // Joining may take a moment (a thousand threads unwinding): do it off the GUI thread. The run's
    // channel is never drained again, so its late events cannot reach the next store.
    QThread* reaper = QThread::create([run = std::move(m_run)]() mutable { run.reset(); });
    reaper->setObjectName(QStringLiteral("run reaper"));
    m_reapers.push_back(reaper);
    connect(reaper, &QThread::finished, this, [this, reaper] {
        m_reapers.erase(std::remove(m_reapers.begin(), m_reapers.end(), reaper), m_reapers.end());
        reaper->deleteLater();
    });
    reaper->start();
}

} // namespace tl::ui
