#pragma once

// Builds tracer streams by hand (pysource/wireprotocol.h) for the parser's tests, the fuzzer's seeds
// and anything that needs a stream without a Python process.

#include "pysource/wireprotocol.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QtEndian>

#include <cstdint>

namespace tl::streamtest {

inline void putU16(QByteArray& out, std::uint16_t v)
{
    char b[2];
    qToLittleEndian(v, b);
    out.append(b, 2);
}

inline void putU32(QByteArray& out, std::uint32_t v)
{
    char b[4];
    qToLittleEndian(v, b);
    out.append(b, 4);
}

inline void putU64(QByteArray& out, std::uint64_t v)
{
    char b[8];
    qToLittleEndian(v, b);
    out.append(b, 8);
}

struct WireEvent {
    std::int64_t ts = 0;
    std::uint32_t lane = 0, a = 0, b = 0, c = 0, file = 0;
    std::uint16_t line = 0;
    std::uint8_t kind = 0, flags = 0;
};

class StreamBuilder {
public:
    StreamBuilder& header(std::uint16_t version = wire::kVersion)
    {
        m_out.append(wire::kMagic, 4);
        putU16(m_out, version);
        putU16(m_out, 0);
        return *this;
    }
    StreamBuilder& record(std::uint8_t type, const QByteArray& payload)
    {
        m_out.append(char(type));
        putU32(m_out, static_cast<std::uint32_t>(payload.size()));
        m_out.append(payload);
        return *this;
    }
    StreamBuilder& hello(QList<QPair<QByteArray, QByteArray>> pairs = defaultHello())
    {
        QByteArray p;
        for (const auto& [k, v] : pairs) {
            putU32(p, static_cast<std::uint32_t>(k.size()));
            p.append(k);
            putU32(p, static_cast<std::uint32_t>(v.size()));
            p.append(v);
        }
        return record(1, p);
    }
    StreamBuilder& kind(std::uint8_t code, const QByteArray& name)
    {
        return record(2, QByteArray(1, char(code)) + name);
    }
    // The codes of the tracer's kinds.py for the kinds the tests use.
    StreamBuilder& standardKinds()
    {
        return kind(0, "thread-created")
            .kind(1, "start")
            .kind(2, "run-begin")
            .kind(3, "run-end")
            .kind(7, "put")
            .kind(9, "get")
            .kind(20, "print")
            .kind(22, "queue-created");
    }
    StreamBuilder& string(std::uint32_t id, const QByteArray& text)
    {
        QByteArray p;
        putU32(p, id);
        return record(3, p + text);
    }
    StreamBuilder& events(const QList<WireEvent>& list)
    {
        QByteArray p;
        for (const WireEvent& e : list) {
            putU64(p, static_cast<std::uint64_t>(e.ts));
            putU32(p, e.lane);
            putU32(p, e.a);
            putU32(p, e.b);
            putU32(p, e.c);
            putU32(p, e.file);
            putU16(p, e.line);
            p.append(char(e.kind));
            p.append(char(e.flags));
        }
        return record(4, p);
    }
    StreamBuilder& end(std::uint64_t sent, std::uint64_t afterExit = 0, const QByteArray& reason = "exit")
    {
        QByteArray p;
        putU64(p, sent);
        putU64(p, afterExit);
        return record(5, p + reason);
    }
    StreamBuilder& raw(const QByteArray& bytes)
    {
        m_out.append(bytes);
        return *this;
    }
    const QByteArray& bytes() const { return m_out; }

    static QList<QPair<QByteArray, QByteArray>> defaultHello()
    {
        return {{"implementation", "CPython"}, {"version", "3.11.2"},   {"pid", "42"}, {"speed", "2.0"},
                {"clock_zero_ns", "1000"},     {"script", "/tmp/x.py"}, {"arg", "a"},  {"arg", "b c"}};
    }

private:
    QByteArray m_out;
};

// A small valid stream: main creates and starts one thread, which puts an item that main gets.
inline QByteArray sampleStream()
{
    return StreamBuilder()
        .header()
        .hello()
        .standardKinds()
        .string(1, "MainThread")
        .string(2, "Thread-1 (work)")
        .string(3, "work")
        .string(4, "/tmp/x.py")
        .string(5, "q")
        .events({{1000, 0, 0, 1, 0, 0, 0, 0, 0},
                 {1000, 0, 0, 0, 0, 0, 0, 2, 0},
                 {1500, 0, 1, 5, 0, 4, 3, 22, 0},
                 {2000, 1, 0, 2, 3, 4, 5, 0, 0},
                 {2100, 0, 1, 3, 0, 4, 6, 1, 0}})
        .events({{2500, 1, 0, 0, 0, 0, 0, 2, 0}, {3000, 1, 1, 1, 1, 4, 7, 7, 0}, {3500, 1, 0, 0, 0, 0, 0, 3, 0}})
        .events({{4000, 0, 1, 1, 0, 4, 8, 9, 0}, {5000, 0, 0, 0, 0, 0, 0, 3, 0}})
        .end(10)
        .bytes();
}

} // namespace tl::streamtest
