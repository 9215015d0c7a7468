#include "py/scenariorun.h"

#include "py/errors.h"

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
    m_context->joinAllThreads();
}

void ScenarioRun::start(MainFunction main)
{
    Q_ASSERT(!m_mainThread);
    m_mainThread = std::make_unique<EngineThread>([this, main = std::move(main)] { mainBody(main); });
    m_mainThread->setObjectName(QStringLiteral("MainThread"));
    m_mainThread->start();
}

void ScenarioRun::requestStop()
{
    m_context->requestStop();
}

std::size_t ScenarioRun::drain(std::vector<Event>& out)
{
    return m_context->channel().drain(out);
}

std::shared_ptr<const StringTable> ScenarioRun::strings() const
{
    return m_context->sharedStrings();
}

std::uint64_t ScenarioRun::droppedEvents() const
{
    return m_context->channel().droppedEvents();
}

std::int64_t ScenarioRun::nowTs() const
{
    return m_context->clock().nowNs();
}

bool ScenarioRun::waitForFinished(int timeoutMs)
{
    if (!m_mainThread)
        return true;
    return m_mainThread->join(timeoutMs < 0 ? QDeadlineTimer(QDeadlineTimer::Forever) : QDeadlineTimer(timeoutMs));
}

void ScenarioRun::mainBody(const MainFunction& main)
{
    RunContext& run = *m_context;
    run.zeroClock();
    auto lane = run.createLane(QStringLiteral("MainThread"), false, QString());
    ThreadState& self = *lane;
    setCurrentThreadState(&self);
    self.started.store(true);
    self.running.store(true);
    self.ident.store(reinterpret_cast<std::uintptr_t>(QThread::currentThreadId()));
    bool stopped = false;
    try {
        run.emitChecked(self, EventKind::RunBegin);
        try {
            main();
        } catch (const PyException& e) {
            run.reportUncaught(self, e.type(), e.message());
        } catch (const std::exception& e) {
            run.reportUncaught(self, QStringLiteral("Exception"), QString::fromUtf8(e.what()));
        } catch (const ThreadUnwind&) {
            throw; // a stop: ends the lane below, not an error
        } catch (...) {
            // Anything else (`throw 42;`) would reach std::terminate on this OS thread and end the process.
            const PyException unknown = unknownCppException();
            run.reportUncaught(self, unknown.type(), unknown.message());
        }
        exitSequence(self);
    } catch (const ThreadUnwind&) {
        stopped = true;
    }
    if (stopped) {
        run.emitAt(self, run.stopTs(), EventKind::Stopped);
        run.emitAt(self, run.stopTs(), EventKind::RunEnd);
    }
    self.markEnded();
    run.joinAllThreads();
    setCurrentThreadState(nullptr);
    m_finished.store(true, std::memory_order_release);
}

void ScenarioRun::exitSequence(ThreadState& self)
{
    RunContext& run = *m_context;
    run.emitChecked(self, EventKind::ExitWaitBegin);
    run.runAtExitCallbacks();
    waitForNonDaemonThreads(self);
    run.emitChecked(self, EventKind::ExitWaitEnd);
    run.cutDaemons();
    run.emitAt(self, run.cutTs(), EventKind::Exit);
    run.emitAt(self, run.cutTs(), EventKind::RunEnd);
}

void ScenarioRun::waitForNonDaemonThreads(ThreadState& self)
{
    // As CPython's threading._shutdown: repeat, since a thread may start another before it ends.
    RunContext& run = *m_context;
    for (bool waited = true; waited;) {
        waited = false;
        for (const auto& lane : run.lanes()) {
            if (lane.get() == &self || lane->daemon.load() || !lane->started.load() || lane->ended.load())
                continue;
            std::unique_lock lock(lane->mutex);
            run.wait(self, lock, lane->cv, std::nullopt, [&lane] { return lane->ended.load(); });
            waited = true;
        }
    }
}

} // namespace tl
