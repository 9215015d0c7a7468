#pragma once

#include "trace/event.h"
#include "trace/tracestore.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace tl {

// A deadlock of a trace, from its Deadlock events (one on each lane of the cycle, sharing the cycle's
// number): `members` in the order of the cycle, each waiting for the next, starting from the lowest lane,
// so that the same cycle reads the same whichever thread happened to close it. `waiters` are threads
// outside the cycle that wait on it for ever (main joining a daemon of a cycle of daemons), each chain from
// its far end towards the cycle.
//
// A stall (EventKind::Stall) reads as one too: every thread waits and none runs, with no cycle among them.
// Its `members` are the waiting threads, those whose wait is on no other thread first (the queue, event or
// lock nobody is left to feed, set or open), then the joins and the exit wait that wait on them.
struct DeadlockCycle {
    std::uint32_t number = 0;
    bool stall = false;
    bool potential = false; // a timeout, or a thread still running, may end it
    std::int64_t ts = 0;    // when it formed
    std::vector<EventId> members;
    std::vector<EventId> waiters;
};

// The wait of `lane` that a deadlock or stall event at `ts` marks: the innermost span open at that moment
// that is not running (the event comes at the start of the wait that closed the cycle, or while the lane's
// own wait goes on); nullptr if there is none.
const Span* deadlockedWait(const LaneInfo& lane, std::int64_t ts);

// Every cycle and stall of the store, by number. Pure: reads the store only.
std::vector<DeadlockCycle> deadlockCycles(const TraceStore& store);

// Whether a certain deadlock keeps the program from ending: a thread in it, or waiting on it, is not a
// daemon. Daemons are cut at exit, so a cycle of daemons alone hangs nothing until such a thread waits on it.
bool keepsTheProgram(const TraceStore& store, const DeadlockCycle& cycle);

// Whether the events `change` appended hold a deadlock that no timeout ends and that keeps the program from
// ending: the moment a run with no one to press Stop (a headless one) stops itself.
bool changeHasDeadlock(const TraceStore& store, const StoreChange& change);

// Whether the events `change` appended hold any deadlock event, a potential one included.
bool changeHasAnyDeadlock(const TraceStore& store, const StoreChange& change);

// The first certain cycle (not potential) that keeps the program from ending, else the first certain one.
std::optional<DeadlockCycle> firstDeadlock(const TraceStore& store);

// The cycle a window names: the first certain one, else the latest potential one, else none.
std::optional<DeadlockCycle> shownDeadlock(const TraceStore& store);

// The cycle in words, as the status bar, the details panel and a headless run's stderr say it:
// "Deadlock: Thread-1 holds A and waits for B; Thread-2 holds B and waits for A". A join reads "waits for
// Thread-2 to end", a condition wait "waits for a notify on C" (and its lock's holder "holds C's lock").
// A potential one begins "Potential deadlock:". Its waiters follow: "; MainThread waits for Thread-1 to end".
// A stall: "Deadlock: every thread waits, and none is left to wake another: Thread-1 waits for an item on
// jobs; MainThread waits for Thread-1 to end"; a potential one (the program has a signal handler of its own)
// "Potential deadlock: every thread waits, and only a signal handler is left to wake one: ...". Empty for a
// cycle the store does not have.
QString deadlockSentence(const TraceStore& store, const DeadlockCycle& cycle);
// The sentence without its heading ("Deadlock: ", "Potential deadlock: "), for a line that names the deadlock
// itself: "stopped at a deadlock: Thread-1 holds A and waits for B; ...", "... every thread waits, and none is left
// to wake another: ...". Empty for a cycle the store does not have.
QString deadlockClauses(const TraceStore& store, const DeadlockCycle& cycle);
// The sentence of the cycle a Deadlock or Stall event belongs to (by its number); empty for any other event.
QString deadlockSentenceOf(const TraceStore& store, const Event& e);

} // namespace tl
