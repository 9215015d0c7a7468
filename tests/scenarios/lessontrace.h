#pragma once

// Helpers for the lesson tests: run a lesson headless and read its trace as a learner would see it.

#include "scenarios/headlessrun.h"
#include "scenarios/scenario.h"
#include "trace/tracestore.h"

#include <QStringList>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <memory>

namespace tl::lessontest {

using Overrides = QList<QPair<QString, QString>>;

inline const QStringList kLessons = {QStringLiteral("hello"),
                                     QStringLiteral("subclass"),
                                     QStringLiteral("producer-consumer"),
                                     QStringLiteral("sleeping-workers"),
                                     QStringLiteral("daemon"),
                                     QStringLiteral("join-order")};

// Durations are compared in scenario seconds: within 5% of the listing's.
inline constexpr double kTolerance = 0.05;

// The speed factor for a run whose shortest checked duration is `scenarioSeconds`: that duration then
// takes about 2 s of wall time, so 5% of it (100 ms) absorbs the wake-up latency of a loaded 2-core
// machine. At 1 s (50 ms) the join-order rows missed once, 4.33 s for 4 s, while a benchmark and a
// browser install shared the two cores with the test run.
inline double timingSpeed(double scenarioSeconds)
{
    return std::clamp(scenarioSeconds / 2.0, 1.0, 20.0);
}

inline std::unique_ptr<TraceStore> runLesson(const QString& id, const Overrides& overrides, double speed)
{
    const Scenario* scenario = findScenario(id);
    if (scenario == nullptr)
        return nullptr;
    const Result<ParameterValues> values = resolveParameters(scenario->parameters, overrides);
    if (!values)
        return nullptr;
    return runHeadless(*scenario, values.value(), RunOptions{.speed = speed});
}

inline QString kindName(EventKind kind)
{
    const std::string_view name = eventKindName(kind);
    return QString::fromUtf8(name.data(), qsizetype(name.size()));
}

inline double seconds(std::int64_t ns)
{
    return static_cast<double>(ns) / 1e9;
}

inline double seconds(const Span& span)
{
    return seconds(span.end - span.begin);
}

inline bool near(double actual, double expected)
{
    return std::abs(actual - expected) <= kTolerance * expected;
}

inline QByteArray nearMessage(double actual, double expected)
{
    return QStringLiteral("%1 s, expected %2 s +-5%").arg(actual).arg(expected).toUtf8();
}

// A lane's events of one kind. A timed-out PutDone/GetDone moved nothing, so it is left out.
inline std::vector<Event> eventsOf(const TraceStore& store, const LaneInfo& lane, EventKind kind)
{
    const bool moves = kind == EventKind::PutDone || kind == EventKind::GetDone;
    std::vector<Event> out;
    const EventView events = store.laneEvents(lane);
    std::copy_if(events.begin(), events.end(), std::back_inserter(out),
                 [&](const Event& e) { return e.kind == kind && !(moves && (e.flags & EventFlag::TimedOut)); });
    return out;
}

inline std::vector<Span> spansOf(const LaneInfo& lane, LaneState state)
{
    std::vector<Span> out;
    std::copy_if(lane.spans.begin(), lane.spans.end(), std::back_inserter(out),
                 [state](const Span& s) { return s.state == state; });
    return out;
}

// The lane's event kinds, keeping only `keep`, by name: the order of a lane's story.
inline QStringList story(const TraceStore& store, const LaneInfo& lane, std::initializer_list<EventKind> keep)
{
    QStringList out;
    for (const Event& e : store.laneEvents(lane))
        if (std::find(keep.begin(), keep.end(), e.kind) != keep.end())
            out << kindName(e.kind);
    return out;
}

inline QStringList repeated(const QStringList& part, int times)
{
    QStringList out;
    for (int i = 0; i < times; ++i)
        out << part;
    return out;
}

inline std::size_t countAll(const TraceStore& store, EventKind kind)
{
    std::size_t n = 0;
    for (LaneId id = 0; id < store.laneCount(); ++id)
        n += eventsOf(store, store.lane(id), kind).size();
    return n;
}

inline QStringList printsOf(const TraceStore& store, const LaneInfo& lane)
{
    QStringList out;
    for (const Event& e : eventsOf(store, lane, EventKind::Print))
        out << store.text(e.a);
    return out;
}

} // namespace tl::lessontest
