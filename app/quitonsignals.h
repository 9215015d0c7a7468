#pragma once

#include <QObject>

#include <signal.h>

class QSocketNotifier;

namespace tl {

// SIGINT, SIGTERM and SIGHUP end the window as closing it does: the event loop quits, the window and its
// run controller are destroyed, and a Python program being traced is stopped (SIGINT, then SIGKILL after
// the grace period) rather than left running in the process group of its own it was started in. A signal
// handler may only write to a pipe: a QSocketNotifier on the other end quits on the main thread.
//
// A signal Threadline was started with ignored (stopSignalsIgnoredAtStart()) stays ignored.
//
// Invariants: at most one instance at a time (the handler writes to one pipe); the old handlers are back
// once it is destroyed.
//
// Thread affinity: the main thread, under a QCoreApplication.
class QuitOnSignals : public QObject {
public:
    explicit QuitOnSignals(QObject* parent = nullptr);
    ~QuitOnSignals() override;
    QuitOnSignals(const QuitOnSignals&) = delete;
    QuitOnSignals& operator=(const QuitOnSignals&) = delete;

private:
    static void onSignal(int signal);

    int m_pipe[2] = {-1, -1};
    QSocketNotifier* m_notifier = nullptr;
    struct sigaction m_old[3] = {};
};

} // namespace tl
