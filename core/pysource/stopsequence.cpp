#include "pysource/stopsequence.h"

#include "trace/stringtable.h"

#include <csignal>
#include <cstring>

namespace tl {

QString signalText(int signal)
{
    const char* name = ::sigabbrev_np(signal);
    return name ? QStringLiteral("SIG%1").arg(QLatin1String(name)) : QString::number(signal);
}

StopSequence::StopSequence(int graceMs, QList<int> ignored)
    : m_graceMs(graceMs)
    , m_ignored(std::move(ignored))
{
}

std::optional<int> StopSequence::next(const Asked& asked)
{
    const std::int64_t graceNs = std::int64_t{m_graceMs} * 1'000'000;
    m_lastToMain = false;
    if (!m_interrupted) {
        m_interrupted = true;
        return asked.signal;
    }
    // The grace period counts from the last signal: a second SIGINT sent late in the first one's (its exit wait
    // seen late, on a loaded machine) would leave the interpreter no time to end the wait it interrupts. That is
    // the likely cause, not a proven one, of the SIGKILL a CI run once saw.
    if (!m_killed && (asked.killAsked || (!asked.patient && asked.waitedNs - m_lastSignalNs > graceNs))) {
        m_killed = true;
        return SIGKILL;
    }
    // Ctrl+C twice: the second ends the exit's wait for threads that will never end (threading._shutdown says
    // "Exception ignored"), and the interpreter exits on its own, closing the trace. Without word of that wait,
    // only once the stop's KeyboardInterrupt ended main: a program that caught it keeps its whole grace period for
    // its own cleanup (`except KeyboardInterrupt: shutdown_workers()`).
    if (m_second == SecondInterrupt::None && asked.signal == SIGINT && !asked.patient &&
        (m_exitWaitAfterStop || (m_stopRaisedTs >= 0 && asked.waitedNs > graceNs / 2))) {
        m_second = m_exitWaitAfterStop ? SecondInterrupt::AtExitWait : SecondInterrupt::AfterGrace;
        m_lastToMain = m_second == SecondInterrupt::AtExitWait;
        m_lastSignalNs = asked.waitedNs;
        return SIGINT;
    }
    return std::nullopt;
}

void StopSequence::noteEvents(std::vector<Event>& events, std::int64_t stopTs, const StringTable& strings)
{
    for (Event& e : events) {
        // Python raises a KeyboardInterrupt of its own only on a SIGINT: one ending a thread after the stop was asked
        // for is the stop's. The program's own `raise KeyboardInterrupt` in that moment would read so too.
        if (e.kind == EventKind::Error && e.ts >= stopTs && strings.text(e.a) == QLatin1String("KeyboardInterrupt")) {
            e.flags |= EventFlag::ByStop;
            if (e.lane == 0 && m_stopRaisedTs < 0)
                m_stopRaisedTs = e.ts;
        } else if (e.lane == 0 && m_stopRaisedTs >= 0 && e.ts >= m_stopRaisedTs) {
            if (e.kind == EventKind::ExitWaitBegin)
                m_exitWaitAfterStop = true;
            else if (e.kind == EventKind::ExitWaitEnd)
                m_exitWaitAfterStop = false;
        }
    }
}

QString StopSequence::words(int signal, bool killAsked) const
{
    const QString stopSignal = signalText(signal);
    if (m_ignored.contains(signal)) {
        // Threadline was started with it ignored (a background job of a script), and so was the program: "stopped by
        // SIGINT" was said of a program that then ran to its own end (a user-tester).
        const QString ignoredWords =
            QStringLiteral("%1 was ignored (Threadline was started with it ignored, and so was the program)")
                .arg(stopSignal);
        if (!m_killed)
            return QStringLiteral("%1: the program ended on its own").arg(ignoredWords);
        return killAsked ? QStringLiteral("stopped: %1, then SIGKILL as asked again").arg(ignoredWords)
                         : QStringLiteral("stopped: %1, then SIGKILL after %2 ms").arg(ignoredWords).arg(m_graceMs);
    }
    const QString second = m_second == SecondInterrupt::AtExitWait
                               ? QStringLiteral("a second SIGINT as it waited at exit for its threads")
                               : QStringLiteral("a second SIGINT after %1 ms").arg(m_graceMs / 2);
    if (!m_killed)
        return m_second == SecondInterrupt::None ? QStringLiteral("stopped by %1").arg(stopSignal)
                                                 : QStringLiteral("stopped by %1, then %2").arg(stopSignal, second);
    if (killAsked)
        return QStringLiteral("stopped: %1, then SIGKILL as asked again").arg(stopSignal);
    if (m_second != SecondInterrupt::None)
        return QStringLiteral("stopped: %1, %2, then SIGKILL %3 ms after it").arg(stopSignal, second).arg(m_graceMs);
    return QStringLiteral("stopped: %1, then SIGKILL after %2 ms").arg(stopSignal).arg(m_graceMs);
}

} // namespace tl
