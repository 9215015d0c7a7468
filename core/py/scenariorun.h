#pragma once

#include "engine/enginethread.h"
#include "engine/runcontext.h"
#include "trace/tracesource.h"

#include <atomic>
#include <functional>
#include <memory>

namespace tl {

// One run of a scenario's main function on its own "MainThread", with Python's interpreter-exit rules:
// when the main function returns the main thread runs the atexit hooks (executors), waits for every
// non-daemon thread (exit-wait), then cuts the daemons and joins every OS thread of the run.
// requestStop() unwinds every thread at its next blocking point; no thread outlives the run.
//
// As a TraceSource it is the engine's run: its events come from the run's channel, its clock is the
// scenario clock, and it has finished once every thread of the run has been joined.
//
// Thread affinity: owned and driven by one controlling thread (the GUI or a headless recorder), which
// also drains it.
class ScenarioRun final : public TraceSource {
public:
    using MainFunction = std::function<void()>;

    explicit ScenarioRun(RunOptions options = {});
    // Stops the run if it is still going and joins every thread.
    ~ScenarioRun() override;
    ScenarioRun(const ScenarioRun&) = delete;
    ScenarioRun& operator=(const ScenarioRun&) = delete;

    void start(MainFunction main);
    // What the trace is of; set before the first drain.
    void setMetadata(TraceMetadata metadata) { m_metadata = std::move(metadata); }
    RunContext& context() { return *m_context; }

    // TraceSource
    std::size_t drain(std::vector<Event>& out) override;
    bool isFinished() const override { return m_finished.load(std::memory_order_acquire); }
    // Waits up to timeoutMs wall milliseconds (-1: forever); true once finished.
    bool waitForFinished(int timeoutMs = -1) override;
    void requestStop() override;
    std::shared_ptr<const StringTable> strings() const override;
    TraceMetadata metadata() const override { return m_metadata; }
    std::uint64_t droppedEvents() const override;
    std::int64_t nowTs() const override;

private:
    void mainBody(const MainFunction& main);
    void exitSequence(ThreadState& self);
    void waitForNonDaemonThreads(ThreadState& self);

    std::unique_ptr<RunContext> m_context;
    TraceMetadata m_metadata;
    std::unique_ptr<EngineThread> m_mainThread;
    std::atomic<bool> m_finished{false};
};

} // namespace tl
