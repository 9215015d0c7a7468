#include "py/scenariorun.h"

#include "py/excepthook.h"
#include "py/trackedwait.h"

#include <algorithm>
#include <chrono>

namespace tl {

ScenarioRun::ScenarioRun(RunOptions options)
    : m_context(std::make_unique<RunContext>(options))
{
}

ScenarioRun::~ScenarioRun()
{
    if (m_mainThread) {
        if (!isFinished())
            requestStop();
        m_mainThread->join();
    }
    m_context->threads().joinAllThreads();
}

void ScenarioRun::start(MainFunction main)
{
    Q_ASSERT(!m_mainThread);
    m_context->clock().threadStarting(); // running from now: no jump while its OS thread starts
    m_mainThread = std::make_unique<EngineThread>([this, main = std::move(main)] { mainBody(main); }, 0, "MainThread");
    if (m_mainThread->start())
        return;
    // No thread to be had (see ThreadRegistry::spawnOsThread): a run that ended before its first event,
    // and says why, rather than one that never finishes.
    m_mainThread.reset();
    m_metadata.problems << QStringLiteral("the system would not give a thread for MainThread");
    m_context->clock().threadEnded();
    m_finished.store(true, std::memory_order_release);
}

void ScenarioRun::requestStop()
{
    m_context->interrupts().requestStop();
}

std::size_t ScenarioRun::drain(std::vector<Event>& out)
{
    const std::size_t before = out.size();
    const std::size_t drained = m_context->events().channel().drain(out);
    stopOnShortage(std::span<const Event>(out).subspan(before));
    return drained;
}

void ScenarioRun::stopOnShortage(std::span<const Event> drained)
{
    // The refusal is reported before its error is raised, so a batch holding that error finds it reported.
    if (m_stoppedForShortage)
        return;
    const std::optional<ResourceShortage::Report> shortage = m_context->shortage().first();
    if (!shortage)
        return;
    m_shortageLaneDone =
        m_shortageLaneDone || std::any_of(drained.begin(), drained.end(), [&](const Event& e) {
            return e.lane == shortage->lane && (e.kind == EventKind::Error || e.kind == EventKind::RunEnd);
        });
    const bool graceOver =
        std::chrono::steady_clock::now() - shortage->at >= std::chrono::milliseconds(kShortageGraceMs);
    if (!m_shortageLaneDone && !graceOver)
        return;
    m_stoppedForShortage = true;
    const QString refused =
        QStringLiteral("the system would not give %1 (%2)").arg(shortage->resource, shortage->error);
    if (isFinished()) { // the program caught the error and ended first: nothing left to stop
        m_metadata.problems << refused;
        return;
    }
    m_metadata.problems << QStringLiteral("stopped: ") + refused;
    m_metadata.stopped = true;
    requestStop();
}

std::shared_ptr<const StringTable> ScenarioRun::strings() const
{
    return m_context->sharedStrings();
}

std::uint64_t ScenarioRun::droppedEvents() const
{
    return m_context->events().channel().droppedEvents();
}

std::int64_t ScenarioRun::nowTs() const
{
    return m_context->clock().nowNs();
}

void ScenarioRun::setSpeed(double speed)
{
    m_context->clock().setSpeed(speed);
}

double ScenarioRun::speed() const
{
    return m_context->clock().speed();
}

void ScenarioRun::pause()
{
    m_context->events().gate().pause();
}

void ScenarioRun::resume()
{
    m_context->events().gate().resume();
}

bool ScenarioRun::isPaused() const
{
    return m_context->events().gate().paused();
}

void ScenarioRun::step()
{
    m_context->events().gate().step();
}

bool ScenarioRun::stepThread(LaneId lane)
{
    const auto lanes = m_context->threads().lanes();
    return lane < lanes.size() && m_context->events().gate().stepLane(*lanes[lane]);
}

std::uint64_t ScenarioRun::stepsTaken() const
{
    return m_context->events().gate().steps();
}

bool ScenarioRun::isQuiet() const
{
    const VirtualClock::Census census = m_context->clock().census();
    return census.running == 0 && census.woken == 0;
}

bool ScenarioRun::isStuck() const
{
    const VirtualClock::Census census = m_context->clock().census();
    return census.running == 0 && census.woken == 0 && census.timed == 0 && census.polling == 0 &&
           m_context->events().gate().held() == 0 && !isFinished();
}

bool ScenarioRun::waitForFinished(int timeoutMs)
{
    if (!m_mainThread)
        return true;
    return m_mainThread->join(timeoutMs < 0 ? std::nullopt : std::optional(std::chrono::milliseconds(timeoutMs)));
}

void ScenarioRun::mainBody(const MainFunction& main)
{
    RunContext& run = *m_context;
    run.clock().zeroNow();
    auto lane = run.threads().createLane(QStringLiteral("MainThread"), false, QString());
    ThreadState& self = *lane;
    setCurrentThreadState(&self);
    run.events().flushDeferred(self);
    self.started.store(true);
    self.running.store(true);
    self.bindToCallingThread();
    std::optional<ThreadUnwind::Reason> unwound;
    try {
        run.events().emitChecked(self, EventKind::RunBegin);
        const Escape escape = catchEscaping(main);
        if (escape.unwound)
            throw ThreadUnwind{*escape.unwound}; // a stop: ends the lane below, not an error
        if (escape.error)
            reportUncaught(self, *escape.error, ErrorSite::Main);
        exitSequence(self);
    } catch (const ThreadUnwind& u) {
        unwound = u.reason;
    }
    if (unwound) {
        run.events().emitAt(self, run.interrupts().stopTs(), EventKind::Stopped);
        run.events().emitAt(self, run.interrupts().stopTs(), EventKind::RunEnd);
    }
    self.markEnded(); // main no longer counts as running: joining the OS threads is no part of the lesson
    run.threads().joinAllThreads();
    setCurrentThreadState(nullptr);
    m_finished.store(true, std::memory_order_release);
}

void ScenarioRun::exitSequence(ThreadState& self)
{
    RunContext& run = *m_context;
    EventSink& events = run.events();
    InterruptHub& interrupts = run.interrupts();
    events.emitChecked(self, EventKind::ExitWaitBegin);
    run.threads().runAtExitCallbacks();
    waitForNonDaemonThreads(self);
    events.emitChecked(self, EventKind::ExitWaitEnd);
    interrupts.cutDaemons();
    events.emitAt(self, interrupts.cutTs(), EventKind::Exit);
    events.emitAt(self, interrupts.cutTs(), EventKind::RunEnd);
}

void ScenarioRun::waitForNonDaemonThreads(ThreadState& self)
{
    // As CPython's threading._shutdown: repeat, since a thread may start another before it ends.
    RunContext& run = *m_context;
    for (bool waited = true; waited;) {
        waited = false;
        for (const auto& lane : run.threads().lanes()) {
            if (lane.get() == &self || lane->daemon.load() || !lane->started.load() || lane->ended.load())
                continue;
            // A join like any other: a thread that waits for a lock main still holds never ends (CPython hangs).
            const TrackedWait tracked(self, {WaitFor::Kind::Join, kNoValue, nullptr, lane.get(), false});
            std::unique_lock lock(lane->mutex);
            run.interrupts().wait(self, lock, lane->changed, std::nullopt, [&lane] { return lane->ended.load(); });
            waited = true;
        }
    }
}

} // namespace tl
