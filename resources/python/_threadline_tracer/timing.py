"""Speed: with a factor S != 1, time.sleep and every blocking timeout wait 1/S of what they ask, and
the trace keeps scenario time (the reader multiplies the tracer's clock by the starting factor, and
the clock runs at S / that factor: control.py). A run without live controls at S == 1 scales
nothing, and the timeout wrappers are not even installed.

Timeouts are scaled once, at the outermost API the program called (Queue.get, Event.wait, ...): the
wrapper marks its lane while it runs, so the Condition.wait that Queue.get or Event.wait uses inside
is not scaled a second time.

Live controls (control.py): when Threadline can pause the run or change its speed, a sleep waits on
the tracer's clock and wakes at each change, so that it ends as long after its start, in scenario
time, as it asked, however the speed changed and however long a pause in between lasted. Other timed
waits (Queue.get, join, Event.wait with a timeout) are the interpreter's own: their timeout is scaled
by the speed when they begin and runs on in wall time, so one spanning a pause or a speed change
ends early or late in scenario time.
"""

import time

from . import channel, control, kinds
from .frames import drop_tracer_frames
from .patch import patch

original_sleep = time.sleep
_MAX_US = 4.0e9
_MAX_WAIT_S = 1.0e6  # a wait on the change signal, capped far below the lock's TIMEOUT_MAX
# time.sleep's own limit: seconds whose nanoseconds overflow CPython's 64-bit clock raise OverflowError
# (inf too). Checked on the program's seconds, before any scaling, so that the program sees the error it
# would see untraced at every speed, not a sleep that never ends.
_PYTIME_MAX_S = 9223372036.854775807
_LONGEST_SCALED = 1e9  # seconds: the longest that scale() makes a wait longer than the program asked


def scale(timeout):
    """The wall seconds for a timeout in scenario seconds (None, non-numbers and ints too large for a float pass
    unchanged)."""
    speed = control.speed
    if speed == 1.0 or timeout is None:
        return timeout
    try:
        scaled = timeout / speed
    except (TypeError, OverflowError):
        return timeout  # the wrapped call raises the error Python would
    # Below 1x a long wait grows past what the clock can time (threading.TIMEOUT_MAX, 292 years, waited at 0.1x raised
    # OverflowError where untraced it blocks): it is kept at 31 years, or at its own length where that is longer.
    if scaled > _LONGEST_SCALED and scaled > timeout:
        return max(timeout, _LONGEST_SCALED)
    return scaled


def scenario_ms(timeout):
    """A timeout as the join event carries it: scenario milliseconds, saturated; None: no timeout."""
    if timeout is None:
        return kinds.NO_VALUE
    try:
        return int(min(max(timeout, 0.0) * 1000.0, 4.0e9))
    except (TypeError, ValueError, OverflowError):  # not a number, NaN, an int too large for a float
        return kinds.NO_VALUE


def begin_ms(lane, timeout):
    """The scenario ms a wait's begin event carries. A timeout that an outer wrapper has already scaled to
    wall seconds (lane.scaling: the rule above) is scaled back to the program's own first."""
    if lane.scaling and isinstance(timeout, (int, float)):
        timeout = timeout * control.speed
    return scenario_ms(timeout)


def sleep(*args, **keywords):
    secs = args[0] if len(args) == 1 else None
    t = type(secs)
    if (t is not float and t is not int) or not 0 <= secs < _PYTIME_MAX_S or keywords:
        # Python raises (no or more arguments, negative, NaN, too long for its clock, wrong type) or sleeps as
        # it would.
        try:
            return original_sleep(*args, **keywords)
        except BaseException as e:
            drop_tracer_frames(e)
            raise
    us = secs * 1e6
    channel.emit(kinds.SLEEP_BEGIN, 0, 0, int(us) if us < _MAX_US else int(_MAX_US))
    try:
        if not control.enabled or secs == 0:
            speed = control.speed
            original_sleep(secs if speed == 1.0 else secs / speed)  # sleep(0) still yields the GIL
        else:
            # Paced on the tracer's clock (scenario ns / base speed): each pause, resume or new speed
            # frees the change signal, and the rest is worked out again at the clock's new rate.
            deadline = channel.now_ns() + secs * 1e9 / control.base_speed
            while True:
                change = control.change_signal()
                control.hold()
                left = deadline - channel.now_ns()
                if left <= 0:
                    break
                rate = control.rate()
                # Paused since hold(): wait for the resume, bounded so that a wake-up lost to an
                # interrupt between acquire and release costs a quarter second, never a hang.
                wall = min(left / rate * 1e-9, _MAX_WAIT_S) if rate > 0 else 0.25
                if change.acquire(True, wall):
                    change.release()
    except BaseException as e:
        drop_tracer_frames(e)
        raise
    finally:
        channel.emit(kinds.SLEEP_END)


def install(factor):
    control.set_base_speed(factor)
    patch(time, "sleep", sleep)
