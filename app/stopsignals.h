#pragma once

#include <signal.h>

namespace tl {

// For a headless run: SIGINT, SIGTERM and SIGHUP (the terminal closed: the traced program, in a process group of
// its own, would not hear of it and run on) become a request to stop, for the life of this object, instead of
// ending the process. The run polls stopAsked() between drains, stops, writes what it recorded and exits
// with exitCode(). The handler stays in place until the export is written, so a second Ctrl+C during the
// write is only noted: the file is committed whole or not at all (writeFileAtomically).
//
// A signal Threadline was started with ignored (stopSignalsIgnoredAtStart(): nohup's SIGHUP, a background job's
// SIGINT) stays ignored, for Threadline and for the program it traces, as python3 leaves it.
//
// Invariants: at most one instance at a time (the handler sets one process-wide flag); once it is
// destroyed, the old handlers are back if no signal came, else the three are ignored: the process
// is ending with exitCode(), and a late second signal must not end it another way.
//
// Thread affinity: created and destroyed on the main thread; stopAsked() may be called from any thread.
class StopSignals {
public:
    StopSignals();
    ~StopSignals();
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

    // True once one of them has arrived.
    static bool stopAsked();
    // True once a second one has arrived: a headless Python run's program is then killed (the first only asks it).
    static bool askedAgain();
    // The first signal that arrived (SIGINT, SIGTERM or SIGHUP), 0 if none.
    static int signalNumber();
    // As a shell reports a process that a signal ended: 128 + n (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP);
    // `otherwise` when no signal arrived.
    static int exitCode(int otherwise);

private:
    static void onSignal(int number);

    struct sigaction m_oldInt {};
    struct sigaction m_oldTerm {};
    struct sigaction m_oldHup {};
};

} // namespace tl
