#pragma once

#include "base/result.h"
#include "pysource/pythonrunoptions.h"
#include "scenarios/parameter.h"
#include "scenarios/scenario.h"
#include "trace/event.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace tl::import {
class FileSource;
}

namespace tl {
class PythonSource;
class ScenarioRun;
class TraceRecorder;
class TraceSource;
class TraceStore;
struct StoreChange;
} // namespace tl

class QThread;

namespace tl::ui {

// Owns the live run: its TraceSource (the engine's run of a scenario, or a Python program in a real
// interpreter under Threadline's tracer), the TraceStore it fills and the TraceRecorder between them. A timer drains
// the source at most ~60 times a second, appends each batch to the store and emits ONE batchAppended() per non-empty
// batch, with the StoreChange that says what changed, never one signal per event.
//
// Generations: every start() begins a new generation with a new store. The previous source is asked to
// stop and handed to a reaper thread that destroys it (joining its threads), so a restart never freezes
// the GUI; it is never drained again, so none of its events can reach the new store. storeReplaced()
// tells views to switch before the old store is destroyed.
//
// Invariants: store() is never null after the first start(); isRunning() is true from start() until
// finished() is emitted; finished() is emitted once for a run that ends by itself or by stop(), after its
// last batch was appended. A run replaced by start() ends silently: its store is gone with it. At most one
// of scenario(), pythonOptions() and fileSource() is set once a run has started: what restart() starts again.
//
// Live controls (issue 10): a live engine run takes a new speed, pause, resume and steps at once. A live Python
// run pauses and resumes (its tracer holds each thread at its next traced call) and takes a new speed (its
// tracer paces its sleeps anew; Max is the highest scaled speed, as Threadline does not own CPython's
// waits), but takes no step. isPaused() is false
// whenever no run that can pause is live; pausedChanged() says every change.
//
// Thread affinity: the GUI thread (every function and signal). Reaper threads only destroy sources.
class RunController : public QObject {
    Q_OBJECT
public:
    static constexpr int kDefaultDrainIntervalMs = 16;

    explicit RunController(QObject* parent = nullptr);
    // Stops the current run and waits for every run (current and retiring) to be joined.
    ~RunController() override;

    // Starts the engine's run of a copy of `scenario` with validated `values` at `speed` (clamped to
    // kMinSpeed..kMaxSpeed), replacing any run.
    void start(const tl::Scenario& scenario, const tl::ParameterValues& values, double speed);
    // Starts `options` in a real interpreter (a PythonSource), replacing any run. Bad input (no such
    // script, no interpreter) fails here, with the current run left as it was.
    tl::Status startPython(const tl::PythonRunOptions& options);
    // Shows a trace file (TraceOpener hands it over once it has been read): its events move into a new
    // store batch by batch, as a run's would. Restart opens the file again (TraceOpener: read whole before the run
    // on screen is replaced).
    void startFile(std::unique_ptr<tl::import::FileSource> file);
    // Starts the current run's program again at `speed`: the same scenario and values, or the same Python
    // program, arguments and constants. Fails if there was no run, for an opened trace, or as startPython() fails.
    tl::Status restart(double speed);
    // Asks the current run to stop; finished() follows once every thread has unwound (a Python program:
    // SIGINT, then SIGKILL after its grace period).
    void stop();

    bool isRunning() const { return m_running; }
    // Whether stop() was asked for the current run (it ended, or will end, stopped rather than finished).
    bool stopRequested() const { return m_stopRequested; }
    std::uint64_t generation() const { return m_generation; }
    const tl::TraceStore* store() const { return m_store.get(); }
    const tl::Scenario* scenario() const { return m_scenario ? &*m_scenario : nullptr; }
    const tl::ParameterValues& values() const { return m_values; }
    // The current run's Python program and its source; nullptr for an engine run. The source lives as
    // long as the run is current (its store is on screen).
    const tl::PythonRunOptions* pythonOptions() const { return m_pythonOptions ? &*m_pythonOptions : nullptr; }
    const tl::PythonSource* pythonSource() const { return m_python; }
    // The current run's trace file, while its store is on screen; nullptr for a run made here.
    const tl::import::FileSource* fileSource() const { return m_file; }
    double speed() const { return m_speed; }
    // The source's time now while running; the store's end once finished (nanoseconds).
    std::int64_t nowTs() const;
    // Runs retired by start() whose threads are still being joined.
    int retiringRuns() const { return static_cast<int>(m_reapers.size()); }

