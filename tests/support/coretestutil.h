#pragma once

#include "py/errors.h"
#include "py/scenariorun.h"
#include "trace/event.h"
#include "trace/tracerecorder.h"
#include "trace/tracestore.h"

#include <QElapsedTimer>
#include <QString>

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

// Helpers shared by the core engine tests. Scenario code runs on engine threads, where QVERIFY must not
// be called: a test's main function stores what it saw in plain variables, and the test thread asserts
// on them once the run has finished (ScenarioRun::isFinished() is an acquire, so those writes are visible).
namespace tl::test {

// A finished (or, on a hang, stopped) run's trace.
struct Recording {
    std::unique_ptr<TraceStore> store;
    bool finishedInTime = false; // false: the run hung and was stopped after timeoutMs
};

// Runs `main` headless at `options.speed` (default max: every wait for the clock at once, exact in the
// trace) and drains it into a store. A run still going after
// timeoutMs wall milliseconds is stopped, so that a hang fails the test instead of the CTest timeout.
inline Recording record(std::function<void()> main, RunOptions options = {.speed = kSpeedMax}, int timeoutMs = 20000)
{
    ScenarioRun run(options);
    Recording out{std::make_unique<TraceStore>(run.context().sharedStrings()), false};
    TraceRecorder recorder(run, *out.store);
    run.start(std::move(main));
    QElapsedTimer clock;
    clock.start();
    while (!run.isFinished() && clock.elapsed() < timeoutMs) {
        recorder.drainOnce();
        run.waitForFinished(5);
    }
    out.finishedInTime = run.isFinished();
    if (!out.finishedInTime)
        run.requestStop();
    recorder.recordToCompletion();
    return out;
}

// Runs `main` and drains it until `ready(store)` holds (or timeoutMs passes), then calls `then(run)`:
// set a flag the scenario polls, or requestStop(). Then records to the end. This is how a test waits
// for a scenario thread to be blocked, without guessing with sleeps. The default speed is finite: a long
// sleep (1000 s) is a wait that lasts until the test acts, while a short one passes quickly.
struct GatedRecording : Recording {
    bool gateReached = false;
};
inline GatedRecording recordGated(std::function<void()> main, const std::function<bool(const TraceStore&)>& ready,
                                  const std::function<void(ScenarioRun&)>& then, RunOptions options = {.speed = 200},
                                  int timeoutMs = 20000)
{
    ScenarioRun run(options);
    GatedRecording out;
    out.store = std::make_unique<TraceStore>(run.context().sharedStrings());
    TraceRecorder recorder(run, *out.store);
    run.start(std::move(main));
    QElapsedTimer clock;
    clock.start();
    while (!out.gateReached && clock.elapsed() < timeoutMs) {
        recorder.drainOnce();
        out.gateReached = ready(*out.store);
        if (!out.gateReached)
            run.waitForFinished(2);
    }
    if (out.gateReached)
        then(run);
    while (!run.isFinished() && clock.elapsed() < 2 * timeoutMs) {
        recorder.drainOnce();
        run.waitForFinished(5);
    }
    out.finishedInTime = run.isFinished();
    if (!out.finishedInTime)
        run.requestStop();
    recorder.recordToCompletion();
    return out;
}

// True when the lane named `name` is inside a span in `state` that is still open.
inline bool inOpenSpan(const TraceStore& store, const QString& name, LaneState state)
{
    for (std::size_t i = 0; i < store.laneCount(); ++i) {
        const LaneInfo& lane = store.lane(static_cast<LaneId>(i));
        if (lane.name != name)
            continue;
        for (std::uint32_t open : lane.openSpans) {
            if (lane.spans[open].state == state)
                return true;
        }
    }
    return false;
}

// The Python exception `f` raises, if any.
struct PyError {
    QString type;
    QString message;
};
template <class F> std::optional<PyError> pyError(F&& f)
{
    try {
        f();
    } catch (const PyException& e) {
        return PyError{e.type(), e.message()};
    }
    return std::nullopt;
}

// True when `e` is the Python exception `type` with exactly `message`.
inline bool isPyError(const std::optional<PyError>& e, const char* type, const char* message = "")
{
    return e && e->type == QLatin1String(type) && e->message == QLatin1String(message);
}

inline std::optional<LaneId> laneNamed(const TraceStore& store, const QString& name)
{
    for (std::size_t i = 0; i < store.laneCount(); ++i) {
        if (store.lane(static_cast<LaneId>(i)).name == name)
            return static_cast<LaneId>(i);
    }
    return std::nullopt;
}

inline std::vector<Event> eventsOf(const TraceStore& store, LaneId lane, EventKind kind)
{
    std::vector<Event> out;
    for (const Event& e : store.laneEvents(lane)) {
        if (e.kind == kind)
            out.push_back(e);
    }
    return out;
}

inline std::vector<EventKind> kindsOf(const TraceStore& store, LaneId lane)
{
    std::vector<EventKind> out;
    for (const Event& e : store.laneEvents(lane))
        out.push_back(e.kind);
    return out;
}

// The first event of `kind` on `lane`, or a default Event with ts -1.
inline Event firstOf(const TraceStore& store, LaneId lane, EventKind kind)
{
    const EventView events = store.laneEvents(lane);
    const auto it = std::find_if(events.begin(), events.end(), [kind](const Event& e) { return e.kind == kind; });
    if (it != events.end())
        return *it;
    Event none;
    none.ts = -1;
    return none;
}

inline bool hasKind(const TraceStore& store, LaneId lane, EventKind kind)
{
    return firstOf(store, lane, kind).ts >= 0;
}

inline QString kindNames(const std::vector<EventKind>& kinds)
{
    QStringList names;
    for (EventKind k : kinds)
        names << QString::fromLatin1(eventKindName(k).data(), static_cast<qsizetype>(eventKindName(k).size()));
    return names.join(QLatin1Char(' '));
}

} // namespace tl::test
