#include "py/pythonapi.h"

#include "engine/runcontext.h"
#include "py/currentthread.h"
#include "py/errors.h"

#include <algorithm>
#include <cmath>

namespace tl {

void sleep(double seconds)
{
    ThreadState& self = requireCurrentThread("sleep()");
    RunContext& run = self.run;
    // In CPython's order: the seconds become a nanosecond int64 first (NaN, and anything past about 292
    // years either way, cannot), and only then is a negative length refused.
    if (std::isnan(seconds))
        throw ValueError(QStringLiteral("Invalid value NaN (not a number)"));
    if (!(seconds * 1e9 >= -0x1p63 && seconds * 1e9 < 0x1p63))
        throw OverflowError(QStringLiteral("timestamp too large to convert to C _PyTime_t"));
    if (seconds < 0)
        throw ValueError(QStringLiteral("sleep length must be non-negative"));
    const auto micros = static_cast<std::uint32_t>(std::min(seconds * 1e6, 4.0e9));
    const std::int64_t begin = run.events().emitChecked(self, EventKind::SleepBegin, 0, 0, micros);
    // A wait for the clock alone: it ends at its deadline, or by a stop. sleep(0) hands the GIL on in CPython, until
    // another thread gives it up (VirtualClock::blockToYield): the timer lesson's reminder of 0 s fires before main's
    // sleep(0) ends, and the deadlock lesson's threads with no pause mostly both finish, as in CPython.
    const std::int64_t deadline = *run.interrupts().deadlineAfter(seconds, begin);
    if (seconds == 0)
        run.interrupts().yieldToOthers(self);
    else
        run.interrupts().park(self, nullptr, nullptr, deadline, [] { return false; });
    run.interrupts().throwIfUnwinding(self);
    run.events().emitCheckedAt(self, deadline, EventKind::SleepEnd);
}

void print(const QString& text)
{
    ThreadState& self = requireCurrentThread("print()");
    RunContext& run = self.run;
    run.events().emitChecked(self, EventKind::Print, run.strings().intern(text));
    run.console().print(text);
}

void atLine(int line)
{
    requireCurrentThread("atLine()").line = static_cast<std::uint16_t>(std::clamp(line, 0, 65535));
}

QString currentThreadName()
{
    return requireCurrentThread("current_thread()").name;
}

} // namespace tl
