#include "import/filesource.h"

#include "import/chrometraceimporter.h"

#include <QFileInfo>

#include <chrono>

namespace tl::import {

FileSource::FileSource(QString path)
    : m_path(std::move(path))
    , m_strings(std::make_shared<StringTable>())
    , m_fileSize(QFileInfo(m_path).size())
{
    m_reader = std::thread([this] { read(); });
}

FileSource::~FileSource()
{
    requestStop();
    m_reader.join();
}

// Reader thread.
void FileSource::read()
{
    Result<ImportedTrace> trace = importChromeTraceFile(
        m_path, ImportControl{.cancel = &m_cancel, .bytesRead = &m_bytesRead, .strings = m_strings});
    std::lock_guard lock(m_mutex);
    if (trace) {
        if (!trace->threadline && trace->metadata.scenarioTitle.isEmpty())
            trace.value().metadata.scenarioTitle = QFileInfo(m_path).fileName();
        trace.value().metadata.file = m_path;
        m_result = std::move(trace.value());
        m_total = m_result->events.size();
    } else {
        m_error = trace.error();
    }
    m_readerDone = true;
    m_done.notify_all();
}

bool FileSource::readerDone() const
{
    std::lock_guard lock(m_mutex);
    return m_readerDone;
}

std::size_t FileSource::drain(std::vector<Event>& out)
{
    std::lock_guard lock(m_mutex);
    m_drainFiles.clear();
    if (!m_result)
        return 0;
    const std::vector<Event>& events = m_result->events;
    const std::size_t n = std::min(kBatch, m_total - m_handedOver);
    if (n == 0)
        return 0;
    out.insert(out.end(), events.begin() + static_cast<std::ptrdiff_t>(m_handedOver),
               events.begin() + static_cast<std::ptrdiff_t>(m_handedOver + n));
    const std::vector<EventFile>& files = m_result->files;
    for (; m_nextFile < files.size() && files[m_nextFile].index < m_handedOver + n; ++m_nextFile)
        m_drainFiles.push_back({files[m_nextFile].index - m_handedOver, files[m_nextFile].file});
    m_handedOver += n;
    m_lastTs = std::max(m_lastTs, events[m_handedOver - 1].ts); // events come by time
    if (m_handedOver == m_total)
        m_result->events = {}; // all handed over: give the memory back
    return n;
}

bool FileSource::isFinished() const
{
    std::lock_guard lock(m_mutex);
    return m_readerDone && m_total - m_handedOver <= kBatch;
}

bool FileSource::waitForFinished(int timeoutMs)
{
    std::unique_lock lock(m_mutex);
    const auto done = [this] { return m_readerDone; };
    if (timeoutMs < 0)
        m_done.wait(lock, done);
    else
        m_done.wait_for(lock, std::chrono::milliseconds(timeoutMs), done);
    lock.unlock();
    return isFinished();
}

void FileSource::requestStop()
{
    m_cancel.store(true, std::memory_order_relaxed);
}

TraceMetadata FileSource::metadata() const
{
    std::lock_guard lock(m_mutex);
    return m_result ? m_result->metadata : TraceMetadata{};
}

std::uint64_t FileSource::droppedEvents() const
{
    std::lock_guard lock(m_mutex);
    return m_result ? m_result->droppedEvents : 0;
}

std::int64_t FileSource::nowTs() const
{
    return m_lastTs;
}

QString FileSource::error() const
{
    std::lock_guard lock(m_mutex);
    return m_error;
}

QStringList FileSource::warnings() const
{
    std::lock_guard lock(m_mutex);
    return m_result ? m_result->warnings : QStringList();
}

std::vector<ExpectedFlow> FileSource::expectedFlows() const
{
    std::lock_guard lock(m_mutex);
    return m_result ? m_result->flows : std::vector<ExpectedFlow>();
}

} // namespace tl::import
