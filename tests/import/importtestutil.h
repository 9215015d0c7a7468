#pragma once

#include "import/chrometraceimporter.h"
#include "import/traceloader.h"

#include <QBuffer>
#include <QByteArray>
#include <QString>

#include <zlib.h>

// Helpers shared by the importer tests.
namespace tl::test {

// `text` gzip-compressed, as `gzip` writes it.
inline QByteArray gzipped(const QByteArray& text)
{
    z_stream z{};
    deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(static_cast<qsizetype>(deflateBound(&z, static_cast<uLong>(text.size()))), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.constData()));
    z.avail_in = static_cast<uInt>(text.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(static_cast<qsizetype>(z.total_out));
    deflateEnd(&z);
    return out;
}

// Imports `bytes` as a file's content would be.
inline Result<import::ImportedTrace> importBytes(const QByteArray& bytes)
{
    QByteArray copy = bytes;
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    return import::importChromeTrace(buffer);
}

// Imports `bytes` into a new store.
inline Result<import::LoadedTrace> loadBytes(const QByteArray& bytes, const QString& title = QStringLiteral("test"))
{
    Result<import::ImportedTrace> trace = importBytes(bytes);
    if (!trace)
        return Result<import::LoadedTrace>::failure(trace.error());
    return import::storeImported(std::move(trace.value()), title);
}

} // namespace tl::test
