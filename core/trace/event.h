#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tl {

// Lane (thread) ids are dense: 0 is MainThread, then one per Thread or pool worker in creation order.
using LaneId = std::uint32_t;
// Interned string ids (see StringTable). 0 is the empty string.
using StringId = std::uint32_t;
// An event's identity in its TraceStore: its index in arrival order, stable for the store's life.
using EventId = std::uint32_t;
inline constexpr EventId kNoEvent = 0xFFFFFFFFu;

inline constexpr std::uint32_t kNoValue = 0xFFFFFFFFu;

// An event whose line is in another file than its program's (the script, the lesson's listing): one that a module
// the script imports made. `index` places it among the events it comes with (a drain, a batch, a file's events);
// `file` is its path, a string id.
struct EventFile {
    std::size_t index = 0;
    StringId file = 0;
};

enum class EventKind : std::uint8_t {
    ThreadCreated, // lane = new thread; a = creating lane, b = name, c = target name; flags: Daemon
    Start,         // lane = caller; a = started lane, b = target name; flags: Daemon (final)
    RunBegin,      // lane's thread body begins
    RunEnd,        // lane's thread body ended (normally or by an exception)
    SleepBegin,    // c = requested duration in scenario microseconds (saturated)
    SleepEnd,
    PutBlocked,     // a = queue, b = timeout in scenario ms or kNoValue, c = depth (queue is full)
    PutDone,        // a = queue, b = item, c = depth after the put; flags: TimedOut (b = 0, nothing put)
    GetBlocked,     // a = queue, b = timeout in scenario ms or kNoValue, c = depth (queue is empty)
    GetDone,        // a = queue, b = item, c = depth after the get; flags: TimedOut (b = 0, nothing got)
    TaskDone,       // a = queue, c = unfinished tasks after the call
    QueueJoinBegin, // a = queue
    QueueJoinEnd,   // a = queue
    JoinBegin,      // a = target lane, c = timeout in scenario ms or kNoValue
    JoinEnd,        // a = target lane; flags: TimedOut
    ExitWaitBegin,  // main waits for non-daemon threads at interpreter exit
    ExitWaitEnd,
    Exit,          // main has ended: the moment daemons are cut
    DaemonStopped, // a daemon lane cut at exit
    Stopped,       // the run was stopped by the user; this lane unwound
    Print,         // a = text; flags: Stderr (else the line went to stdout)
    Error,         // a = exception type, b = message; flags: ByStop
    QueueCreated,  // a = queue, b = name, c = maxsize (0 = unbounded)
    PoolSubmit,    // a = executor, b = task id, c = task name
    PoolTaskBegin, // a = executor, b = task id, c = task name
    PoolTaskEnd,   // a = executor, b = task id, c = task name; flags: Raised
    SocketBegin,   // flags: SocketOp; a = connection id (0 for a listener)
    SocketEnd,     // flags: SocketOp; a = connection id, c = bytes moved
    // The synchronization primitives (Lock, RLock, Condition, Semaphore, Event, Barrier, Timer). A "wake"
    // word pairs the event that woke waiters (a release, notify, set, the last arrival at a barrier) with the
    // ends of the waits it woke: unique per primitive, 0 when it woke none.
    SyncCreated,      // a = primitive, b = name, c = SyncType
    AcquireBlocked,   // a = lock or semaphore, c = timeout in scenario ms or kNoValue
    Acquired,         // a = lock or semaphore, b = wake, c = count after; flags: TimedOut (nothing acquired)
    Released,         // a = lock or semaphore, b = wake, c = count after
    CondWaitBegin,    // a = condition, c = timeout in scenario ms or kNoValue
    CondWaitEnd,      // a = condition, b = wake; flags: TimedOut
    Notify,           // a = condition, b = wake, c = waiters woken
    NotifyAll,        // a = condition, b = wake, c = waiters woken
    EventWaitBegin,   // a = event, c = timeout in scenario ms or kNoValue
    EventWaitEnd,     // a = event, b = wake; flags: TimedOut
    EventSet,         // a = event, b = wake, c = waiters woken
    EventClear,       // a = event
    BarrierWaitBegin, // a = barrier, b = wake (the last arrival, which releases the others), c = timeout ms
    BarrierWaitEnd,   // a = barrier, b = wake, c = index or kNoValue; flags: TimedOut (BrokenBarrierError)
    BarrierBroken,    // a = barrier: this lane broke it (abort, a timeout, an action that raised)
    TimerFired,       // on the timer's lane: the interval passed, the function is called
    TimerCancelled,   // a = the timer's lane
    // A wait-for cycle has formed: one on each lane of it, at the moment the wait that closed it began (or,
    // for one found potential first, the moment it became certain). a = the lock or condition waited on
    // (kNoValue: a join), b = the lane it waits for (the holder, or the joined thread), c = the cycle's
    // number in the run; flags: Potential (a wait of it has a timeout, or a thread still running may open
    // a plain Lock of it). A thread outside the cycle that waits on it for ever gets one too, with the
    // cycle's number (a = what it waits on, b = the lane it waits for): Python's watch names main joining a
    // daemon of a cycle of daemons so (pysource/deadlockwatch.h)
    Deadlock,
    // Inside Thread.start(): CPython's start() waits until the new thread has begun (its _started event).
    // a = the started lane. Begin comes after Start, end once start() returns (or the start failed).
    StartWaitBegin,
    StartWaitEnd,
    // A wait for a Future: Future.result() or exception(), concurrent.futures.wait(), or as_completed()'s
    // next, when the futures are not done yet. a = the executor (kNoValue: several, or none), b = the task
    // (0: several futures, or one no pool runs), c = timeout in scenario ms or kNoValue. The end's a and b
    // name the task whose end released the wait (kNoValue and 0: none, e.g. a cancel); flags: TimedOut (then
    // a and b are the begin's).
    FutureWaitBegin,
    FutureWaitEnd,
    // Every thread of the program waits, with no timeout, for something only another thread can do, and no
    // thread runs to do it: no cycle, yet nothing ever ends (a consumer in q.get() that nothing will feed,
    // and main joining it). One on each waiting lane, at the moment the last runner stopped. c = its number
    // in the run, from the same count as the Deadlock cycles'. Python's watch finds it
    // (pysource/deadlockwatch.h); what each lane waits on is its open wait at that moment. flags:
    // Potential (the program has a signal handler of its own, which may yet run in main and wake it).
    Stall,
    // signal.signal(): a = the signal's name, b = the handler's name (both strings), c = 1 if the handler is
    // the program's own function (it may run the program's code in main at any wait), 0 for SIG_DFL, SIG_IGN
    // and Python's default_int_handler.
    SignalHandler,
    // What an opened trace file says beyond Threadline's own vocabulary (core/import): names, groups and
    // the slices, marks, counters and arrows of other tools. An engine run emits none of them; a Python run emits
    // ThreadName when the program renames a thread (Thread.name's setter), with b and c kNoValue.
    ThreadName,   // lane = the named lane; a = name, b = group (process id) or kNoValue, c = sort index or
                  // kNoValue; flags: Daemon
    GroupName,    // a = group (process id), b = its name, c = sort index or kNoValue; lane: one of the group's
    SliceBegin,   // a span of another tool: a = its name, b = its category
    SliceEnd,     // a = its name; closes the innermost open slice
    Mark,         // an instant of another tool: a = its name, b = its category
    CounterValue, // a = series name; b, c = the value (see counterValue())
    FlowOut,      // an arrow of another tool leaves here: a = arrow key, b = its name
    FlowIn,       // the arrow with key a arrives here
    // What a put's item is, in words: a = queue, b = item, c = its short repr (a string: "'job 3'", "<Job>"), or with
    // flags Number the item itself, a whole number. It comes with the put it describes, on the same lane: the
    // engine's just before it, the tracer's just after it with ts 0 (the put's moment is its own; a drain may bring
    // it in the batch after the put's). The store keeps it as the item's value (TraceStore::itemValue), not as an
    // event: every view, export and comparison shows it on the put and the get of the item, and none sees it alone.
    ItemValue,
    Count_
};

