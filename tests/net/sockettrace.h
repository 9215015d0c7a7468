#pragma once

#include "py/scenariorun.h"
#include "trace/event.h"
#include "trace/tracerecorder.h"
#include "trace/tracestore.h"

#include <QDeadlineTimer>
#include <QString>

#include <optional>
#include <vector>

// What the socket tests read back from a trace: one lane's events of a kind, socket events of one op,
// a lane found by its Python name.
namespace sockettrace {

inline std::vector<tl::Event> eventsOf(const tl::TraceStore& store, const tl::LaneInfo& lane, tl::EventKind kind)
{
    std::vector<tl::Event> out;
    for (const tl::Event& e : store.laneEvents(lane)) {
        if (e.kind == kind)
            out.push_back(e);
    }
    return out;
}

inline std::vector<tl::Event> socketEvents(const tl::TraceStore& store, const tl::LaneInfo& lane, tl::EventKind kind,
                                           tl::SocketOp op)
{
    std::vector<tl::Event> out;
    for (const tl::Event& e : eventsOf(store, lane, kind)) {
        if (e.flags == static_cast<std::uint8_t>(op))
            out.push_back(e);
    }
    return out;
}

inline std::vector<tl::Span> spansOf(const tl::LaneInfo& lane, tl::LaneState state)
{
    std::vector<tl::Span> out;
    for (const tl::Span& s : lane.spans) {
        if (s.state == state)
            out.push_back(s);
    }
    return out;
}

inline std::optional<tl::LaneId> laneNamed(const tl::TraceStore& store, const QString& name)
{
    for (tl::LaneId id = 0; id < store.laneCount(); ++id) {
        if (store.lane(id).name == name)
            return id;
    }
    return std::nullopt;
}

// True once `lane` (by name) has begun a socket call of `op` that has not ended.
inline bool blockedIn(const tl::TraceStore& store, const QString& name, tl::SocketOp op)
{
    const auto id = laneNamed(store, name);
    if (!id)
        return false;
    return socketEvents(store, store.lane(*id), tl::EventKind::SocketBegin, op).size() >
           socketEvents(store, store.lane(*id), tl::EventKind::SocketEnd, op).size();
}

// Drains `run` into `store` until it has finished by itself (true) or `timeoutMs` has passed (false).
inline bool recordUntilFinished(tl::ScenarioRun& run, tl::TraceStore& store, int timeoutMs = 30000)
{
    tl::TraceRecorder recorder(run, store);
    const QDeadlineTimer deadline(timeoutMs);
    while (!run.isFinished() && !deadline.hasExpired()) {
        recorder.drainOnce();
        run.waitForFinished(5);
    }
    recorder.drainOnce();
    return run.isFinished();
}

} // namespace sockettrace
