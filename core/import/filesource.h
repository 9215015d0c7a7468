#pragma once

#include "import/importedtrace.h"
#include "trace/tracesource.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <thread>

namespace tl::import {

// A trace file as a TraceSource: read on a thread of its own (importChromeTraceFile) while the owner's
// thread keeps painting, then handed to drain() in batches of at most kBatch events, so that no single
// drain keeps the owner busy for long. The whole file is read before the first event is handed over:
// each lane needs its events in time order, and a file may list them in the order they ended.
//
// Invariants: isFinished() is true once the reader is done and what is left fits in one drain(), so the
// drain() after a true reading holds the last events (the TraceSource contract); an error or a
// cancellation finishes it with no events and error() set.
//
// Thread affinity: the owner's thread for everything (the TraceSource rule); the reader runs on its own
// thread and hands over its result under the mutex. The destructor cancels the reader and joins it.
class FileSource : public TraceSource {
public:
    static constexpr std::size_t kBatch = std::size_t{1} << 16;

    explicit FileSource(QString path);
    ~FileSource() override;
    FileSource(const FileSource&) = delete;
    FileSource& operator=(const FileSource&) = delete;

    std::size_t drain(std::vector<Event>& out) override;
    std::span<const EventFile> lastDrainFiles() const override { return m_drainFiles; }
    bool isFinished() const override;
    bool waitForFinished(int timeoutMs) override;
    void requestStop() override;
    std::shared_ptr<const StringTable> strings() const override { return m_strings; }
    TraceMetadata metadata() const override;
    std::uint64_t droppedEvents() const override;
    std::int64_t nowTs() const override;

    // Progress while reading: bytes of the file read, and its size (-1 if unknown).
    std::int64_t bytesRead() const { return m_bytesRead.load(std::memory_order_relaxed); }
    std::int64_t fileSize() const { return m_fileSize; }
    // Once finished: why the load failed (empty if it did not), what could not be read as it stood, and
    // the flows a Threadline export states (to check against the store: checkThreadlineFlows).
    QString error() const;
    QStringList warnings() const;
    std::vector<ExpectedFlow> expectedFlows() const;
    const QString& path() const { return m_path; }
    // True once the reader is done: the whole file read (or the load failed or was cancelled). Its events
    // may still wait to be drained; error() is final from now on.
    bool readerDone() const;

private:
    void read();

    const QString m_path;
    const std::shared_ptr<StringTable> m_strings;
    std::int64_t m_fileSize = -1;
    std::atomic<bool> m_cancel{false};
    std::atomic<std::int64_t> m_bytesRead{0};

    mutable std::mutex m_mutex;
    std::condition_variable m_done;
    bool m_readerDone = false;             // guarded by m_mutex
    std::optional<ImportedTrace> m_result; // guarded by m_mutex; set once by the reader
    QString m_error;                       // guarded by m_mutex
    std::size_t m_total = 0;               // guarded by m_mutex: events of m_result
    std::size_t m_handedOver = 0;          // guarded by m_mutex (written by the owner's drain)
    std::size_t m_nextFile = 0;            // the owner's: the first of m_result->files not handed over
    std::vector<EventFile> m_drainFiles;   // the owner's: lastDrainFiles()
    std::int64_t m_lastTs = 0;             // owner's thread only: the latest ts handed over
    std::thread m_reader;
};

} // namespace tl::import
