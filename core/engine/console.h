#pragma once

#include <QByteArray>
#include <QString>

#include <cstdio>
#include <mutex>

namespace tl {

// What a headless run writes to the terminal, as the Python program would: each print() on stdout, and
// the report of an exception that escaped a thread on stderr (threading.excepthook's text). Each is written only if
// asked: the window shows them instead, and a quiet headless run keeps its prints in the trace but still says what
// went wrong. One line is written whole: concurrent prints never interleave within a line.
//
// Thread affinity: any thread.
class Console {
public:
    Console(bool echoPrints, bool echoErrors, std::FILE* out = stdout, std::FILE* err = stderr);
    Console(const Console&) = delete;
    Console& operator=(const Console&) = delete;

    bool echoesErrors() const { return m_echoErrors; }
    // print(text): the text and a newline on stdout, flushed.
    void print(const QString& text);
    // The report of an exception that escaped a thread (its whole traceback text), on stderr, flushed.
    void reportUncaught(const QByteArray& report);
    // Why the first write that failed did (a full disk), with the stream's name; empty if none did. A reader that
    // went away (a broken pipe) is none. The run goes on: its trace holds every print, as the window's console does.
    QString writeFailure() const;

private:
    void write(std::FILE* stream, const QByteArray& text);

    const bool m_echoPrints;
    const bool m_echoErrors;
    std::FILE* const m_out;
    std::FILE* const m_err;
    mutable std::mutex m_mutex;
    QString m_writeFailure;
};

} // namespace tl
