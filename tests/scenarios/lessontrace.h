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
                                     QStringLiteral("join-order"),
                                     QStringLiteral("race"),
                                     QStringLiteral("lock"),
                                     QStringLiteral("deadlock"),
                                     QStringLiteral("condition"),
                                     QStringLiteral("event"),
                                     QStringLiteral("semaphore"),
                                     QStringLiteral("barrier"),
                                     QStringLiteral("timer")};

// Durations are compared in scenario seconds, to issue 10's bound: within 1 ms, or 0.1% of the duration
// when that is more (a run lasts at least as long as any of its waits). The virtual clock makes waits exact
// whatever the machine's load, so the lessons run at kSpeedMax: a 10 s sleep takes no wall time.
#if defined(__SANITIZE_THREAD__)
// Under ThreadSanitizer code runs 5-15x slower, and running code costs real time on the virtual clock: a
// thread's own steps between two waits take milliseconds there. The bound is 20 ms in that build, which
// looks for races; the default and ASan builds hold the 1 ms bound.
inline constexpr double kExactSeconds = 0.02;
#else
inline constexpr double kExactSeconds = 0.001;
#endif
inline constexpr double kExactShare = 0.001;
inline constexpr double kSpeed = kSpeedMax;

inline double tolerance(double expected)
{
    return std::max(kExactSeconds, kExactShare * expected);
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
    return std::abs(actual - expected) <= tolerance(expected);
}

inline QByteArray nearMessage(double actual, double expected)
{
    return QStringLiteral("%1 s, expected %2 s +-%3 s").arg(actual).arg(expected).arg(tolerance(expected)).toUtf8();
}

// A span made of waits and the steps between them (the code a thread runs after a wake-up, before its
// next wait or its end). The waits are exact, but a step costs real time on the virtual clock, and on a
// loaded machine a thread can be off the CPU for milliseconds in one (a 2-core box beside busy loops has
// shown 3.6-7.6 ms). So such a span is at least its waits, and longer by no more than kStepSeconds a step;
// the waits' own lengths are held to tolerance() where each is measured alone.
inline constexpr double kStepSeconds = 0.02;

inline bool tookWithSteps(double actual, double waits, int steps)
{
    return actual >= waits - tolerance(waits) && actual <= waits + tolerance(waits) + steps * kStepSeconds;
}

inline QByteArray stepsMessage(double actual, double waits, int steps)
{
    return QStringLiteral("%1 s, expected %2 s plus at most %3 steps").arg(actual).arg(waits).arg(steps).toUtf8();
}

// Every ended sleep of every lane against the length it asked for (SleepBegin's c, in microseconds), within
// tolerance() of that length or of `runSeconds` when given (0.1% of the run): by how much the worst one is
// outside (<= 0: all within), and where it was.
struct SleepCheck {
    std::size_t sleeps = 0;
    double worst = 0;
    QString where;
};
inline SleepCheck checkSleeps(const TraceStore& store, double runSeconds = 0)
{
    SleepCheck out;
    for (LaneId id = 0; id < store.laneCount(); ++id) {
        const LaneInfo& lane = store.lane(id);
        const Event* begin = nullptr;
        for (const Event& e : lane.events) {
            if (e.kind == EventKind::SleepBegin) {
                begin = &e;
            } else if (e.kind == EventKind::SleepEnd && begin != nullptr) {
                const double asked = static_cast<double>(begin->c) / 1e6;
                const double slept = static_cast<double>(e.ts - begin->ts) / 1e9;
                ++out.sleeps;
                const double off = std::abs(slept - asked) - tolerance(std::max(asked, runSeconds));
                if (out.where.isEmpty() || off > out.worst) {
                    out.worst = out.where.isEmpty() ? off : std::max(out.worst, off);
                    out.where = QStringLiteral("%1 at %2 s: slept %3 s for %4 s")
                                    .arg(lane.name)
                                    .arg(static_cast<double>(begin->ts) / 1e9)
                                    .arg(slept, 0, 'f', 6)
                                    .arg(asked);
                }
                begin = nullptr;
            }
        }
    }
    return out; // worst > 0: some sleep is outside the bound
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
