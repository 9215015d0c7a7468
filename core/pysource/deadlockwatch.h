#pragma once

#include "pysource/wakeledger.h"
#include "trace/event.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace tl {

// The wait-for graph of a traced Python program, kept from its events as they arrive, and the cycles it
// closes as Deadlock events: what the engine's WaitForGraph (engine/waitforgraph.h) does for its own runs,
// for a program whose waits Threadline only hears about. Its edges run from a thread blocked in acquire to
// the lock's holder, from a thread in join to the thread it joins, and from a thread waiting on a
// condition to the holder of the condition's lock.
//
// Why the arrival order is enough: a lane's events come in its own order, and a cycle needs each member's
// wait and the holds it waits on to be current. A hold whose release has not arrived yet belongs to a lane
// whose later waits have not arrived either, so a stale hold never closes a cycle that is not there.
//
// Which lock a condition wait lets go is not in its event: the tracer sends the lock's release (Lib/
// threading.py's _release_save) just before cond-wait-begin on the same lane, and that release names it.
//
// A plain Lock has no owner: any thread may release it (Lib/threading.py's "A primitive lock is not owned
// by a particular thread"), and a program may wait on a Lock it holds itself for another thread to open.
// So a cycle through a plain Lock's edge is certain only once no thread runs: every live thread waits
// without a timeout on something only another thread can end. An RLock's or a join's edge names the one
// thread that can end it, so a cycle of those alone is certain as it forms.
//
// Why "no thread runs" is judged after a quiet spell, not at one event: the tracer's writer sends each
// thread's events in turn, every 5 ms (stream.py), so one thread's event may arrive before another's
// that came first: a woken thread's wait-end after the run-end of the thread that woke it, a pool worker's
// run-begin after main's wait. A plain-Lock cycle is therefore settled once no event has arrived for
// kQuietMs: certain if nothing runs then (named at the wait that closed it, or at the last event if it
// was shown potential before), else potential, and certain later, as a new cycle, once nothing runs. One
// that comes apart before any quiet spell (another thread opened the Lock) was potential: shown so as it ends.
//
// Live threads are those whose run-begin came and whose end did not. A thread _thread.start_new_thread
// starts begins its lane as it begins (the tracer's rawthreads.py). One a C library starts gets its lane, and
// its run-begin, only at its first traced call (a ctypes callback that sleeps in C, then opens a Lock main
// waits on). So the program's threads are also counted as its system sees them (setThreadCount): while it
// has more than its live lanes and the tracer's writer, a thread no event has shown may yet open a plain
// Lock or end a stall, which are then named potential, and a headless run goes on; a thread that begins or ends
// starts the quiet spell again, as an event does (its events may be on their way). A program with idle
// threads of a C library's own (a BLAS pool) has its plain-Lock cycles and stalls named potential too.
//
// Daemon threads are cut at exit, so a cycle of daemons alone does not keep the program from ending. The
// cycle is still named, and once a thread that is not a daemon waits on it for ever (a join, or an RLock,
// with no timeout, through any chain of those), that thread's wait is named too, with the cycle's number:
// the program cannot end then (trace/deadlocktext.h's keepsTheProgram).
//
// A stall is the other way a program hangs: every live thread waits with no timeout for something only
// another thread can do (an item on a queue, a set(), a notify, a release, a thread's end), and no thread
// runs to do it; no cycle needs to be among them (a consumer in q.get() that nothing will feed, and main
// joining it). Go's runtime calls it "all goroutines are asleep". It is named, as Stall events on every
// waiting lane, once no event has arrived for kStallQuietMs and, by then, nothing seen can end any of the
// waits (WakeLedger says which can: a put on an empty queue, a release, a notify, a set()). A thread started
// but not yet begun runs. Only a signal could still wake such a program: while the program has a handler of its own
// set (a signal-handler event), or a child process alive that may signal it (a watchdog that sends SIGINT, whose
// KeyboardInterrupt ends main's wait), a stall is named potential, and a headless run goes on. So is a
// cycle that main's wait is part of: Python runs a handler in the main thread, and what it raises ends main's wait.
//
// Thread affinity: the one thread that drains the source.
class DeadlockWatch {
public:
    // How long no event may arrive before a plain-Lock cycle is settled: several of the writer's rounds.
    static constexpr std::int64_t kQuietMs = 40;
    // How long no event may arrive before a stall is named: longer, as a headless run stops at it, and a
    // program stopped by mistake would lose all it had left to do.
    static constexpr std::int64_t kStallQuietMs = 100;

    // Looks at events[first..] in order and appends the Deadlock events of every cycle they close: one on
    // each lane of the cycle, at the moment the closing wait began, as the engine marks them. `nowMs` is a
    // steady clock's reading; called with no new events too, so that a quiet spell can end.
    void observe(std::vector<Event>& events, std::size_t first, std::int64_t nowMs);

    std::uint32_t cyclesFound() const { return m_cycles; }

