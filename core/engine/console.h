#pragma once

#include <QByteArray>
#include <QString>

#include <cstdio>
#include <mutex>

namespace tl {

// What a headless run writes to the terminal, as the Python program would: each print() on stdout, and
// the report of an exception that escaped a thread on stderr (threading.excepthook's text). With echo
// off (the window shows them instead) it writes nothing. One line is written whole: concurrent prints
// never interleave within a line.
//
// Thread affinity: any thread.
class Console {
public:
    explicit Console(bool echo, std::FILE* out = stdout, std::FILE* err = stderr);
    Console(const Console&) = delete;
    Console& operator=(const Console&) = delete;

    bool echoes() const { return m_echo; }
    // print(text): the text and a newline on stdout, flushed.
    void print(const QString& text);
    // The report of an exception that escaped a thread (its whole traceback text), on stderr, flushed.
    void reportUncaught(const QByteArray& report);

private:
    void write(std::FILE* stream, const QByteArray& text);

    const bool m_echo;
    std::FILE* const m_out;
    std::FILE* const m_err;
    std::mutex m_mutex;
};

} // namespace tl
