#pragma once

#include "scenarios/parameter.h"
#include "scenarios/scenario.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace tl {
class ScenarioRun;
class TraceRecorder;
class TraceStore;
struct Event;
} // namespace tl

class QThread;

namespace tl::ui {

// Owns the live run of one scenario: its ScenarioRun, the TraceStore it fills and the TraceRecorder
// between them. A timer drains the channel at most ~60 times a second, appends each batch to the store
// and emits ONE batchAppended() per non-empty batch, never one signal per event.
//
// Generations: every start() begins a new generation with a new store. The previous run is asked to
// stop and handed to a reaper thread that joins it, so a restart never freezes the GUI; its channel is
// never drained again, so none of its events can reach the new store. storeReplaced() tells views to
// switch before the old store is destroyed.
//
// Invariants: store() is never null after the first start(); isRunning() is true from start() until
// finished() is emitted; finished() is emitted once for a run that ends by itself or by stop(), after its
// last batch was appended. A run replaced by start() ends silently: its store is gone with it.
//
// Thread affinity: the GUI thread (every function and signal). Reaper threads only destroy runs.
class RunController : public QObject {
    Q_OBJECT
public:
    static constexpr int kDefaultDrainIntervalMs = 16;
    static constexpr double kMinSpeed = 0.01;
    static constexpr double kMaxSpeed = 10000.0;

    explicit RunController(QObject* parent = nullptr);
    // Stops the current run and waits for every run (current and retiring) to be joined.
    ~RunController() override;

    // Starts a copy of `scenario` with validated `values` at `speed` (clamped to kMinSpeed..kMaxSpeed),
    // replacing any run.
    void start(const tl::Scenario& scenario, const tl::ParameterValues& values, double speed);
    // Asks the current run to stop; finished() follows once every thread has unwound.
    void stop();
    // Starts the last scenario again with the same values and speed; false if there was none.
    bool restart();

    bool isRunning() const { return m_running; }
    // Whether stop() was asked for the current run (it ended, or will end, stopped rather than finished).
    bool stopRequested() const { return m_stopRequested; }
    std::uint64_t generation() const { return m_generation; }
    const tl::TraceStore* store() const { return m_store.get(); }
    const tl::Scenario* scenario() const { return m_scenario ? &*m_scenario : nullptr; }
    const tl::ParameterValues& values() const { return m_values; }
    double speed() const { return m_speed; }
    // Scenario time now while running; the store's end once finished (nanoseconds).
    std::int64_t nowTs() const;
    // Runs retired by restart() whose threads are still being joined.
    int retiringRuns() const { return static_cast<int>(m_reapers.size()); }

    // The drain cadence; tests set a huge interval and call drainNow() to control batches exactly.
    void setDrainInterval(int ms);
    // Drains what is published now (one batch); also detects the end of the run.
    void drainNow();
    // True once the current run's threads have all ended (its last events may still be undrained).
    bool runThreadsFinished() const;

signals:
    // A new run began with a new, empty store; views must drop the old store pointer now.
    void storeReplaced(const tl::TraceStore* store);
    // One drained batch, already appended to store(); `batch` is valid only during the emission.
    void batchAppended(std::span<const tl::Event> batch);
    // Emitted every drain tick while running, events or not (the "now" line, the status bar).
    void ticked(std::int64_t nowTs);
    void runningChanged(bool running);
    // The current run has ended and its last batch has been appended.
    void finished();

private:
    void retireCurrentRun();
    void onTick();
    void finishIfDone();

    std::unique_ptr<tl::ScenarioRun> m_run;
    std::unique_ptr<tl::TraceStore> m_store;
    std::unique_ptr<tl::TraceRecorder> m_recorder;
    std::optional<tl::Scenario> m_scenario;
    tl::ParameterValues m_values;
    double m_speed = 1.0;
    std::uint64_t m_generation = 0;
    bool m_running = false;
    bool m_stopRequested = false;
    QTimer m_timer;
    std::vector<QThread*> m_reapers;
};

} // namespace tl::ui
