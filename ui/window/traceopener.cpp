#include "window/traceopener.h"

#include "import/filesource.h"
#include "window/runcontroller.h"

namespace tl::ui {

TraceOpener::TraceOpener(RunController* runs, QObject* parent)
    : QObject(parent)
    , m_runs(runs)
{
    m_poll.setInterval(kPollMs);
    connect(&m_poll, &QTimer::timeout, this, &TraceOpener::poll);
}

TraceOpener::~TraceOpener() = default; // FileSource's destructor cancels its reader and joins it

void TraceOpener::open(const QString& path)
{
    if (m_pending)
        cancel();
    m_path = path;
    m_pending = std::make_unique<import::FileSource>(path);
    emit progress(0, m_pending->fileSize());
    m_poll.start();
}

void TraceOpener::cancel()
{
    if (!m_pending)
        return;
    m_poll.stop();
    m_pending.reset();
    emit cancelled(m_path);
}

void TraceOpener::poll()
{
    if (!m_pending)
        return;
    emit progress(m_pending->bytesRead(), m_pending->fileSize());
    if (!m_pending->readerDone())
        return;
    m_poll.stop();
    std::unique_ptr<import::FileSource> done = std::move(m_pending);
    if (const QString error = done->error(); !error.isEmpty()) {
        emit failed(m_path, error);
        return;
    }
    m_runs->startFile(std::move(done));
    emit opened(m_path);
}

} // namespace tl::ui
