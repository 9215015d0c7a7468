#pragma once

#include "engine/console.h"
#include "engine/eventsink.h"
#include "engine/interrupthub.h"
#include "engine/resourceshortage.h"
#include "engine/threadregistry.h"
#include "engine/virtualclock.h"
#include "engine/waitforgraph.h"
#include "trace/stringtable.h"

#include <cstdint>
#include <memory>

namespace tl {

// The Python program a run acts out ("hello.py" and its text), for the tracebacks of its uncaught errors.
struct ListingText {
    QString fileName;
    QString text;
};

struct RunOptions {
    // How fast the clock jumps when every thread waits: a jump of D scenario seconds takes D / speed wall
    // seconds; kSpeedMax jumps at once. Running code always costs real time (see VirtualClock).
    double speed = 1.0;
    std::uint64_t channelCapacity = 0;         // per producer; 0 = unbounded and lossless
    bool echoPrints = false;                   // print() also writes to stdout (headless runs)
    bool echoErrors = false; // an uncaught exception's report also goes to stderr (headless runs, --quiet too)
    std::uint32_t stackSizeBytes = 512 * 1024; // per engine thread, so 5000 threads stay cheap
    ListingText listing;                       // empty: tracebacks name no frame
};

// What the primitives of one run share, as parts with one job each: the virtual clock, the string table,
// the event sink (stamps and writes events), the interrupt hub (stop, daemon cut, the interruptible wait),
// the thread registry (lanes, numbering, OS threads, atexit), the console (stdout, stderr), the
// wait-for graph (who waits for whom, to find a deadlock as it forms) and the resource shortage (the
// thread or descriptor the system refused, for which the run is stopped). The run
// owns them and outlives every engine thread; primitives reach them through the calling engine thread's
// ThreadState::run.
//
// Thread affinity: the accessors may be called from any thread; each part states its own.
class RunContext {
public:
    explicit RunContext(RunOptions options);
    // Stops the run and joins every OS thread it spawned.
    ~RunContext();
    RunContext(const RunContext&) = delete;
    RunContext& operator=(const RunContext&) = delete;

    const RunOptions& options() const { return m_options; }
    VirtualClock& clock() { return m_clock; }
    const VirtualClock& clock() const { return m_clock; }
    StringTable& strings() { return *m_strings; }
    std::shared_ptr<StringTable> sharedStrings() const { return m_strings; }

    EventSink& events() { return m_events; }
    InterruptHub& interrupts() { return m_interrupts; }
    const InterruptHub& interrupts() const { return m_interrupts; }
    ThreadRegistry& threads() { return m_threads; }
    Console& console() { return m_console; }
    WaitForGraph& waits() { return m_waits; }
    ResourceShortage& shortage() { return m_shortage; }
    const ResourceShortage& shortage() const { return m_shortage; }

private:
    // Declared in the order each part needs the ones before it; destroyed in reverse, after the registry
    // has joined every thread that could still use them.
    const RunOptions m_options;
    VirtualClock m_clock;
    std::shared_ptr<StringTable> m_strings = std::make_shared<StringTable>();
    InterruptHub m_interrupts;
    EventSink m_events;
    Console m_console;
    WaitForGraph m_waits;
    ResourceShortage m_shortage;
    ThreadRegistry m_threads;
};

} // namespace tl
