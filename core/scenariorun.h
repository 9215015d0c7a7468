#pragma once

#include "enginethread.h"
#include "runcontext.h"

#include <atomic>
#include <functional>
#include <memory>

namespace tl {

// One run of a scenario's main function on its own "MainThread", with Python's interpreter-exit rules:
// when the main function returns the main thread runs the atexit hooks (executors), waits for every
// non-daemon thread (exit-wait), then cuts the daemons and joins every OS thread of the run.
// requestStop() unwinds every thread at its next blocking point; no thread outlives the run.
//
// Thread affinity: owned and driven by one controlling thread (the GUI or a headless recorder), which
// also drains context().channel().
class ScenarioRun {
public:
    using MainFunction = std::function<void()>;

    explicit ScenarioRun(RunOptions options = {});
    // Stops the run if it is still going and joins every thread.
    ~ScenarioRun();
    ScenarioRun(const ScenarioRun&) = delete;
    ScenarioRun& operator=(const ScenarioRun&) = delete;

    void start(MainFunction main);
    void requestStop();
    bool isFinished() const { return m_finished.load(std::memory_order_acquire); }
    // Waits up to timeoutMs wall milliseconds (-1: forever); true once finished.
    bool waitForFinished(int timeoutMs = -1);

    RunContext& context() { return *m_context; }

private:
    void mainBody(const MainFunction& main);
    void exitSequence(ThreadState& self);
    void waitForNonDaemonThreads(ThreadState& self);

    std::unique_ptr<RunContext> m_context;
    std::unique_ptr<EngineThread> m_mainThread;
    std::atomic<bool> m_finished{false};
};

}  // namespace tl
