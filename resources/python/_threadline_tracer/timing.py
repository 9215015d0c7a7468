"""Speed: with a factor S != 1, time.sleep and every blocking timeout wait 1/S of what they ask, and
the trace keeps scenario time (the reader multiplies wall nanoseconds by S). At S == 1 nothing is
scaled and the timeout wrappers are not even installed.

Timeouts are scaled once, at the outermost API the program called (Queue.get, Event.wait, ...): the
wrapper marks its lane while it runs, so the Condition.wait that Queue.get or Event.wait uses inside
is not scaled a second time.

Pause (pause.py): when Threadline can pause the run, a sleep waits on the tracer's clock, which stands
still while paused, so that it ends as long after its start, in scenario time, as it asked however long
a pause in between lasted. Other timed waits (Queue.get, join, Event.wait with a timeout) are the
interpreter's own and run on in wall time: one spanning a pause ends early in scenario time.
"""

import time

from . import channel, kinds
from . import pause as _pause
from .frames import drop_own_frame

speed = 1.0
original_sleep = time.sleep
_MAX_US = 4.0e9


def scale(timeout):
    """The wall seconds for a timeout in scenario seconds (None and non-numbers pass unchanged)."""
    if speed == 1.0 or timeout is None:
        return timeout
    try:
        return timeout / speed
    except TypeError:
        return timeout  # the wrapped call raises the TypeError Python would


def scenario_ms(timeout):
    """A timeout as the join event carries it: scenario milliseconds, saturated; None: no timeout."""
    if timeout is None:
        return kinds.NO_VALUE
    try:
        return int(min(max(timeout, 0.0) * 1000.0, 4.0e9))
    except TypeError:
        return kinds.NO_VALUE


def sleep(secs):
    t = type(secs)
    if (t is not float and t is not int) or not secs >= 0:
        return original_sleep(secs)  # Python raises (negative, NaN, wrong type) or sleeps as it would
    us = secs * 1e6
    channel.emit(kinds.SLEEP_BEGIN, 0, 0, int(us) if us < _MAX_US else int(_MAX_US))
    try:
        wall = secs if speed == 1.0 else secs / speed
        if not _pause.enabled or wall == 0:
            original_sleep(wall)  # sleep(0) still yields the GIL
        else:
            # Paced on the tracer's clock, which leaves paused time out: a pause that began meanwhile
            # shows on waking as the clock being short of the deadline; held, then the rest is slept.
            deadline = channel.now_ns() * 1e-9 + wall
            while True:
                _pause.hold()
                left = deadline - channel.now_ns() * 1e-9
                if left <= 0:
                    break
                original_sleep(left)
    except BaseException as e:
        drop_own_frame(e)
        raise
    finally:
        channel.emit(kinds.SLEEP_END)


sleep.__doc__ = original_sleep.__doc__
sleep.__name__ = "sleep"
sleep.__qualname__ = "sleep"


def install(factor):
    global speed
    speed = float(factor)
    time.sleep = sleep


