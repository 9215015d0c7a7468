#pragma once

#include <QString>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

class QIODevice;

namespace tl::import {

// The bytes of a trace file, read in chunks of kChunkSize from a device and, when the file starts with
// gzip's magic bytes, inflated on the way (zlib), so that no file is ever held whole in memory. It is
// also the input stream RapidJSON's SAX reader pulls from (Peek, Take, Tell): the reader sees the JSON
// text, whatever the file's compression.
//
// Invariants: Tell() counts the JSON text's bytes consumed so far (after inflating), so an error's
// offset names a byte of that text; Peek() and Take() return '\0' at the end, on a read error, and once
// `cancel` is set, and fileBytesRead() never exceeds the device's size.
//
// Thread affinity: one thread at a time (the one parsing); `cancel` may be set from any thread.
class TraceInput {
public:
    using Ch = char;
    static constexpr std::size_t kChunkSize = std::size_t{1} << 20;
    static constexpr qint64 kMinChunkSize = 4096; // also what a read past the known end asks for

    // `cancel` stops the reading when set; `progress`, if given, follows fileBytesRead() for other threads.
    explicit TraceInput(QIODevice& device, const std::atomic<bool>* cancel = nullptr,
                        std::atomic<std::int64_t>* progress = nullptr);
    ~TraceInput();
    TraceInput(const TraceInput&) = delete;
    TraceInput& operator=(const TraceInput&) = delete;

    Ch Peek()
    {
        if (m_pos == m_end && !refill())
            return '\0';
        return *m_pos;
    }
    Ch Take()
    {
        if (m_pos == m_end && !refill())
            return '\0';
        return *m_pos++;
    }
    std::size_t Tell() const { return m_base + static_cast<std::size_t>(m_pos - m_begin); }
    // Output side of RapidJSON's stream concept: never used by the reader (it does not parse in place).
    Ch* PutBegin() { return nullptr; }
    void Put(Ch) {}
    void Flush() {}
    std::size_t PutEnd(Ch*) { return 0; }

    // True once every byte of the text was consumed and the device had nothing more.
    bool atEnd();
    bool isGzip() const { return m_gzip; }
    bool cancelled() const { return m_cancelled; }
    // The compressed stream stopped before its end (a truncated .gz): the text ends there too.
    bool compressionTruncated() const { return m_gzipTruncated; }
    // A read or inflate error, empty if none.
    const QString& error() const { return m_error; }
    // Bytes of the file read so far and its size (-1 if unknown): the progress of a load.
    std::int64_t fileBytesRead() const { return m_fileBytes; }
    std::int64_t fileSize() const { return m_fileSize; }

private:
    bool refill();
    bool readRaw();
    bool inflateMore();
    bool nextMemberFollows();
    void skipByteOrderMark();

    QIODevice& m_device;
    const std::atomic<bool>* m_cancel;
    std::atomic<std::int64_t>* m_progress;
    std::vector<char> m_raw;  // the file's bytes (compressed or not)
    std::vector<char> m_text; // inflated text, when the file is gzip
    const char* m_begin = nullptr;
    const char* m_pos = nullptr;
    const char* m_end = nullptr;
    std::size_t m_base = 0; // Tell() of m_begin
    std::int64_t m_fileBytes = 0;
    std::int64_t m_fileSize = -1;
    bool m_started = false;
    bool m_gzip = false;
    bool m_deviceDone = false;
    bool m_gzipDone = false;
    bool m_gzipTruncated = false;
    bool m_cancelled = false;
    QString m_error;
    struct Inflater;
    std::unique_ptr<Inflater> m_inflater;
};

} // namespace tl::import