    // A live engine run goes on at `speed` (kSpeedMax: jumps at once) from now, and its metadata says so; a
    // live Python run too, with kSpeedMax as kMaxSpeed. False when no live run can take it (none, a file, a
    // Python run whose tracer cannot be told): the caller's speed then applies to the next run.
    bool setSpeed(double speed);
    // A live engine run: pause, resume, step and setSpeed() work (a live Python run: all but the steps).
    bool hasLiveControls() const { return m_engine && m_running; }
    // A live engine or Python run: pause(), resume() and setSpeed() work (steps need hasLiveControls()).
    bool canPause() const { return (m_engine || m_python) && m_running; }
    // Every thread stops at its next event and the run's clock stands still; resume() lets them go on.
    void pause();
    void resume();
    bool isPaused() const;
    // Lets the run go on by one event across all threads (pausing it first), or by `lane`'s next event;
    // stepped() follows once that event is in the store. False if there is no live engine run (or the
    // lane has ended), or if it is stuck: no event can ever come (isStuck()); the run then stays paused.
    bool step();
    bool stepThread(tl::LaneId lane);
    // A live engine run in which no event can ever come: every thread waits with nothing to wake it (a deadlock).
    bool isStuck() const;
    // No thread of the live engine run runs code: each waits, is held at the pause, or has ended. Paused and
    // quiet, the run publishes nothing until the next step or resume.
    bool isQuiet() const;
    // A step was asked for and its event has not reached the store yet.
    bool isStepping() const { return m_stepTarget != 0; }

    // The drain cadence; tests set a huge interval and call drainNow() to control batches exactly.
    void setDrainInterval(int ms);
    // Drains what is published now (one batch); also detects the end of the run.
    void drainNow();
    // True once the current source has finished (its last events may still be undrained).
    bool runThreadsFinished() const;

signals:
    // A new run began with a new, empty store; views must drop the old store pointer now.
    void storeReplaced(const tl::TraceStore* store);
    // One drained batch, already appended to store(): `change` says which events, lanes and queues.
    void batchAppended(const tl::StoreChange& change);
    // Emitted every drain tick while running, events or not (the "now" line, the status bar).
    void ticked(std::int64_t nowTs);
    void runningChanged(bool running);
    // The current run has ended and its last batch has been appended.
    void finished();
    // store()->metadata() changed during the run: a Python run learnt its interpreter from the tracer,
    // or the run ended and its metadata is final (its problems included).
    void metadataChanged();
    void pausedChanged(bool paused);
    // The event a step let through, now in the store: the newest event of the run (of the lane, for a
    // lane's step). A step is counted once every thread waits again, so its event has been published.
    void stepped(tl::EventId event);

private:
    void startSource(std::unique_ptr<tl::TraceSource> source, tl::ScenarioRun* engine = nullptr,
                     tl::PythonSource* python = nullptr);
    void retireCurrentRun();
    void onTick();
    void setPausedState(bool paused);
    bool stepSettled() const;
    void finishStep();

    std::unique_ptr<tl::TraceSource> m_source;
    std::unique_ptr<tl::TraceStore> m_store;
    std::unique_ptr<tl::TraceRecorder> m_recorder;
    void refreshMetadata();

    std::optional<tl::Scenario> m_scenario;
    std::optional<tl::PythonRunOptions> m_pythonOptions;
    tl::PythonSource* m_python = nullptr;     // m_source, when it is a Python run
    tl::ScenarioRun* m_engine = nullptr;      // m_source, when it is an engine run
    tl::import::FileSource* m_file = nullptr; // m_source, when it is a trace file
    bool m_paused = false;                    // what pausedChanged() said last
    std::uint64_t m_stepTarget = 0;           // stepsTaken() that completes the pending step; 0: none
    std::optional<tl::LaneId> m_stepLane;     // the pending step's lane, for stepThread()
    bool m_interpreterKnown = false;
    tl::ParameterValues m_values;
    double m_speed = 1.0;
    std::uint64_t m_generation = 0;
    bool m_running = false;
    bool m_stopRequested = false;
    QTimer m_timer;
    std::vector<QThread*> m_reapers;
};

} // namespace tl::ui
