#pragma once

#include <QString>

namespace tl {

// Python's time.sleep(seconds) on the calling engine thread: a sleep state on its lane, exactly `seconds` of
// scenario time long (the virtual clock jumps over it when nothing else runs). ValueError for a negative
// length.
void sleep(double seconds);

// Python's print(): a print event on the caller's lane (and stdout in a headless run).
void print(const QString& text);

// Marks the listing line the calling thread is at; later events of this thread name it.
void atLine(int line);

// The calling engine thread's Python name ("MainThread", "Thread-1 (worker)", ...).
QString currentThreadName();

} // namespace tl
