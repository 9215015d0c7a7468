#include "quitonsignals.h"

#include "pysource/inheritedsignals.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>

namespace tl {

namespace {

constexpr int kSignals[3] = {SIGINT, SIGTERM, SIGHUP};
std::atomic<int> g_writeEnd{-1};

} // namespace

void QuitOnSignals::onSignal(int)
{
    const char byte = 1;
    // Async-signal-safe: one write; a full pipe already holds a wake-up. The code the signal interrupted keeps its
    // errno (a write to a full pipe sets EAGAIN).
    const int savedErrno = errno;
    [[maybe_unused]] const ssize_t written = ::write(g_writeEnd.load(), &byte, 1);
    errno = savedErrno;
}

QuitOnSignals::QuitOnSignals(QObject* parent)
    : QObject(parent)
{
    if (::pipe2(m_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return; // no pipe: the signals keep their default effect
    g_writeEnd.store(m_pipe[1]);
    m_notifier = new QSocketNotifier(m_pipe[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] {
        char buffer[16];
        while (::read(m_pipe[0], buffer, sizeof buffer) > 0) {
        }
        QCoreApplication::quit();
    });
    struct sigaction action {};
    action.sa_handler = &QuitOnSignals::onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    // One the shell started Threadline with ignored (nohup, a background job) stays ignored, as python3 leaves it.
    const QList<int> ignored = stopSignalsIgnoredAtStart();
    for (int i = 0; i < 3; ++i)
        ::sigaction(kSignals[i], ignored.contains(kSignals[i]) ? nullptr : &action, &m_old[i]);
}

QuitOnSignals::~QuitOnSignals()
{
    if (m_pipe[0] < 0)
        return;
    for (int i = 0; i < 3; ++i)
        ::sigaction(kSignals[i], &m_old[i], nullptr);
    g_writeEnd.store(-1);
    delete m_notifier;
    ::close(m_pipe[0]);
    ::close(m_pipe[1]);
}

} // namespace tl