    // How many threads the program has, as its system sees them, read as a cycle or a stall is settled;
    // nothing when that is not known. Unset: every thread is taken to have a lane.
    using ThreadCount = std::function<std::optional<std::size_t>()>;
    void setThreadCount(ThreadCount count) { m_threadCount = std::move(count); }
    // Whether the program has a child process alive (not a zombie), read as a stall is settled; unset: none.
    using ChildProcesses = std::function<bool()>;
    void setChildProcesses(ChildProcesses alive) { m_childrenAlive = std::move(alive); }
    // The tracer's own threads, which have no lane: its writer (stream.py).
    static constexpr std::size_t kTracerThreads = 1;

private:
    struct Wait {
        std::uint32_t lock = kNoValue;  // the lock whose holder it waits for (kNoValue: a join)
        std::uint32_t shown = kNoValue; // what its Deadlock event names: the lock, the condition, or none
        LaneId target = 0;              // a join's target
        bool timed = false;             // a timeout ends it: a potential deadlock
        bool anyReleaser = false;       // the lock is a plain Lock: a thread outside the cycle may open it
    };
    struct Pending {
        Event closing;      // the wait that closed a cycle through a plain Lock
        bool shown = false; // reported as potential already
    };
    struct Cycle {
        std::vector<LaneId> lanes; // lanes[0] closed it; each waits for the next, the last for the first
        bool timed = false;        // a timeout, or a signal handler of the program's, may end it: potential
        bool anyReleaser = false;
    };

    void see(const Event& e, std::vector<Event>& found);
    // Keeps which lanes are alive and which of them are stuck.
    void trackRunners(const Event& e);
    void beginWait(const Event& e, const Wait& wait, std::vector<Event>& found);
    // The cycle `lane`'s wait is part of, walking from it; none if the walk ends at a running thread.
    std::optional<Cycle> cycleFrom(LaneId lane) const;
    void report(const Cycle& cycle, const Event& at, bool potential, std::vector<Event>& found);
    // Names each wait, by a thread that is not a daemon, that a cycle of daemons alone holds for ever.
    void reportWaitersOnDaemons(const Event& at, std::vector<Event>& found);
    // The lanes from `lane` to a lane of a cycle of daemons, each waiting for the next with no timeout on a
    // thread that alone can end it; empty if its waits lead elsewhere.
    std::vector<LaneId> chainToDaemonCycle(LaneId lane) const;
    bool isDaemon(LaneId lane) const { return m_daemons.contains(lane); }
    // Shows potential each pending cycle, not shown yet, that `e` undoes (it comes before `e` is seen).
    void showCyclesThatPass(const Event& e, std::vector<Event>& found);
    // Whether `e` (a release, or the end of a wait) is another thread's act that takes `cycle` apart.
    bool undoes(const Event& e, const Cycle& cycle) const;
    // Settles each plain-Lock cycle that still stands: certain if nothing runs, else potential (once).
    void settle(std::vector<Event>& found);
    bool nothingRuns() const;
    // Reads the program's threads (setThreadCount); whether their number changed since the last read.
    bool threadCountChanged();
    // Whether the program had, at the last read, a thread no event has shown, which may run.
    bool unseenThreadsRun() const;
    // Whether a stall could be named now: none is, and every live thread waits for good.
    bool mayStall() const;
    // Names a stall: nothing runs, and each wait is for ever (waitsForGood), with no certain cycle that keeps
    // the program naming it already.
    void settleStall(std::vector<Event>& found);
    // Whether `lane`'s wait can only end by another thread's act that has not come.
    bool waitsForGood(LaneId lane) const;
    // The lane `wait` waits for, if that lane is known to hold what it waits on.
    bool holderOf(const Wait& wait, LaneId& holder) const;
    bool isLock(std::uint32_t sync) const;
    bool isPlainLock(std::uint32_t sync) const;

    std::unordered_map<std::uint32_t, SyncType> m_types;           // primitive -> its class
    std::unordered_map<std::uint32_t, LaneId> m_holder;            // lock -> the lane holding it
    std::unordered_map<std::uint32_t, std::uint32_t> m_holderWake; // lock -> the wake its holder's acquire named
    std::unordered_map<LaneId, std::uint32_t> m_lastRelease;       // lane -> the lock it last let go
    std::unordered_map<LaneId, Wait> m_waits;
    std::unordered_set<LaneId> m_live;    // threads whose run began and has not ended
    ThreadCount m_threadCount;
    ChildProcesses m_childrenAlive;
    std::optional<std::size_t> m_threads; // at the last read
    std::unordered_set<LaneId> m_ended;   // threads whose end has come: a late event does not revive them
    std::unordered_set<LaneId> m_stuck;   // live threads in a wait with no timeout, for another thread to end
    std::vector<Pending> m_pending;       // cycles through a plain Lock, until certain or gone
    std::unordered_set<LaneId> m_certain; // lanes of certain cycles reported: nothing runs to undo them
    std::unordered_set<LaneId> m_daemons; // threads created or started as daemons
    std::unordered_map<LaneId, std::uint32_t> m_daemonCycle; // lane of a certain cycle of daemons -> its number
    std::unordered_set<LaneId> m_waitersNamed;               // lanes named waiting on such a cycle
    std::unordered_map<LaneId, Event> m_stuckWaits;          // stuck lane -> the event that began its wait
    WakeLedger m_wakes;                                      // whether anything seen can end a wait
    std::unordered_set<LaneId> m_starting;                   // started, their run-begin not come yet
    bool m_stalled = false;                                  // a stall is named, and nothing has run since
    std::unordered_set<std::uint32_t> m_handled;             // signals with a handler of the program's own (by name)
    static constexpr LaneId kMainLane = 0;                   // the interpreter's main thread (the tracer's lane 0)
    Event m_latest;                                          // the latest event by time
    std::int64_t m_lastArrivalMs = 0;
    std::uint32_t m_cycles = 0;
};

} // namespace tl
