#include "trace/eventschema.h"

#include <array>
#include <bit>
#include <cstddef>
#include <cstring>
#include <string>

namespace tl {

namespace {

using R = ArgRole;
using C = CsvColumn;
using F = FlagRole;
using S = SpanEffect;
using L = LaneState;

constexpr ArgSpec kNone{};

// One row per EventKind, in the enum's order (checked below). Kept one row a kind for reading across.
// clang-format off
constexpr std::array<EventSchema, static_cast<std::size_t>(EventKind::Count_)> kSchema{{
    {EventKind::ThreadCreated, "thread-created",
     {R::Lane, "creator"}, {R::Name, "name", C::Detail}, {R::Name, "function", C::Detail},
     F::Daemon, S::None, L::Running, nullptr, nullptr, "{b} created by {a}"},
    {EventKind::Start, "start",
     {R::Lane, "target", C::Target}, {R::Name, "function", C::Detail}, kNone,
     F::Daemon, S::None, L::Running, "start", "start", "starts {a}"},
    {EventKind::RunBegin, "run-begin", kNone, kNone, kNone, F::None, S::Open, L::Running, nullptr, nullptr, ""},
    {EventKind::RunEnd, "run-end", kNone, kNone, kNone, F::None, S::CloseAll, L::Running, nullptr, "end", ""},
    {EventKind::SleepBegin, "sleep-begin",
     kNone, kNone, {R::Micros, "seconds", C::Detail},
     F::None, S::Open, L::Sleeping, nullptr, nullptr, "sleep({c})"},
    {EventKind::SleepEnd, "sleep-end", kNone, kNone, kNone, F::None, S::Close, L::Sleeping, nullptr, nullptr, ""},
    {EventKind::PutBlocked, "put-blocked",
     {R::Queue, "queue", C::Queue}, {R::TimeoutMs, "timeout", C::Detail}, {R::Depth, "depth", C::Depth},
     F::None, S::Open, L::BlockedPut, nullptr, nullptr, "{a} is full ({c} items)[, timeout {b}]"},
    {EventKind::PutDone, "put",
     {R::Queue, "queue", C::Queue}, {R::Item, "item", C::Item}, {R::Depth, "depth", C::Depth},
     F::TimedOut, S::Close, L::BlockedPut, "put", "put", "[{item} -> ]{a}[, depth {c}]",
     "put timed out: queue.Full", true},
    {EventKind::GetBlocked, "get-blocked",
     {R::Queue, "queue", C::Queue}, {R::TimeoutMs, "timeout", C::Detail}, {R::Depth, "depth", C::Depth},
     F::None, S::Open, L::BlockedGet, nullptr, nullptr, "{a} is empty[, timeout {b}]"},
    {EventKind::GetDone, "get",
     {R::Queue, "queue", C::Queue}, {R::Item, "item", C::Item}, {R::Depth, "depth", C::Depth},
     F::TimedOut, S::Close, L::BlockedGet, "get", "get", "[{item} <- ]{a}[, depth {c}]",
     "get timed out: queue.Empty", true},
    {EventKind::TaskDone, "task_done",
     {R::Queue, "queue", C::Queue}, kNone, {R::Unfinished, "unfinished", C::Depth},
     F::None, S::None, L::Running, "task_done", "task_done", "{a}: {c} unfinished"},
    {EventKind::QueueJoinBegin, "queue-join-begin",
     {R::Queue, "queue", C::Queue}, kNone, kNone, F::None, S::Open, L::QueueJoin, nullptr, nullptr, "{a}"},
    {EventKind::QueueJoinEnd, "queue-join-end",
     {R::Queue, "queue", C::Queue}, kNone, kNone, F::None, S::Close, L::QueueJoin, nullptr, nullptr, "{a}"},
    {EventKind::JoinBegin, "join-begin",
     {R::Lane, "target", C::Target}, kNone, {R::TimeoutMs, "timeout", C::Detail},
     F::None, S::Open, L::Joining, nullptr, nullptr, "joins {a}[, timeout {c}]"},
    {EventKind::JoinEnd, "join-end",
     {R::Lane, "target", C::Target}, kNone, kNone, F::TimedOut, S::Close, L::Joining, nullptr, "joined", "{a} joined",
     "join timed out: {a} still alive", true},
    {EventKind::ExitWaitBegin, "exit-wait-begin", kNone, kNone, kNone, F::None, S::Open, L::ExitWait, nullptr, nullptr,
     "waiting for non-daemon threads at interpreter exit", "exit-wait: joins the non-daemon threads", false},
    {EventKind::ExitWaitEnd, "exit-wait-end", kNone, kNone, kNone, F::None, S::Close, L::ExitWait, nullptr,
     "exit-wait-end", ""},
    {EventKind::Exit, "exit", kNone, kNone, kNone, F::None, S::None, L::Running, "exit", "exit",
     "main has ended; daemon threads still running are cut", "exit: the program ends", false},
    {EventKind::DaemonStopped, "daemon-stopped", kNone, kNone, kNone, F::None, S::CloseAll, L::Running,
     "daemon stopped", "daemon-stopped", "daemon thread cut at interpreter exit", "daemon cut at exit", false},
    {EventKind::Stopped, "stopped", kNone, kNone, kNone, F::None, S::CloseAll, L::Running, "stopped", "stopped",
     "stopped before its end: the run was stopped, or the exit did not wait for it", "stopped", false},
    {EventKind::Print, "print",
     {R::Text, "text", C::Detail}, kNone, kNone, F::Stderr, S::None, L::Running, "print", "print", "{a}", "{a}"},
    {EventKind::Error, "error",
     {R::ErrorType, "type", C::Detail}, {R::ErrorText, "message", C::Detail}, kNone,
     F::ByStop, S::None, L::Running, "error", "error", "{a}[: {b}]", "{a}[: {b}]", false},
    {EventKind::QueueCreated, "queue-created",
     {R::Queue, "queue", C::Queue}, {R::Name, "name"}, {R::MaxSize, "maxsize", C::Detail},
     F::None, S::None, L::Running, nullptr, nullptr, "{b}[ (maxsize {c})]"},
    {EventKind::PoolSubmit, "pool-submit",
     {R::Executor, "executor"}, {R::Task, "task_id", C::Item}, {R::Name, "task", C::Detail},
     F::None, S::None, L::Running, nullptr, "task.submit", "task {b}[ {c}]"},
    {EventKind::PoolTaskBegin, "pool-task-begin",
     {R::Executor, "executor"}, {R::Task, "task_id", C::Item}, {R::Name, "task", C::Detail},
     F::None, S::Open, L::Task, nullptr, nullptr, "task {b}[ {c}]"},
    {EventKind::PoolTaskEnd, "pool-task-end",
     {R::Executor, "executor"}, {R::Task, "task_id", C::Item}, {R::Name, "task", C::Detail},
     F::Raised, S::Close, L::Task, nullptr, "task.end", "task {b}[ {c}]"},
    {EventKind::SocketBegin, "socket-begin",
     {R::Connection, "connection", C::Item}, kNone, kNone,
     F::SocketOp, S::Open, L::Recv, nullptr, nullptr, "{op}[ on connection {a}]"},
    {EventKind::SocketEnd, "socket-end",
     {R::Connection, "connection", C::Item}, kNone, {R::Bytes, "bytes", C::Detail},
     F::SocketOp, S::Close, L::Recv, nullptr, nullptr, "{op}[ on connection {a}][, {c} bytes]"},
    {EventKind::SyncCreated, "sync-created",
     {R::Sync, "primitive", C::Detail}, {R::Name, "name"}, {R::SyncType, "type", C::Detail},
     F::None, S::None, L::Running, nullptr, nullptr, "{c} {b}"},
    {EventKind::AcquireBlocked, "acquire-blocked",
     {R::Sync, "primitive", C::Detail}, kNone, {R::TimeoutMs, "timeout", C::Detail},
     F::None, S::Open, L::Acquire, nullptr, nullptr, "waits for {a}[, timeout {c}]"},
    {EventKind::Acquired, "acquired",
     {R::Sync, "primitive", C::Detail}, {R::Wake, "wake", C::Item}, {R::Count, "count", C::Depth},
     F::TimedOut, S::Close, L::Acquire, "acquired", "acquired", "{a}[, count {c}]", "acquire timed out", true},
    {EventKind::Released, "released",
     {R::Sync, "primitive", C::Detail}, {R::Wake, "wake", C::Item}, {R::Count, "count", C::Depth},
     F::None, S::None, L::Running, "released", "released", "{a}[, count {c}]"},
    {EventKind::CondWaitBegin, "cond-wait-begin",
     {R::Sync, "primitive", C::Detail}, kNone, {R::TimeoutMs, "timeout", C::Detail},
     F::None, S::Open, L::CondWait, nullptr, nullptr, "waits on {a}[, timeout {c}]"},
    {EventKind::CondWaitEnd, "cond-wait-end",
     {R::Sync, "primitive", C::Detail}, {R::Wake, "wake", C::Item}, kNone,
     F::TimedOut, S::Close, L::CondWait, nullptr, "cond.woken", "{a} notified", "cond.wait timed out", true},
    {EventKind::Notify, "notify",
     {R::Sync, "primitive", C::Detail}, {R::Wake, "wake", C::Item}, {R::Count, "woken", C::Depth},
     F::None, S::None, L::Running, "notify", "notify", "{a}[: {c} woken]"},
    {EventKind::NotifyAll, "notify_all",
     {R::Sync, "primitive", C::Detail}, {R::Wake, "wake", C::Item}, {R::Count, "woken", C::Depth},
     F::None, S::None, L::Running, "notify_all", "notify_all", "{a}[: {c} woken]"},
    {EventKind::EventWaitBegin, "event-wait-begin",
     {R::Sync, "primitive", C::Detail}, kNone, {R::TimeoutMs, "timeout", C::Detail},
     F::None, S::Open, L::EventWait, nullptr, nullptr, "waits for {a}[, timeout {c}]"},
    {EventKind::EventWaitEnd, "event-wait-end",
     {R::Sync, "primitive", C::Detail}, {R::Wake, "wake", C::Item}, kNone,
     F::TimedOut, S::Close, L::EventWait, nullptr, "event.woken", "{a} set", "event.wait timed out", true},
    {EventKind::EventSet, "set",
     {R::Sync, "primitive", C::Detail}, {R::Wake, "wake", C::Item}, {R::Count, "woken", C::Depth},
     F::None, S::None, L::Running, "set", "set", "{a}[: {c} woken]"},
    {EventKind::EventClear, "clear",
     {R::Sync, "primitive", C::Detail}, kNone, kNone, F::None, S::None, L::Running, "clear", "clear", "{a}"},
    {EventKind::BarrierWaitBegin, "barrier-wait-begin",
     {R::Sync, "primitive", C::Detail}, {R::Wake, "wake", C::Item}, {R::TimeoutMs, "timeout", C::Detail},
     F::None, S::Open, L::BarrierWait, nullptr, nullptr, "waits at {a}[, timeout {c}]"},
    {EventKind::BarrierWaitEnd, "barrier-wait-end",
     {R::Sync, "primitive", C::Detail}, {R::Wake, "wake", C::Item}, {R::Count, "index", C::Depth},
     F::TimedOut, S::Close, L::BarrierWait, nullptr, "barrier.passed", "{a}[, index {c}]",
     "barrier.wait: BrokenBarrierError", true},
    {EventKind::BarrierBroken, "broken",
     {R::Sync, "primitive", C::Detail}, kNone, kNone, F::None, S::None, L::Running, "broken", "broken", "{a} broken",
     "{a} broken", false},
    {EventKind::TimerFired, "timer-fired", kNone, kNone, kNone, F::None, S::None, L::Running, "timer fired",
     "timer.fire", "the interval passed: the function is called", "timer fired: its function runs", false,
     EventKind::EventWaitEnd},
    {EventKind::TimerCancelled, "timer-cancelled",
     {R::Lane, "target", C::Target}, kNone, kNone, F::None, S::None, L::Running, "timer cancelled", "timer.cancel",
     "cancels {a}", "cancels {a}: its function never runs"},
    {EventKind::Deadlock, "deadlock",
     {R::Sync, "primitive", C::Detail}, {R::Lane, "waits_for", C::Target}, {R::Count, "cycle", C::Depth},
     F::Potential, S::None, L::Running, "deadlock", "deadlock", "deadlock[ on {a}]: waits for {b}[, cycle {c}]",
     "deadlock[ on {a}]: waits for {b}", false},
    {EventKind::StartWaitBegin, "start-wait-begin",
     {R::Lane, "target", C::Target}, kNone, kNone, F::None, S::Open, L::Starting, nullptr, nullptr,
     "start() waits until {a} has begun"},
    {EventKind::StartWaitEnd, "start-wait-end",
     {R::Lane, "target", C::Target}, kNone, kNone, F::None, S::Close, L::Starting, nullptr, nullptr,
     "{a} has begun: start() returns"},
    {EventKind::FutureWaitBegin, "future-wait-begin",
     {R::Executor, "executor"}, {R::Task, "task_id", C::Item}, {R::TimeoutMs, "timeout", C::Detail},
     F::None, S::Open, L::FutureWait, nullptr, nullptr, "waits for a future[: task {b}][, timeout {c}]"},
    {EventKind::FutureWaitEnd, "future-wait-end",
     {R::Executor, "executor"}, {R::Task, "task_id", C::Item}, kNone,
     F::TimedOut, S::Close, L::FutureWait, nullptr, "future.done", "the wait for a future ends[: task {b}]",
     "future wait timed out", true},
    {EventKind::Stall, "stall",
     kNone, kNone, {R::Count, "cycle", C::Depth},
     F::Potential, S::None, L::Running, "stall", "stall", "stall: every thread waits[, cycle {c}]",
     "stall: every thread waits", false},
    {EventKind::SignalHandler, "signal-handler",
     {R::Name, "signal", C::Detail}, {R::Name, "handler", C::Detail}, {R::Count, "own"},
     F::None, S::None, L::Running, "handler", "signal.handler", "{a} handled by {b}"},
    {EventKind::ThreadName, "thread-name",
     {R::Name, "name", C::Detail}, {R::Group, "pid"}, {R::SortIndex, "sort_index"},
     F::Daemon, S::None, L::Running, nullptr, nullptr, "named {a}"},
    {EventKind::GroupName, "process-name",
     {R::Group, "pid"}, {R::Name, "name", C::Detail}, {R::SortIndex, "sort_index"},
     F::None, S::None, L::Running, nullptr, nullptr, "process {a}[: {b}]"},
    {EventKind::SliceBegin, "slice-begin",
     {R::Label, "name", C::Detail}, {R::Category, "cat"}, kNone, F::None, S::Open, L::Slice, nullptr, nullptr, "{a}"},
    {EventKind::SliceEnd, "slice-end",
     {R::Label, "name", C::Detail}, kNone, kNone, F::None, S::Close, L::Slice, nullptr, nullptr, "{a}"},
    {EventKind::Mark, "mark",
     {R::Label, "name", C::Detail}, {R::Category, "cat"}, kNone, F::Scope, S::None, L::Running, "mark", "mark", "{a}"},
    {EventKind::CounterValue, "counter",
     {R::Label, "name", C::Detail}, {R::Value, "value", C::Detail}, {R::ValueLow, "value_low"},
     F::None, S::None, L::Running, nullptr, nullptr, "{a} = {b}"},
    {EventKind::FlowOut, "flow-out",
     {R::FlowKey, "flow"}, {R::Label, "name", C::Detail}, kNone, F::None, S::None, L::Running, nullptr, nullptr, "{b}"},
    {EventKind::FlowIn, "flow-in",
     {R::FlowKey, "flow"}, kNone, kNone, F::None, S::None, L::Running, nullptr, nullptr, ""},
    {EventKind::ItemValue, "item-value",
     {R::Queue, "queue", C::Queue}, {R::Item, "item", C::Item}, {R::Text, "value", C::Detail},
     F::None, S::None, L::Running, nullptr, nullptr, "[item {b} of ]{a} is {c}"},
}};
// clang-format on

constexpr bool rowsFollowTheEnum()
{
    for (std::size_t i = 0; i < kSchema.size(); ++i) {
        if (static_cast<std::size_t>(kSchema[i].kind) != i)
            return false;
    }
    return true;
}
static_assert(rowsFollowTheEnum(), "kSchema needs one row per EventKind, in the enum's order");

constexpr EventSchema kUnknown{EventKind::Count_, "unknown",  kNone,   kNone,   kNone, F::None,
                               S::None,           L::Running, nullptr, nullptr, ""};

LaneState socketState(std::uint8_t flags)
{
    switch (static_cast<SocketOp>(flags)) {
    case SocketOp::Accept:
        return LaneState::Accept;
    case SocketOp::Recv:
        return LaneState::Recv;
    case SocketOp::Send:
        return LaneState::Send;
    case SocketOp::Connect:
        return LaneState::Connect;
    }
    return LaneState::Recv;
}

} // namespace

double counterValue(const Event& e)
{
    return std::bit_cast<double>((std::uint64_t{e.b} << 32) | e.c);
}

void setCounterValue(Event& e, double value)
{
    const auto bits = std::bit_cast<std::uint64_t>(value);
    e.b = static_cast<std::uint32_t>(bits >> 32);
    e.c = static_cast<std::uint32_t>(bits);
}

const EventSchema& schemaOf(EventKind kind)
{
    const auto i = static_cast<std::size_t>(kind);
    return i < kSchema.size() ? kSchema[i] : kUnknown;
}

std::optional<LaneState> spanStateOf(const Event& e)
{
    const EventSchema& s = schemaOf(e.kind);
    if (s.span != SpanEffect::Open && s.span != SpanEffect::Close)
        return std::nullopt;
    return s.flags == FlagRole::SocketOp ? socketState(e.flags) : s.state;
}

namespace {

// The callout of each kind, "potential " before it: a deadlock or stall that may yet end is told as such, as the
// status bar and the deadlock text tell it. Made once from the schema, so the two wordings never drift apart.
const std::array<std::string, kSchema.size()>& potentialCallouts()
{
    static const auto callouts = [] {
        std::array<std::string, kSchema.size()> texts;
        for (std::size_t i = 0; i < kSchema.size(); ++i) {
            if (kSchema[i].callout)
                texts[i] = std::string("potential ") + kSchema[i].callout;
        }
        return texts;
    }();
    return callouts;
}

} // namespace

const char* calloutOf(const Event& e)
{
    const EventSchema& s = schemaOf(e.kind);
    if (!s.callout || (s.calloutIfFlag && !flagSet(e, s.flags)))
        return nullptr;
    if (s.flags == FlagRole::TimedOut && (e.flags & EventFlag::Interrupted) != 0)
        return "wait ended by an exception";
    if (flagSet(e, FlagRole::ByStop))
        return "stopped by Threadline ({a})";
    if (flagSet(e, FlagRole::Potential))
        return potentialCallouts()[static_cast<std::size_t>(e.kind)].c_str();
    return s.callout;
}

bool calloutReplaces(const Event& e, const Event& before)
{
    return schemaOf(e.kind).calloutReplaces == before.kind && calloutOf(e) != nullptr;
}

bool calloutTellsAFault(const Event& e)
{
    switch (e.kind) {
    case EventKind::Error:
        return !flagSet(e, FlagRole::ByStop);
    case EventKind::Deadlock:
    case EventKind::Stall:
        return true;
    case EventKind::BarrierWaitEnd: // its callout is the BrokenBarrierError the wait raised
        return calloutOf(e) != nullptr;
    default:
        return false;
    }
}

EventKind markerKindOf(const Event& e)
{
    return flagSet(e, FlagRole::ByStop) ? EventKind::Stopped : e.kind;
}

const char* instantName(const Event& e)
{
    const EventSchema& s = schemaOf(e.kind);
    if (s.flags == FlagRole::TimedOut && flagSet(e, FlagRole::TimedOut))
        return nullptr;
    return s.instant;
}

bool flagSet(const Event& e, FlagRole role)
{
    return role != FlagRole::None && role != FlagRole::SocketOp && role != FlagRole::Scope &&
           schemaOf(e.kind).flags == role && (e.flags & 1u) != 0;
}

MarkScope markScope(const Event& e)
{
    if (schemaOf(e.kind).flags != FlagRole::Scope)
        return MarkScope::Thread;
    return e.flags == static_cast<std::uint8_t>(MarkScope::Global)    ? MarkScope::Global
           : e.flags == static_cast<std::uint8_t>(MarkScope::Process) ? MarkScope::Process
                                                                      : MarkScope::Thread;
}

std::string_view eventKindName(EventKind kind)
{
    return schemaOf(kind).name;
}

bool eventKindFromName(std::string_view name, EventKind& kind)
{
    for (const EventSchema& s : kSchema) {
        if (s.name == name) {
            kind = s.kind;
            return true;
        }
    }
    return false;
}

std::string_view syncTypeName(SyncType type)
{
    switch (type) {
    case SyncType::Lock:
        return "Lock";
    case SyncType::RLock:
        return "RLock";
    case SyncType::Condition:
        return "Condition";
    case SyncType::Semaphore:
        return "Semaphore";
    case SyncType::BoundedSemaphore:
        return "BoundedSemaphore";
    case SyncType::Event:
        return "Event";
    case SyncType::Barrier:
        return "Barrier";
    case SyncType::Count_:
        break;
    }
    return "unknown";
}

std::string_view socketOpName(SocketOp op)
{
    switch (op) {
    case SocketOp::Accept:
        return "accept";
    case SocketOp::Recv:
        return "recv";
    case SocketOp::Send:
        return "send";
    case SocketOp::Connect:
        return "connect";
    }
    return "socket";
}

} // namespace tl
