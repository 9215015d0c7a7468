#include "trace/statenames.h"

#include <array>
#include <cstddef>

namespace tl {

namespace {

// Each state's two names, one row per LaneState in the enum's order: the short label fits a legend entry
// or a band, the description reads as a sentence in the details panel.
struct StateNames {
    LaneState state;
    const char* label;
    const char* description;
};

constexpr std::array<StateNames, static_cast<std::size_t>(LaneState::Count_)> kStateNames{{
    {LaneState::Running, "running", "running"},
    {LaneState::Sleeping, "sleeping", "sleeping"},
    {LaneState::BlockedGet, "blocked in get", "blocked in get"},
    {LaneState::BlockedPut, "blocked in put", "blocked in put"},
    {LaneState::Joining, "waiting in join", "waiting in join"},
    {LaneState::QueueJoin, "queue.join", "waiting in queue.join"},
    {LaneState::ExitWait, "exit-wait", "waiting at exit"},
    {LaneState::Accept, "socket accept", "socket accept"},
    {LaneState::Recv, "socket recv", "socket recv"},
    {LaneState::Send, "socket send", "socket send"},
    {LaneState::Connect, "socket connect", "socket connect"},
    {LaneState::Task, "pool task", "running a pool task"},
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

} // namespace

QString stateLabel(LaneState state)
{
    const StateNames* names = namesOf(state);
    return names ? QString::fromLatin1(names->label) : QStringLiteral("unknown");
}

QString stateDescription(LaneState state)
{
    const StateNames* names = namesOf(state);
    return names ? QString::fromLatin1(names->description) : QStringLiteral("unknown");
}

} // namespace tl
