#include "trace/lanestate.h"

#include <array>
#include <cstddef>

namespace tl {

namespace {

// Each state's three names, one row per LaneState in the enum's order: the export name is a contract of
// the Chrome trace; the short label fits a legend entry or a band; the description reads as a sentence.
struct StateNames {
    LaneState state;
    const char* exportName;
    const char* label;
    const char* description;
};

constexpr std::array<StateNames, static_cast<std::size_t>(LaneState::Count_)> kStateNames{{
    {LaneState::Running, "run", "running", "running"},
    {LaneState::Sleeping, "sleep", "sleeping", "sleeping"},
    {LaneState::BlockedGet, "get", "blocked in get", "blocked in get"},
    {LaneState::BlockedPut, "put", "blocked in put", "blocked in put"},
    {LaneState::Joining, "join", "waiting in join", "waiting in join"},
    {LaneState::QueueJoin, "queue.join", "queue.join", "waiting in queue.join"},
    {LaneState::ExitWait, "exit-wait", "exit-wait", "waiting at exit"},
    {LaneState::Accept, "accept", "socket accept", "socket accept"},
    {LaneState::Recv, "recv", "socket recv", "socket recv"},
    {LaneState::Send, "send", "socket send", "socket send"},
    {LaneState::Connect, "connect", "socket connect", "socket connect"},
    {LaneState::Task, "task", "pool task", "running a pool task"},
    {LaneState::Slice, "slice", "slice", "in a slice of another tool"},
    {LaneState::Acquire, "acquire", "blocked in acquire", "blocked acquiring a lock or semaphore"},
    {LaneState::CondWait, "cond.wait", "cond.wait", "waiting on a condition"},
    {LaneState::EventWait, "event.wait", "event.wait", "waiting for an event"},
    {LaneState::BarrierWait, "barrier.wait", "barrier.wait", "waiting at a barrier"},
    {LaneState::Starting, "starting", "starting", "in start(), waiting for the new thread to begin"},
    {LaneState::FutureWait, "future.wait", "future wait", "waiting for a future"},
}};

constexpr bool rowsFollowTheEnum()
{
    for (std::size_t i = 0; i < kStateNames.size(); ++i) {
        if (static_cast<std::size_t>(kStateNames[i].state) != i)
            return false;
    }
    return true;
}
static_assert(rowsFollowTheEnum(), "kStateNames needs one row per LaneState, in the enum's order");

// nullptr for Count_ or a value outside the enum.
const StateNames* namesOf(LaneState state)
{
    const auto i = static_cast<std::size_t>(state);
    return i < kStateNames.size() ? &kStateNames[i] : nullptr;
}

QString nameOr(const char* name)
{
    return QString::fromLatin1(name ? name : "unknown");
}

} // namespace

QString laneStateName(LaneState state)
{
    const StateNames* names = namesOf(state);
    return nameOr(names ? names->exportName : nullptr);
}

QString stateLabel(LaneState state)
{
    const StateNames* names = namesOf(state);
    return nameOr(names ? names->label : nullptr);
}

QString stateDescription(LaneState state)
{
    const StateNames* names = namesOf(state);
    return nameOr(names ? names->description : nullptr);
}

} // namespace tl