namespace EventFlag {
inline constexpr std::uint8_t Daemon = 1;   // ThreadCreated
inline constexpr std::uint8_t TimedOut = 1; // JoinEnd, PutDone, GetDone, Acquired, the sync and future wait ends
// With TimedOut, on the same kinds: an exception ended the wait (a signal handler's, Ctrl+C's KeyboardInterrupt), so
// nothing was done, as when it times out. In an engine run, only a barrier's wait whose action raised ends so; its
// other waits end by timeout or not at all.
inline constexpr std::uint8_t Interrupted = 2;
inline constexpr std::uint8_t Raised = 1; // PoolTaskEnd
inline constexpr std::uint8_t Stderr = 1; // Print: the line was written to stderr
// Deadlock: a timeout, or a thread still running, may end it; Stall: a signal handler of the program's may.
inline constexpr std::uint8_t Potential = 1;
// Error: the run's stop raised it (Threadline's SIGINT, Python's KeyboardInterrupt): the program was stopped, it did
// not fail.
inline constexpr std::uint8_t ByStop = 1;
// ItemValue: the item is a whole number of 32 bits, and c is that number (two's complement), not a string id: the
// common item costs the tracer no string.
inline constexpr std::uint8_t Number = 1;
} // namespace EventFlag

enum class SocketOp : std::uint8_t { Accept = 0, Recv = 1, Send = 2, Connect = 3 };

// How far another tool's mark reaches (Chrome's instant scope, "s"): its thread only, every thread of its process, or
// the whole trace. The timeline draws a process's or a global mark as a line across the lanes it reaches.
enum class MarkScope : std::uint8_t { Thread = 0, Process = 1, Global = 2 };

// What a SyncCreated names: which threading class the primitive is.
enum class SyncType : std::uint8_t { Lock, RLock, Condition, Semaphore, BoundedSemaphore, Event, Barrier, Count_ };

// One lifecycle event. A value type, exactly 32 bytes, trivially copyable, so that it crosses threads by
// memcpy. Timestamps are scenario nanoseconds since the run's start. What a, b, c and the flags mean for
// each kind is stated once, in the schema table (trace/eventschema.h); the comments above summarise it.
struct Event {
    std::int64_t ts = 0;
    LaneId lane = 0;
    std::uint32_t seq = 0; // per-producer sequence number, set by EventProducer::push
    EventKind kind = EventKind::RunBegin;
    std::uint8_t flags = 0;
    std::uint16_t line = 0; // listing line the event comes from, 0 if none
    std::uint32_t a = 0;
    std::uint32_t b = 0;
    std::uint32_t c = 0;
};
static_assert(sizeof(Event) == 32, "Event must stay 32 bytes");

// A CounterValue's value: an IEEE-754 double whose high word is in b and low word in c, so that a
// counter keeps any value a file gives it (negative, fractional, beyond 32 bits) in a 32-byte event.
double counterValue(const Event& e);
void setCounterValue(Event& e, double value);

// The kind's stable name ("put", "join-begin", ...), from the schema table; "unknown" outside the enum.
std::string_view eventKindName(EventKind kind);
bool eventKindFromName(std::string_view name, EventKind& kind);
std::string_view socketOpName(SocketOp op);
// The class's Python name ("Lock", "BoundedSemaphore"); "unknown" outside the enum.
std::string_view syncTypeName(SyncType type);

} // namespace tl
