#pragma once

#include "engine/enginethread.h"
#include "engine/runcontext.h"
#include "trace/tracesource.h"

#include <atomic>
#include <functional>
#include <memory>
#include <span>

namespace tl {

// One run of a scenario's main function on its own "MainThread", with Python's interpreter-exit rules:
// when the main function returns the main thread runs the atexit hooks (executors), waits for every
// non-daemon thread (exit-wait), then cuts the daemons and joins every OS thread of the run.
// requestStop() unwinds every thread at its next blocking point; no thread outlives the run.
//
// As a TraceSource it is the engine's run: its events come from the run's channel, its clock is the
// run's virtual clock, and it has finished once every thread of the run has been joined.
//
// A run short of a thread or a descriptor (ResourceShortage) is stopped by its drain(): once the lane the
// system refused has raised or ended (so Python's error is in the trace), or kShortageGraceMs after the
// refusal if the program caught it. Its metadata then says why, and that it was stopped.
//
// Live controls: the speed (how fast the clock jumps over waits, see VirtualClock), and pause, resume and
// step through the event gate (see EventGate). A stop works from a pause.
//
// Thread affinity: owned and driven by one controlling thread (the GUI or a headless recorder), which
// also drains it. The live controls may be called from any thread.
class ScenarioRun final : public TraceSource {
public:
    using MainFunction = std::function<void()>;

    explicit ScenarioRun(RunOptions options = {});
    // Stops the run if it is still going and joins every thread.
    ~ScenarioRun() override;
    ScenarioRun(const ScenarioRun&) = delete;
    ScenarioRun& operator=(const ScenarioRun&) = delete;

    // Long enough for the refused lane to raise on a loaded machine: its error is formatted and emitted in
    // microseconds, but a descheduled thread, or a sanitizer build printing a report on the way, took over
    // 100 ms in CI, and a stop that comes first unwinds the lane before its error is in the trace.
    static constexpr int kShortageGraceMs = 1000;

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

    // Takes effect at once, on a jump in progress too. kSpeedMax: jumps are instant.
    void setSpeed(double speed);
    double speed() const;
    // Every engine thread stops at its next event, and the clock stands still.
    void pause();
    void resume();
    bool isPaused() const;
    // Lets exactly the next event of the run through, then is paused again (it pauses first if running). If
    // every thread waits, the clock jumps to the next deadline and that thread brings the event.
    void step();
    // The same for the next event of one lane; false if there is no such lane, or it has ended.
    bool stepThread(LaneId lane);
    // Events let through by steps so far: a step is done once this has grown by one.
    std::uint64_t stepsTaken() const;
    // True when no engine thread is running code: each waits (blocked, or held at the gate) or has ended.
    bool isQuiet() const;
    // True when no event can ever come: no thread runs or is held at the gate, and each that waits has no deadline
    // and no socket to wake it (a deadlock, a join of a thread that waits for ever). A step would wait for ever.
    bool isStuck() const;

private:
    void mainBody(const MainFunction& main);
    void exitSequence(ThreadState& self);
    void waitForNonDaemonThreads(ThreadState& self);
    void stopOnShortage(std::span<const Event> drained);

    std::unique_ptr<RunContext> m_context;
    TraceMetadata m_metadata;
    std::unique_ptr<EngineThread> m_mainThread;
    std::atomic<bool> m_finished{false};
    bool m_shortageLaneDone = false; // the refused lane has raised or ended
    bool m_stoppedForShortage = false;
};

} // namespace tl
