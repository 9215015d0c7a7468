#include "import/traceinput.h"

#include <QIODevice>

#include <zlib.h>

#include <algorithm>

namespace tl::import {

struct TraceInput::Inflater {
    z_stream stream{};
    bool initialised = false;
    ~Inflater()
    {
        if (initialised)
            inflateEnd(&stream);
    }
};

TraceInput::TraceInput(QIODevice& device, const std::atomic<bool>* cancel, std::atomic<std::int64_t>* progress)
    : m_device(device)
    , m_cancel(cancel)
    , m_progress(progress)
{
    m_fileSize = device.isSequential() ? -1 : device.size();
}

TraceInput::~TraceInput() = default;

bool TraceInput::atEnd()
{
    return m_pos == m_end && !refill() && m_error.isEmpty() && !m_cancelled;
}

// Reads the next chunk of the file into m_raw; false at the end or on an error.
bool TraceInput::readRaw()
{
    if (m_deviceDone)
        return false;
    // A file of known size gets a buffer of what is left of it, not a whole chunk: a 10 KB trace costs
    // 10 KB, not 1 MB (a test that opens a file truncated at each of its bytes allocated a MB each time).
    std::size_t chunk = kChunkSize;
    if (m_fileSize >= 0)
        chunk = static_cast<std::size_t>(
            std::clamp<qint64>(m_fileSize - m_fileBytes, kMinChunkSize, static_cast<qint64>(kChunkSize)));
    m_raw.resize(chunk);
    const qint64 got = m_device.read(m_raw.data(), static_cast<qint64>(m_raw.size()));
    if (got < 0) {
        m_error = QStringLiteral("cannot read the file: %1").arg(m_device.errorString());
        m_deviceDone = true;
        return false;
    }
    if (got == 0) {
        m_deviceDone = true;
        return false;
    }
    m_raw.resize(static_cast<std::size_t>(got));
    m_fileBytes += got;
    if (m_progress)
        m_progress->store(m_fileBytes, std::memory_order_relaxed);
    return true;
}

bool TraceInput::refill()
{
    if (m_cancelled || !m_error.isEmpty())
        return false;
    if (m_cancel && m_cancel->load(std::memory_order_relaxed)) {
        m_cancelled = true;
        return false;
    }
    m_base += static_cast<std::size_t>(m_end - m_begin);
    m_begin = m_pos = m_end = nullptr;
    if (!m_started) {
        m_started = true;
        if (!readRaw())
            return false;
        m_gzip = m_raw.size() >= 2 && static_cast<unsigned char>(m_raw[0]) == 0x1f &&
                 static_cast<unsigned char>(m_raw[1]) == 0x8b;
        if (m_gzip) {
            m_inflater = std::make_unique<Inflater>();
            // 16 + MAX_WBITS: a gzip header and trailer around the deflate stream.
            if (inflateInit2(&m_inflater->stream, 16 + MAX_WBITS) != Z_OK) {
                m_error = QStringLiteral("cannot start inflating the gzip file");
                return false;
            }
            m_inflater->initialised = true;
            m_inflater->stream.next_in = reinterpret_cast<Bytef*>(m_raw.data());
            m_inflater->stream.avail_in = static_cast<uInt>(m_raw.size());
        } else {
            m_begin = m_pos = m_raw.data();
            m_end = m_begin + m_raw.size();
            skipByteOrderMark();
            return true;
        }
    }
    if (!m_gzip) {
        if (!readRaw())
            return false;
        m_begin = m_pos = m_raw.data();
        m_end = m_begin + m_raw.size();
        return true;
    }
    return inflateMore();
}

// Inflates until at least one byte of text is out, reading the file as the inflater asks.
bool TraceInput::inflateMore()
{
    z_stream& z = m_inflater->stream;
    m_text.resize(kChunkSize);
    while (!m_gzipDone) {
        if (z.avail_in == 0) {
            if (!readRaw()) {
                // The compressed stream ended before its trailer: a truncated .gz.
                if (m_error.isEmpty())
                    m_gzipTruncated = true;
                m_gzipDone = true;
                break;
            }
            z.next_in = reinterpret_cast<Bytef*>(m_raw.data());
            z.avail_in = static_cast<uInt>(m_raw.size());
        }
        z.next_out = reinterpret_cast<Bytef*>(m_text.data());
        z.avail_out = static_cast<uInt>(m_text.size());
        const int rc = inflate(&z, Z_NO_FLUSH);
        const std::size_t produced = m_text.size() - z.avail_out;
        if (rc == Z_STREAM_END) {
            // gzip allows several members one after the other (as `cat a.gz b.gz` makes), and zeros after
            // the last (a tape's or a disk image's block padding), which gzip -d and Python's gzip ignore.
            if (nextMemberFollows())
                inflateReset(&z);
            else
                m_gzipDone = true;
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            m_error = QStringLiteral("the gzip data is corrupt near file byte %1: %2")
                          .arg(m_fileBytes - z.avail_in)
                          .arg(QString::fromLatin1(z.msg ? z.msg : "inflate failed"));
            m_gzipDone = true;
            return false;
        }
        if (produced > 0) {
            m_begin = m_pos = m_text.data();
            m_end = m_begin + produced;
            if (m_base == 0)
                skipByteOrderMark();
            return true;
        }
    }
    return false;
}

// After a gzip member's end: whether another member follows, past any zero padding (read as needed); false at
// the file's end.
bool TraceInput::nextMemberFollows()
{
    z_stream& z = m_inflater->stream;
    for (;;) {
        while (z.avail_in > 0 && *z.next_in == 0) {
            ++z.next_in;
            --z.avail_in;
        }
        if (z.avail_in > 0)
            return true;
        if (!readRaw())
            return false;
        z.next_in = reinterpret_cast<Bytef*>(m_raw.data());
        z.avail_in = static_cast<uInt>(m_raw.size());
    }
}

// A UTF-8 byte order mark before the JSON text (Windows editors and PowerShell write one) is no part of it:
// skipped, as browsers' TextDecoder does, so that Chrome's viewer and Threadline open the same files.
// Tell() still counts it, so that an error's byte offset is the file's.
void TraceInput::skipByteOrderMark()
{
    static constexpr char kMark[] = "\xEF\xBB\xBF";
    if (m_end - m_pos >= 3 && std::equal(kMark, kMark + 3, m_pos))
        m_pos += 3;
}

} // namespace tl::import
