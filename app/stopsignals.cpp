#include "stopsignals.h"

#include "pysource/inheritedsignals.h"

#include <csignal>

namespace tl {

namespace {

volatile std::sig_atomic_t g_signal = 0;
volatile std::sig_atomic_t g_count = 0;

} // namespace

void StopSignals::onSignal(int number)
{
    if (g_signal == 0)
        g_signal = number; // the first one decides the exit code; a second is only noted
    if (g_count < 2)
        g_count = g_count + 1;
}

StopSignals::StopSignals()
{
    g_signal = 0;
    g_count = 0;
    struct sigaction action {};
    action.sa_handler = &StopSignals::onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    // One the shell started Threadline with ignored (nohup, a background job) stays ignored, as python3 leaves it.
    const QList<int> ignored = stopSignalsIgnoredAtStart();
    const auto take = [&](int number, struct sigaction* old) {
        ::sigaction(number, ignored.contains(number) ? nullptr : &action, old);
    };
    take(SIGINT, &m_oldInt);
    take(SIGTERM, &m_oldTerm);
    take(SIGHUP, &m_oldHup);
}

StopSignals::~StopSignals()
{
    if (g_signal != 0) {
        // Stopped: the process is on its way out with 128 + n. A further Ctrl+C must not turn that into a
        // death by signal in the moment between this and exit (CI saw it, 5 ms after the first).
        struct sigaction ignore {};
        ignore.sa_handler = SIG_IGN;
        sigemptyset(&ignore.sa_mask);
        ::sigaction(SIGINT, &ignore, nullptr);
        ::sigaction(SIGTERM, &ignore, nullptr);
        ::sigaction(SIGHUP, &ignore, nullptr);
        return;
    }
    ::sigaction(SIGINT, &m_oldInt, nullptr);
    ::sigaction(SIGTERM, &m_oldTerm, nullptr);
    ::sigaction(SIGHUP, &m_oldHup, nullptr);
}

bool StopSignals::stopAsked()
{
    return g_signal != 0;
}

bool StopSignals::askedAgain()
{
    return g_count >= 2;
}

int StopSignals::signalNumber()
{
    return g_signal;
}

int StopSignals::exitCode(int otherwise)
{
    return g_signal != 0 ? 128 + g_signal : otherwise;
}

} // namespace tl
