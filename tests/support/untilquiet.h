#pragma once

#include <QElapsedTimer>

namespace tl::test {

// Calls `advance()` (a few milliseconds of draining, or of the event loop) until `count()` has not changed
// for `quietMs` (true), or `timeoutMs` have passed (false). After a pause, what was sent before the hold has
// then arrived, however slow the machine: a pause that held nothing never goes quiet, and the wait fails.
template <class Count, class Advance>
bool untilQuiet(const Count& count, const Advance& advance, int quietMs, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    QElapsedTimer quiet;
    quiet.start();
    auto seen = count();
    while (quiet.elapsed() < quietMs) {
        if (clock.elapsed() > timeoutMs)
            return false;
        advance();
        if (const auto now = count(); now != seen) {
            seen = now;
            quiet.restart();
        }
    }
    return true;
}

} // namespace tl::test
