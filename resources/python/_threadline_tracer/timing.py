"""Speed: with a factor S != 1, time.sleep and every blocking timeout wait 1/S of what they ask, and
the trace keeps scenario time (the reader multiplies wall nanoseconds by S). At S == 1 nothing is
scaled and the timeout wrappers are not even installed.

Timeouts are scaled once, at the outermost API the program called (Queue.get, Event.wait, ...): the
wrapper marks its lane while it runs, so the Condition.wait that Queue.get or Event.wait uses inside
is not scaled a second time.
"""

import time

from . import channel, kinds
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
        original_sleep(secs if speed == 1.0 else secs / speed)
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


