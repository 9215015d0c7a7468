#pragma once

#include "trace/event.h"

#include <QList>
#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace tl {

class StringTable;

// A signal's name as a message says it: "SIGINT"; its number when it has none.
QString signalText(int signal);

// What Stop sends a traced Python process, and when: what a user at a terminal does, Ctrl+C twice. The stop's
// signal first (SIGINT; or a SIGTERM passed on as it came); a second SIGINT once the KeyboardInterrupt has ended
// main and the interpreter waits at exit for threads that are no daemons (the stream says when that wait begins),
// or, once it has ended main, after half the grace period; SIGKILL a grace period after the last of them for a program
// that ignores them, or at once when asked again. A program that caught the KeyboardInterrupt keeps its whole grace
// period for its own cleanup. The KeyboardInterrupt the stop raised is flagged EventFlag::ByStop: drawn and told
// as the stop it is, not as the program's error.
//
// Thread affinity: PythonReader's reader thread only.
class StopSequence {
public:
    // What was asked, and how long ago.
    struct Asked {
        int signal;            // the stop's signal
        bool patient;          // no SIGKILL after the grace period (a SIGTERM handler's clean shutdown)
        bool killAsked;        // SIGKILL now
        std::int64_t waitedNs; // since the stop was asked for
    };

    // `ignored`: the signals the program was started with ignored, as Threadline was (stopSignalsIgnoredAtStart):
    // a stop by one of them is only words until SIGKILL.
    explicit StopSequence(int graceMs, QList<int> ignored = {});

    // The signal to send now, if any (called while the process runs): to the process group, or to the program's main
    // thread alone when lastToMainThread().
    std::optional<int> next(const Asked& asked);
    // Whether the signal next() returned last is for the main thread alone: the SIGINT that ends the exit's wait. Sent
    // to the process, a signal goes to any thread that does not block it, and one that a worker blocked in a lock took
    // left main in its wait in C (3.13's _thread._shutdown) until SIGKILL (a CI run). Only a signal to main itself
    // interrupts that wait.
    bool lastToMainThread() const { return m_lastToMain; }
    // Marks, among events just parsed, the KeyboardInterrupt a SIGINT stop asked for at scenario time `stopTs`
    // raised, and notes main's wait at exit after it.
    void noteEvents(std::vector<Event>& events, std::int64_t stopTs, const StringTable& strings);
    bool killed() const { return m_killed; }
    // What the stop did, for problems(): "stopped by SIGINT", "stopped: SIGINT, then SIGKILL after 2000 ms" ...
    QString words(int signal, bool killAsked) const;

private:
    enum class SecondInterrupt : std::uint8_t { None, AtExitWait, AfterGrace };

    const int m_graceMs;
    const QList<int> m_ignored;
    bool m_interrupted = false; // the stop's signal sent
    bool m_killed = false;      // SIGKILL sent
    SecondInterrupt m_second = SecondInterrupt::None;
    std::int64_t m_stopRaisedTs = -1; // scenario ts of the KeyboardInterrupt the stop raised in main; -1: none yet
    bool m_exitWaitAfterStop = false; // main waits at exit, after that KeyboardInterrupt
    bool m_lastToMain = false;
    std::int64_t m_lastSignalNs = 0; // when the last SIGINT was sent, counted as Asked::waitedNs
};

} // namespace tl
